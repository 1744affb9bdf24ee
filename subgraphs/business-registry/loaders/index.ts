import DataLoader from 'dataloader';
import type { Knex } from 'knex';
import { manyByKey, oneByKey } from '../../kit/batch';
import { matchFor, recordsPerTaxpayer } from '../../kit/taxpayer-key';
import * as repo from '../repository/registry.repository';
import { keysOf, registrationOf, toChange, toRegistration } from '../repository/mapper';
import type { Registration } from '../types/registration';
import type { RegistrationChange } from '../types/registration-change';

/** The registry holds one record per taxpayer: the one recording the USCC itself, else one with its organization code. */
const exactFirst = () => 0;

/** A request's loaders: one SQL statement per loader and level, however many keys. */
export function createLoaders(db: Knex) {
  return {
    /** The registry record for a USCC: the exact UNISCID first, else one with the same organization code. */
    registrationByUscc: new DataLoader<string, Registration | null>(async (usccs) => {
      const matches = usccs.map(matchFor);
      const rows = await repo.registrationsByUsccs(db, matches);
      const found = rows.map((row) => ({ keys: keysOf(row), record: row }));
      return recordsPerTaxpayer(matches, found, exactFirst).map(([first]) => (first ? toRegistration(first) : null));
    }),
    registrationByNumber: new DataLoader<string, Registration | null>(async (numbers) =>
      oneByKey(numbers, await repo.registrationsByNumbers(db, numbers), (r) => keysOf(r).registrationNumber, toRegistration),
    ),
    registrationById: new DataLoader<string, Registration | null>(async (ids) =>
      oneByKey(ids, await repo.registrationsByIds(db, ids), (r) => keysOf(r).id, toRegistration),
    ),
    changesByRegistration: new DataLoader<string, RegistrationChange[]>(async (ids) =>
      manyByKey(ids, await repo.changesFor(db, ids), registrationOf, toChange),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
