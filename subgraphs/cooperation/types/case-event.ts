import { Field, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../../kit/scalars';
import type { CaseStatus } from '../cases/status';
import { CaseStatusEnum } from './case-status';

@ObjectType({ description: "One step in a case's history: who changed its status, when, from what to what, and why." })
export class CaseEvent {
  @Field(() => DateTimeScalar, { description: 'When the change was committed.' })
  at!: string;

  @Field({ description: 'Who: the officer token\'s subject, or "reconciliation run <id>" for what a run filed, resolved or reopened.' })
  actor!: string;

  @Field(() => String, { nullable: true, description: "The officer's tax office code; null for a reconciliation run." })
  office!: string | null;

  @Field(() => CaseStatusEnum, { nullable: true, description: 'The status before; null when the case was filed.' })
  from!: CaseStatus | null;

  @Field(() => CaseStatusEnum, { description: 'The status after.' })
  to!: CaseStatus;

  @Field({
    description:
      "The officer's note (what was done, or why), or what the run saw. Not personal data by design: officers write no names or IDs in it.",
  })
  note!: string;
}
