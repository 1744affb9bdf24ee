import DataLoader from 'dataloader';
import type { Knex } from 'knex';
import { manyByKey, oneByKey } from './batch';
import { matchFor, RecordKeys, recordsPerTaxpayer, TaxpayerMatch } from './taxpayer-key';

/** A tax bureau's repository: its registrations read in batches, each one statement. */
export interface AccountRepository<R> {
  accountsByUsccs(db: Knex, matches: readonly TaxpayerMatch[]): Promise<R[]>;
  accountsByTins(db: Knex, tins: readonly string[]): Promise<R[]>;
  accountsByIds(db: Knex, ids: readonly string[]): Promise<R[]>;
}

/** A tax bureau's mapper: a registration's keys, and the registration as the graph's account. */
export interface AccountMapper<R, A> {
  keysOf(row: R): RecordKeys & { tin: string };
  toAccount(row: R): A;
}

/**
 * A request's loaders of a bureau's registrations (national and local tax hold taxpayers alike):
 * all of a taxpayer's (by USCC) and all under a TIN, the account (`primaryFirst`) first, and one by
 * internal key.
 */
export function accountLoaders<R, A>(
  db: Knex,
  repository: AccountRepository<R>,
  mapper: AccountMapper<R, A>,
  primaryFirst: (a: A, b: A) => number,
) {
  const { keysOf, toAccount } = mapper;
  return {
    /** Every record of a taxpayer, its account first: by the USCC it stands under, or (organizations) the organization code in its TIN. */
    accountsByUscc: new DataLoader<string, A[]>(async (usccs) => {
      const matches = usccs.map(matchFor);
      const found = (await repository.accountsByUsccs(db, matches)).map((row) => ({ keys: keysOf(row), record: toAccount(row) }));
      return recordsPerTaxpayer(matches, found, primaryFirst);
    }),

    /** Every record registered under a TIN, the primary record first. */
    accountsByTin: new DataLoader<string, A[]>(async (tins) =>
      manyByKey(tins, await repository.accountsByTins(db, tins), (r) => keysOf(r).tin, toAccount).map((list) => list.sort(primaryFirst)),
    ),

    /** A record by its internal key. */
    accountById: new DataLoader<string, A | null>(async (ids) =>
      oneByKey(ids, await repository.accountsByIds(db, ids), (r) => keysOf(r).id, toAccount),
    ),
  };
}
