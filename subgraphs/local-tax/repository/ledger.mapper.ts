import { fenToYuan } from '../../../shared/money';
import { charDate, code } from '../../kit/mapping';
import type { LocalTaxLedgerEntry } from '../types/ledger-entry';
import type { LocalTaxRevenue } from '../types/revenue';
import { TAX_TYPES } from './codes';
import type { LedgerRow, RevenueRow } from './ledger.repository';

/** SP_JK.JKFS of a payment through TIPS (横向联网电子缴税). */
const THROUGH_TIPS = '1';

/** This bureau's tax type (SZDM) -> the levy item code TIPS and national tax use (征收项目). */
const LEVY_ITEMS: Record<string, string> = { '03': '10103', '05': '10104', '10': '10109', '51': '30203', '61': '30216' };

export const ledgerOwnerOf = (row: LedgerRow) => code(row.jsjdm) ?? '';

export function toLedgerEntry(row: LedgerRow): LocalTaxLedgerEntry {
  const method = code(row.jkfs);
  return {
    taxOfficeCode: code(row.swjgdm) ?? '',
    voucherNumber: code(row.sphm) ?? '',
    taxType: TAX_TYPES.decode(row.szdm)[0],
    periodFrom: charDate(row.ssqq),
    periodTo: charDate(row.ssqz),
    amountPaid: fenToYuan(row.sjje) as string,
    paidOn: charDate(row.jkrq),
    paymentMethod: method,
    throughTips: method === THROUGH_TIPS,
    budgetSubjectCode: code(row.yskm),
  };
}

export function toRevenue(row: RevenueRow): LocalTaxRevenue {
  const szdm = code(row.szdm) ?? '';
  return {
    levyItemCode: LEVY_ITEMS[szdm] ?? szdm,
    taxType: TAX_TYPES.decode(szdm)[0],
    division: code(row.xzqh) ?? '',
    month: `${row.ny.slice(0, 4)}-${row.ny.slice(4, 6)}`,
    budgetSubjectCode: code(row.yskm) ?? '',
    amount: fenToYuan(row.total) as string,
    throughTips: fenToYuan(row.tips) as string,
    vouchers: Number(row.vouchers),
  };
}
