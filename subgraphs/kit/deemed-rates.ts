import DataLoader from 'dataloader';
import { manyByKey } from './batch';

/** An area, industry and year whose deemed CIT rates are counted together (task 5). */
export interface DeemedRateGroup {
  division: string;
  industryCode: string;
  year: number;
}

/**
 * A request's deemed-rate counts by group: every group asked in one tick is counted in one statement
 * (`fetch` numbers the groups from 1 in the order given, as `WITH ORDINALITY` does), so cooperation's
 * page of subjects costs one statement per source, not one per area, industry and year.
 */
export function deemedRatesLoader<R extends { group: string }, V>(
  fetch: (groups: readonly DeemedRateGroup[]) => Promise<R[]>,
  map: (row: R) => V,
): DataLoader<DeemedRateGroup, V[], string> {
  return new DataLoader(
    async (groups) =>
      manyByKey(
        groups.map((_, i) => String(i + 1)),
        await fetch(groups),
        (row) => row.group,
        map,
      ),
    { cacheKeyFn: (g) => `${g.division}|${g.industryCode}|${g.year}` },
  );
}
