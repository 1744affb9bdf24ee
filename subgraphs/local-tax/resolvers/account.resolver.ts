import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { LocalTaxContext } from '../context';
import { LocalTaxAccount } from '../types/account';
import { LocalTaxAuditCase } from '../types/audit-case';
import { LocalTaxCreditRating } from '../types/credit-rating';
import { LocalTaxDeemedCit } from '../types/deemed-cit';
import { LocalTaxType } from '../types/enums';
import { LocalTaxReturn } from '../types/return';
import { Taxpayer } from '../types/taxpayer';
import { LocalTaxTurnoverQuota } from '../types/turnover-quota';
import { yearArgument } from '../../kit/arguments';

@Resolver(() => LocalTaxAccount)
export class LocalTaxAccountResolver {
  @FieldResolver(() => Taxpayer, {
    nullable: true,
    description:
      'The taxpayer this registration belongs to; null when no USCC is recorded or derivable (individual businesses known by citizen-ID TIN, garbage records).',
  })
  taxpayer(@Root() account: LocalTaxAccount): Taxpayer | null {
    return account.uscc ? { uscc: account.uscc } : null;
  }

  @FieldResolver(() => [LocalTaxReturn], {
    description: 'Return lines by period and tax type (SB_MX): business tax, urban construction tax and surcharges; oldest period first.',
  })
  returns(
    @Root() account: LocalTaxAccount,
    @Ctx() ctx: LocalTaxContext,
    @Arg('year', () => Int, { nullable: true, description: 'Only periods starting in this year (SB_MX.SSQQ).' }) year?: number | null,
    @Arg('taxType', () => LocalTaxType, { nullable: true, description: 'Only this tax type (SB_MX.SZDM).' }) taxType?: LocalTaxType | null,
  ): Promise<LocalTaxReturn[]> {
    return ctx.loaders.returnsByAccount.load({ owner: account.id, year: yearArgument(year), filter: taxType ?? null });
  }

  @FieldResolver(() => [LocalTaxTurnoverQuota], {
    description: 'Fixed turnover quotas of an individual business, by year (GTDE); empty for enterprises.',
  })
  turnoverQuotas(
    @Root() account: LocalTaxAccount,
    @Ctx() ctx: LocalTaxContext,
    @Arg('year', () => Int, { nullable: true, description: 'Only this year (GTDE.ND).' }) year?: number | null,
  ): Promise<LocalTaxTurnoverQuota[]> {
    return ctx.loaders.quotasByAccount.load({ owner: account.id, year: yearArgument(year) });
  }

  @FieldResolver(() => [LocalTaxDeemedCit], {
    description: 'Deemed-profit CIT assessments by year (SDS_HD); empty when CIT is not deemed or national tax assesses it.',
  })
  deemedCit(
    @Root() account: LocalTaxAccount,
    @Ctx() ctx: LocalTaxContext,
    @Arg('year', () => Int, { nullable: true, description: 'Only this year (SDS_HD.ND).' }) year?: number | null,
  ): Promise<LocalTaxDeemedCit[]> {
    return ctx.loaders.deemedCitByAccount.load({ owner: account.id, year: yearArgument(year) });
  }

  @FieldResolver(() => [LocalTaxCreditRating], { description: "The local bureau's credit ratings by year (XYPJ)." })
  creditRatings(
    @Root() account: LocalTaxAccount,
    @Ctx() ctx: LocalTaxContext,
    @Arg('year', () => Int, { nullable: true, description: 'Only this year (XYPJ.ND).' }) year?: number | null,
  ): Promise<LocalTaxCreditRating[]> {
    return ctx.loaders.creditRatingsByAccount.load({ owner: account.id, year: yearArgument(year) });
  }

  @FieldResolver(() => [LocalTaxAuditCase], { description: 'Audit cases (JC_AJ), oldest first.' })
  auditCases(
    @Root() account: LocalTaxAccount,
    @Ctx() ctx: LocalTaxContext,
    @Arg('year', () => Int, { nullable: true, description: 'Only cases opened in this year (JC_AJ.LARQ).' }) year?: number | null,
  ): Promise<LocalTaxAuditCase[]> {
    return ctx.loaders.auditCasesByAccount.load({ owner: account.id, year: yearArgument(year) });
  }
}
