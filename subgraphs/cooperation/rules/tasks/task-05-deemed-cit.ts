import { rate4 } from '../amounts';
import { finding, RuleContext, RuleFinding } from '../finding';
import type { Subject } from '../subject';

/** Task 5: a deemed CIT income rate out of line with its area and industry (the rate most of them are assessed at). */
export function deemedRateImbalances(s: Subject, ctx: RuleContext): RuleFinding[] {
  if (!s.has('national-tax', 'local-tax')) return [];
  const deemed = (
    source: 'national-tax' | 'local-tax',
    id: string,
    division: string,
    industry: string,
    office: string,
    rows: { year: number; deemedIncomeRate: string }[],
  ) =>
    rows.flatMap((d) => {
      const reference = ctx.deemedReference(division, industry, d.year);
      if (reference === undefined || rate4(reference) === rate4(d.deemedIncomeRate)) return [];
      return [
        finding(s, {
          kind: 'DEEMED_RATE_IMBALANCE',
          record: { source, id },
          sources: [source],
          detail:
            `${d.year}: deemed income rate ${rate4(d.deemedIncomeRate)}; ` +
            `most enterprises of industry ${industry} in ${division} are assessed at ${rate4(reference)}.`,
          values: [{ source, field: 'deemedIncomeRate', value: rate4(d.deemedIncomeRate) }],
          year: d.year,
          division,
          industryCode: industry,
          taxOfficeCodes: [office],
        }),
      ];
    });
  return [
    ...s.national.flatMap((n) => deemed('national-tax', n.id, n.division, n.industry.code, n.taxOffice.code, n.deemedCit)),
    ...s.local.flatMap((l) => deemed('local-tax', l.id, l.division, l.industryCode, l.taxOffice.code, l.deemedCit)),
  ];
}
