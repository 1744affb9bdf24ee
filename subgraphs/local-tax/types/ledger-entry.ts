import { Field, ObjectType } from 'type-graphql';
import { DateScalar, MoneyScalar } from '../../kit/scalars';
import { LocalTaxType } from './enums';

@ObjectType({
  simpleResolvers: true,
  description:
    'One tax voucher local tax booked as collected (税票缴款, SP_JK): its payment ledger, which task 15 reconciles with TIPS voucher by voucher.',
})
export class LocalTaxLedgerEntry {
  @Field({ description: 'Levying tax office, 11 digits (SP_JK.SWJGDM 征收机关).' })
  taxOfficeCode!: string;

  @Field({ description: 'Tax voucher number (SP_JK.SPHM 税票号码); through TIPS, the voucher TIPS carried (TaxPayment.TaxVouNo).' })
  voucherNumber!: string;

  @Field(() => LocalTaxType, { nullable: true, description: 'Tax type (SP_JK.SZDM 税种); null only for a code outside the scheme.' })
  taxType!: LocalTaxType | null;

  @Field(() => DateScalar, { nullable: true, description: 'First day of the tax period (SP_JK.SSQQ 所属期起).' })
  periodFrom!: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Last day of the tax period (SP_JK.SSQZ 所属期止).' })
  periodTo!: string | null;

  @Field(() => MoneyScalar, { description: 'Amount booked as paid, yuan (SP_JK.SJJE 实缴金额, kept in fen).' })
  amountPaid!: string;

  @Field(() => DateScalar, { nullable: true, description: 'Date paid (SP_JK.JKRQ 缴款日期); through TIPS, the day the bank deducted it.' })
  paidOn!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'How it was paid (SP_JK.JKFS 缴款方式): 1 横向联网电子缴税 through TIPS, 2 现金 cash, 3 转账缴款书 transfer voucher.',
  })
  paymentMethod!: string | null;

  @Field({ description: 'Whether it was paid through TIPS (缴款方式 1): task 15 then expects the voucher in the treasury.' })
  throughTips!: boolean;

  @Field(() => String, { nullable: true, description: 'Budget subject (SP_JK.YSKM 预算科目), e.g. 1010301.' })
  budgetSubjectCode!: string | null;
}
