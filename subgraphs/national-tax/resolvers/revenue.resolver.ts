import { Arg, Ctx, Directive, Int, Query, Resolver } from 'type-graphql';
import { TAXPAYER_READ } from '../../kit/access';
import { revenueWindow } from '../../kit/revenue';
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
  async nationalTaxRevenue(
    @Ctx() ctx: NationalTaxContext,
    @Arg('year', () => Int, { description: 'Year paid.' }) year: number,
    @Arg('month', () => Int, { nullable: true, description: 'Month paid (1-12); omitted, the whole year.' }) month?: number | null,
    @Arg('division', () => String, {
      nullable: true,
      description: 'A province (2 digits), a city (4) or a district or county (6): registrations whose division starts with it.',
    })
    division?: string | null,
  ): Promise<NationalTaxRevenue[]> {
    return (await revenueFor(ctx.db, revenueWindow(year, month, division))).map(toRevenue);
  }
}
