import DataLoader from 'dataloader';
import type { RuleFinding } from '../rules/finding';
import { jointRating, JointRating } from '../rules/tasks/task-03-credit-rating';
import type { SubjectFacts } from '../rules/facts';
import { fetchFacts } from '../facts/fetch';
import { judge } from '../facts/findings';
import type { SourceEndpoints } from '../sources/endpoints';

/**
 * Per request: a taxpayer's facts, fetched once for all its cooperation fields and batched over all
 * taxpayers of the request (one call per source), and its live findings as of a day.
 */
export interface FindingLoaders {
  facts: DataLoader<string, SubjectFacts>;
  findings(uscc: string, asOf: string): Promise<{ facts: SubjectFacts; findings: RuleFinding[] }>;
  rating(uscc: string, year: number): Promise<{ facts: SubjectFacts; rating: JointRating | null }>;
}

export function findingLoaders(endpoints: SourceEndpoints, requestId: string): FindingLoaders {
  const facts = new DataLoader<string, SubjectFacts>(async (usccs) =>
    fetchFacts(
      endpoints,
      requestId,
      usccs.map((uscc) => ({ uscc })),
    ),
  );
  // References for deemed CIT rates are asked once per batch of taxpayers and as-of day.
  const byAsOf = new Map<string, DataLoader<string, RuleFinding[]>>();
  const findingsLoader = (asOf: string) => {
    let loader = byAsOf.get(asOf);
    if (!loader) {
      loader = new DataLoader<string, RuleFinding[]>(async (usccs) => {
        const all = await facts.loadMany(usccs);
        const judged = await judge(
          endpoints,
          requestId,
          asOf,
          all.filter((f): f is SubjectFacts => !(f instanceof Error)),
        );
        let next = 0;
        return all.map((f) => (f instanceof Error ? f : judged[next++]));
      });
      byAsOf.set(asOf, loader);
    }
    return loader;
  };
  return {
    facts,
    findings: async (uscc, asOf) => ({ facts: await facts.load(uscc), findings: await findingsLoader(asOf).load(uscc) }),
    rating: async (uscc, year) => {
      const f = await facts.load(uscc);
      return { facts: f, rating: jointRating(f, year) };
    },
  };
}
