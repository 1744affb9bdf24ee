import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import { TAXPAYER_READ } from '../../kit/access';
import type { RegistryContext } from '../context';
import { Registration } from '../types/registration';
import { Taxpayer } from '../types/taxpayer';

/** A taxpayer's representation as the gateway sends it here: the key and the link cooperation gives (`@requires`). */
type LinkedTaxpayer = Taxpayer & { licenceRegistrationNumber?: string | null };

@Resolver(() => Taxpayer)
export class TaxpayerResolver {
  @Directive(TAXPAYER_READ)
  @Directive('@requires(fields: "licenceRegistrationNumber")')
  @FieldResolver(() => Registration, {
    nullable: true,
    description:
      'What the business registry (工商) knows of this taxpayer: the record under this USCC or its organization code; else an old record without a ' +
      'USCC whose registration number (E_BASEINFO.REGNO) national tax copied from the licence (DJ_NSRXX.GSDJZCH); null when there is neither.',
  })
  async registration(@Root() taxpayer: LinkedTaxpayer, @Ctx() ctx: RegistryContext): Promise<Registration | null> {
    const own = await ctx.loaders.registrationByUscc.load(taxpayer.uscc);
    const link = taxpayer.licenceRegistrationNumber;
    if (own || !link) return own;
    // Only a record that carries no USCC of its own is this taxpayer's by the number national tax copied.
    const old = await ctx.loaders.registrationByNumber.load(link);
    return old && old.uscc === null ? old : null;
  }

  @Directive('@external')
  @FieldResolver(() => String, {
    nullable: true,
    description:
      "Cooperation's: the registration number national tax copied from the licence, when the registry has no record under this USCC.",
  })
  licenceRegistrationNumber(@Root() taxpayer: LinkedTaxpayer): string | null {
    return taxpayer.licenceRegistrationNumber ?? null;
  }
}
