/**
 * What each bureau books as collected (its payment ledger: national ZS_YJSF, local SP_JK) and how the
 * same tax fares in TIPS, decided once per TIPS line (taxpayer, quarter, levy item) so that both
 * sides agree voucher by voucher except where a task-15 case is planted. The return steps book
 * (national-tax.ts, local-tax.ts) before the payment step runs (treasury-bank.ts): both read the
 * line's fate from here, drawn from a stream of its own, so neither shares a draw with the taxpayer's
 * stream.
 *
 * What goes through TIPS: for a taxpayer with a three-party agreement, one deduction per 2015 quarter
 * and levy item of TIPS_LEVIES (VAT to national tax; business tax and urban construction tax to local
 * tax), entrusted on the quarter's filing day, for what the quarter's returns paid on filing. Every
 * levy record of that quarter and item paid on filing is booked under the deduction's voucher
 * (JKFS_DM 01): a monthly VAT filer's three monthly records share one voucher, so the task-15 rule
 * compares per voucher the SUM of what a bureau booked under it with TIPS's amount. Booked at the
 * counter (JKFS_DM 02, a voucher of the office's own) and never in TIPS: a deferred part (缓缴) paid
 * later, audit back-tax (查补, national records and local back-tax lines alike), the education
 * surcharges and other items outside TIPS_LEVIES, and 2013's old-era returns. So a TIPS deduction's
 * amount is the quarter's tax less its deferred part (business tax: less the part still deferred).
 *
 * A ledger's totals never depend on the fate: a tax is booked in full whatever TIPS did (through TIPS,
 * or at the tax office when the bank refused it), so the urban construction tax base, which sums what
 * was paid, is the same whatever is planted here.
 *
 * Budget subjects come from one home (reference.ts budgetSubject): the urban construction tax's by
 * registration type (uctBudgetSubject), the same in both ledgers and in TIPS.
 */
import { addDays } from '../../shared/dates';
import { fenToYuan } from '../../shared/money';
import { Random } from '../random';
import { BANKS, budgetSubject, QUARTERS, TIPS_LEVIES } from '../reference';
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

/**
 * One levy record or ledger line to book: `tips` when it is paid on filing for a 2015 quarter (then
 * it goes through TIPS if the taxpayer and levy item do), else it is booked at the counter on `paidOn`.
 */
export interface Booked {
  levy: string;
  from: string;
  to: string;
  /** Fen. */
  amount: number;
  paidOn: string;
  tips: boolean;
  /** The voucher a counter payment is booked under: unique per record. */
  counterVoucher: string;
}

function bookingOf(tp: Taxpayer, office: string, quarter: number, b: Booked): Booking {
  if (!b.tips || !throughTips(tp, b.levy, b.amount)) return { voucher: b.counterVoucher, throughTips: false, paidOn: b.paidOn };
  const { filed } = QUARTERS[quarter];
  const { fate, laterDays } = fateOf(tp, quarter, b.levy);
  const seq = tipsSeq(quarter, b.levy);
  const later = addDays(filed, laterDays);
  switch (fate) {
    case 'failed':
    case 'notBooked':
      return { voucher: b.counterVoucher, throughTips: false, paidOn: fate === 'failed' ? later : filed };
    case 'failedRepaid':
      return { voucher: tipsVoucher(office, tp, seq + REPAID_SEQ_OFFSET), throughTips: true, paidOn: later };
    default:
      return { voucher: tipsVoucher(office, tp, seq), throughTips: true, paidOn: filed };
  }
}

/** A national levy record (ZS_YJSF) of quarter `quarter`: its kind (税款种类) and the approved exempt-and-credit VAT on it. */
export function bookNational(tp: Taxpayer, quarter: number, b: Booked & { exemptCredit: number; kind: string }, out: Emitter): void {
  const booking = bookingOf(tp, nationalOffice(tp.area), quarter, b);
  out.row('zsYjsf', {
    dzsphm: booking.voucher,
    djxh: tp.djxh,
    zsxm_dm: b.levy,
    skssqq: b.from,
    skssqz: b.to,
    sjje: fenToYuan(b.amount),
    jkrq: booking.paidOn,
    mdse: fenToYuan(b.exemptCredit),
    skzl_dm: b.kind,
    jkfs_dm: booking.throughTips ? '01' : '02',
    yskm_dm: budgetSubject(b.levy, tp.form.registrationType),
  });
}

/** Local tax's ledger row (SP_JK) of a return line of tax type `taxType` (nothing when nothing was paid). */
export function bookLocal(tp: Taxpayer, quarter: number, b: Booked & { taxType: string }, out: Emitter): void {
  if (b.amount <= 0) return;
  const office = localOffice(tp.area);
  const booking = bookingOf(tp, office, quarter, b);
  out.row('spJk', {
    swjgdm: office,
    sphm: booking.voucher,
    jsjdm: tp.jsjdm,
    szdm: b.taxType,
    ssqq: compact(b.from),
    ssqz: compact(b.to),
    sjje: b.amount,
    jkrq: compact(booking.paidOn),
    jkfs: booking.throughTips ? '1' : '2',
    yskm: budgetSubject(b.levy, tp.form.registrationType),
  });
}
