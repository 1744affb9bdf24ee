import { Args, Ctx, Directive, Query, Resolver } from 'type-graphql';
import { TAXPAYER_READ } from '../../kit/access';
import { RevenueArgs, revenueWindow } from '../../kit/revenue';
import type { CooperationContext } from '../context';
import { caller } from '../facts/source-calls';
import { revenueExchange } from '../revenue/exchange';
import { RevenueFigure } from '../types/revenue-figure';

@Resolver()
export class RevenueResolver {
  @Directive(TAXPAYER_READ)
  @Query(() => [RevenueFigure], {
    description:
      'The exchange of revenue figures (定期交换税收会计、统计及计划报表数据): collected revenue by tax, area, month and budget subject from national ' +
      'tax (ZS_YJSF), local tax (SP_JK) and TIPS (the treasury entries), side by side with the difference; live from the sources, each summing ' +
      'in SQL. BAD_USER_INPUT for a year, month or division that cannot be one.',
  })
  async revenueExchange(@Ctx() ctx: CooperationContext, @Args() { year, month, division }: RevenueArgs): Promise<RevenueFigure[]> {
    const w = revenueWindow(year, month, division); // checked here, so a bad argument never reaches the sources
    return revenueExchange(caller(ctx.endpoints, ctx.requestId), { year, month: month ?? null, division: w.division });
  }
}
