import { Arg, Ctx, Directive, Int, Query, Resolver } from 'type-graphql';
import { TAXPAYER_READ } from '../../kit/access';
import { revenueWindow } from '../../kit/revenue';
import type { TreasuryContext } from '../context';
import { revenueFor, toRevenue } from '../repository/revenue.repository';
import { TreasuryRevenue } from '../types/revenue';

@Resolver()
export class TreasuryRevenueResolver {
  @Directive(TAXPAYER_READ)
  @Query(() => [TreasuryRevenue], {
    description:
      "What TIPS carried into the treasury, summed by tax, the levying office's division, month of entry and budget subject, in one grouped " +
      'statement: the third column of the exchange of revenue figures (cooperation revenueExchange). Not for banks.',
  })
  async treasuryRevenue(
    @Ctx() ctx: TreasuryContext,
    @Arg('year', () => Int, { description: 'Year it entered the treasury.' }) year: number,
    @Arg('month', () => Int, { nullable: true, description: 'Month (1-12); omitted, the whole year.' }) month?: number | null,
    @Arg('division', () => String, {
      nullable: true,
      description: 'A province (2 digits), a city (4) or a district or county (6): levying offices whose division starts with it.',
    })
    division?: string | null,
  ): Promise<TreasuryRevenue[]> {
    return (await revenueFor(ctx.db, revenueWindow(year, month, division))).map(toRevenue);
  }
}
