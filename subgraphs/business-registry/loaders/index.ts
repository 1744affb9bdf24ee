import DataLoader from 'dataloader';
import type { Knex } from 'knex';
import { manyByKey, oneByKey } from '../../kit/batch';
import { matchFor } from '../../kit/taxpayer-key';
import { code } from '../../kit/mapping';
import * as repo from '../repository/registry.repository';
import { toChange, toRegistration } from '../repository/mapper';
import type { Registration } from '../types/registration';
import type { RegistrationChange } from '../types/registration-change';

/** A request's loaders: one SQL statement per loader and level, however many keys. */
export function createLoaders(db: Knex) {
  return {
    /** The registry record for a USCC: the exact UNISCID first, else one with the same organization code. */
    registrationByUscc: new DataLoader<string, Registration | null>(async (usccs) => {
      const matches = usccs.map(matchFor);
      const rows = await repo.findByUsccs(db, matches);
      const exact = oneByKey(usccs, rows, (r) => code(r.uniscid) ?? '', toRegistration);
      const byOrg = oneByKey(
        matches.map((m) => m.orgCode ?? '\u0000'),
        rows,
        (r) => code(r.uniscid)?.slice(8, 17) ?? '',
        toRegistration,
      );
      return usccs.map((_, i) => exact[i] ?? byOrg[i]);
    }),
    registrationByNumber: new DataLoader<string, Registration | null>(async (numbers) =>
      oneByKey(numbers, await repo.findByRegistrationNumbers(db, numbers), (r) => code(r.regno) ?? '', toRegistration),
    ),
    registrationById: new DataLoader<string, Registration | null>(async (ids) =>
      oneByKey(ids, await repo.findByIds(db, ids), (r) => r.pripid, toRegistration),
    ),
    changesByRegistration: new DataLoader<string, RegistrationChange[]>(async (ids) =>
      manyByKey(ids, await repo.changesFor(db, ids), (r) => r.pripid, toChange),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
