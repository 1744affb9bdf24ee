import { fen } from '../amounts';
import { finding, RuleFinding } from '../finding';
import { DEFAULT_VAT_THRESHOLD, VAT_THRESHOLD_BY_PROVINCE } from '../reference';
import type { Subject } from '../subject';

/** Task 11: a household whose turnover quota is below the VAT threshold (未达起征点户), to keep under management. */
export function belowThreshold(s: Subject): RuleFinding[] {
  if (!s.has('national-tax')) return [];
  return s.national.flatMap((n) => {
    const threshold = VAT_THRESHOLD_BY_PROVINCE[n.division.slice(0, 2)] ?? DEFAULT_VAT_THRESHOLD;
    return n.turnoverQuotas
      .filter((q) => fen(q.monthlyTurnover) < BigInt(threshold) * 100n)
      .map((q) =>
        finding(s, {
          kind: 'BELOW_THRESHOLD',
          record: { source: 'national-tax', id: n.id },
          sources: ['national-tax'],
          detail:
            `${q.year}: monthly turnover quota ${q.monthlyTurnover} yuan, below the VAT threshold of ${threshold} yuan; ` +
            'stays registered and managed.',
          values: [{ source: 'national-tax', field: 'monthlyTurnover', value: q.monthlyTurnover }],
          year: q.year,
          taxOfficeCodes: [n.taxOffice.code],
        }),
      );
  });
}
