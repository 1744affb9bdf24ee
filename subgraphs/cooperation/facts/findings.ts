import { evaluate } from '../rules/evaluate';
import type { SubjectFacts, SubjectRef } from '../rules/facts';
import type { RuleFinding } from '../rules/finding';
import type { SourceEndpoints } from '../sources/endpoints';
import { deemedReferences } from './deemed-references';
import { fetchFacts } from './fetch';
import { taxOffices } from './tax-offices';

/** The rules over a batch of subjects as of a day: the deemed-rate references and the areas' tax offices are asked once for the batch. */
export async function judge(
  endpoints: SourceEndpoints,
  requestId: string,
  asOf: string,
  subjects: readonly SubjectFacts[],
): Promise<RuleFinding[][]> {
  const [deemedReference, taxOfficesOf] = await Promise.all([
    deemedReferences(endpoints, requestId, subjects),
    taxOffices(endpoints, requestId, subjects),
  ]);
  return subjects.map((f) => evaluate(f, { asOf, deemedReference, taxOfficesOf }));
}

/** Facts, references and rules for a batch: the findings of each reference's subject. */
export async function findingsOf(
  endpoints: SourceEndpoints,
  requestId: string,
  asOf: string,
  refs: readonly SubjectRef[],
): Promise<{ subject: SubjectFacts; findings: RuleFinding[] }[]> {
  const facts = await fetchFacts(endpoints, requestId, refs);
  const distinct = [...new Map(facts.filter((f) => f.subject).map((f) => [f.subject, f])).values()];
  const judged = await judge(endpoints, requestId, asOf, distinct);
  const bySubject = new Map(distinct.map((f, i) => [f.subject, judged[i]]));
  return facts.map((f) => ({ subject: f, findings: bySubject.get(f.subject) ?? [] }));
}
