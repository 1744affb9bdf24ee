import type { Knex } from 'knex';

/**
 * Tracing (issue 14): an audit record keeps the operation's trace id (OpenTelemetry, 32 hex digits),
 * so an auditor can go from a record to the operation's trace and an operator from a trace to its
 * record. Null when tracing is off and in the records written before; the hash covers it only when
 * it is set (gateway/audit/record.ts), so the chain written before this column still verifies.
 * Adding a nullable column rewrites no row.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw(`
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS trace_id text;
COMMENT ON COLUMN audit_log.trace_id IS 'The operation''s OpenTelemetry trace id (32 hex digits); null when tracing is off.';
`);
}

/** Losing audit records is losing data: no migration drops what the trail holds. */
export async function down(): Promise<void> {
  throw new Error('the audit trail (audit_log.trace_id) is never dropped by a migration');
}
