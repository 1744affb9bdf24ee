import { Directive, Field, ObjectType } from 'type-graphql';
import { connectionType } from '../../kit/connection';
import { DateScalar, DateTimeScalar, MoneyScalar } from '../../kit/scalars';
import { PaymentBudgetLevel, PaymentBureau, PaymentMode, PaymentStatus } from './enums';
import { PaymentStatusChange } from './payment-status-change';

/**
 * What a payment carries that is personal data. Kept apart from the plain fields so that only
 * PaymentResolver hands these out, through fields marked `@personalData` (masked by kit/access.ts).
 */
export interface PaymentPersonalData {
  /** TaxPayment.PayAcct. */
  payerAccount: string | null;
  /** TaxPayment.TaxPayCode: an individual business's TIN is its owner's citizen ID + 2 digits. */
  payerTin: string | null;
  /** TaxPayment.TaxPayName: an individual business's is its operator's (a natural person's) name or trade name. */
  payerName: string | null;
}

@Directive('@key(fields: "taxOfficeCode voucherNo")')
@ObjectType({
  simpleResolvers: true,
  description:
    "A tax payment through the treasury-bank network (TIPS, 财税库银横向联网): a deduction request a tax office sent to the payer's bank, its " +
    'result, its remittance to the treasury (国库) and any refund (TaxPayment, TreasuryEntry, RefundInfo).',
})
export class Payment {
  @Field({ description: 'Levying tax office, 11 digits (征收机关代码, TaxPayment.TaxOrgCode).' })
  taxOfficeCode!: string;

  @Field({ description: 'Tax voucher number, unique within its tax office (税票号码, TaxPayment.TaxVouNo).' })
  voucherNo!: string;

  @Field(() => PaymentStatus, { description: 'Where the payment stands, derived from TaxPayment.Result, TreasuryEntry and RefundInfo.' })
  status!: PaymentStatus;

  @Field({ description: 'The status in TIPS terms (待扣款, 已扣款, 扣款失败, 已入库, 已退库).' })
  statusLabel!: string;

  @Field(() => String, {
    nullable: true,
    description:
      "The bank's result code (处理结果, TaxPayment.Result): 90000 deducted, anything else refused; null while awaiting deduction.",
  })
  resultCode!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Why the bank refused the deduction, in its words (附言, TaxPayment.AddWord), e.g. 账户余额不足; null unless the status is FAILED.',
  })
  failureReason!: string | null;

  @Field(() => [PaymentStatusChange], {
    description:
      "The payment's life in order: entrusted (待扣款) -> deducted or failed -> in the treasury -> refunded, one step for each date TIPS recorded.",
  })
  statusHistory!: PaymentStatusChange[];

  @Field(() => MoneyScalar, { description: 'Amount, yuan (交易金额, TaxPayment.TraAmt).' })
  amount!: string;

  @Field({ description: 'Tax type, 5-digit levy item code (征收项目代码, TaxPayment.TaxTypeCode), e.g. 10101.' })
  taxType!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Tax type in Chinese (10101 增值税, 10102 消费税, 10103 营业税, 10104 企业所得税, 10109 城市维护建设税, 30203 教育费附加, 30216 地方教育附加); null for a code outside that table.',
  })
  taxTypeLabel!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Name of the levying tax office (TaxOrgCodeTable.TaxOrgName); null when the code table lacks the office.',
  })
  taxOfficeName!: string | null;

  @Field(() => PaymentBureau, {
    nullable: true,
    description: 'Which bureau levied it (TaxOrgCodeTable.TaxOrgType, else the first digit of TaxPayment.TaxOrgCode).',
  })
  bureau!: PaymentBureau | null;

  @Field(() => String, { nullable: true, description: 'The bureau in Chinese (国税, 地税).' })
  bureauLabel!: string | null;

  @Field({ description: 'Paying bank, 12-digit bank code (付款行行号, TaxPayment.PayBkCode).' })
  bankCode!: string;

  @Field(() => String, { nullable: true, description: 'Name of the paying bank (BankCodeTable.BankName).' })
  bankName!: string | null;

  @Field({ description: 'Receiving treasury, 10-digit code (收款国库代码, TaxPayment.TreCode).' })
  treasuryCode!: string;

  @Field(() => String, { nullable: true, description: 'Name of the receiving treasury (TreCodeTable.TreName).' })
  treasuryName!: string | null;

  @Field({ description: 'Budget subject (预算科目, TaxPayment.BudgetSubjectCode), e.g. 1010101.' })
  budgetSubjectCode!: string;

  @Field(() => PaymentBudgetLevel, {
    nullable: true,
    description: 'Budget level (预算级次, TaxPayment.BudgetLevelCode); null for a code outside 1-4.',
  })
  budgetLevel!: PaymentBudgetLevel | null;

  @Field(() => String, { nullable: true, description: 'Budget level in Chinese (中央, 省, 市, 县).' })
  budgetLevelLabel!: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'First day of the tax period (所属期起, TaxPayment.TaxStartDate).' })
  periodFrom!: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Last day of the tax period (所属期止, TaxPayment.TaxEndDate).' })
  periodTo!: string | null;

  @Field(() => PaymentMode, { nullable: true, description: 'How it was paid (TaxPayment.PayMode); null for a code outside 1-4.' })
  payMode!: PaymentMode | null;

  @Field(() => String, { nullable: true, description: 'How it was paid, in Chinese (实时扣税, 批量扣税, 柜面缴税, 自缴核销).' })
  payModeLabel!: string | null;

  @Field({
    description:
      "Transaction serial number of the deduction request (交易流水号, TaxPayment.TraNo); with the tax office and entrustment date it is TIPS's own key.",
  })
  entrustNumber!: string;

  @Field(() => DateScalar, { description: 'Date the tax office entrusted the deduction to the bank (委托日期, TaxPayment.EntrustDate).' })
  entrustedOn!: string;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      'When the bank deducted it, China Standard Time (扣款日期/时间, TaxPayment.DeductDate + DeductTime); null unless deducted (result 90000).',
  })
  deductedAt!: string | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When it reached the treasury, China Standard Time (入库日期/时间, TreasuryEntry.TreDate + TreTime); null until then.',
  })
  inTreasuryAt!: string | null;

  @Field(() => MoneyScalar, {
    description:
      'What the treasury refunded against this voucher so far, yuan (退库, SUM of RefundInfo.RefundAmt); "0.00" without refunds. A partial ' +
      'refund leaves the payment IN_TREASURY with this amount shown; only refunds of the whole amount make it REFUNDED.',
  })
  refundedAmount!: string;

  /** Personal data, handed out only by PaymentResolver. */
  personal!: PaymentPersonalData;

  /** The USCC the payer's TIN stands for (kit/taxpayer-key.ts usccFor); null for a citizen-ID or placeholder TIN. */
  payerUscc!: string | null;

  /** Whether any RefundInfo row refers to this voucher, so `refunds` needs no query otherwise. */
  hasRefunds!: boolean;
}

export const PaymentConnection = connectionType(
  Payment,
  'Payment',
  'A page of TIPS payments, newest first (Relay connection, keyset on entrustment date, tax office and transaction number).',
);
