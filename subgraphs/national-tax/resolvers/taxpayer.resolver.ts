import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import { TAXPAYER_READ } from '../../kit/access';
import type { NationalTaxContext } from '../context';
import { NationalTaxAccount } from '../types/account';
import { Taxpayer } from '../types/taxpayer';

@Resolver(() => Taxpayer)
export class TaxpayerResolver {
  @Directive(TAXPAYER_READ)
  @FieldResolver(() => NationalTaxAccount, {
    nullable: true,
    description:
      'What the national tax bureau (国税) knows of this taxpayer: its primary registration record (DJ_NSRXX; a live record before a ' +
      'deregistered one, then the earliest registered, then the lowest DJXH); null when the bureau has no record under this USCC or its ' +
      'organization code.',
  })
  async nationalTax(@Root() taxpayer: Taxpayer, @Ctx() ctx: NationalTaxContext): Promise<NationalTaxAccount | null> {
    return (await ctx.loaders.accountsByUscc.load(taxpayer.uscc))[0] ?? null;
  }

  @Directive(TAXPAYER_READ)
  @FieldResolver(() => [NationalTaxAccount], {
    nullable: true,
    description:
      'Every national-tax registration record of this taxpayer (DJ_NSRXX), the primary one first: more than one means a duplicate ' +
      'registration (重复登记). Null only when national tax is unavailable (with a SOURCE_UNAVAILABLE error), so an outage costs only this ' +
      'field.',
  })
  nationalTaxRecords(@Root() taxpayer: Taxpayer, @Ctx() ctx: NationalTaxContext): Promise<NationalTaxAccount[] | null> {
    return ctx.loaders.accountsByUscc.load(taxpayer.uscc);
  }
}
