/**
 * Tasks 11 and 14's planted cases that no single source's rows decide alone: an individual business
 * licensed and never registered (未达起征点户未办税务登记), a household's quota history across the
 * 2011-11 threshold change, a quarter a normal taxpayer filed nothing for (清税), and freight invoices
 * issued while the carrier was abnormal or deregistered (清票). Selections here use the taxpayer's
 * number, not its random stream, so planting them moves no other draw.
 */
import { addDays } from '../../shared/dates';
import { fenToYuan } from '../../shared/money';
import { AS_OF, QUARTERS } from '../reference';
import type { TableKey, RowOf } from '../tables';
import type { Emitter } from './emitter';
import type { Standing } from './standing';
import { Taxpayer, who } from './taxpayer';

/** Days a licensed business has to register for tax (税收征收管理法 第十五条). */
const REGISTRATION_DAYS = 30;

/** An individual business licensed more than 30 days before the as-of day and never registered for tax (task 11). */
export function unregisteredHousehold(tp: Taxpayer, out: Emitter): void {
  if (!tp.individual || addDays(tp.established, REGISTRATION_DAYS) >= AS_OF) return;
  out.case('UNREGISTERED_HOUSEHOLD', { uscc: tp.uscc, detail: { established: tp.established } });
}

/**
 * The monthly VAT threshold before 2011-11 at the upper limit of the national range (财政部令第50号:
 * goods 5,000, repair services 3,000 yuan); the generator's own table, apart from cooperation's rule.
 */
const OLD_VAT_THRESHOLD = (tp: Taxpayer) => (tp.industry.code.startsWith('81') ? 3000 : 5000);
/** The years of an old household's quota history, either side of the 2011-11 change. */
export const QUOTA_HISTORY_YEARS = [2010, 2011] as const;

/**
 * Some households registered before 2010 keep their 2010 and 2011 quotas: 8,000-12,000 yuan a month,
 * above the old threshold and below the province's level from 2011-11, so a case for 2011's last two
 * months only. Both bureaus assessed the same quota (no task 4 case). Returns the quotas to write.
 */
export function quotaHistory(tp: Taxpayer, out: Emitter): { year: number; yuan: number }[] {
  if (!tp.individual || tp.registered >= '2010-01-01' || tp.i % 10 !== 3) return [];
  const yuan = 8000 + (tp.i % 5) * 1000;
  for (const year of QUOTA_HISTORY_YEARS) {
    const below = yuan < OLD_VAT_THRESHOLD(tp) ? `${year}-01` : year === 2011 && yuan < tp.area.vatThreshold ? '2011-11' : null;
    if (below)
      out.case('BELOW_THRESHOLD', {
        ...who(tp, tp.nationalTin),
        year,
        detail: { quota: fenToYuan(yuan * 100), belowFrom: below },
      });
  }
  return QUOTA_HISTORY_YEARS.map((year) => ({ year, yuan }));
}

/**
 * 清税: the quarter (1 or 2, so returns stand on both sides) a normal taxpayer registered before 2015
 * filed nothing for in either bureau; -1 for most. Filing nothing in both keeps the urban construction
 * tax check (task 7) consistent: no VAT paid, no base declared.
 */
export function missedQuarter(tp: Taxpayer): number {
  if (tp.life !== 'normal' || tp.registered >= QUARTERS[0].from || tp.i % 50 !== 17) return -1;
  return 1 + (Math.floor(tp.i / 50) % 2);
}

/** The cases of a missed quarter: in each bureau that holds returns from this taxpayer for the other quarters. */
export function missedQuarterCases(tp: Taxpayer, quarter: number, bureaus: { national: boolean; local: boolean }, out: Emitter): void {
  const q = QUARTERS[quarter];
  if (bureaus.national) out.case('MISSING_RETURN', { ...who(tp, tp.nationalTin), source: 'national-tax', period: `${q.from}/${q.to}` });
  if (bureaus.local) out.case('MISSING_RETURN', { ...who(tp, tp.localTin), source: 'local-tax', period: `${q.from}/${q.to}` });
}

/**
 * An emitter that also hands the issue day (FP_HYFP.KPRQ) of each freight invoice the carrier `tin`
 * issued to `seen`: the ground truth of 清票 follows whatever invoices the steps it wraps write.
 */
export function watchingInvoices(out: Emitter, tin: string, seen: string[]): Emitter {
  return {
    row<K extends TableKey>(table: K, row: RowOf<K>) {
      const invoice = table === 'fpHyfp' ? (row as RowOf<'fpHyfp'>) : null;
      if (invoice && String(invoice.cyrnsrsbh).trim() === tin.trim()) seen.push(String(invoice.kprq));
      out.row(table, row);
    },
    case: (kind, entry) => out.case(kind, entry),
    identity: (kind, entry) => out.identity(kind, entry),
    event: (source, division, date, event) => out.event(source, division, date, event),
    deemed: (group, rate, entry) => out.deemed(group, rate, entry),
  };
}

/** 清票: the carrier issued freight invoices on or after the day it became abnormal, or after it was deregistered. */
export function invoicesWhileNotNormal(tp: Taxpayer, st: Standing, issued: string[], out: Emitter): void {
  const late = issued.filter((day) => (st.abnormalSince ? day >= st.abnormalSince : st.deregisteredOn ? day > st.deregisteredOn : false));
  if (late.length)
    out.case('INVOICE_NOT_NORMAL', { ...who(tp, tp.nationalTin), source: 'national-tax', detail: { invoices: late.length } });
}
