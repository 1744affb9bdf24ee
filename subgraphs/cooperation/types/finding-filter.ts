import { Field, InputType, Int } from 'type-graphql';
import { DateScalar, UsccScalar } from '../../kit/scalars';
import type { FindingKind } from '../rules/reference';
import { FindingKindEnum } from './finding-kind';

@InputType({ description: 'Which findings of the latest run to list; every field narrows.' })
export class FindingFilter {
  @Field(() => [FindingKindEnum], { nullable: true, description: 'Only these kinds.' })
  kinds?: FindingKind[] | null;

  @Field(() => Int, { nullable: true, description: 'Only the checks of this joint task (1-15).' })
  task?: number | null;

  @Field(() => String, { nullable: true, description: 'Area: a 6-digit division, or a 2- or 4-digit prefix (province, city).' })
  division?: string | null;

  @Field(() => String, { nullable: true, description: 'Industry code (4 characters), or a prefix.' })
  industryCode?: string | null;

  @Field(() => String, { nullable: true, description: 'A tax office concerned.' })
  taxOfficeCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Only findings involving this source.' })
  source?: string | null;

  @Field(() => UsccScalar, { nullable: true, description: 'Only this taxpayer.' })
  uscc?: string | null;

  @Field(() => Int, { nullable: true, description: 'Only this year.' })
  year?: number | null;

  @Field(() => DateScalar, { nullable: true, description: 'Only per-period findings whose period ends on or after this day.' })
  periodFrom?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Only per-period findings whose period starts on or before this day.' })
  periodTo?: string | null;
}
