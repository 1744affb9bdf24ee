import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { NationalTaxContext } from '../context';
import { NationalTaxAccount } from '../types/account';
import { NationalTaxCreditRating } from '../types/credit-rating';
import { NationalTaxDeemedCit } from '../types/deemed-cit';
import { NationalTaxLevyItem } from '../types/enums';
import { NationalTaxFreightInvoice } from '../types/freight-invoice';
import { NationalTaxRegistrationChange } from '../types/registration-change';
import { NationalTaxPayment } from '../types/tax-payment';
import { NationalTaxReturn } from '../types/tax-return';
import { NationalTaxTurnoverQuota } from '../types/turnover-quota';
import { Taxpayer } from '../types/taxpayer';
import { yearArgument } from '../../kit/arguments';

const YEAR = { nullable: true, description: 'Only this year (omitted: every year).' } as const;
const PERIOD_YEAR = { nullable: true, description: 'Only tax periods starting in this year (omitted: every period).' } as const;
const LEVY_ITEM = { nullable: true, description: 'Only this tax (omitted: every tax).' } as const;

/** The relations of a registration record; each goes through a request loader, one statement per level. */
@Resolver(() => NationalTaxAccount)
export class NationalTaxAccountResolver {
  @FieldResolver(() => Taxpayer, {
    nullable: true,
    description:
      'The taxpayer this record stands for; null when no USCC is recorded or derivable (e.g. an individual business known only by its ID-based TIN).',
  })
  taxpayer(@Root() account: NationalTaxAccount): Taxpayer | null {
    return account.uscc ? { uscc: account.uscc } : null;
  }

  @FieldResolver(() => [NationalTaxRegistrationChange], {
    description: 'Registration changes, migration out included, oldest first (DJ_BGDJ).',
  })
  changes(@Root() account: NationalTaxAccount, @Ctx() ctx: NationalTaxContext): Promise<NationalTaxRegistrationChange[]> {
    return ctx.loaders.changesByAccount.load(account.id);
  }

  @FieldResolver(() => [NationalTaxReturn], { description: 'VAT, consumption tax and CIT returns, by period (SB_SBXX).' })
  returns(
    @Root() account: NationalTaxAccount,
    @Ctx() ctx: NationalTaxContext,
    @Arg('year', () => Int, PERIOD_YEAR) year?: number | null,
    @Arg('levyItem', () => NationalTaxLevyItem, LEVY_ITEM) levyItem?: NationalTaxLevyItem | null,
  ): Promise<NationalTaxReturn[]> {
    return ctx.loaders.returnsByAccount.load({ owner: account.id, year: yearArgument(year), filter: levyItem ?? null });
  }

  @FieldResolver(() => [NationalTaxPayment], { description: 'Tax actually paid, by period (ZS_YJSF 已缴税费).' })
  payments(
    @Root() account: NationalTaxAccount,
    @Ctx() ctx: NationalTaxContext,
    @Arg('year', () => Int, PERIOD_YEAR) year?: number | null,
    @Arg('levyItem', () => NationalTaxLevyItem, LEVY_ITEM) levyItem?: NationalTaxLevyItem | null,
  ): Promise<NationalTaxPayment[]> {
    return ctx.loaders.paymentsByAccount.load({ owner: account.id, year: yearArgument(year), filter: levyItem ?? null });
  }

  @FieldResolver(() => [NationalTaxTurnoverQuota], {
    description: 'Fixed turnover quotas of an individual business, by year (HD_DEXX 核定定额).',
  })
  turnoverQuotas(
    @Root() account: NationalTaxAccount,
    @Ctx() ctx: NationalTaxContext,
    @Arg('year', () => Int, YEAR) year?: number | null,
  ): Promise<NationalTaxTurnoverQuota[]> {
    return ctx.loaders.quotasByAccount.load({ owner: account.id, year: yearArgument(year) });
  }

  @FieldResolver(() => [NationalTaxDeemedCit], { description: 'Deemed-profit CIT assessments, by year (SDS_HDZSXX 企业所得税核定征收).' })
  deemedCit(
    @Root() account: NationalTaxAccount,
    @Ctx() ctx: NationalTaxContext,
    @Arg('year', () => Int, YEAR) year?: number | null,
  ): Promise<NationalTaxDeemedCit[]> {
    return ctx.loaders.deemedCitByAccount.load({ owner: account.id, year: yearArgument(year) });
  }

  @FieldResolver(() => [NationalTaxCreditRating], { description: "The bureau's tax credit ratings, by year (XY_NSRXYPJ 纳税信用评价)." })
  creditRatings(
    @Root() account: NationalTaxAccount,
    @Ctx() ctx: NationalTaxContext,
    @Arg('year', () => Int, YEAR) year?: number | null,
  ): Promise<NationalTaxCreditRating[]> {
    return ctx.loaders.creditRatingsByAccount.load({ owner: account.id, year: yearArgument(year) });
  }

  @FieldResolver(() => [NationalTaxFreightInvoice], {
    description: "Freight invoices with this record's TIN as the carrier (FP_HYFP.CYRNSRSBH), by issue date.",
  })
  freightInvoices(
    @Root() account: NationalTaxAccount,
    @Ctx() ctx: NationalTaxContext,
    @Arg('year', () => Int, { nullable: true, description: 'Only invoices issued in this year (omitted: every year).' })
    year?: number | null,
  ): Promise<NationalTaxFreightInvoice[]> {
    return ctx.loaders.freightInvoicesByCarrier.load({ owner: account.tin, year: yearArgument(year) });
  }
}
