import { decodeCursor } from '../../kit/connection';
import { chinaDateTime, charDate, code, text } from '../../kit/mapping';
import { LEVY_ITEM_NAMES } from '../../../shared/levy-items';
import { numericToYuan } from '../../../shared/money';
import { usccFor } from '../../kit/taxpayer-key';
import { PaymentBudgetLevel, PaymentBureau, PaymentMode, PaymentStatus } from '../types/enums';
import type { Payment } from '../types/payment';
import type { PaymentRefund } from '../types/payment-refund';
import type { PaymentStatusChange } from '../types/payment-status-change';
import type { PayerPageRow, PaymentPosition, PaymentRow, RefundRow, VoucherKey } from './payment.repository';

/** Legacy rows -> graph objects: code tables to enums with their Chinese labels, CHAR dates and times to ISO, trimmed text. */

export const STATUS_LABELS: Record<PaymentStatus, string> = {
  [PaymentStatus.AWAITING_DEDUCTION]: '待扣款',
  [PaymentStatus.DEDUCTED]: '已扣款',
  [PaymentStatus.FAILED]: '扣款失败',
  [PaymentStatus.IN_TREASURY]: '已入库',
  [PaymentStatus.REFUNDED]: '已退库',
};

/** 征收项目 as TIPS carries them in TaxPayment.TaxTypeCode. */
export const TAX_TYPES = LEVY_ITEM_NAMES;

const BUREAUS: Record<string, [PaymentBureau, string]> = {
  '1': [PaymentBureau.NATIONAL_TAX, '国税'],
  '2': [PaymentBureau.LOCAL_TAX, '地税'],
};

const PAY_MODES: Record<string, [PaymentMode, string]> = {
  '1': [PaymentMode.REAL_TIME, '实时扣税'],
  '2': [PaymentMode.BATCH, '批量扣税'],
  '3': [PaymentMode.COUNTER, '柜面缴税'],
  '4': [PaymentMode.SELF_PAYMENT, '自缴核销'],
};

const BUDGET_LEVELS: Record<string, [PaymentBudgetLevel, string]> = {
  '1': [PaymentBudgetLevel.CENTRAL, '中央'],
  '2': [PaymentBudgetLevel.PROVINCIAL, '省'],
  '3': [PaymentBudgetLevel.MUNICIPAL, '市'],
  '4': [PaymentBudgetLevel.COUNTY, '县'],
};

const SUCCESS = '90000';

/** A payment's key for the voucher loaders: '<office>|<voucher>'. */
export function voucherKeyString(taxOfficeCode: string, voucherNo: string): string {
  return `${taxOfficeCode}|${voucherNo}`;
}

export function parseVoucherKey(key: string): VoucherKey {
  const bar = key.indexOf('|');
  return { taxOfficeCode: key.slice(0, bar), voucherNo: key.slice(bar + 1) };
}

/** The voucher key of a payment row (TaxOrgCode, TaxVouNo). */
export function voucherOf(row: PaymentRow): string {
  return voucherKeyString(code(row.TaxOrgCode) ?? '', code(row.TaxVouNo) ?? '');
}

/** The voucher key of the payment a refund row refers to (TaxOrgCode, OriTaxVouNo). */
export function refundedVoucherOf(row: RefundRow): string {
  return voucherKeyString(code(row.TaxOrgCode) ?? '', code(row.OriTaxVouNo) ?? '');
}

/** The keyset position of a row, as stored (CHAR columns keep their width so the comparison is exact). */
export function positionOf(row: PaymentRow): string[] {
  return [row.EntrustDate, row.TaxOrgCode, row.TraNo];
}

/**
 * The position a list's `after` cursor holds (a CHAR(8) entrustment date, a tax office, a transaction
 * number, as positionOf issued it); null without a cursor, BAD_USER_INPUT for one this list never issued.
 */
export function positionAfter(after: string | null | undefined): PaymentPosition | null {
  const isPosition = ([date, office, traNo]: string[]) => /^\d{8}$/.test(date) && office.length <= 11 && traNo.length <= 8;
  const key = decodeCursor(after, 3, isPosition);
  return key ? [key[0], key[1], key[2]] : null;
}

/** Which taxpayer's page a row of pagesForPayers answers (an index into the keys), that page's whole count, and whether the row is on it. */
export function pageOf(row: PayerPageRow): { key: number; total: number; inPage: boolean } {
  return { key: Number(row.KeyIndex), total: Number(row.TotalCount), inPage: row.InPage };
}

function statusOf(row: PaymentRow): PaymentStatus {
  const s = row.PaymentStatus as PaymentStatus;
  if (!(s in STATUS_LABELS)) throw new Error(`unexpected payment status from the repository: ${row.PaymentStatus}`);
  return s;
}

/** 'YYYYMMDDHHMMSS' (RefundDate || RefundTime) -> ISO in China Standard Time. */
function joinedDateTime(value: string | null): string | null {
  const t = text(value);
  return t ? chinaDateTime(t.slice(0, 8), t.slice(8, 14)) : null;
}

function step(status: PaymentStatus, at: string | null): PaymentStatusChange {
  return { status, statusLabel: STATUS_LABELS[status], at };
}

/** The steps TIPS recorded, in the payment's order: entrusted -> deducted or failed -> in the treasury -> refunded. */
function historyOf(row: PaymentRow, status: PaymentStatus, deductedAt: string | null, inTreasuryAt: string | null): PaymentStatusChange[] {
  const history = [step(PaymentStatus.AWAITING_DEDUCTION, chinaDateTime(row.EntrustDate, null))];
  if (status === PaymentStatus.FAILED) history.push(step(PaymentStatus.FAILED, chinaDateTime(row.DeductDate, row.DeductTime)));
  if (status === PaymentStatus.DEDUCTED || status === PaymentStatus.IN_TREASURY || status === PaymentStatus.REFUNDED) {
    history.push(step(PaymentStatus.DEDUCTED, deductedAt));
  }
  if (status === PaymentStatus.IN_TREASURY || status === PaymentStatus.REFUNDED)
    history.push(step(PaymentStatus.IN_TREASURY, inTreasuryAt));
  if (status === PaymentStatus.REFUNDED) history.push(step(PaymentStatus.REFUNDED, joinedDateTime(row.WholeRefundAt)));
  return history;
}

export function toPayment(row: PaymentRow): Payment {
  const status = statusOf(row);
  const officeCode = code(row.TaxOrgCode) ?? '';
  const [bureau, bureauLabel] = BUREAUS[code(row.TaxOrgType) ?? officeCode.slice(0, 1)] ?? [null, null];
  const [payMode, payModeLabel] = PAY_MODES[code(row.PayMode) ?? ''] ?? [null, null];
  const [budgetLevel, budgetLevelLabel] = BUDGET_LEVELS[code(row.BudgetLevelCode) ?? ''] ?? [null, null];
  const taxType = code(row.TaxTypeCode) ?? '';
  const payerTin = code(row.TaxPayCode);
  const deductedAt = code(row.Result) === SUCCESS ? chinaDateTime(row.DeductDate, row.DeductTime) : null;
  const inTreasuryAt = chinaDateTime(row.TreDate, row.TreTime);
  const result = code(row.Result);
  const addWord = text(row.AddWord);
  return {
    taxOfficeCode: officeCode,
    voucherNo: code(row.TaxVouNo) ?? '',
    status,
    statusLabel: STATUS_LABELS[status],
    resultCode: result,
    failureReason: status === PaymentStatus.FAILED ? addWord : null,
    statusHistory: historyOf(row, status, deductedAt, inTreasuryAt),
    amount: numericToYuan(row.TraAmt) ?? '0.00',
    taxType,
    taxTypeLabel: TAX_TYPES[taxType] ?? null,
    taxOfficeName: text(row.TaxOrgName),
    bureau,
    bureauLabel,
    bankCode: code(row.PayBkCode) ?? '',
    bankName: text(row.BankName),
    treasuryCode: code(row.TreCode) ?? '',
    treasuryName: text(row.TreName),
    budgetSubjectCode: code(row.BudgetSubjectCode) ?? '',
    budgetLevel,
    budgetLevelLabel,
    periodFrom: charDate(row.TaxStartDate),
    periodTo: charDate(row.TaxEndDate),
    payMode,
    payModeLabel,
    entrustNumber: code(row.TraNo) ?? '',
    entrustedOn: charDate(row.EntrustDate) as string,
    deductedAt,
    inTreasuryAt,
    personal: { payerAccount: code(row.PayAcct), payerTin, payerName: text(row.TaxPayName) },
    payerUscc: usccFor(null, payerTin, null),
    hasRefunds: row.FirstRefundAt !== null,
    refundedAmount: numericToYuan(row.RefundedAmt) ?? '0.00',
  };
}

export function toRefund(row: RefundRow): PaymentRefund {
  return {
    refundNo: code(row.RefundNo) ?? '',
    amount: numericToYuan(row.RefundAmt) ?? '0.00',
    refundedAt: chinaDateTime(row.RefundDate, row.RefundTime),
  };
}
