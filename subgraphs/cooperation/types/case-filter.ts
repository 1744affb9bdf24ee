import { Field, InputType } from 'type-graphql';
import type { CaseStatus } from '../cases/status';
import type { FindingKind } from '../rules/reference';
import { CaseStatusEnum } from './case-status';
import { FindingKindEnum } from './finding-kind';

@InputType({ description: 'Which cases to list; every field narrows.' })
export class CaseFilter {
  @Field(() => String, { nullable: true, description: 'Only the cases this tax office owns (its 11-digit code, or UNASSIGNED).' })
  office?: string | null;

  @Field(() => CaseStatusEnum, { nullable: true, description: 'Only cases in this status.' })
  status?: CaseStatus | null;

  @Field(() => [FindingKindEnum], { nullable: true, description: 'Only cases of findings of these kinds.' })
  kinds?: FindingKind[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only overdue cases (dueOn passed, still OPEN or ACKNOWLEDGED); false: only those that are not.',
  })
  overdue?: boolean | null;
}
