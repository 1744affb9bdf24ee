import DataLoader from 'dataloader';
import type { Knex } from 'knex';
import { accountLoaders } from '../../kit/account-loaders';
import { manyByKey } from '../../kit/batch';
import { DeemedRateGroup, deemedRatesLoader } from '../../kit/deemed-rates';
import { listLoader } from '../../kit/list-loader';
import { primaryFirst } from '../../kit/taxpayer-key';
import * as repo from '../repository/national-tax.repository';
import {
  accountOf,
  carrierOf,
  keysOf,
  registrationNumberOf,
  toAccount,
  toChange,
  toCreditRating,
  toDeemedCit,
  toDeemedCitRateCount,
  toFreightInvoice,
  toPayment,
  toQuota,
  toReturn,
} from '../repository/mapper';
import type { NationalTaxAccount } from '../types/account';
import { NationalTaxLevyItem, NationalTaxStatus } from '../types/enums';
import type { NationalTaxRegistrationChange } from '../types/registration-change';

/**
 * Which of a taxpayer's records is its account when the bureau holds several (duplicates): a live
 * record (not deregistered, by date or status) first, then kit's order.
 */
const byPrimaryFirst = primaryFirst<NationalTaxAccount>(
  (a) => a.deregisteredOn !== null || a.status === NationalTaxStatus.DEREGISTERED || a.status === NationalTaxStatus.ABNORMAL_DEREGISTERED,
);

/** The levy item (several ZSXM_DM codes make OTHER) narrows returns and levy records in memory. */
const levyItemOf = (value: { levyItem: NationalTaxLevyItem }) => value.levyItem;

/** A request's loaders: one SQL statement per loader and level, however many keys. */
export function createLoaders(db: Knex) {
  return {
    ...accountLoaders(db, repo, { keysOf, toAccount }, byPrimaryFirst),
    /** Records by the registration number copied from the licence (GSDJZCH), primary first. */
    accountsByRegistrationNumber: new DataLoader<string, NationalTaxAccount[]>(async (numbers) =>
      manyByKey(numbers, await repo.accountsByRegistrationNumbers(db, numbers), registrationNumberOf, toAccount).map((list) =>
        list.sort(byPrimaryFirst),
      ),
    ),

    changesByAccount: new DataLoader<string, NationalTaxRegistrationChange[]>(async (ids) =>
      manyByKey(ids, await repo.changesFor(db, ids), accountOf, toChange),
    ),

    returnsByAccount: listLoader({
      fetch: (ids, { year }) => repo.returnsFor(db, ids, year),
      ownerOf: accountOf,
      map: toReturn,
      filterOf: levyItemOf,
    }),

    paymentsByAccount: listLoader({
      fetch: (ids, { year }) => repo.paymentsFor(db, ids, year),
      ownerOf: accountOf,
      map: toPayment,
      filterOf: levyItemOf,
    }),

    quotasByAccount: listLoader({ fetch: (ids, { year }) => repo.quotasFor(db, ids, year), ownerOf: accountOf, map: toQuota }),

    deemedCitByAccount: listLoader({ fetch: (ids, { year }) => repo.deemedCitFor(db, ids, year), ownerOf: accountOf, map: toDeemedCit }),

    /** Rate counts by area, industry and year (task 5's reference rate). */
    deemedCitRates: deemedRatesLoader((groups: readonly DeemedRateGroup[]) => repo.deemedCitRatesFor(db, groups), toDeemedCitRateCount),

    creditRatingsByAccount: listLoader({
      fetch: (ids, { year }) => repo.creditRatingsFor(db, ids, year),
      ownerOf: accountOf,
      map: toCreditRating,
    }),

    /** Keyed by the carrier's TIN: freight invoices name their carrier by TIN, not by internal key. */
    freightInvoicesByCarrier: listLoader({
      fetch: (tins, { year }) => repo.freightInvoicesFor(db, tins, year),
      ownerOf: carrierOf,
      map: toFreightInvoice,
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
