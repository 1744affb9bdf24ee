import { Field, ObjectType } from 'type-graphql';
import { DateTimeScalar, MoneyScalar } from '../../kit/scalars';

@ObjectType({
  simpleResolvers: true,
  description: "A refund from the treasury (退库, RefundInfo) against a payment's voucher (RefundInfo.OriTaxVouNo).",
})
export class PaymentRefund {
  @Field({ description: 'Refund number (退库编号, RefundInfo.RefundNo).' })
  refundNo!: string;

  @Field(() => MoneyScalar, { description: 'Amount refunded, yuan (RefundInfo.RefundAmt).' })
  amount!: string;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When it was refunded, China Standard Time (RefundInfo.RefundDate + RefundTime); null when the date is unusable.',
  })
  refundedAt!: string | null;
}
