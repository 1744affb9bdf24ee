import type { SubjectFacts } from '../rules/facts';
import type { RuleContext } from '../rules/finding';
import type { SourceEndpoints } from '../sources/endpoints';
import { batched, caller, fieldOf, oneVariable } from './source-calls';

/** The offices of an area, as the rules ask them. */
export type TaxOfficesOf = NonNullable<RuleContext['taxOfficesOf']>;

/** The division itself, its city's (first four digits + 00) and its province's (first two + 0000), most specific first. */
export const areaLevels = (division: string): string[] => [
  ...new Set([division, `${division.slice(0, 4)}00`, `${division.slice(0, 2)}0000`]),
];

/**
 * Each bureau's offices for the areas of the subjects that may need them (a registry record some bureau
 * lacks: task 9 reports it to the offices of its area): both bureaus' code tables asked once per batch,
 * for every level of each area; per bureau the most specific level that has offices. A bureau that
 * cannot be asked gives none (the finding then names the offices it can).
 */
export async function taxOffices(endpoints: SourceEndpoints, requestId: string, subjects: readonly SubjectFacts[]): Promise<TaxOfficesOf> {
  const divisions = new Set<string>();
  for (const s of subjects) {
    if (!s.registration || (s.national.length && s.local.length)) continue;
    for (const d of [s.registration.division, ...s.national.map((n) => n.division), ...s.local.map((l) => l.division)])
      if (/^\d{6}$/.test(d)) areaLevels(d).forEach((x) => divisions.add(x));
  }
  const found = new Map<string, { national: string[]; local: string[] }>();
  const lookup: TaxOfficesOf = (division) => {
    const pick = (bureau: 'national' | 'local') =>
      areaLevels(division)
        .map((d) => found.get(d)?.[bureau] ?? [])
        .find((codes) => codes.length) ?? [];
    return { national: pick('national'), local: pick('local') };
  };
  if (!divisions.size) return lookup;
  const list = [...divisions];
  const call = caller(endpoints, requestId);
  const doc = (field: string) =>
    batched('CooperationTaxOffices', list.entries(), oneVariable('String!'), (v) => `${field}(division: ${v.v}) { code }`);
  const [n, l] = await Promise.all([call('national-tax', doc('nationalTaxOffices')), call('local-tax', doc('localTaxOffices'))]);
  list.forEach((division, i) => {
    const codes = (answer: typeof n) => ((fieldOf(answer, `r${i}`) as { code: string }[] | null | undefined) ?? []).map((o) => o.code);
    found.set(division, { national: codes(n), local: codes(l) });
  });
  return lookup;
}
