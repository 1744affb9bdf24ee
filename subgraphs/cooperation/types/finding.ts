import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { connectionType, PageInfo } from '../../kit/connection';
import { DateScalar, DateTimeScalar, UsccScalar, YearMonthScalar } from '../../kit/scalars';
import type { RuleFinding } from '../rules/evaluate';
import { FINDING_KINDS, FINDING_RULES, FindingKind, GRADE_ORDER } from '../rules/reference';
import { Taxpayer } from './taxpayer';

export const FindingKindEnum = Object.fromEntries(FINDING_KINDS.map((k) => [k, k])) as { [K in FindingKind]: K };
registerEnumType(FindingKindEnum, {
  name: 'FindingKind',
  description: "What a cross-agency check found: one value per check of the seed's joint tasks (DOMAIN.md 1-15).",
  valuesConfig: Object.fromEntries(
    FINDING_KINDS.map((k) => [k, { description: `Task ${FINDING_RULES[k].task}: ${FINDING_RULES[k].title}.` }]),
  ),
});

export const CreditGradeEnum = Object.fromEntries(GRADE_ORDER.map((g) => [g, g])) as { [G in (typeof GRADE_ORDER)[number]]: G };
registerEnumType(CreditGradeEnum, {
  name: 'CreditGrade',
  description: 'Tax credit grade (纳税信用等级), best first: A > B > M > C > D.',
  valuesConfig: {
    A: { description: 'A: score 90 or more.' },
    B: { description: 'B: 70 to 89.' },
    M: { description: 'M: new enterprises (from 2018).' },
    C: { description: 'C: 40 to 69.' },
    D: { description: 'D: below 40, or directly for evasion.' },
  },
});

export enum RegistrationEvent {
  NEW = 'new',
  CHANGED = 'changed',
  MIGRATED = 'migrated',
  DEREGISTERED = 'deregistered',
}
registerEnumType(RegistrationEvent, {
  name: 'RegistrationEvent',
  description: 'A registration event the agencies exchange counts of (task 1).',
  valuesConfig: {
    NEW: { description: 'A new registration (licence, or tax registration).' },
    CHANGED: { description: 'A change of registered particulars (address, name, representative).' },
    MIGRATED: { description: 'Moved out to another area.' },
    DEREGISTERED: { description: 'Cancelled or deregistered.' },
  },
});

@ObjectType({ description: 'One value a finding rests on, as its source holds it.' })
export class FindingValue {
  @Field({ description: 'The source subgraph holding the value.' })
  source!: string;

  @Field({ description: "The value's name in the graph (e.g. status, monthlyTurnover, declaredBase)." })
  field!: string;

  @Field(() => String, { nullable: true, description: 'The value, as text; null when the source has none.' })
  value!: string | null;
}

@ObjectType({ description: 'A record in a source system, by its internal key.' })
export class SourceRecord {
  @Field({ description: 'The source subgraph (national-tax, local-tax, business-registry, treasury-bank).' })
  source!: string;

  @Field({ description: "The record's internal key: DJXH, JSJDM, PRIPID, or a payment's taxOfficeCode/voucherNo." })
  id!: string;
}

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

@ObjectType({ description: 'A reconciliation run (npm run reconcile).' })
export class ReconciliationRun {
  @Field(() => ID, { description: 'Run number.' })
  id!: string;

  @Field({ description: 'running, completed or abandoned.' })
  status!: string;

  @Field(() => DateTimeScalar, { description: 'When it started.' })
  startedAt!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it completed.' })
  finishedAt!: string | null;

  @Field(() => DateScalar, { description: 'The day the data was judged at.' })
  asOf!: string;

  @Field({ description: 'The purpose it stated to the gateway.' })
  purpose!: string;

  @Field(() => Int, { description: 'Pages read through the gateway.' })
  pages!: number;

  @Field(() => Int, { description: 'Source records paged through.' })
  records!: number;

  @Field(() => Int, { description: 'Subjects (taxpayers, or records without a USCC) judged.' })
  subjects!: number;

  @Field(() => Int, { description: 'Findings stored.' })
  findings!: number;
}

/** A finding as the graph shows it, live or stored: task, title and basis come from its kind. */
export function findingOf(f: Omit<RuleFinding, 'basis'>, detectedAt: string): Finding {
  const rule = FINDING_RULES[f.kind];
  return {
    id: f.key,
    kind: f.kind,
    task: rule.task,
    title: rule.title,
    taxpayer: f.uscc ? { uscc: f.uscc } : null,
    uscc: f.uscc,
    legacyId: f.legacyId,
    record: f.record,
    sources: f.sources,
    detail: f.detail,
    basis: rule.basis,
    values: f.values,
    division: f.division,
    industryCode: f.industryCode,
    taxOfficeCodes: f.taxOfficeCodes,
    periodFrom: f.periodFrom,
    periodTo: f.periodTo,
    year: f.year,
    detectedAt,
  };
}

@ObjectType({ description: 'One finding in a page, with its cursor.' })
export class FindingEdge {
  @Field({ description: 'Opaque keyset cursor of this finding.' })
  cursor!: string;

  @Field(() => Finding, { description: 'The finding.' })
  node!: Finding;
}

@ObjectType({
  description:
    'A page of findings of the latest completed reconciliation run, in id order (Relay connection), with the run they come from.',
})
export class FindingConnection {
  @Field(() => [FindingEdge], { description: 'The findings of this page, in order.' })
  edges!: FindingEdge[];

  @Field(() => PageInfo, { description: 'Whether more follow, and the cursor to fetch them.' })
  pageInfo!: PageInfo;

  @Field(() => Int, { nullable: true, description: 'How many findings match in the whole run.' })
  totalCount?: number | null;

  @Field(() => ReconciliationRun, {
    nullable: true,
    description: 'The run the findings come from (when it ran, as of which day); null when no run has completed yet.',
  })
  run!: ReconciliationRun | null;
}

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

@InputType({ description: 'A subject to judge: a taxpayer by USCC, or a record without one (source and key, or a payment).' })
export class FindingSubjectInput {
  @Field(() => UsccScalar, { nullable: true, description: 'A taxpayer.' })
  uscc?: string | null;

  @Field(() => String, { nullable: true, description: 'national-tax, local-tax or treasury-bank, for a record without a USCC.' })
  source?: string | null;

  @Field(() => String, { nullable: true, description: "A tax record's internal key (DJXH, JSJDM)." })
  id?: string | null;

  @Field(() => String, { nullable: true, description: "A payment's tax office." })
  taxOfficeCode?: string | null;

  @Field(() => String, { nullable: true, description: "A payment's voucher number." })
  voucherNo?: string | null;
}

@ObjectType({ description: "One subject's live findings." })
export class SubjectFindings {
  @Field({
    description:
      'The subject as judged: uscc:<USCC>, or the record that stands for a taxpayer without one (source:key); empty when nothing is under the reference.',
  })
  subject!: string;

  @Field(() => UsccScalar, { nullable: true, description: "The subject's USCC, if it has one." })
  uscc!: string | null;

  @Field(() => DateScalar, { description: 'The day the rules counted from.' })
  asOf!: string;

  @Field(() => [Finding], { description: 'Every check that fired.' })
  findings!: Finding[];
}

@ObjectType({ description: "A year's joint credit rating (task 3): both bureaus' grades and the joint one, the lower." })
export class JointCreditRating {
  @Field(() => Int, { description: 'The rating year.' })
  year!: number;

  @Field(() => CreditGradeEnum, { nullable: true, description: "National tax's grade; null when it has none." })
  nationalTax!: string | null;

  @Field(() => CreditGradeEnum, { nullable: true, description: "Local tax's grade; null when it has none." })
  localTax!: string | null;

  @Field(() => CreditGradeEnum, {
    description: 'The joint grade: the lower of the two (order A > B > M > C > D); the only one when one bureau has none.',
  })
  joint!: string;

  @Field({ description: 'Why, in words.' })
  reason!: string;
}

@ObjectType({ description: 'How many registration events one source had in one area and month (task 1), from the latest run.' })
export class RegistrationEventCount {
  @Field({ description: 'national-tax, local-tax or business-registry.' })
  source!: string;

  @Field({ description: 'The area (6-digit division).' })
  division!: string;

  @Field(() => YearMonthScalar, { description: 'The month.' })
  month!: string;

  @Field(() => RegistrationEvent, { description: 'The event.' })
  event!: RegistrationEvent;

  @Field(() => Int, { description: 'Records with that event.' })
  records!: number;
}
export const RegistrationEventCountConnection = connectionType(
  RegistrationEventCount,
  'RegistrationEventCount',
  'A page of registration event counts by source, area, month and event (Relay connection).',
);

@InputType({ description: 'Which registration event counts to list.' })
export class RegistrationEventFilter {
  @Field(() => String, { nullable: true, description: 'One source.' })
  source?: string | null;

  @Field(() => String, { nullable: true, description: 'Area: a 6-digit division or a prefix.' })
  division?: string | null;

  @Field(() => YearMonthScalar, { nullable: true, description: 'From this month.' })
  from?: string | null;

  @Field(() => YearMonthScalar, { nullable: true, description: 'To this month.' })
  to?: string | null;

  @Field(() => RegistrationEvent, { nullable: true, description: 'One event.' })
  event?: RegistrationEvent | null;
}

@ObjectType({ description: "A tax administrator's households (task 13), from the latest run: active records assigned to them." })
export class AdministratorLoad {
  @Field({ description: 'national-tax or local-tax.' })
  source!: string;

  @Field({ description: "The administrator's code." })
  administrator!: string;

  @Field(() => String, { nullable: true, description: "The administrator's name." })
  name!: string | null;

  @Field({ description: 'The area.' })
  division!: string;

  @Field({ description: 'The tax office.' })
  taxOfficeCode!: string;

  @Field(() => Int, { description: 'Active households assigned.' })
  households!: number;
}
export const AdministratorLoadConnection = connectionType(
  AdministratorLoad,
  'AdministratorLoad',
  'A page of tax administrators with their households (Relay connection).',
);

@InputType({ description: 'Which administrators to list.' })
export class AdministratorFilter {
  @Field(() => String, { nullable: true, description: 'One source.' })
  source?: string | null;

  @Field(() => String, { nullable: true, description: 'Area: a 6-digit division or a prefix.' })
  division?: string | null;

  @Field(() => String, { nullable: true, description: 'A tax office.' })
  taxOfficeCode?: string | null;
}

@ObjectType({ description: 'A candidate for a joint audit by both bureaus (task 8), ranked by its findings.' })
export class JointAuditCandidate {
  @Field(() => Int, { description: 'Rank within its area (1 first).' })
  rank!: number;

  @Field({ description: 'The area.' })
  division!: string;

  @Field(() => Taxpayer, { description: "The enterprise; its case data is on localTax.auditCases and nationalTax's records." })
  taxpayer!: Taxpayer;

  @Field(() => Int, { description: 'Distinct kinds of finding in the quarter (the first ranking key).' })
  kindCount!: number;

  @Field(() => Int, { description: 'Findings in the quarter (the second key).' })
  findingCount!: number;

  @Field(() => [Finding], { description: 'The findings behind the rank.' })
  findings!: Finding[];
}

@ObjectType({ description: 'How many findings of the latest run fall in one group.' })
export class FindingCount {
  @Field({ description: 'The group: a kind, an area, a year or a period start, per `by`.' })
  group!: string;

  @Field(() => Int, { description: 'Findings in it.' })
  findings!: number;
}

export enum FindingGrouping {
  KIND = 'kind',
  DIVISION = 'division',
  YEAR = 'year',
  PERIOD = 'period',
}
registerEnumType(FindingGrouping, {
  name: 'FindingGrouping',
  description: 'How to group finding counts.',
  valuesConfig: {
    KIND: { description: 'By kind.' },
    DIVISION: { description: 'By area.' },
    YEAR: { description: 'By year.' },
    PERIOD: { description: 'By tax period start.' },
  },
});
