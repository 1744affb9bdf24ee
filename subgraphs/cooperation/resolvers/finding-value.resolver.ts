import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { maskPersonalData, mayReadPersonalData } from '../../kit/access';
import type { CooperationContext } from '../context';
import { PERSONAL_FINDING_FIELDS } from '../rules/tasks/task-02-one-registration';
import { FindingValue } from '../types/finding-value';

/**
 * A finding's value that is personal data (a legal representative's name, task 2) is masked as the
 * sources mask theirs, unless the caller may read personal data. A reconciliation run reads findings
 * as an analyst, so the stored lists hold such values masked; a taxpayer's live findings show them
 * to a caller with pii:read.
 */
@Resolver(() => FindingValue)
export class FindingValueResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: 'The value, as text; null when the source has none. Personal data (see personal) is masked without the scope pii:read.',
  })
  value(@Root() v: FindingValue, @Ctx() ctx: CooperationContext): string | null {
    if (v.value === null || !PERSONAL_FINDING_FIELDS.has(v.field) || mayReadPersonalData(ctx.principal)) return v.value;
    return maskPersonalData(v.value);
  }

  @FieldResolver(() => Boolean, {
    description: "Whether the value is personal data (a legal representative's name): masked unless the caller holds pii:read.",
  })
  personal(@Root() v: FindingValue): boolean {
    return PERSONAL_FINDING_FIELDS.has(v.field);
  }
}
