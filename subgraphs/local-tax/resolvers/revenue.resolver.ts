import { Args, Ctx, Directive, Query, Resolver } from 'type-graphql';
import { TAXPAYER_READ } from '../../kit/access';
import { RevenueArgs, revenueWindow } from '../../kit/revenue';
import type { LocalTaxContext } from '../context';
import { revenueFor } from '../repository/ledger.repository';
import { toRevenue } from '../repository/ledger.mapper';
import { LocalTaxRevenue } from '../types/revenue';

@Resolver()
export class LocalTaxRevenueResolver {
  @Directive(TAXPAYER_READ)
  @Query(() => [LocalTaxRevenue], {
    description:
      'What local tax booked as collected (its payment ledger SP_JK), summed by tax, division, month paid and budget subject, in one grouped ' +
      'statement: its column of the exchange of revenue figures (cooperation revenueExchange lays the sources side by side).',
  })
  async localTaxRevenue(@Ctx() ctx: LocalTaxContext, @Args() { year, month, division }: RevenueArgs): Promise<LocalTaxRevenue[]> {
    return (await revenueFor(ctx.db, revenueWindow(year, month, division))).map(toRevenue);
  }
}
