import { translateDbError } from '../../kit/db';
import { code } from '../../kit/mapping';
import type { TreasuryContext } from '../context';
import { voucherKeyString } from '../repository/mapper';
import type { Payment } from '../types/payment';

/**
 * `@apollo/subgraph` calls this once per representation: the request's loader turns all of them
 * into one statement. A representation whose key cannot exist resolves to null. Reference resolvers
 * run outside type-graphql's middleware, so database failures are translated here.
 */
export const paymentReference = {
  async __resolveReference(reference: { taxOfficeCode?: unknown; voucherNo?: unknown }, ctx: TreasuryContext): Promise<Payment | null> {
    const office = typeof reference.taxOfficeCode === 'string' ? code(reference.taxOfficeCode) : null;
    const voucher = typeof reference.voucherNo === 'string' ? code(reference.voucherNo) : null;
    if (!office || !voucher || !/^\d{11}$/.test(office) || voucher.length > 18) return null;
    try {
      return await ctx.loaders.paymentByVoucher.load(voucherKeyString(office, voucher));
    } catch (err) {
      throw translateDbError('treasury-bank', err);
    }
  },
};
