import type { Knex } from 'knex';
import { compactDay, RevenueWindow } from '../../kit/revenue';
import { notSoftDeleted } from './codes';

/**
 * Local tax's payment ledger, SP_JK (税票缴款): one row per tax voucher booked as collected, amounts
 * in fen, dates CHAR(8). JKFS '1' is a payment through TIPS, whose SPHM is the TIPS voucher number.
 */

/** SP_JK 税票缴款. */
export interface LedgerRow {
  swjgdm: string;
  sphm: string;
  jsjdm: string;
  szdm: string;
  ssqq: string;
  ssqz: string;
  sjje: string;
  jkrq: string;
  jkfs: string;
  yskm: string;
}

/** One group of SP_JK summed: tax type, the registration's division, month paid, budget subject. */
export interface RevenueRow {
  szdm: string;
  xzqh: string;
  /** 'YYYYMM' of JKRQ. */
  ny: string;
  yskm: string;
  /** Fen, as PostgreSQL sums a BIGINT (a numeric string). */
  total: string;
  tips: string;
  vouchers: string;
}

/** The ledgers of many registrations, by JSJDM (index SP_JK_JSJDM), oldest period first. */
export async function ledgerFor(db: Knex, ids: readonly string[]): Promise<LedgerRow[]> {
  return db
    .from('sp_jk as j')
    .select('j.swjgdm', 'j.sphm', 'j.jsjdm', 'j.szdm', 'j.ssqq', 'j.ssqz', 'j.sjje', 'j.jkrq', 'j.jkfs', 'j.yskm')
    .whereRaw('j.jsjdm = ANY(?::bpchar[])', [[...ids]])
    .orderBy(['j.jsjdm', 'j.ssqq', 'j.szdm', 'j.sphm']);
}

/**
 * What was booked as collected in a span, summed by tax type, the registration's division, month paid
 * and budget subject in one grouped statement (index SP_JK_JKRQ); soft-deleted registrations (CZBZ 1)
 * are left out, as every list of this bureau leaves them out.
 */
export async function revenueFor(db: Knex, w: RevenueWindow): Promise<RevenueRow[]> {
  const q = db
    .from('sp_jk as j')
    .join('swdj as d', 'd.jsjdm', 'j.jsjdm')
    .whereRaw(notSoftDeleted('d'))
    .whereBetween('j.jkrq', [compactDay(w.from), compactDay(w.to)])
    .select(
      'j.szdm',
      'd.xzqh',
      db.raw('SUBSTR(j.jkrq, 1, 6) AS ny'),
      'j.yskm',
      db.raw('SUM(j.sjje)::text AS total'),
      db.raw("SUM(CASE WHEN j.jkfs = '1' THEN j.sjje ELSE 0 END)::text AS tips"),
      db.raw('COUNT(*)::text AS vouchers'),
    )
    .groupByRaw('j.szdm, d.xzqh, SUBSTR(j.jkrq, 1, 6), j.yskm')
    .orderByRaw('j.szdm, d.xzqh, SUBSTR(j.jkrq, 1, 6), j.yskm');
  if (w.division) q.where('d.xzqh', 'like', `${w.division}%`);
  return q;
}
