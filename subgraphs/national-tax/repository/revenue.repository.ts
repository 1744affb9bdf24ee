import type { Knex } from 'knex';
import { numericToYuan } from '../../../shared/money';
import { code } from '../../kit/mapping';
import type { RevenueWindow } from '../../kit/revenue';
import type { NationalTaxRevenue } from '../types/revenue';

/**
 * National tax's levy records (ZS_YJSF 已缴税费) summed for the exchange of revenue figures. JKFS_DM
 * '01' is a payment through TIPS.
 */
export interface RevenueRow {
  zsxm_dm: string;
  xzqh_dm: string;
  /** 'YYYY-MM' of JKRQ. */
  ny: string;
  yskm_dm: string | null;
  /** Yuan, as PostgreSQL sums a NUMERIC. */
  total: string;
  tips: string;
  vouchers: string;
}

/** What was paid in a span, by levy item, the registration's division, month paid and budget subject: one grouped statement. */
export async function revenueFor(db: Knex, w: RevenueWindow): Promise<RevenueRow[]> {
  const q = db
    .from('zs_yjsf as z')
    .join('dj_nsrxx as n', 'n.djxh', 'z.djxh')
    .whereBetween('z.jkrq', [w.from, w.to])
    .select(
      'z.zsxm_dm',
      'n.xzqh_dm',
      db.raw("TO_CHAR(z.jkrq, 'YYYY-MM') AS ny"),
      'z.yskm_dm',
      db.raw('SUM(z.sjje)::text AS total'),
      db.raw("SUM(CASE WHEN z.jkfs_dm = '01' THEN z.sjje ELSE 0 END)::text AS tips"),
      db.raw('COUNT(*)::text AS vouchers'),
    )
    .groupByRaw("z.zsxm_dm, n.xzqh_dm, TO_CHAR(z.jkrq, 'YYYY-MM'), z.yskm_dm")
    .orderByRaw("z.zsxm_dm, n.xzqh_dm, TO_CHAR(z.jkrq, 'YYYY-MM'), z.yskm_dm");
  if (w.division) q.where('n.xzqh_dm', 'like', `${w.division}%`);
  return q;
}

/** A group's sums as the graph shows them. */
export const toRevenue = (row: RevenueRow): NationalTaxRevenue => ({
  levyItemCode: code(row.zsxm_dm) ?? '',
  division: code(row.xzqh_dm) ?? '',
  month: row.ny,
  budgetSubjectCode: code(row.yskm_dm) ?? '',
  amount: numericToYuan(row.total) as string,
  throughTips: numericToYuan(row.tips) as string,
  vouchers: Number(row.vouchers),
});
