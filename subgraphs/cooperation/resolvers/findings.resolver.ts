import { Arg, Ctx, Directive, Int, Query, Resolver } from 'type-graphql';
import { TAXPAYER_READ } from '../../kit/access';
import { pageSize } from '../../kit/connection';
import { badUserInput, sourceUnavailable } from '../../../shared/errors';
import { LEGACY_SOURCES } from '../../../shared/sources';
import { DateScalar } from '../../kit/scalars';
import type { CooperationContext } from '../context';
import { asOfArgument, defaultAsOf } from '../facts/as-of';
import { findingsOf } from '../facts/findings';
import { resolveSubjects, SubjectsUnavailable } from '../facts/resolve';
import type { SubjectRef } from '../rules/facts';
import { administratorsPage, auditCandidates, eventCountsPage, findingCounts, findingsPage, latestRun, quarterBounds } from '../store/read';
import { AdministratorFilter } from '../types/administrator-filter';
import { AdministratorLoadConnection } from '../types/administrator-load';
import { FindingConnection } from '../types/finding-connection';
import { FindingCount } from '../types/finding-count';
import { FindingFilter } from '../types/finding-filter';
import { FindingGrouping } from '../types/finding-grouping';
import { FindingSubjectInput } from '../types/finding-subject-input';
import { findingOf } from '../types/finding.mapper';
import { JointAuditCandidate } from '../types/joint-audit-candidate';
import { ReconciliationRun } from '../types/reconciliation-run';
import { RegistrationEventCountConnection } from '../types/registration-event-count';
import { RegistrationEventFilter } from '../types/registration-event-filter';
import { SubjectFindings } from '../types/subject-findings';

const MAX_SUBJECTS = 500;

function subjectRef(s: FindingSubjectInput, i: number): SubjectRef {
  const where = { argument: `subjects[${i}]` };
  if (s.uscc) {
    if (s.source || s.id || s.taxOfficeCode || s.voucherNo)
      throw badUserInput(`subjects[${i}]: give a uscc, or a source with its key, not both`, where);
    return { uscc: s.uscc };
  }
  if (s.source === 'national-tax' || s.source === 'local-tax') {
    if (!s.id?.trim()) throw badUserInput(`subjects[${i}]: a ${s.source} record needs its id`, where);
    return { source: s.source, id: s.id.trim() };
  }
  if (s.source === 'treasury-bank') {
    if (!s.taxOfficeCode?.trim() || !s.voucherNo?.trim())
      throw badUserInput(`subjects[${i}]: a payment needs taxOfficeCode and voucherNo`, where);
    return { source: 'treasury-bank', taxOfficeCode: s.taxOfficeCode.trim(), voucherNo: s.voucherNo.trim() };
  }
  throw badUserInput(
    `subjects[${i}]: give a uscc, or source national-tax / local-tax with an id, or treasury-bank with taxOfficeCode and voucherNo`,
    where,
  );
}

function checkSource(source: string | null | undefined): void {
  if (source && !(LEGACY_SOURCES as readonly string[]).includes(source))
    throw badUserInput(`source must be one of ${LEGACY_SOURCES.join(', ')}, got '${source}'`, { argument: 'source' });
}

const emptyPage = { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 };

@Resolver()
export class FindingsResolver {
  @Directive(TAXPAYER_READ)
  @Query(() => FindingConnection, {
    description:
      'Findings of the latest completed reconciliation run (npm run reconcile), filtered by kind or task, area, industry, tax office, source, ' +
      'taxpayer, year or period: the bulk lists of the joint tasks. `run` says when it ran; no run yet gives an empty page with run null.',
  })
  async findings(
    @Ctx() ctx: CooperationContext,
    @Arg('filter', () => FindingFilter, { nullable: true, description: 'Every field narrows.' }) filter?: FindingFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, default 50, at most 500.' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'endCursor of the previous page.' }) after?: string | null,
  ): Promise<FindingConnection> {
    const limit = pageSize(first);
    checkSource(filter?.source);
    const run = await latestRun(ctx.db);
    if (!run) return { ...emptyPage, run: null };
    return { ...(await findingsPage(ctx.db, run.id, filter, limit, after)), run };
  }

  @Directive(TAXPAYER_READ)
  @Query(() => [FindingCount], {
    description:
      'How many findings of the latest run fall in each kind, area, year or period (for charts and summaries), with the same filter as findings.',
  })
  async findingCounts(
    @Ctx() ctx: CooperationContext,
    @Arg('by', () => FindingGrouping, { description: 'The grouping.' }) by: FindingGrouping,
    @Arg('filter', () => FindingFilter, { nullable: true, description: 'Every field narrows.' }) filter?: FindingFilter | null,
  ): Promise<FindingCount[]> {
    checkSource(filter?.source);
    const run = await latestRun(ctx.db);
    return run ? findingCounts(ctx.db, run.id, filter, by) : [];
  }

  @Directive(TAXPAYER_READ)
  @Query(() => ReconciliationRun, {
    nullable: true,
    description: 'The latest completed reconciliation run: when it ran, as of which day, what it read and found. Null before the first.',
  })
  async reconciliationRun(@Ctx() ctx: CooperationContext): Promise<ReconciliationRun | null> {
    return latestRun(ctx.db);
  }

  @Directive(TAXPAYER_READ)
  @Query(() => DateScalar, { description: 'The day cooperation judges at unless told otherwise (TAXGRAPH_AS_OF, else today in China).' })
  cooperationAsOf(): string {
    return defaultAsOf();
  }

  @Directive(TAXPAYER_READ)
  @Query(() => [SubjectFindings], {
    description:
      'Live findings of up to 500 subjects at once: taxpayers by USCC, or records without one (a tax record by source and key, a payment by office and ' +
      "voucher). Each answer names the canonical subject (a record of a taxpayer with a USCC stands for that taxpayer; an individual business's two " +
      'tax records are one subject). The reconciliation run asks this for every page. SOURCE_UNAVAILABLE when a source cannot be asked: no check is ' +
      'judged on missing data.',
  })
  async findingsFor(
    @Ctx() ctx: CooperationContext,
    @Arg('subjects', () => [FindingSubjectInput], { description: 'The subjects, at most 500.' }) subjects: FindingSubjectInput[],
    @Arg('asOf', () => DateScalar, { nullable: true, description: "The day to judge at (default: the data's as-of day)." })
    asOf?: string | null,
  ): Promise<SubjectFindings[]> {
    if (subjects.length > MAX_SUBJECTS)
      throw badUserInput(`at most ${MAX_SUBJECTS} subjects at once, got ${subjects.length}`, { argument: 'subjects', max: MAX_SUBJECTS });
    const refs = subjects.map(subjectRef);
    const day = asOfArgument(asOf);
    const results = await findingsOf(ctx.endpoints, ctx.requestId, day, refs);
    const missing = [...new Set(results.flatMap((r) => r.subject.unavailable))];
    if (missing.length) {
      const error = sourceUnavailable(missing[0]);
      error.extensions.sources = missing;
      throw error;
    }
    const now = new Date().toISOString();
    return results.map((r) => ({
      subject: r.subject.subject,
      uscc: r.subject.uscc,
      asOf: day,
      findings: r.findings.map((f) => findingOf(f, now)),
    }));
  }

  @Directive(TAXPAYER_READ)
  @Query(() => [String], {
    description:
      'The subject each reference stands for, as findingsFor names it, without judging it: up to 500 at once, in order; empty when nothing is ' +
      'under the reference. A reconciliation asks this for records that mostly stand for a subject it has judged already. SOURCE_UNAVAILABLE ' +
      'when a source cannot be asked.',
  })
  async findingSubjects(
    @Ctx() ctx: CooperationContext,
    @Arg('subjects', () => [FindingSubjectInput], { description: 'The references, at most 500.' }) subjects: FindingSubjectInput[],
  ): Promise<string[]> {
    if (subjects.length > MAX_SUBJECTS)
      throw badUserInput(`at most ${MAX_SUBJECTS} subjects at once, got ${subjects.length}`, { argument: 'subjects', max: MAX_SUBJECTS });
    const refs = subjects.map(subjectRef);
    try {
      return await resolveSubjects(ctx.endpoints, ctx.requestId, refs);
    } catch (err) {
      if (!(err instanceof SubjectsUnavailable)) throw err;
      const error = sourceUnavailable(err.sources[0]);
      error.extensions.sources = err.sources;
      throw error;
    }
  }

  @Directive(TAXPAYER_READ)
  @Query(() => RegistrationEventCountConnection, {
    description:
      'Task 1: registration exchange counts (new, changed, migrated, deregistered) per source, area and month, from the latest reconciliation run.',
  })
  async registrationExchange(
    @Ctx() ctx: CooperationContext,
    @Arg('filter', () => RegistrationEventFilter, { nullable: true, description: 'Every field narrows.' })
    filter?: RegistrationEventFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, default 50, at most 500.' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'endCursor of the previous page.' }) after?: string | null,
  ) {
    const limit = pageSize(first);
    checkSource(filter?.source);
    const run = await latestRun(ctx.db);
    return run ? eventCountsPage(ctx.db, run.id, filter, limit, after) : emptyPage;
  }

  @Directive(TAXPAYER_READ)
  @Query(() => AdministratorLoadConnection, {
    description:
      "Task 13: each tax administrator's active households, per bureau, from the latest reconciliation run (households without one: findings of kind " +
      "NO_ADMINISTRATOR; an administrator's own list: nationalTaxAccounts / localTaxAccounts with filter administratorCode).",
  })
  async administratorWorkload(
    @Ctx() ctx: CooperationContext,
    @Arg('filter', () => AdministratorFilter, { nullable: true, description: 'Every field narrows.' }) filter?: AdministratorFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, default 50, at most 500.' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'endCursor of the previous page.' }) after?: string | null,
  ) {
    const limit = pageSize(first);
    checkSource(filter?.source);
    const run = await latestRun(ctx.db);
    return run ? administratorsPage(ctx.db, run.id, filter, limit, after) : emptyPage;
  }

  @Directive(TAXPAYER_READ)
  @Query(() => [JointAuditCandidate], {
    description:
      "Task 8: enterprises to audit jointly in a quarter, 1-2 per area, ranked by the latest run's findings (distinct kinds, then count); each with " +
      "its findings, and both bureaus' case data through the taxpayer (localTax.auditCases).",
  })
  async jointAuditCandidates(
    @Ctx() ctx: CooperationContext,
    @Arg('quarter', () => String, { description: 'The quarter, e.g. 2015-Q4.' }) quarter: string,
    @Arg('perArea', () => Int, { nullable: true, description: 'Candidates per area, 1 or 2 (default 2).' }) perArea?: number | null,
    @Arg('division', () => String, { nullable: true, description: 'Only this area (or a prefix).' }) division?: string | null,
  ): Promise<JointAuditCandidate[]> {
    const n = perArea ?? 2;
    if (n !== 1 && n !== 2)
      throw badUserInput(`perArea must be 1 or 2 (the seed asks for 1-2 a quarter), got ${n}`, { argument: 'perArea' });
    // Checked before looking for a run: without one, a malformed quarter would pass as an empty answer.
    quarterBounds(quarter);
    const run = await latestRun(ctx.db);
    return run ? auditCandidates(ctx.db, run.id, quarter, n, division) : [];
  }
}
