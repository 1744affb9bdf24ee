import { Arg, Ctx, Directive, ID, Int, Query, Resolver } from 'type-graphql';
import { TAXPAYER_READ } from '../../kit/access';
import { checkArgument, filterCodes, REGISTRATION_NUMBER } from '../../kit/arguments';
import { decodeCursor, pageSize, toConnection, Connection } from '../../kit/connection';
import type { RegistryContext } from '../context';
import * as repo from '../repository/registry.repository';
import { keysOf, REGISTRATION_KEY, toRegistration } from '../repository/mapper';
import { RegistrationFilter } from '../types/filter';
import { Registration, RegistrationConnection } from '../types/registration';

/** The registry's own lookups; `taxpayer(uscc)` is cooperation's, which can tell when no source knows a code. */
@Resolver()
export class QueryResolver {
  @Directive(TAXPAYER_READ)
  @Query(() => Registration, {
    nullable: true,
    description: 'A registry record by its 15-digit registration number (E_BASEINFO.REGNO), also for old records without a USCC.',
  })
  registrationByNumber(@Arg('registrationNumber') registrationNumber: string, @Ctx() ctx: RegistryContext): Promise<Registration | null> {
    return ctx.loaders.registrationByNumber.load(checkArgument(REGISTRATION_NUMBER, registrationNumber, 'registrationNumber'));
  }

  @Directive(TAXPAYER_READ)
  @Query(() => Registration, {
    nullable: true,
    description: "A registry record by the registry's internal key (E_BASEINFO.PRIPID 主体身份代码), also for old records without a USCC.",
  })
  registration(
    @Arg('id', () => ID, { description: 'The internal key (PRIPID), as Registration.id gives it.' }) id: string,
    @Ctx() ctx: RegistryContext,
  ): Promise<Registration | null> {
    return ctx.loaders.registrationById.load(checkArgument(REGISTRATION_KEY, id, 'id'));
  }

  @Directive(TAXPAYER_READ)
  @Query(() => RegistrationConnection, {
    description: 'Registry records filtered by area, industry, status and establishment date, in internal-key order.',
  })
  async registrations(
    @Ctx() ctx: RegistryContext,
    @Arg('filter', () => RegistrationFilter, { nullable: true }) filter?: RegistrationFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size (default 50, at most 500).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last item of the previous page.' }) after?: string | null,
  ): Promise<Connection<Registration>> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after, 1);
    const { division, industryCode } = filterCodes(filter);
    const listFilter: repo.ListFilter = {
      division,
      industryCode,
      status: filter?.status ?? null,
      establishedFrom: filter?.establishedFrom,
      establishedTo: filter?.establishedTo,
    };
    const rows = await repo.list(ctx.db, listFilter, limit + 1, cursor?.[0] ?? null);
    return toConnection(rows, limit, (r) => [keysOf(r).id], toRegistration);
  }
}
