import { Args, Ctx, Directive, Query, Resolver } from 'type-graphql';
import { TAXPAYER_READ } from '../../kit/access';
import { RevenueArgs, revenueWindow } from '../../kit/revenue';
import type { NationalTaxContext } from '../context';
import { revenueFor, toRevenue } from '../repository/revenue.repository';
import { NationalTaxRevenue } from '../types/revenue';

@Resolver()
export class NationalTaxRevenueResolver {
  @Directive(TAXPAYER_READ)
  @Query(() => [NationalTaxRevenue], {
    description:
      'What national tax booked as paid (its levy records ZS_YJSF), summed by levy item, division, month paid and budget subject, in one ' +
      'grouped statement: its column of the exchange of revenue figures (cooperation revenueExchange lays the sources side by side).',
  })
  async nationalTaxRevenue(@Ctx() ctx: NationalTaxContext, @Args() { year, month, division }: RevenueArgs): Promise<NationalTaxRevenue[]> {
    return (await revenueFor(ctx.db, revenueWindow(year, month, division))).map(toRevenue);
  }
}
