import { fen, yuanText } from '../amounts';
import { finding, RuleFinding } from '../finding';
import { KEY_TAX_SOURCE_FEN } from '../reference';
import type { Subject } from '../subject';

/** Task 12: key tax sources (重点税源): business tax of at least 1,000,000 yuan in a year. */
export function keyTaxSources(s: Subject): RuleFinding[] {
  if (!s.has('local-tax')) return [];
  return s.local.flatMap((l) => {
    const byYear = new Map<number, bigint>();
    for (const r of l.returns)
      if (r.taxType === 'BUSINESS_TAX' && r.periodFrom)
        byYear.set(Number(r.periodFrom.slice(0, 4)), (byYear.get(Number(r.periodFrom.slice(0, 4))) ?? 0n) + fen(r.taxDue));
    return [...byYear]
      .sort(([a], [b]) => a - b)
      .filter(([, total]) => total >= KEY_TAX_SOURCE_FEN)
      .map(([year, total]) =>
        finding(s, {
          kind: 'KEY_TAX_SOURCE',
          record: { source: 'local-tax', id: l.id },
          sources: ['local-tax'],
          detail: `${year}: business tax of ${yuanText(total)} yuan, at least 1,000,000.`,
          values: [{ source: 'local-tax', field: 'businessTax', value: yuanText(total) }],
          year,
          taxOfficeCodes: [l.taxOffice.code],
        }),
      );
  });
}
