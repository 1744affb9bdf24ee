import { fen, yuanText } from '../amounts';
import { finding, RuleFinding } from '../finding';
import { pairedByYear, Subject } from '../subject';

/** Task 4: an individual business's monthly turnover quota differs between the bureaus. */
export function turnoverQuotaMismatches(s: Subject): RuleFinding[] {
  const years = pairedByYear(
    s,
    (n) => n.turnoverQuotas,
    (l) => l.turnoverQuotas,
  );
  return years.flatMap(({ record: n0, national: nq, local: lq }) => {
    if (fen(lq.monthlyTurnover) === fen(nq.monthlyTurnover)) return [];
    return [
      finding(s, {
        kind: 'QUOTA_MISMATCH',
        record: { source: 'national-tax', id: n0.id },
        sources: ['national-tax', 'local-tax'],
        detail:
          `${nq.year}: national tax assessed a monthly turnover of ${nq.monthlyTurnover} yuan, local tax ${lq.monthlyTurnover} yuan ` +
          `(difference ${yuanText(fen(nq.monthlyTurnover) - fen(lq.monthlyTurnover))}).`,
        values: [
          { source: 'national-tax', field: 'monthlyTurnover', value: nq.monthlyTurnover },
          { source: 'local-tax', field: 'monthlyTurnover', value: lq.monthlyTurnover },
        ],
        year: nq.year,
      }),
    ];
  });
}
