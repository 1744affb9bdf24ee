import { Arg, Ctx, Directive, ID, Int, Query, Resolver } from 'type-graphql';
import { TAXPAYER_READ } from '../../kit/access';
import { areaYearArguments, checkArgument, exactlyOneOf, filterCodes, TIN } from '../../kit/arguments';
import { Connection, decodeCursor, pageSize, toConnection } from '../../kit/connection';
import { badUserInput } from '../../../shared/errors';
import type { LocalTaxContext } from '../context';
import * as repo from '../repository/local-tax.repository';
import { ACCOUNT_KEY, ADMINISTRATOR_CODE, keysOf, toAccount } from '../repository/mapper';
import { LocalTaxAccount, LocalTaxAccountConnection } from '../types/account';
import { LocalTaxDeemedCitRateCount } from '../types/deemed-cit';
import { LocalTaxAccountFilter } from '../types/filter';

@Resolver()
export class QueryResolver {
  @Directive(TAXPAYER_READ)
  @Query(() => LocalTaxAccount, {
    nullable: true,
    description:
      'One local tax registration by its legacy identifier: the TIN as issued (SWDJ.SWDJZH; stray blanks and full-width characters ' +
      'forgiven) or the internal computer code (SWDJ.JSJDM). Give exactly one. Reaches records no USCC matches, such as individual ' +
      'businesses known only by a citizen-ID TIN. Under a TIN registered twice, the primary record.',
  })
  localTaxAccount(
    @Ctx() ctx: LocalTaxContext,
    @Arg('tin', () => String, { nullable: true, description: 'Taxpayer identification number (税务登记证号).' }) tin?: string | null,
    @Arg('id', () => ID, { nullable: true, description: 'Internal computer code (计算机代码), 8 characters.' }) id?: string | null,
  ): Promise<LocalTaxAccount | null> {
    if (exactlyOneOf('localTaxAccount', { tin, id }) === 'id') return ctx.loaders.accountById.load(checkArgument(ACCOUNT_KEY, id!, 'id'));
    return ctx.loaders.accountsByTin.load(checkArgument(TIN, tin!, 'tin')).then((list) => list[0] ?? null);
  }

  @Directive(TAXPAYER_READ)
  @Query(() => LocalTaxAccountConnection, {
    description:
      'Local tax registrations filtered by division, industry, status, tax office and administrator, in internal-key (JSJDM) order.',
  })
  async localTaxAccounts(
    @Ctx() ctx: LocalTaxContext,
    @Arg('filter', () => LocalTaxAccountFilter, { nullable: true, description: 'Which registrations to list; all when omitted.' })
    filter?: LocalTaxAccountFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size (default 50, at most 500).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last item of the previous page.' }) after?: string | null,
  ): Promise<Connection<LocalTaxAccount>> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after, 1);
    const codes = filterCodes(filter, ADMINISTRATOR_CODE);
    if (codes.administratorCode && filter?.withoutAdministrator === true) {
      throw badUserInput('administratorCode and withoutAdministrator: true contradict each other', { argument: 'filter' });
    }
    const listFilter: repo.ListFilter = {
      ...codes,
      status: filter?.status ?? null,
      withoutAdministrator: filter?.withoutAdministrator ?? null,
    };
    const rows = await repo.list(ctx.db, listFilter, limit + 1, cursor?.[0] ?? null);
    return toConnection(rows, limit, (r) => [keysOf(r).id], toAccount);
  }

  @Directive(TAXPAYER_READ)
  @Query(() => [LocalTaxDeemedCitRateCount], {
    description:
      'Deemed-profit CIT rates (SDS_HD.YSSDL) assessed for a year to the registrations of one division (SWDJ.XZQH) and industry (HYDM), ' +
      'with how many registrations got each, most common first; soft-deleted records and those with a placeholder TIN (garbage) are left ' +
      'out. More than one rate is an imbalance (task 5).',
  })
  async localTaxDeemedCitRates(
    @Ctx() ctx: LocalTaxContext,
    @Arg('division', () => String, { description: 'Division code, GB/T 2260, 6 digits.' }) division: string,
    @Arg('industryCode', () => String, { description: 'Industry code, GB/T 4754, 4 characters.' }) industryCode: string,
    @Arg('year', () => Int, { description: 'Year assessed (SDS_HD.ND).' }) year: number,
  ): Promise<LocalTaxDeemedCitRateCount[]> {
    return ctx.loaders.deemedCitRates.load(areaYearArguments(division, industryCode, year));
  }
}
