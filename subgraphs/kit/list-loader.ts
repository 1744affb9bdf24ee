import DataLoader from 'dataloader';
import { manyByKey } from './batch';

/** What a list field asks beyond its owner: a year, and for some lists one more narrowing (a tax). */
export interface ListArguments<F extends string = never> {
  year: number | null;
  filter?: F | null;
}

/** One owner's list (an account's returns, a carrier's invoices) as a field asks for it. */
export interface ListKey<F extends string = never> extends ListArguments<F> {
  owner: string;
}

export interface ListLoaderOptions<R, V, F extends string> {
  /** One statement for the owners of a level that ask the same arguments, applied in SQL. */
  fetch: (owners: string[], args: ListArguments<F>) => Promise<R[]>;
  /** The owner a row belongs to (a mapper's key function). */
  ownerOf: (row: R) => string;
  /** The row as a graph object; null drops it (a value the graph cannot show). */
  map: (row: R) => V | null;
  /**
   * Where the filter is not a column of the statement (a code several legacy codes map to), the
   * value it is compared with in memory; `fetch` then gets no filter, and keys that differ only in
   * their filter share one statement. @default the filter is `fetch`'s to apply
   */
  filterOf?: (value: V) => F | null;
}

const argumentsKey = (args: ListArguments<string>) => `${args.year ?? ''}\u0000${args.filter ?? ''}`;
const cacheKey = (key: ListKey<string>) => `${key.owner}\u0000${argumentsKey(key)}`;

/**
 * A request's loader for one kind of list per owner. Keys that share their arguments (the usual
 * case: one field selected over many owners) are fetched in one statement; each further set of
 * arguments in the same batch costs one more. Lists come in the rows' order, empty for an owner
 * without rows.
 */
export function listLoader<R, V, F extends string = never>(options: ListLoaderOptions<R, V, F>): DataLoader<ListKey<F>, V[], string> {
  const { fetch, ownerOf, map, filterOf } = options;
  /** The arguments the statement applies. */
  const inSql = (key: ListKey<F>): ListArguments<F> => ({ year: key.year, filter: filterOf ? null : (key.filter ?? null) });
  return new DataLoader<ListKey<F>, V[], string>(
    async (keys) => {
      const groups = new Map<string, ListKey<F>[]>();
      for (const key of keys) {
        const group = groups.get(argumentsKey(inSql(key)));
        if (group) group.push(key);
        else groups.set(argumentsKey(inSql(key)), [key]);
      }
      const lists = new Map<string, V[]>();
      await Promise.all(
        [...groups.values()].map(async (group) => {
          // A level may ask one owner's list twice (aliases with different filters): fetch each owner once.
          const owners = [...new Set(group.map((k) => k.owner))];
          const rows = manyByKey(owners, await fetch(owners, inSql(group[0])), ownerOf);
          const byOwner = new Map(owners.map((owner, i) => [owner, rows[i]]));
          for (const key of group) {
            const values: V[] = [];
            for (const row of byOwner.get(key.owner)!) {
              const value = map(row);
              if (value !== null && (!filterOf || !key.filter || filterOf(value) === key.filter)) values.push(value);
            }
            lists.set(cacheKey(key), values);
          }
        }),
      );
      return keys.map((key) => lists.get(cacheKey(key)) ?? []);
    },
    { cacheKeyFn: cacheKey },
  );
}
