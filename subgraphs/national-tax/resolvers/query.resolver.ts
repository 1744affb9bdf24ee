import { Arg, Ctx, Directive, ID, Int, Query, Resolver } from 'type-graphql';
import { TAXPAYER_READ } from '../../kit/access';
import { areaYearArguments, checkArgument, exactlyOneOf, filterCodes, REGISTRATION_NUMBER, TIN } from '../../kit/arguments';
import { Connection, decodeCursor, pageSize, toConnection } from '../../kit/connection';
import { isValidUscc } from '../../../shared/identifiers';
import { matchFor } from '../../kit/taxpayer-key';
import type { NationalTaxContext } from '../context';
import * as repo from '../repository/national-tax.repository';
import { ACCOUNT_KEY, ADMINISTRATOR_CODE, keysOf, toAccount } from '../repository/mapper';
import { NationalTaxStatus } from '../types/enums';
import { NationalTaxAccount, NationalTaxAccountConnection } from '../types/account';
import { NationalTaxDeemedCitRateCount } from '../types/deemed-cit';
import { NationalTaxAccountFilter } from '../types/filter';

@Resolver()
export class QueryResolver {
  @Directive(TAXPAYER_READ)
  @Query(() => NationalTaxAccount, {
    nullable: true,
    description:
      'A national-tax registration record by a legacy identifier, also for records no USCC leads to (ID-based TINs, garbage rows). Give exactly one of `tin` ' +
      '(DJ_NSRXX.NSRSBH; blanks and full-width characters are ignored; a USCC also finds a record filed under the old TIN it replaced) ' +
      'or `id` (DJ_NSRXX.DJXH) or `registrationNumber` (DJ_NSRXX.GSDJZCH, the business registration number copied from the licence). ' +
      'Several records under one TIN give the primary one (see Taxpayer.nationalTaxRecords for all). Null when none matches.',
  })
  async nationalTaxAccount(
    @Ctx() ctx: NationalTaxContext,
    @Arg('tin', () => String, {
      nullable: true,
      description: 'Taxpayer identification number (纳税人识别号): old 15-character TIN, 20-character ID-based TIN or USCC.',
    })
    tin?: string | null,
    @Arg('id', () => ID, { nullable: true, description: "The bureau's internal key (登记序号 DJXH)." }) id?: string | null,
    @Arg('registrationNumber', () => String, {
      nullable: true,
      description:
        'The business registration number (工商注册号, DJ_NSRXX.GSDJZCH): how an old registry record without a USCC finds its taxpayer.',
    })
    registrationNumber?: string | null,
  ): Promise<NationalTaxAccount | null> {
    const by = exactlyOneOf('nationalTaxAccount', { tin, id, registrationNumber });
    if (by === 'id') return ctx.loaders.accountById.load(checkArgument(ACCOUNT_KEY, id!, 'id'));
    if (by === 'registrationNumber')
      return (
        (
          await ctx.loaders.accountsByRegistrationNumber.load(checkArgument(REGISTRATION_NUMBER, registrationNumber!, 'registrationNumber'))
        )[0] ?? null
      );
    const t = checkArgument(TIN, tin!, 'tin');
    const byTin = await ctx.loaders.accountsByTin.load(t);
    if (byTin.length) return byTin[0];
    // From 2015-10 a USCC replaced the TIN: a taxpayer still filed under its old TIN is found by the code inside it.
    if (t.length === 18 && isValidUscc(t)) return (await ctx.loaders.accountsByUscc.load(t))[0] ?? null;
    return null;
  }

  @Directive(TAXPAYER_READ)
  @Query(() => NationalTaxAccountConnection, {
    description:
      'National-tax registration records filtered by area, industry, status, tax office, administrator and registration date, in internal-key (DJXH) order.',
  })
  async nationalTaxAccounts(
    @Ctx() ctx: NationalTaxContext,
    @Arg('filter', () => NationalTaxAccountFilter, { nullable: true }) filter?: NationalTaxAccountFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size (default 50, at most 500).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last item of the previous page (pageInfo.endCursor).' })
    after?: string | null,
  ): Promise<Connection<NationalTaxAccount>> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after, 1, ([id]) => ACCOUNT_KEY.pattern.test(id));
    const listFilter: repo.ListFilter = {
      ...filterCodes(filter, ADMINISTRATOR_CODE),
      match: filter?.uscc ? matchFor(filter.uscc) : null,
      status: filter?.status ?? null,
      registeredFrom: filter?.registeredFrom,
      registeredTo: filter?.registeredTo,
    };
    if (filter?.abnormalOnly) {
      // abnormalOnly with another status asks for nothing.
      if (listFilter.status && listFilter.status !== NationalTaxStatus.ABNORMAL) return toConnection([], limit, () => [], toAccount);
      listFilter.status = NationalTaxStatus.ABNORMAL;
    }
    const rows = await repo.list(ctx.db, listFilter, limit + 1, cursor?.[0] ?? null);
    return toConnection(rows, limit, (r) => [keysOf(r).id], toAccount);
  }

  @Directive(TAXPAYER_READ)
  @Query(() => [NationalTaxDeemedCitRateCount], {
    description:
      'Deemed-profit CIT rates (SDS_HDZSXX.YSSDL) assessed for a year to the registrations of one division (DJ_NSRXX.XZQH_DM, the ' +
      'current one) and industry (HY_DM), ' +
      'with how many registrations got each, most common first; records with a placeholder TIN (garbage) are left out. More than one ' +
      'rate is an imbalance (task 5).',
  })
  async nationalTaxDeemedCitRates(
    @Ctx() ctx: NationalTaxContext,
    @Arg('division', () => String, { description: 'Division code, GB/T 2260, 6 digits.' }) division: string,
    @Arg('industryCode', () => String, { description: 'Industry code, GB/T 4754, 4 characters.' }) industryCode: string,
    @Arg('year', () => Int, { description: 'Year assessed (SDS_HDZSXX.ND).' }) year: number,
  ): Promise<NationalTaxDeemedCitRateCount[]> {
    return ctx.loaders.deemedCitRates.load(areaYearArguments(division, industryCode, year));
  }
}
