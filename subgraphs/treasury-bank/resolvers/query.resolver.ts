import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { BANK_CODE, checkArgument, LEVY_ITEM_CODE, optionalArgument, TAX_OFFICE_CODE, TIN, VOUCHER_NO } from '../../kit/arguments';
import { Connection, pageSize, toConnection } from '../../kit/connection';
import { matchFor } from '../../kit/taxpayer-key';
import type { TreasuryContext } from '../context';
import * as repo from '../repository/payment.repository';
import { positionAfter, positionOf, toPayment, voucherKeyString } from '../repository/mapper';
import { PaymentFilter } from '../types/filter';
import { Payment, PaymentConnection } from '../types/payment';

@Resolver()
export class QueryResolver {
  @Query(() => Payment, {
    nullable: true,
    description:
      'A payment by its tax office and voucher number (TaxPayment.TaxOrgCode, TaxVouNo); null when TIPS has none, or when the caller is ' +
      'a bank and the payment went through another bank.',
  })
  payment(
    @Arg('taxOfficeCode', { description: 'Levying tax office, 11 digits.' }) taxOfficeCode: string,
    @Arg('voucherNo', { description: 'Tax voucher number (税票号码).' }) voucherNo: string,
    @Ctx() ctx: TreasuryContext,
  ): Promise<Payment | null> {
    const office = checkArgument(TAX_OFFICE_CODE, taxOfficeCode, 'taxOfficeCode');
    return ctx.loaders.paymentByVoucher.load(voucherKeyString(office, checkArgument(VOUCHER_NO, voucherNo, 'voucherNo')));
  }

  @Query(() => PaymentConnection, {
    description:
      'TIPS payments filtered by bank, status, tax office, tax type, entrustment date, payer; newest first (entrustment date, tax ' +
      'office, transaction number). A bank caller sees only payments through its own bank code, whatever the filter says.',
  })
  async payments(
    @Ctx() ctx: TreasuryContext,
    @Arg('filter', () => PaymentFilter, { nullable: true, description: 'Which payments; omitted, all of them.' })
    filter?: PaymentFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size (default 50, at most 500).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last item of the previous page.' }) after?: string | null,
  ): Promise<Connection<Payment>> {
    const limit = pageSize(first);
    const cursor = positionAfter(after);
    const listFilter: repo.ListFilter = {
      bankCode: optionalArgument(BANK_CODE, filter?.bankCode, 'filter.bankCode'),
      status: filter?.status ?? null,
      taxOfficeCode: optionalArgument(TAX_OFFICE_CODE, filter?.taxOfficeCode, 'filter.taxOfficeCode'),
      taxType: optionalArgument(LEVY_ITEM_CODE, filter?.taxType, 'filter.taxType'),
      entrustedFrom: filter?.entrustedFrom,
      entrustedTo: filter?.entrustedTo,
      since: filter?.since,
      payerTin: optionalArgument(TIN, filter?.payerTin, 'filter.payerTin'),
      payer: filter?.uscc ? matchFor(filter.uscc) : null,
    };
    const rows = await repo.list(ctx.db, ctx.restriction, listFilter, limit + 1, cursor);
    const page = toConnection(rows, limit, positionOf, toPayment);
    for (const { node } of page.edges) ctx.loaders.paymentByVoucher.prime(voucherKeyString(node.taxOfficeCode, node.voucherNo), node);
    return page;
  }
}
