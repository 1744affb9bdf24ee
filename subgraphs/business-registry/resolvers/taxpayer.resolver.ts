import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import { TAXPAYER_READ } from '../../kit/access';
import type { RegistryContext } from '../context';
import { Registration } from '../types/registration';
import { Taxpayer } from '../types/taxpayer';

@Resolver(() => Taxpayer)
export class TaxpayerResolver {
  @Directive(TAXPAYER_READ)
  @FieldResolver(() => Registration, {
    nullable: true,
    description:
      'What the business registry (工商) knows of this taxpayer; null when it has no record under this USCC or its organization code.',
  })
  registration(@Root() taxpayer: Taxpayer, @Ctx() ctx: RegistryContext): Promise<Registration | null> {
    return ctx.loaders.registrationByUscc.load(taxpayer.uscc);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "The taxpayer's name as registered (E_BASEINFO.ENTNAME); null when the registry has no record.",
  })
  async name(@Root() taxpayer: Taxpayer, @Ctx() ctx: RegistryContext): Promise<string | null> {
    return (await ctx.loaders.registrationByUscc.load(taxpayer.uscc))?.name ?? null;
  }
}
