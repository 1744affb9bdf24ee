import { fen, yuanText } from '../amounts';
import { finding, RuleContext, RuleFinding } from '../finding';
import { activePractice, PracticeTable, practiceFor } from '../practice';
import type { Subject } from '../subject';

/**
 * Task 12: key tax sources (重点税源): business tax in a year of at least the province's threshold
 * (rules/practice.ts; the Guangxi notice's 1,000,000 yuan by default). A province without one has none.
 */
export function keyTaxSources(s: Subject, _ctx?: RuleContext, practice: PracticeTable = activePractice()): RuleFinding[] {
  if (!s.has('local-tax')) return [];
  return s.local.flatMap((l) => {
    const yuan = practiceFor(l.division, practice).keyTaxSourceYuan;
    if (yuan === null) return [];
    const threshold = BigInt(yuan) * 100n;
    const byYear = new Map<number, bigint>();
    for (const r of l.returns)
      if (r.taxType === 'BUSINESS_TAX' && r.periodFrom)
        byYear.set(Number(r.periodFrom.slice(0, 4)), (byYear.get(Number(r.periodFrom.slice(0, 4))) ?? 0n) + fen(r.taxDue));
    return [...byYear]
      .sort(([a], [b]) => a - b)
      .filter(([, total]) => total >= threshold)
      .map(([year, total]) =>
        finding(s, {
          kind: 'KEY_TAX_SOURCE',
          record: { source: 'local-tax', id: l.id },
          sources: ['local-tax'],
          detail:
            `${year}: business tax of ${yuanText(total)} yuan, at least ${yuanText(threshold)} ` +
            `(the key tax source threshold of province ${l.division.slice(0, 2)}).`,
          values: [
            { source: 'local-tax', field: 'businessTax', value: yuanText(total) },
            { source: 'local-tax', field: 'keyTaxSourceThreshold', value: yuanText(threshold) },
          ],
          year,
          taxOfficeCodes: [l.taxOffice.code],
        }),
      );
  });
}
