import { Field, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../../kit/scalars';
import { PaymentStatus } from './enums';

@ObjectType({
  simpleResolvers: true,
  description:
    "One step in a payment's life, built from the dates and times TIPS recorded (委托 TaxPayment.EntrustDate, 扣款 DeductDate/DeductTime, 入库 " +
    'TreasuryEntry.TreDate/TreTime, 退库 RefundInfo.RefundDate/RefundTime).',
})
export class PaymentStatusChange {
  @Field(() => PaymentStatus, { description: 'The status the payment entered at this step.' })
  status!: PaymentStatus;

  @Field({ description: 'The status in TIPS terms (待扣款, 已扣款, 扣款失败, 已入库, 已退库).' })
  statusLabel!: string;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      'When it happened, China Standard Time. Entrustment carries a date only (TaxPayment.EntrustDate), so that step is at the start of ' +
      'its day; null when TIPS recorded no date for the step (a failed deduction without DeductDate).',
  })
  at!: string | null;
}
