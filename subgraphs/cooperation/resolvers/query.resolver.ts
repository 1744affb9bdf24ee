import { Arg, Ctx, Directive, Query, Resolver } from 'type-graphql';
import { TAXPAYER_READ } from '../../kit/access';
import type { CooperationContext } from '../context';
import { planLegacyId } from '../identity/legacy-id';
import { Taxpayer } from '../types/taxpayer';

@Resolver()
export class QueryResolver {
  @Directive(TAXPAYER_READ)
  @Query(() => Taxpayer, {
    nullable: true,
    description:
      "A taxpayer by a legacy identifier, resolved across the agencies: a USCC, an old 15-character TIN (either bureau's, whatever division it froze), " +
      "a 20-character citizen-ID TIN, a 15-digit business registration number (E_BASEINFO.REGNO), national tax's internal key (DJ_NSRXX.DJXH, 20 " +
      "digits), local tax's computer code (SWDJ.JSJDM, 8 characters) or the registry's internal key (E_BASEINFO.PRIPID); blanks, full-width characters " +
      "and case are forgiven. Only the sources that can know that kind of id are asked; when they disagree the registry's USCC wins, then national " +
      "tax's, then local tax's; a registration number whose registry record has no USCC resolves through the national record that copied it " +
      'from the licence (DJ_NSRXX.GSDJZCH). Null when no source knows the id or none can give a USCC (an individual business known only by its ' +
      'citizen-ID TIN; an old registry record without one, asked by its key or by a number no national record copied): nationalTaxAccount, ' +
      'localTaxAccount, registrationByNumber and ' +
      'registration still reach those records. BAD_USER_INPUT for a string that is no identifier; SOURCE_UNAVAILABLE (extensions.sources) when a ' +
      'source that could know is down and no other gives a USCC.',
  })
  async taxpayerByLegacyId(
    @Ctx() ctx: CooperationContext,
    @Arg('id', () => String, { description: 'The identifier as found on a legacy record or form.' }) id: string,
  ): Promise<Taxpayer | null> {
    const plan = planLegacyId(id);
    const uscc = await ctx.loaders.usccByLegacyId.load(plan.id);
    return uscc ? { uscc } : null;
  }
}
