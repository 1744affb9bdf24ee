import type { SubjectFacts } from '../rules/facts';
import type { RuleContext } from '../rules/finding';
import type { SourceEndpoints } from '../sources/endpoints';
import { batched, caller, fieldOf } from './source-calls';

/** The reference rate of an area, industry and year, as the rules ask it. */
export type DeemedReference = RuleContext['deemedReference'];

const groupKey = (division: string, industryCode: string, year: number) => `${division}|${industryCode}|${year}`;

/**
 * Reference deemed CIT rates for the groups (area, industry, year) the subjects fall in: both
 * bureaus' counts per rate, added up; the most common rate, ties to the lower. A group whose counts
 * cannot be read has no reference, and its rule is not judged.
 */
export async function deemedReferences(
  endpoints: SourceEndpoints,
  requestId: string,
  subjects: readonly SubjectFacts[],
): Promise<DeemedReference> {
  const call = caller(endpoints, requestId);
  const groups = new Map<string, { division: string; industryCode: string; year: number }>();
  for (const s of subjects) {
    for (const n of s.national)
      for (const d of n.deemedCit)
        groups.set(groupKey(n.division, n.industry.code, d.year), { division: n.division, industryCode: n.industry.code, year: d.year });
    for (const l of s.local)
      for (const d of l.deemedCit)
        groups.set(groupKey(l.division, l.industryCode, d.year), { division: l.division, industryCode: l.industryCode, year: d.year });
  }
  const result = new Map<string, string>();
  const lookup: DeemedReference = (division, industryCode, year) => result.get(groupKey(division, industryCode, year));
  if (!groups.size) return lookup;
  const list = [...groups];
  const doc = (field: string) =>
    batched(
      'CooperationDeemedRates',
      list.map(([, g]) => g).entries(),
      (i, g) => ({ [`d${i}`]: ['String!', g.division], [`c${i}`]: ['String!', g.industryCode], [`y${i}`]: ['Int!', g.year] }),
      (v) => `${field}(division: ${v.d}, industryCode: ${v.c}, year: ${v.y}) { rate taxpayers }`,
    );
  const [n, l] = await Promise.all([
    call('national-tax', doc('nationalTaxDeemedCitRates')),
    call('local-tax', doc('localTaxDeemedCitRates')),
  ]);
  list.forEach(([key], i) => {
    const a = fieldOf(n, `r${i}`) as { rate: string; taxpayers: number }[] | null | undefined;
    const b = fieldOf(l, `r${i}`) as { rate: string; taxpayers: number }[] | null | undefined;
    if (!a || !b) return;
    const counts = new Map<string, number>();
    for (const r of [...a, ...b]) counts.set(Number(r.rate).toFixed(4), (counts.get(Number(r.rate).toFixed(4)) ?? 0) + r.taxpayers);
    const best = [...counts].sort(([ra, ca], [rb, cb]) => cb - ca || Number(ra) - Number(rb))[0];
    if (best) result.set(key, best[0]);
  });
  return lookup;
}
