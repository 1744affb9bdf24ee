import { Arg, Ctx, Directive, Query, Resolver } from 'type-graphql';
import { TAXPAYER_READ } from '../../kit/access';
import { checkArgument, DIVISION } from '../../kit/arguments';
import type { NationalTaxContext } from '../context';
import * as repo from '../repository/national-tax.repository';
import { toOffice } from '../repository/mapper';
import { NationalTaxOffice } from '../types/tax-office';

@Resolver()
export class NationalTaxOfficeResolver {
  @Directive(TAXPAYER_READ)
  @Query(() => [NationalTaxOffice], {
    description:
      'The tax offices of one division (code table DM_SWJG by its division column), by code; empty when the table lists none there. ' +
      'Where a business no bureau knows is reported (task 9).',
  })
  async nationalTaxOffices(
    @Ctx() ctx: NationalTaxContext,
    @Arg('division', () => String, { description: 'Division code, GB/T 2260, 6 digits.' }) division: string,
  ): Promise<NationalTaxOffice[]> {
    return (await repo.officesIn(ctx.db, checkArgument(DIVISION, division, 'division'))).map(toOffice);
  }
}
