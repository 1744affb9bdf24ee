import { Args, Ctx, Directive, Query, Resolver } from 'type-graphql';
import { TAXPAYER_READ } from '../../kit/access';
import { RevenueArgs, revenueWindow } from '../../kit/revenue';
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
  async treasuryRevenue(@Ctx() ctx: TreasuryContext, @Args() { year, month, division }: RevenueArgs): Promise<TreasuryRevenue[]> {
    return (await revenueFor(ctx.db, revenueWindow(year, month, division))).map(toRevenue);
  }
}
