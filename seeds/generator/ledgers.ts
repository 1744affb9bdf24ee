/**
 * What each bureau books as collected (its payment ledger: national ZS_YJSF, local SP_JK) and how the
 * same tax fares in TIPS, decided once per tax line so that both sides agree voucher by voucher except
 * where a task-15 case is planted. The return steps book (national-tax.ts, local-tax.ts) before the
 * payment step runs (treasury-bank.ts): both read the line's fate from here, drawn from a stream of
 * its own, so neither shares a draw with the taxpayer's stream.
 *
 * A ledger's totals never depend on the fate: a tax is booked in full whatever TIPS did (through TIPS,
 * or at the tax office when the bank refused it), so the urban construction tax base, which sums what
 * was paid, is the same whatever is planted here.
 */
import { addDays } from '../../shared/dates';
import { fenToYuan } from '../../shared/money';
import { Random } from '../random';
import { BANKS, BUDGET_SUBJECTS, QUARTERS, TIPS_LEVIES } from '../reference';
import type { Emitter } from './emitter';
import { localOffice, nationalOffice } from './offices';
import { RATES_OF_PLANTING } from './rates';
import type { Taxpayer } from './taxpayer';
import { compact, pad } from './values';

/**
 * How one tax line paid through TIPS fares:
 * - paid: deducted, in the treasury, booked under its voucher;
 * - failed: the bank refused it; the taxpayer paid at the tax office, booked under a counter voucher (PAYMENT_DEDUCTION_FAILED);
 * - failedRepaid: refused, then deducted again days later under a new voucher, booked under that one (no case);
 * - bookedFailed: refused, yet booked as paid under its voucher (PAYMENT_DEDUCTION_FAILED and BOOKED_NOT_IN_TREASURY);
 * - stuck: deducted, never in the treasury, booked under its voucher (DEDUCTED_NOT_IN_TREASURY);
 * - notBooked: in the treasury, but booked under a counter voucher instead of its own (TREASURY_NOT_BOOKED);
 * - amountOff: the bank deducted another amount than the voucher's, which is booked right (BOOKED_AMOUNT_MISMATCH).
 */
export type Fate = 'paid' | 'failed' | 'failedRepaid' | 'bookedFailed' | 'stuck' | 'notBooked' | 'amountOff';

/** Planting rates of the ledger cases, per TIPS line (the refusals and stuck payments use RATES_OF_PLANTING). */
export const LEDGER_RATES = { notBooked: 0.004, amountOff: 0.004 } as const;

export interface LineFate {
  fate: Fate;
  /** Days after the filing day that a refused line was paid again (failed, failedRepaid). */
  laterDays: number;
  /** Fen the bank deducted too much (positive) or too little (amountOff). */
  offBy: number;
}

/** A three-party agreement (三方协议): the bank and account a taxpayer's TIPS payments are deducted from. */
export interface Agreement {
  bank: string;
  account: string;
}

interface Plan {
  stream: number;
  agreement: Agreement | null;
}
const plans = new WeakMap<Taxpayer, Plan>();

/** FNV-1a of a string: the plan's stream seed, from what the taxpayer's own stream already decided. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < s.length; k++) h = Math.imul(h ^ s.charCodeAt(k), 0x01000193) >>> 0;
  return h;
}

function planOf(tp: Taxpayer): Plan {
  let plan = plans.get(tp);
  if (!plan) {
    const stream = hash(`${tp.uscc}|${tp.djxh}`);
    const r = new Random(stream, tp.i);
    const agreement = r.chance(RATES_OF_PLANTING.protocol)
      ? { bank: r.pick(BANKS).code, account: `6222${pad(r.int(0, 999_999_999), 9)}${pad(tp.i % 1_000_000, 6)}` }
      : null;
    plan = { stream, agreement };
    plans.set(tp, plan);
  }
  return plan;
}

/** The taxpayer's agreement with its bank, or null when it pays at the tax office. */
export const agreementOf = (tp: Taxpayer): Agreement | null => planOf(tp).agreement;

/** The payment's number within the taxpayer for a quarter's TIPS line of a levy item (TIPS_LEVIES order). */
export const tipsSeq = (quarter: number, levy: string) => quarter * 10 + TIPS_LEVIES.indexOf(levy);
/** A refused line's second deduction is numbered this much after the first. */
export const REPAID_SEQ_OFFSET = 50;

/** The TIPS voucher number (TaxVouNo) of a taxpayer's payment `seq` to an office: issued by the tax office. */
export const tipsVoucher = (office: string, tp: Taxpayer, seq: number) => `${office.slice(0, 1)}${pad(tp.i, 10)}${pad(seq, 2)}`;

/** Whether a line goes through TIPS: the taxpayer has an agreement and the levy item is one TIPS deducts. */
export const throughTips = (tp: Taxpayer, levy: string, amount: number) =>
  amount > 0 && agreementOf(tp) !== null && TIPS_LEVIES.includes(levy);

/** The fate of a quarter's TIPS line, the same whichever step asks. */
export function fateOf(tp: Taxpayer, quarter: number, levy: string): LineFate {
  const r = new Random(planOf(tp).stream ^ 0x5bd1e995, tp.i * 100 + tipsSeq(quarter, levy));
  const x = r.next();
  const y = r.next();
  const laterDays = r.int(3, 10);
  const offBy = r.pick([-1, 1]) * r.int(1, 50) * 100;
  const failedBelow = RATES_OF_PLANTING.failedPayment;
  const stuckBelow = failedBelow + RATES_OF_PLANTING.stuckPayment;
  const notBookedBelow = stuckBelow + LEDGER_RATES.notBooked;
  const amountOffBelow = notBookedBelow + LEDGER_RATES.amountOff;
  let fate: Fate = 'paid';
  if (x < failedBelow) fate = y < 0.4 ? 'failedRepaid' : y < 0.85 ? 'failed' : 'bookedFailed';
  else if (x < stuckBelow) fate = 'stuck';
  else if (x < notBookedBelow) fate = 'notBooked';
  else if (x < amountOffBelow) fate = 'amountOff';
  return { fate, laterDays, offBy };
}

/** Where and under which voucher a line is booked, and how it was paid. */
interface Booking {
  voucher: string;
  throughTips: boolean;
  paidOn: string;
}

function bookingOf(tp: Taxpayer, office: string, quarter: number, levy: string, amount: number, counterVoucher: string): Booking {
  const { filed } = QUARTERS[quarter];
  if (!throughTips(tp, levy, amount)) return { voucher: counterVoucher, throughTips: false, paidOn: filed };
  const { fate, laterDays } = fateOf(tp, quarter, levy);
  const seq = tipsSeq(quarter, levy);
  const later = addDays(filed, laterDays);
  switch (fate) {
    case 'failed':
    case 'notBooked':
      return { voucher: counterVoucher, throughTips: false, paidOn: fate === 'failed' ? later : filed };
    case 'failedRepaid':
      return { voucher: tipsVoucher(office, tp, seq + REPAID_SEQ_OFFSET), throughTips: true, paidOn: later };
    default:
      return { voucher: tipsVoucher(office, tp, seq), throughTips: true, paidOn: filed };
  }
}

/** National tax's levy record (ZS_YJSF) of a quarter's return of a levy item; `k` numbers the item within the quarter. */
export function bookNational(
  tp: Taxpayer,
  quarter: number,
  k: number,
  item: { levy: string; due: number; exemptCredit: number },
  out: Emitter,
): void {
  const { from, to } = QUARTERS[quarter];
  const counter = `3${tp.area.division}${pad(tp.i, 11)}${quarter}${k}`;
  const b = bookingOf(tp, nationalOffice(tp.area), quarter, item.levy, item.due, counter);
  out.row('zsYjsf', {
    dzsphm: b.voucher,
    djxh: tp.djxh,
    zsxm_dm: item.levy,
    skssqq: from,
    skssqz: to,
    sjje: fenToYuan(item.due),
    jkrq: b.paidOn,
    mdse: fenToYuan(item.exemptCredit),
    jkfs_dm: b.throughTips ? '01' : '02',
    yskm_dm: BUDGET_SUBJECTS[item.levy] ?? null,
  });
}

/** Local tax's ledger row (SP_JK) of a quarter's return of a tax type, in fen; `levy` is its TIPS levy item. */
export function bookLocal(
  tp: Taxpayer,
  quarter: number,
  k: number,
  item: { taxType: string; levy: string; due: number },
  out: Emitter,
): void {
  if (item.due <= 0) return;
  const { from, to } = QUARTERS[quarter];
  const office = localOffice(tp.area);
  const counter = `D${pad(tp.i, 10)}${quarter}${k}`;
  const b = bookingOf(tp, office, quarter, item.levy, item.due, counter);
  out.row('spJk', {
    swjgdm: office,
    sphm: b.voucher,
    jsjdm: tp.jsjdm,
    szdm: item.taxType,
    ssqq: compact(from),
    ssqz: compact(to),
    sjje: item.due,
    jkrq: compact(b.paidOn),
    jkfs: b.throughTips ? '1' : '2',
    yskm: BUDGET_SUBJECTS[item.levy] ?? '1019999',
  });
}
