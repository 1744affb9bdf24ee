import { Arg, Ctx, Directive, Query, Resolver } from 'type-graphql';
import { badUserInput, taxgraphError } from '../../../shared/errors';
import { DateTimeScalar, UsccScalar } from '../../kit/scalars';
import type { AuditContext } from '../context';
import { MAX_ENTRIES, readsOf } from '../repository/audit.repository';
import { toAccessLogEntry } from '../repository/mapper';
import { AccessLogEntry } from '../types/access-log-entry';

/** The scope that lets a caller read the audit trail. */
export const AUDIT_READ = 'audit:read';

@Resolver()
export class QueryResolver {
  @Directive(`@requiresScopes(scopes: [["${AUDIT_READ}"]])`)
  @Query(() => [AccessLogEntry], {
    description:
      "Who read this taxpayer's data, when and why (the taxpayer's right to know), from the audit trail: " +
      `newest first, at most ${MAX_ENTRIES} entries (narrow from/to for more). Requires the scope ${AUDIT_READ}.`,
  })
  async accessLog(
    @Ctx() ctx: AuditContext,
    // type-graphql prints arguments in reverse order of declaration: the SDL reads (uscc, from, to).
    @Arg('to', () => DateTimeScalar, { nullable: true, description: 'Reads before this time.' }) to: string | null | undefined,
    @Arg('from', () => DateTimeScalar, { nullable: true, description: 'Reads at or after this time.' }) from: string | null | undefined,
    @Arg('uscc', () => UsccScalar, { description: "The taxpayer's unified social credit code." }) uscc: string,
  ): Promise<AccessLogEntry[]> {
    // Declared in the schema for every gateway and enforced here as well, whatever sits in front.
    if (!ctx.principal.scopes.includes(AUDIT_READ)) {
      throw taxgraphError('FORBIDDEN', `Query.accessLog requires the scope ${AUDIT_READ}, which this caller does not hold.`, {
        requiredScopes: [[AUDIT_READ]],
        field: 'Query.accessLog',
      });
    }
    if (from && to && Date.parse(from) > Date.parse(to)) throw badUserInput('from must not be after to', { argument: 'from' });
    const rows = await readsOf(ctx.db, uscc, from ?? null, to ?? null);
    return rows.map(toAccessLogEntry);
  }
}
