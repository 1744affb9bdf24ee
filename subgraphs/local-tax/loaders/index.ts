import DataLoader from 'dataloader';
import type { Knex } from 'knex';
import { manyByKey } from '../../kit/batch';
import { matchFor } from '../../kit/taxpayer-key';
import * as repo from '../repository/local-tax.repository';
import {
  byPrimaryFirst,
  ownerOf,
  recordedUsccOf,
  tinOf,
  tinOrgCodeOf,
  toAccount,
  toAuditCase,
  toCreditRating,
  toDeemedCit,
  toReturn,
  toTurnoverQuota,
} from '../repository/mapper';
import type { LocalTaxAccount } from '../types/account';
import type { LocalTaxAuditCase } from '../types/audit-case';
import type { LocalTaxCreditRating } from '../types/credit-rating';
import type { LocalTaxDeemedCit } from '../types/deemed-cit';
import type { LocalTaxReturn } from '../types/return';
import type { LocalTaxTurnoverQuota } from '../types/turnover-quota';
import type { SwdjRow } from '../repository/local-tax.repository';

/** One account's list, narrowed by the field's arguments: a year, and for returns a tax type (SZDM code). */
export interface ListKey {
  id: string;
  year: number | null;
  taxTypeCode?: string | null;
}

const argumentsOf = (k: ListKey) => `${k.year ?? ''}\u0000${k.taxTypeCode ?? ''}`;
const listKeyOf = (k: ListKey) => `${k.id}\u0000${argumentsOf(k)}`;

/**
 * A loader for one kind of list per account. Keys that share their arguments (the usual case: one
 * field selected over many accounts) are fetched in one statement; each further set of arguments
 * in the same batch costs one more.
 */
function listLoader<R extends { jsjdm: string }, V>(
  fetch: (ids: string[], year: number | null, taxTypeCode: string | null) => Promise<R[]>,
  map: (row: R) => V,
): DataLoader<ListKey, V[], string> {
  return new DataLoader<ListKey, V[], string>(
    async (keys) => {
      // DataLoader hands over each cache key once, so ids within a group are distinct.
      const groups = new Map<string, ListKey[]>();
      for (const k of keys) {
        const group = groups.get(argumentsOf(k));
        if (group) group.push(k);
        else groups.set(argumentsOf(k), [k]);
      }
      const results = new Map<string, V[]>();
      await Promise.all(
        [...groups.values()].map(async (group) => {
          const ids = group.map((k) => k.id);
          const lists = manyByKey(ids, await fetch(ids, group[0].year, group[0].taxTypeCode ?? null), ownerOf, map);
          group.forEach((k, i) => results.set(listKeyOf(k), lists[i]));
        }),
      );
      return keys.map((k) => results.get(listKeyOf(k)) ?? []);
    },
    { cacheKeyFn: listKeyOf },
  );
}

/** The rows per key, in row order; a row whose key is null belongs to none. */
function rowsPerKey(keys: readonly string[], rows: readonly SwdjRow[], keyOf: (row: SwdjRow) => string | null): SwdjRow[][] {
  return manyByKey(
    keys,
    rows.filter((r) => keyOf(r) !== null),
    (r) => keyOf(r) as string,
  );
}

/** One taxpayer's registrations as accounts, each once, the primary record first. */
function primaryFirst(rows: readonly SwdjRow[]): LocalTaxAccount[] {
  const unique = new Map<string, SwdjRow>();
  for (const row of rows) unique.set(ownerOf(row), row);
  return [...unique.values()].sort(byPrimaryFirst).map(toAccount);
}

/** A request's loaders: one SQL statement per loader and level, however many keys. */
export function createLoaders(db: Knex) {
  return {
    /** All registrations of a USCC, primary first: recorded TYXYDM, or (organizations) the organization code in the TIN. */
    accountsByUscc: new DataLoader<string, LocalTaxAccount[]>(async (usccs) => {
      const matches = usccs.map(matchFor);
      const rows = await repo.findByUsccs(db, matches);
      // A row counts for the USCC it records, and for the organization code its TIN carries.
      const byUscc = rowsPerKey(usccs, rows, recordedUsccOf);
      const byOrg = rowsPerKey(
        matches.map((m) => m.orgCode ?? '\u0000'),
        rows,
        tinOrgCodeOf,
      );
      return usccs.map((_, i) => primaryFirst([...byUscc[i], ...byOrg[i]]));
    }),
    /** All registrations under a TIN, primary first. */
    accountsByTin: new DataLoader<string, LocalTaxAccount[]>(async (tins) =>
      rowsPerKey(tins, await repo.findByTins(db, tins), tinOf).map(primaryFirst),
    ),
    accountById: new DataLoader<string, LocalTaxAccount | null>(async (ids) =>
      rowsPerKey(ids, await repo.findByIds(db, ids), ownerOf).map((list) => primaryFirst(list)[0] ?? null),
    ),
    returns: listLoader<repo.SbMxRow, LocalTaxReturn>((ids, year, taxTypeCode) => repo.returnsFor(db, ids, year, taxTypeCode), toReturn),
    turnoverQuotas: listLoader<repo.GtdeRow, LocalTaxTurnoverQuota>((ids, year) => repo.quotasFor(db, ids, year), toTurnoverQuota),
    deemedCit: listLoader<repo.SdsHdRow, LocalTaxDeemedCit>((ids, year) => repo.deemedCitFor(db, ids, year), toDeemedCit),
    creditRatings: listLoader<repo.XypjRow, LocalTaxCreditRating>((ids, year) => repo.ratingsFor(db, ids, year), toCreditRating),
    auditCases: listLoader<repo.JcAjRow, LocalTaxAuditCase>((ids, year) => repo.auditCasesFor(db, ids, year), toAuditCase),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
