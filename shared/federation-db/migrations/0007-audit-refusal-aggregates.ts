import type { Knex } from 'knex';

/**
 * Refusals before authentication are audited in aggregate (gateway/audit/refusals.ts): one record per
 * client address and minute, outcome `refused`, no principal, and in `refusals` what it counts
 * ({address, minute, count, codes, reasons}). Null in every other record and in the records written
 * before; the hash covers it only when it is set, so the chain written before this column still
 * verifies. Adding a nullable column rewrites no row.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw(`
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS refusals jsonb;
COMMENT ON COLUMN audit_log.refusals IS 'Refusals before authentication of one client address in one minute: '
  '{address, minute, count, codes: {UNAUTHENTICATED|RATE_LIMITED: n}, reasons: {reason: n}}; null for every other record.';
`);
}

/** Losing audit records is losing data: no migration drops what the trail holds. */
export async function down(): Promise<void> {
  throw new Error('the audit trail (audit_log.refusals) is never dropped by a migration');
}
