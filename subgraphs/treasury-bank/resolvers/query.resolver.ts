import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { Connection, pageSize, toConnection } from '../../kit/connection';
import { matchFor } from '../../kit/taxpayer-key';
import type { TreasuryContext } from '../context';
import * as repo from '../repository/payment.repository';
import { positionOf, toPayment, voucherKeyString } from '../repository/mapper';
import { PaymentFilter } from '../types/filter';
import { Payment, PaymentConnection } from '../types/payment';
import {
  bankCodeArg,
  charDateArg,
  chinaDateTimeArg,
  payerTinArg,
  paymentCursorArg,
  taxOfficeCodeArg,
  taxTypeArg,
  voucherNoArg,
} from './arguments';

@Resolver()
export class QueryResolver {
  @Query(() => Payment, {
    nullable: true,
    description:
      'A payment by its tax office and voucher number (TaxPayment.TaxOrgCode, TaxVouNo); null when TIPS has none, or when the caller is a bank and the payment went through another bank.',
  })
  payment(
    @Arg('taxOfficeCode', { description: 'Levying tax office, 11 digits.' }) taxOfficeCode: string,
    @Arg('voucherNo', { description: 'Tax voucher number (税票号码).' }) voucherNo: string,
    @Ctx() ctx: TreasuryContext,
  ): Promise<Payment | null> {
    return ctx.loaders.paymentByVoucher.load(voucherKeyString(taxOfficeCodeArg(taxOfficeCode), voucherNoArg(voucherNo)));
  }

  @Query(() => PaymentConnection, {
    description:
      'TIPS payments filtered by bank, status, tax office, tax type, entrustment date, payer; newest first (entrustment date, tax office, transaction number). A bank caller sees only payments through its own bank code, whatever the filter says.',
  })
  async payments(
    @Ctx() ctx: TreasuryContext,
    @Arg('filter', () => PaymentFilter, { nullable: true, description: 'Which payments; omitted, all of them.' })
    filter?: PaymentFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size (default 50, at most 500).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last item of the previous page.' }) after?: string | null,
  ): Promise<Connection<Payment>> {
    const limit = pageSize(first);
    const cursor = paymentCursorArg(after);
    const rows = await repo.list(
      ctx.db,
      ctx.restriction,
      {
        bankCode: filter?.bankCode != null ? bankCodeArg(filter.bankCode, 'filter.bankCode') : null,
        status: filter?.status ?? null,
        taxOrgCode: filter?.taxOfficeCode != null ? taxOfficeCodeArg(filter.taxOfficeCode, 'filter.taxOfficeCode') : null,
        taxTypeCode: filter?.taxType != null ? taxTypeArg(filter.taxType, 'filter.taxType') : null,
        entrustFrom: filter?.entrustedFrom ? charDateArg(filter.entrustedFrom) : null,
        entrustTo: filter?.entrustedTo ? charDateArg(filter.entrustedTo) : null,
        since: filter?.since ? chinaDateTimeArg(filter.since) : null,
        taxPayCode: filter?.payerTin != null ? payerTinArg(filter.payerTin, 'filter.payerTin') : null,
        payer: filter?.uscc ? matchFor(filter.uscc) : null,
      },
      limit + 1,
      cursor,
    );
    const page = toConnection(rows, limit, positionOf, toPayment);
    for (const { node } of page.edges) ctx.loaders.paymentByVoucher.prime(voucherKeyString(node.taxOfficeCode, node.voucherNo), node);
    return page;
  }
}
