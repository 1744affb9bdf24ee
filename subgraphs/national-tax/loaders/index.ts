import DataLoader from 'dataloader';
import type { Knex } from 'knex';
import { oneByKey } from '../../kit/batch';
import { matchFor, TaxpayerMatch } from '../../kit/taxpayer-key';
import * as repo from '../repository/national-tax.repository';
import {
  accountOf,
  carrierOf,
  keysOf,
  toAccount,
  toChange,
  toCreditRating,
  toDeemedCit,
  toFreightInvoice,
  toPayment,
  toQuota,
  toReturn,
} from '../repository/mapper';
import type { NationalTaxAccount } from '../types/account';
import type { NationalTaxCreditRating } from '../types/credit-rating';
import type { NationalTaxDeemedCit } from '../types/deemed-cit';
import type { NationalTaxLevyItem } from '../types/enums';
import type { NationalTaxFreightInvoice } from '../types/freight-invoice';
import type { NationalTaxRegistrationChange } from '../types/registration-change';
import type { NationalTaxPayment } from '../types/tax-payment';
import type { NationalTaxReturn } from '../types/tax-return';
import type { NationalTaxTurnoverQuota } from '../types/turnover-quota';
import { listKey, parseListKey } from './list-key';
import { primaryFirst } from './primary';

export { listKey };

/**
 * A list loader keyed by `listKey(owner, year, levyItem)`: one statement for all keys of a level.
 * When every key asks for the same year the year goes into the SQL (it narrows the index scan);
 * each key then keeps its own owner's rows that pass its own filters.
 */
function listLoader<R, V>(opts: {
  fetch: (owners: string[], year: number | null) => Promise<R[]>;
  ownerOf: (row: R) => string;
  map: (row: R) => V | null;
  yearOf: (value: V) => number;
  levyItemOf?: (value: V) => NationalTaxLevyItem;
}): DataLoader<string, V[]> {
  return new DataLoader<string, V[]>(async (keys) => {
    const parsed = keys.map(parseListKey);
    const owners = [...new Set(parsed.map((k) => k.owner))];
    const years = new Set(parsed.map((k) => k.year));
    const rows = await opts.fetch(owners, years.size === 1 ? parsed[0].year : null);
    const byOwner = new Map<string, V[]>();
    for (const row of rows) {
      const value = opts.map(row);
      if (value === null) continue;
      const owner = opts.ownerOf(row);
      let list = byOwner.get(owner);
      if (!list) byOwner.set(owner, (list = []));
      list.push(value);
    }
    return parsed.map((k) =>
      (byOwner.get(k.owner) ?? []).filter(
        (v) =>
          (k.year === null || opts.yearOf(v) === k.year) && (k.levyItem === null || !opts.levyItemOf || opts.levyItemOf(v) === k.levyItem),
      ),
    );
  });
}

const yearOfDate = (iso: string) => Number(iso.slice(0, 4));

/** A request's loaders: one SQL statement per loader and level, however many keys. */
export function createLoaders(db: Knex) {
  return {
    /**
     * Every record of a taxpayer, its account (the primary record) first: by the recorded USCC, a TIN
     * that is the USCC, or (organizations only) the organization code inside the TIN.
     */
    accountsByUscc: new DataLoader<string, NationalTaxAccount[]>(async (usccs) => {
      // A representation's key is not checked by the USCC scalar: one of a wrong length matches nothing
      // rather than failing the whole batch.
      const matches = usccs.map((u) => (u.length === 18 ? matchFor(u) : null));
      const asked = matches.filter((m): m is TaxpayerMatch => m !== null);
      const rows = asked.length ? await repo.accountsByUsccs(db, asked) : [];
      const index = {
        uscc: new Map<string, NationalTaxAccount[]>(),
        tin: new Map<string, NationalTaxAccount[]>(),
        org: new Map<string, NationalTaxAccount[]>(),
      };
      const add = (map: Map<string, NationalTaxAccount[]>, key: string | null, account: NationalTaxAccount) => {
        if (key === null) return;
        const list = map.get(key);
        if (list) list.push(account);
        else map.set(key, [account]);
      };
      for (const row of rows) {
        const keys = keysOf(row);
        const account = toAccount(row);
        add(index.uscc, keys.recordedUscc, account);
        add(index.tin, keys.tin, account);
        add(index.org, keys.orgCode, account);
      }
      return matches.map((m) => {
        if (!m) return [];
        const found = new Map<string, NationalTaxAccount>();
        const candidates = [
          ...(index.uscc.get(m.uscc) ?? []),
          ...(index.tin.get(m.uscc) ?? []),
          ...(m.orgCode ? (index.org.get(m.orgCode) ?? []) : []),
        ];
        for (const a of candidates) found.set(a.id, a);
        return [...found.values()].sort(primaryFirst);
      });
    }),

    /** Every record registered under a TIN (stray blanks in the stored TIN ignored), the primary record first. */
    accountsByTin: new DataLoader<string, NationalTaxAccount[]>(async (tins) => {
      const rows = await repo.accountsByTins(db, tins);
      const byTin = new Map<string, NationalTaxAccount[]>();
      for (const row of rows) {
        const tin = keysOf(row).tin;
        const list = byTin.get(tin);
        if (list) list.push(toAccount(row));
        else byTin.set(tin, [toAccount(row)]);
      }
      return tins.map((t) => (byTin.get(t) ?? []).sort(primaryFirst));
    }),

    /** A record by its internal key (DJXH, canonical digits without leading zeros). */
    accountById: new DataLoader<string, NationalTaxAccount | null>(async (ids) =>
      oneByKey(ids, await repo.accountsByIds(db, ids), (r) => keysOf(r).id, toAccount),
    ),

    changesByAccount: new DataLoader<string, NationalTaxRegistrationChange[]>(async (ids) => {
      const rows = await repo.changesFor(db, ids);
      const byAccount = new Map<string, NationalTaxRegistrationChange[]>();
      for (const row of rows) {
        const list = byAccount.get(accountOf(row));
        if (list) list.push(toChange(row));
        else byAccount.set(accountOf(row), [toChange(row)]);
      }
      return ids.map((id) => byAccount.get(id) ?? []);
    }),

    returnsByAccount: listLoader<repo.ReturnRow, NationalTaxReturn>({
      fetch: (ids, year) => repo.returnsFor(db, ids, year),
      ownerOf: accountOf,
      map: toReturn,
      yearOf: (r) => yearOfDate(r.periodFrom),
      levyItemOf: (r) => r.levyItem,
    }),

    paymentsByAccount: listLoader<repo.PaymentRow, NationalTaxPayment>({
      fetch: (ids, year) => repo.paymentsFor(db, ids, year),
      ownerOf: accountOf,
      map: toPayment,
      yearOf: (p) => yearOfDate(p.periodFrom),
      levyItemOf: (p) => p.levyItem,
    }),

    quotasByAccount: listLoader<repo.QuotaRow, NationalTaxTurnoverQuota>({
      fetch: (ids, year) => repo.quotasFor(db, ids, year),
      ownerOf: accountOf,
      map: toQuota,
      yearOf: (q) => q.year,
    }),

    deemedCitByAccount: listLoader<repo.DeemedCitRow, NationalTaxDeemedCit>({
      fetch: (ids, year) => repo.deemedCitFor(db, ids, year),
      ownerOf: accountOf,
      map: toDeemedCit,
      yearOf: (d) => d.year,
    }),

    creditRatingsByAccount: listLoader<repo.CreditRatingRow, NationalTaxCreditRating>({
      fetch: (ids, year) => repo.creditRatingsFor(db, ids, year),
      ownerOf: accountOf,
      map: toCreditRating,
      yearOf: (c) => c.year,
    }),

    /** Keyed by the carrier's TIN: freight invoices name their carrier by TIN, not by internal key. */
    freightInvoicesByCarrier: listLoader<repo.FreightInvoiceRow, NationalTaxFreightInvoice>({
      fetch: (tins, year) => repo.freightInvoicesFor(db, tins, year),
      ownerOf: carrierOf,
      map: toFreightInvoice,
      yearOf: (f) => yearOfDate(f.issuedOn),
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
