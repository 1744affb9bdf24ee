import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import { TAXPAYER_READ } from '../../kit/access';
import type { LocalTaxContext } from '../context';
import { LocalTaxAccount } from '../types/account';
import { Taxpayer } from '../types/taxpayer';

@Resolver(() => Taxpayer)
export class TaxpayerResolver {
  @Directive(TAXPAYER_READ)
  @FieldResolver(() => LocalTaxAccount, {
    nullable: true,
    description:
      'What the local tax bureau (地税) knows of this taxpayer: its primary registration (SWDJ; not deregistered first, then the earliest ' +
      'registration date, then the lowest internal key), found by the recorded USCC (TYXYDM) or the organization code in its TIN ' +
      '(SWDJZH); null when local tax has no record.',
  })
  async localTax(@Root() taxpayer: Taxpayer, @Ctx() ctx: LocalTaxContext): Promise<LocalTaxAccount | null> {
    return (await ctx.loaders.accountsByUscc.load(taxpayer.uscc))[0] ?? null;
  }

  @Directive(TAXPAYER_READ)
  @FieldResolver(() => [LocalTaxAccount], {
    nullable: true,
    description:
      'Every local tax registration of this taxpayer (SWDJ), primary first: more than one means a duplicate registration (三清). Null only ' +
      'when local tax is unavailable (with a SOURCE_UNAVAILABLE error), so an outage costs only this field.',
  })
  localTaxRecords(@Root() taxpayer: Taxpayer, @Ctx() ctx: LocalTaxContext): Promise<LocalTaxAccount[] | null> {
    return ctx.loaders.accountsByUscc.load(taxpayer.uscc);
  }
}
