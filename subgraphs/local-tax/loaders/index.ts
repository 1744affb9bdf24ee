import DataLoader from 'dataloader';
import type { Knex } from 'knex';
import { manyByKey } from '../../kit/batch';
import { listLoader } from '../../kit/list-loader';
import { matchFor, primaryFirst, recordsPerTaxpayer } from '../../kit/taxpayer-key';
import * as repo from '../repository/local-tax.repository';
import { accountOf, keysOf, toAccount, toAuditCase, toCreditRating, toDeemedCit, toReturn, toTurnoverQuota } from '../repository/mapper';
import type { LocalTaxAccount } from '../types/account';
import type { LocalTaxReturn } from '../types/return';
import { LocalTaxStatus, LocalTaxType } from '../types/enums';

/** Which of a taxpayer's registrations is its account: one not deregistered (60 注销, 61 非正常注销) first, then kit's order. */
const byPrimaryFirst = primaryFirst<LocalTaxAccount>(
  (a) => a.status === LocalTaxStatus.DEREGISTERED || a.status === LocalTaxStatus.DEREGISTERED_FROM_ABNORMAL,
);

/** A request's loaders: one SQL statement per loader and level, however many keys. */
export function createLoaders(db: Knex) {
  const accounts = (rows: repo.AccountRow[]) => rows.map((row) => ({ keys: keysOf(row), record: toAccount(row) }));
  return {
    /** All registrations of a USCC, primary first: the recorded TYXYDM, or (organizations) the organization code in the TIN. */
    accountsByUscc: new DataLoader<string, LocalTaxAccount[]>(async (usccs) => {
      const matches = usccs.map(matchFor);
      return recordsPerTaxpayer(matches, accounts(await repo.accountsByUsccs(db, matches)), byPrimaryFirst);
    }),

    /** All registrations under a TIN, primary first. */
    accountsByTin: new DataLoader<string, LocalTaxAccount[]>(async (tins) =>
      manyByKey(tins, await repo.accountsByTins(db, tins), (r) => keysOf(r).tin, toAccount).map((list) => list.sort(byPrimaryFirst)),
    ),

    /** A registration by its internal key (JSJDM). */
    accountById: new DataLoader<string, LocalTaxAccount | null>(async (ids) =>
      manyByKey(ids, await repo.accountsByIds(db, ids), (r) => keysOf(r).id, toAccount).map((list) => list.sort(byPrimaryFirst)[0] ?? null),
    ),

    returnsByAccount: listLoader<repo.ReturnRow, LocalTaxReturn, LocalTaxType>({
      fetch: (ids, { year, filter }) => repo.returnsFor(db, ids, year, filter ?? null),
      ownerOf: accountOf,
      map: toReturn,
    }),

    quotasByAccount: listLoader({ fetch: (ids, { year }) => repo.quotasFor(db, ids, year), ownerOf: accountOf, map: toTurnoverQuota }),

    deemedCitByAccount: listLoader({ fetch: (ids, { year }) => repo.deemedCitFor(db, ids, year), ownerOf: accountOf, map: toDeemedCit }),

    creditRatingsByAccount: listLoader({
      fetch: (ids, { year }) => repo.creditRatingsFor(db, ids, year),
      ownerOf: accountOf,
      map: toCreditRating,
    }),

    auditCasesByAccount: listLoader({ fetch: (ids, { year }) => repo.auditCasesFor(db, ids, year), ownerOf: accountOf, map: toAuditCase }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
