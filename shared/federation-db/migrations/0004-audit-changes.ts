import type { Knex } from 'knex';

/**
 * The graph's first writes (issue 13, the cases' `updateFindingCase`): the audit record of a mutation
 * keeps what it asked to change, with its note, in `changes` (gateway/audit/writes.ts). Null in every
 * other record and in the records written before; the hash covers it only when it is set, so the
 * chain written before this column still verifies. Adding a nullable column rewrites no row.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw(`
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS changes jsonb;
COMMENT ON COLUMN audit_log.changes IS 'The writes a mutation asked for: [{mutation, arguments, applied}], arguments verbatim '
  '(a case''s finding id, new status and note); null for queries.';
`);
}

/** Losing audit records is losing data: no migration drops what the trail holds. */
export async function down(): Promise<void> {
  throw new Error('the audit trail (audit_log.changes) is never dropped by a migration');
}
