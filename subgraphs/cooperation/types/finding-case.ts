import { Field, ID, ObjectType } from 'type-graphql';
import { DateScalar, DateTimeScalar } from '../../kit/scalars';
import type { CaseStatus } from '../cases/status';
import type { FindingKind } from '../rules/reference';
import { CaseStatusEnum } from './case-status';
import { FindingKindEnum } from './finding-kind';

@ObjectType({
  description:
    'The follow-up of a finding (重要情况通报, 协作工作跟踪): the tax office that must act, the offices told, the time limit where a notice or the law ' +
    'sets one, the status and its history. A reconciliation run files a case for each finding it stores; the owner office changes it with ' +
    'updateFindingCase, and every change is sent to the offices concerned (docs/officers.md).',
})
export class FindingCase {
  @Field(() => ID, { description: 'The finding this case follows up (Finding.id: stable across runs).' })
  findingId!: string;

  @Field(() => FindingKindEnum, { description: "The finding's kind." })
  kind!: FindingKind;

  @Field(() => CaseStatusEnum, { description: 'Where the case stands.' })
  status!: CaseStatus;

  @Field({
    description:
      'The tax office code that must act (11 digits): chosen per kind of finding from the offices the finding names (docs/officers.md, "Who owns ' +
      'a case"); "UNASSIGNED" for a finding that names no office and no area.',
  })
  ownerOffice!: string;

  @Field(() => [String], {
    description:
      "The offices told of every change: the finding's other tax offices; the other bureau's office of the area when the finding names none " +
      "(not for payments, the collecting office's matter); and the registry's registration authority (its 6-digit division code) when the " +
      'registry is a source.',
  })
  notifyOffices!: string[];

  @Field(() => DateScalar, {
    nullable: true,
    description:
      'The time limit a notice or the law sets on the matter (an abnormal household is voided after three months; a business registers for tax ' +
      'within 30 days of its licence); null where none is set.',
  })
  dueOn!: string | null;

  @Field({
    description:
      "Whether the time limit has passed (dueOn before cooperation's as-of day, TAXGRAPH_AS_OF or today) while the case is OPEN or ACKNOWLEDGED.",
  })
  overdue!: boolean;

  @Field({
    description:
      'Whether the case is filed (stored). A live finding (Taxpayer.findings) that no run has stored yet has a case that is not filed: OPEN, its ' +
      'owner, offices and due date computed as a run would file them, an empty history, and no change possible until a run files it.',
  })
  filed!: boolean;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was filed; null when not filed.' })
  openedAt!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When its status last changed; null when not filed.' })
  updatedAt!: string | null;
}
