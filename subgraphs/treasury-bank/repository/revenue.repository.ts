import type { Knex } from 'knex';
import { numericToYuan } from '../../../shared/money';
import { code } from '../../kit/mapping';
import { compactDay, RevenueWindow } from '../../kit/revenue';
import type { TreasuryRevenue } from '../types/revenue';

/**
 * What TIPS carried into the treasury (TaxPayment with its TreasuryEntry), summed for the exchange of
 * revenue figures: the third column beside the two bureaus' books. The area is the levying office's
 * division (TaxOrgCode characters 2-7), the month the treasury's (TreDate); refunds are not netted.
 */
export interface RevenueRow {
  TaxTypeCode: string;
  Division: string;
  /** 'YYYYMM' of TreDate. */
  Month: string;
  BudgetSubjectCode: string;
  /** Yuan, as PostgreSQL sums a NUMERIC. */
  Total: string;
  Vouchers: string;
}

export async function revenueFor(db: Knex, w: RevenueWindow): Promise<RevenueRow[]> {
  const q = db
    .from({ p: 'TaxPayment' })
    .join({ t: 'TreasuryEntry' }, (j) => {
      j.on('t.TaxOrgCode', 'p.TaxOrgCode').andOn('t.EntrustDate', 'p.EntrustDate').andOn('t.TraNo', 'p.TraNo');
    })
    .whereBetween('t.TreDate', [compactDay(w.from), compactDay(w.to)])
    .select(
      'p.TaxTypeCode',
      db.raw('SUBSTR(p."TaxOrgCode", 2, 6) AS "Division"'),
      db.raw('SUBSTR(t."TreDate", 1, 6) AS "Month"'),
      'p.BudgetSubjectCode',
      db.raw('SUM(p."TraAmt")::text AS "Total"'),
      db.raw('COUNT(*)::text AS "Vouchers"'),
    )
    .groupByRaw('p."TaxTypeCode", SUBSTR(p."TaxOrgCode", 2, 6), SUBSTR(t."TreDate", 1, 6), p."BudgetSubjectCode"')
    .orderByRaw('p."TaxTypeCode", SUBSTR(p."TaxOrgCode", 2, 6), SUBSTR(t."TreDate", 1, 6), p."BudgetSubjectCode"');
  if (w.division) q.whereRaw('SUBSTR(p."TaxOrgCode", 2, 6) LIKE ?', [`${w.division}%`]);
  return q;
}

/** A group's sums as the graph shows them. */
export const toRevenue = (row: RevenueRow): TreasuryRevenue => ({
  levyItemCode: code(row.TaxTypeCode) ?? '',
  division: row.Division,
  month: `${row.Month.slice(0, 4)}-${row.Month.slice(4, 6)}`,
  budgetSubjectCode: code(row.BudgetSubjectCode) ?? '',
  amount: numericToYuan(row.Total) as string,
  vouchers: Number(row.Vouchers),
});
