import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateScalar, DateTimeScalar, UsccScalar } from '../../kit/scalars';
import type { FindingKind } from '../rules/reference';
import { FindingKindEnum } from './finding-kind';
import { FindingValue } from './finding-value';
import { SourceRecord } from './source-record';
import { Taxpayer } from './taxpayer';

@ObjectType({ description: 'What a cross-agency check found about one taxpayer or record.' })
export class Finding {
  @Field(() => ID, { description: 'Stable identity of the finding (kind, record, period): the same finding in two runs has the same id.' })
  id!: string;

  @Field(() => FindingKindEnum, { description: 'Which check fired.' })
  kind!: FindingKind;

  @Field(() => Int, { description: 'The joint task (DOMAIN.md 1-15) the check serves.' })
  task!: number;

  @Field({ description: "The check's title, in words." })
  title!: string;

  @Field(() => Taxpayer, { nullable: true, description: 'The taxpayer, when it has a USCC.' })
  taxpayer!: Taxpayer | null;

  @Field(() => UsccScalar, { nullable: true, description: "The taxpayer's USCC, when it has one." })
  uscc!: string | null;

  @Field(() => String, { nullable: true, description: "The record's internal key when the taxpayer has no USCC (see record)." })
  legacyId!: string | null;

  @Field(() => SourceRecord, { description: 'The record the finding is about.' })
  record!: SourceRecord;

  @Field(() => [String], { description: 'The sources whose records disagree or are involved.' })
  sources!: string[];

  @Field({ description: 'The values that disagree, in words.' })
  detail!: string;

  @Field({ description: 'The rule and its legal basis.' })
  basis!: string;

  @Field(() => [FindingValue], { description: 'The values the finding rests on, source by source (side by side).' })
  values!: FindingValue[];

  @Field(() => String, { nullable: true, description: 'The area (6-digit administrative division) of the taxpayer or record.' })
  division!: string | null;

  @Field(() => String, { nullable: true, description: 'Industry code (GB/T 4754) of the taxpayer.' })
  industryCode!: string | null;

  @Field(() => [String], { description: 'The tax offices concerned.' })
  taxOfficeCodes!: string[];

  @Field(() => DateScalar, { nullable: true, description: 'First day of the tax period concerned, for per-period checks.' })
  periodFrom!: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Last day of the tax period concerned.' })
  periodTo!: string | null;

  @Field(() => Int, { nullable: true, description: 'The year concerned, for per-year checks (and the year of a per-period one).' })
  year!: number | null;

  @Field(() => DateTimeScalar, {
    description: 'When taxgraph first detected it: for a live finding, now; for a stored one, the first run that found it.',
  })
  detectedAt!: string;
}
