import DataLoader from 'dataloader';
import type { Knex } from 'knex';
import { manyByKey, oneByKey } from '../../kit/batch';
import { Connection, toConnection } from '../../kit/connection';
import { code } from '../../kit/mapping';
import { matchFor } from '../../kit/taxpayer-key';
import * as repo from '../repository/payment.repository';
import { parseVoucherKey, positionOf, refundVoucherKey, toPayment, toRefund, voucherKeyString } from '../repository/mapper';
import type { Payment } from '../types/payment';
import type { PaymentRefund } from '../types/payment-refund';

/** A page of one taxpayer's payments: the loader key carries the page, so equal pages share one load. */
export interface TaxpayerPaymentsPage {
  uscc: string;
  /** Validated page size. */
  limit: number;
  after: repo.PaymentPosition | null;
}

/**
 * A request's loaders: one SQL statement per loader and level, however many keys. `restriction`
 * (a bank's own payments only) reaches every statement through the repository.
 */
export function createLoaders(db: Knex, restriction: repo.BankRestriction | null) {
  const paymentByVoucher = new DataLoader<string, Payment | null>(async (keys) =>
    oneByKey(
      keys,
      await repo.findByVouchers(db, restriction, keys.map(parseVoucherKey)),
      (r) => voucherKeyString(code(r.TaxOrgCode) ?? '', code(r.TaxVouNo) ?? ''),
      toPayment,
    ),
  );

  return {
    /** A payment by '<tax office>|<voucher number>' (voucherKeyString). */
    paymentByVoucher,

    /** Refunds of a payment by '<tax office>|<voucher number>', oldest first. */
    refundsByVoucher: new DataLoader<string, PaymentRefund[]>(async (keys) =>
      manyByKey(keys, await repo.refundsFor(db, keys.map(parseVoucherKey)), refundVoucherKey, toRefund),
    ),

    /** A page of a taxpayer's payments, newest first; all pages of a level in one statement. */
    paymentsOfTaxpayer: new DataLoader<TaxpayerPaymentsPage, Connection<Payment>, string>(
      async (pages) => {
        // A representation's USCC is not checked by the scalar: one that is not 18 characters matches nothing.
        const usable = pages.map((p, i) => ({ p, i })).filter(({ p }) => p.uscc.length === 18);
        const rows = usable.length
          ? await repo.pagesForPayers(
              db,
              restriction,
              usable.map(({ p }) => ({ payer: matchFor(p.uscc), limit: p.limit + 1, after: p.after })),
            )
          : [];
        const byPage = manyByKey(
          usable.map((_, k) => k),
          rows,
          (r) => Number(r.KeyIndex),
        );
        const result: Connection<Payment>[] = pages.map(() => toConnection([], 0, positionOf, toPayment, 0));
        usable.forEach(({ p, i }, k) => {
          const all = byPage[k];
          const total = all.length ? Number(all[0].TotalCount) : 0;
          const connection = toConnection(
            all.filter((r) => r.InPage),
            p.limit,
            positionOf,
            toPayment,
            total,
          );
          for (const { node } of connection.edges) paymentByVoucher.prime(voucherKeyString(node.taxOfficeCode, node.voucherNo), node);
          result[i] = connection;
        });
        return result;
      },
      { cacheKeyFn: (p) => `${p.uscc}|${p.limit}|${p.after?.join('|') ?? ''}` },
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
