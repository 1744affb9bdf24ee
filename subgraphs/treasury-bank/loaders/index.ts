import DataLoader from 'dataloader';
import type { Knex } from 'knex';
import { manyByKey, oneByKey } from '../../kit/batch';
import { Connection, toConnection } from '../../kit/connection';
import { matchFor } from '../../kit/taxpayer-key';
import * as repo from '../repository/payment.repository';
import {
  pageOf,
  parseVoucherKey,
  positionOf,
  refundedVoucherOf,
  toPayment,
  toRefund,
  voucherKeyString,
  voucherOf,
} from '../repository/mapper';
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
    oneByKey(keys, await repo.paymentsByVouchers(db, restriction, keys.map(parseVoucherKey)), voucherOf, toPayment),
  );

  return {
    /** A payment by '<tax office>|<voucher number>' (voucherKeyString). */
    paymentByVoucher,

    /** Refunds of a payment by '<tax office>|<voucher number>', oldest first. */
    refundsByVoucher: new DataLoader<string, PaymentRefund[]>(async (keys) =>
      manyByKey(keys, await repo.refundsFor(db, keys.map(parseVoucherKey)), refundedVoucherOf, toRefund),
    ),

    /** A page of a taxpayer's payments, newest first; all pages of a level in one statement. */
    paymentsOfTaxpayer: new DataLoader<TaxpayerPaymentsPage, Connection<Payment>, string>(
      async (pages) => {
        const rows = await repo.pagesForPayers(
          db,
          restriction,
          pages.map((p) => ({ payer: matchFor(p.uscc), limit: p.limit + 1, after: p.after })),
        );
        const byPage = manyByKey(
          pages.map((_, i) => i),
          rows,
          (r) => pageOf(r).key,
        );
        return pages.map((p, i) => {
          const all = byPage[i];
          const total = all.length ? pageOf(all[0]).total : 0;
          const connection = toConnection(
            all.filter((r) => pageOf(r).inPage),
            p.limit,
            positionOf,
            toPayment,
            total,
          );
          for (const { node } of connection.edges) paymentByVoucher.prime(voucherKeyString(node.taxOfficeCode, node.voucherNo), node);
          return connection;
        });
      },
      { cacheKeyFn: (p) => `${p.uscc}|${p.limit}|${p.after?.join('|') ?? ''}` },
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
