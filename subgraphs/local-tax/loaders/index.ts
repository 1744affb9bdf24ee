import type { Knex } from 'knex';
import { accountLoaders } from '../../kit/account-loaders';
import { DeemedRateGroup, deemedRatesLoader } from '../../kit/deemed-rates';
import { listLoader } from '../../kit/list-loader';
import { primaryFirst } from '../../kit/taxpayer-key';
import * as repo from '../repository/local-tax.repository';
import { ledgerFor } from '../repository/ledger.repository';
import { ledgerOwnerOf, toLedgerEntry } from '../repository/ledger.mapper';
import {
  accountOf,
  keysOf,
  toAccount,
  toAuditCase,
  toCreditRating,
  toDeemedCit,
  toDeemedCitRateCount,
  toReturn,
  toTurnoverQuota,
} from '../repository/mapper';
import type { LocalTaxAccount } from '../types/account';
import type { LocalTaxReturn } from '../types/return';
import { LocalTaxStatus, LocalTaxType } from '../types/enums';

/** Which of a taxpayer's registrations is its account: one not deregistered (60 注销, 61 非正常注销) first, then kit's order. */
const byPrimaryFirst = primaryFirst<LocalTaxAccount>(
  (a) => a.status === LocalTaxStatus.DEREGISTERED || a.status === LocalTaxStatus.DEREGISTERED_FROM_ABNORMAL,
);

/** A request's loaders: one SQL statement per loader and level, however many keys. */
export function createLoaders(db: Knex) {
  return {
    ...accountLoaders(db, repo, { keysOf, toAccount }, byPrimaryFirst),

    returnsByAccount: listLoader<repo.ReturnRow, LocalTaxReturn, LocalTaxType>({
      fetch: (ids, { year, filter }) => repo.returnsFor(db, ids, year, filter ?? null),
      ownerOf: accountOf,
      map: toReturn,
    }),

    quotasByAccount: listLoader({ fetch: (ids, { year }) => repo.quotasFor(db, ids, year), ownerOf: accountOf, map: toTurnoverQuota }),

    deemedCitByAccount: listLoader({ fetch: (ids, { year }) => repo.deemedCitFor(db, ids, year), ownerOf: accountOf, map: toDeemedCit }),

    /** Rate counts by area, industry and year (task 5's reference rate). */
    deemedCitRates: deemedRatesLoader((groups: readonly DeemedRateGroup[]) => repo.deemedCitRatesFor(db, groups), toDeemedCitRateCount),

    creditRatingsByAccount: listLoader({
      fetch: (ids, { year }) => repo.creditRatingsFor(db, ids, year),
      ownerOf: accountOf,
      map: toCreditRating,
    }),

    auditCasesByAccount: listLoader({ fetch: (ids, { year }) => repo.auditCasesFor(db, ids, year), ownerOf: accountOf, map: toAuditCase }),

    /** The payment ledger (SP_JK) of many registrations. */
    ledgerByAccount: listLoader({ fetch: (ids) => ledgerFor(db, ids), ownerOf: ledgerOwnerOf, map: toLedgerEntry }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
