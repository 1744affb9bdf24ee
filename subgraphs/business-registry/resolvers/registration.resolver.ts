import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RegistryContext } from '../context';
import { Registration } from '../types/registration';
import { RegistrationChange } from '../types/registration-change';
import { Taxpayer } from '../types/taxpayer';

@Resolver(() => Registration)
export class RegistrationResolver {
  @FieldResolver(() => [RegistrationChange], { description: 'Change history, oldest first (E_ALTER).' })
  changes(@Root() registration: Registration, @Ctx() ctx: RegistryContext): Promise<RegistrationChange[]> {
    return ctx.loaders.changesByRegistration.load(registration.id);
  }

  @FieldResolver(() => Taxpayer, {
    nullable: true,
    description: 'The taxpayer this record belongs to; null when the record carries no USCC (an old record).',
  })
  taxpayer(@Root() registration: Registration): Taxpayer | null {
    return registration.uscc ? { uscc: registration.uscc } : null;
  }
}
