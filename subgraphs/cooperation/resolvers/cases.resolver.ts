import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { badUserInput } from '../../../shared/errors';
import { TAXPAYER_READ } from '../../kit/access';
import { pageSize } from '../../kit/connection';
import { toCase, toCaseEvent, unfiledCase } from '../cases/mapper';
import { UNASSIGNED_OFFICE } from '../cases/policy';
import { casesPage, changeCase } from '../cases/store';
import { MAX_NOTE_LENGTH, type CaseStatus } from '../cases/status';
import type { CooperationContext } from '../context';
import { defaultAsOf } from '../facts/as-of';
import { toFinding } from '../store/mapper';
import { CaseEvent } from '../types/case-event';
import { CaseFilter } from '../types/case-filter';
import { CaseStatusEnum } from '../types/case-status';
import { Finding } from '../types/finding';
import { FindingCase } from '../types/finding-case';
import { FindingCaseConnection } from '../types/finding-case-connection';

/** An owner office as a filter names it: an 11-digit tax office code, or UNASSIGNED. */
const OWNER = new RegExp(`^(\\d{11}|${UNASSIGNED_OFFICE})$`);

@Resolver()
export class CasesResolver {
  @Directive(TAXPAYER_READ)
  @Query(() => FindingCaseConnection, {
    description:
      "Findings' cases (the follow-up: owner office, offices told, due date, status, history), filtered by owner office, status, kinds and " +
      'overdue, in finding id order. An officer lists its office\'s open cases with filter { office: "<its code>", status: OPEN }.',
  })
  async cases(
    @Ctx() ctx: CooperationContext,
    @Arg('filter', () => CaseFilter, { nullable: true, description: 'Every field narrows.' }) filter?: CaseFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, default 50, at most 500.' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'endCursor of the previous page.' }) after?: string | null,
  ) {
    const limit = pageSize(first);
    if (filter?.office != null && !OWNER.test(filter.office.trim()))
      throw badUserInput(`office must be an 11-digit tax office code or ${UNASSIGNED_OFFICE}, got '${filter.office}'`, {
        argument: 'filter.office',
      });
    const today = defaultAsOf();
    return casesPage(ctx.db, filter, today, limit, after, (r) => toCase(r, today));
  }

  @Mutation(() => FindingCase, {
    description:
      "Changes a finding's case: only an officer of the case's owner office may (anyone else: FORBIDDEN), with a note saying what was done or why " +
      `(empty, or over ${MAX_NOTE_LENGTH} characters: BAD_USER_INPUT). Allowed: OPEN -> ACKNOWLEDGED, RESOLVED or DISMISSED; ACKNOWLEDGED -> ` +
      'RESOLVED or DISMISSED; RESOLVED or DISMISSED -> OPEN (reopen); any other change, and a finding no reconciliation run has stored, ' +
      'BAD_USER_INPUT. The change, its history event and its notifications to the offices concerned commit together.',
  })
  async updateFindingCase(
    @Ctx() ctx: CooperationContext,
    @Arg('findingId', () => ID, { description: 'The finding (Finding.id, FindingCase.findingId).' }) findingId: string,
    @Arg('status', () => CaseStatusEnum, { description: 'The new status.' }) status: CaseStatus,
    @Arg('note', () => String, { description: `What was done, or why (at most ${MAX_NOTE_LENGTH} characters).` }) note: string,
  ): Promise<FindingCase> {
    const row = await changeCase(ctx.casesWriter(), { findingId, status, note, principal: ctx.principal });
    ctx.loaders.cases.history.clear(findingId);
    ctx.loaders.cases.caseOf.clear(findingId);
    return toCase(row, defaultAsOf());
  }
}

@Resolver(() => FindingCase)
export class FindingCaseResolver {
  @FieldResolver(() => [CaseEvent], { description: 'Every change of status, oldest first; empty for a case not filed.' })
  async history(@Root() c: FindingCase, @Ctx() ctx: CooperationContext): Promise<CaseEvent[]> {
    if (!c.filed) return [];
    return (await ctx.loaders.cases.history.load(c.findingId)).map(toCaseEvent);
  }

  @Directive(TAXPAYER_READ)
  @FieldResolver(() => Finding, {
    nullable: true,
    description:
      "The finding as the latest completed reconciliation run stored it; null when that run no longer found it (the case's history says so).",
  })
  async finding(@Root() c: FindingCase, @Ctx() ctx: CooperationContext): Promise<Finding | null> {
    const row = await ctx.loaders.cases.finding.load(c.findingId);
    return row ? toFinding(row) : null;
  }
}

@Resolver(() => Finding)
export class FindingCaseFieldResolver {
  @FieldResolver(() => FindingCase, {
    name: 'case',
    description:
      "The finding's case: the stored one when a reconciliation run has filed it; for a live finding no run has stored yet, the case it would " +
      'get (OPEN, owner, offices and due date computed the same way, empty history, filed: false).',
  })
  async findingCase(@Root() f: Finding, @Ctx() ctx: CooperationContext): Promise<FindingCase> {
    const today = defaultAsOf();
    const row = await ctx.loaders.cases.caseOf.load(f.id);
    return row ? toCase(row, today) : unfiledCase(f, today);
  }
}
