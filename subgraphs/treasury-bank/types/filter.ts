import { Field, InputType } from 'type-graphql';
import { DateScalar, DateTimeScalar, UsccScalar } from '../../kit/scalars';
import { PaymentStatus } from './enums';

@InputType({ description: 'Narrows a list of payments; every field is optional and they combine with AND.' })
export class PaymentFilter {
  @Field(() => String, { nullable: true, description: 'Paying bank, 12-digit bank code (付款行行号, TaxPayment.PayBkCode).' })
  bankCode?: string | null;

  @Field(() => PaymentStatus, { nullable: true, description: 'Only payments in this status.' })
  status?: PaymentStatus | null;

  @Field(() => String, { nullable: true, description: 'Levying tax office, 11-digit code (征收机关代码, TaxPayment.TaxOrgCode).' })
  taxOfficeCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Tax type, 5-digit levy item code (征收项目, TaxPayment.TaxTypeCode), e.g. 10101 增值税.',
  })
  taxType?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Entrusted on or after this date (TaxPayment.EntrustDate).' })
  entrustedFrom?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Entrusted on or before this date (TaxPayment.EntrustDate).' })
  entrustedTo?: string | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      'Payments that moved since this point: entrusted on or after its day in China Standard Time (entrustment carries a date only, so ' +
      'the whole day counts) or deducted at or after it (TaxPayment.EntrustDate, DeductDate + DeductTime). What a bank polls with.',
  })
  since?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The payer's taxpayer identification number as the bank sent it (纳税人识别号, TaxPayment.TaxPayCode): an old 15-character TIN, a USCC " +
      "or an individual's citizen-ID TIN; stray blanks and full-width digits are forgiven.",
  })
  payerTin?: string | null;

  @Field(() => UsccScalar, {
    nullable: true,
    description: 'Payments of this taxpayer: TaxPayCode is the USCC itself or an old 15-character TIN carrying its organization code.',
  })
  uscc?: string | null;
}
