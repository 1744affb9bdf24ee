import { Arg, Ctx, Directive, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { TAXPAYER_READ } from '../../kit/access';
import { UsccScalar } from '../../kit/scalars';
import type { CooperationContext } from '../context';
import { isKnown, licenceNumberOf, nameOf } from '../identity/presence';
import { Taxpayer } from '../types/taxpayer';

/**
 * The taxpayer as the four sources know it together: whether any knows it (the root field answers
 * null for a code none knows), its name (the registry's, else a tax system's), and the link from a
 * USCC to an old registry record without one. Here, in cooperation, because only a subgraph that asks
 * every source can tell; one loader answers all three, so the root field's name costs no further call.
 */
@Resolver(() => Taxpayer)
export class TaxpayerIdentityResolver {
  @Query(() => Taxpayer, {
    nullable: true,
    description:
      'A taxpayer by its unified social credit code; each source adds what it knows (a source without a record gives null for its field). Null ' +
      'when no source knows the code: neither the registry (by UNISCID or the organization code inside), nor either tax bureau, nor the ' +
      'treasury-bank network. When none that answered knows it and a source could not be asked, null with SOURCE_UNAVAILABLE (or ' +
      'SOURCE_TIMEOUT) naming it in extensions.sources: that source might have known. A legal pilot code that fails the check character ' +
      '(DOMAIN.md: Fujian 2014-15) is accepted; its records carry a warning in dataIssues.',
  })
  async taxpayer(@Arg('uscc', () => UsccScalar) uscc: string, @Ctx() ctx: CooperationContext): Promise<Taxpayer | null> {
    const known = isKnown(await ctx.loaders.presence.load(uscc));
    if (known instanceof Error) throw known;
    return known ? { uscc } : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      "The taxpayer's name: the registry's (E_BASEINFO.ENTNAME); when the registry has no record or no name, national tax's (DJ_NSRXX.NSRMC, " +
      "copied from the licence, the newer system), else local tax's (SWDJ.NSRMC). Null when no source gives one. A source earlier in that order that " +
      "cannot be asked gives null with SOURCE_UNAVAILABLE, never a later source's name in its stead.",
  })
  async name(@Root() taxpayer: Taxpayer, @Ctx() ctx: CooperationContext): Promise<string | null> {
    const name = nameOf(await ctx.loaders.presence.load(taxpayer.uscc));
    if (name instanceof Error) throw name;
    return name;
  }

  @Directive(TAXPAYER_READ)
  @FieldResolver(() => String, {
    nullable: true,
    description:
      'The business registration number (工商注册号) national tax copied from the licence (DJ_NSRXX.GSDJZCH), given only when the registry has no ' +
      'record under this USCC: the registry links its old record without a USCC (E_BASEINFO.REGNO) to this taxpayer by it (Taxpayer.registration).',
  })
  async licenceRegistrationNumber(@Root() taxpayer: Taxpayer, @Ctx() ctx: CooperationContext): Promise<string | null> {
    return licenceNumberOf(await ctx.loaders.presence.load(taxpayer.uscc));
  }
}
