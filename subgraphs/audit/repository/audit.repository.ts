import type { Knex } from 'knex';

/**
 * The audit trail's table in the federation's own database (written by the gateway, gateway/audit/;
 * read here through a read-only session). The GIN index on `taxpayers` and the B-tree on `at`
 * serve the search by USCC and time.
 */
export interface AccessRow {
  /** to_char'd in the query: ISO 8601 in UTC. */
  at: string;
  subject: string;
  role: string;
  bank: string | null;
  purpose: string | null;
  operation_name: string | null;
  request_id: string;
  outcome: string;
}

/** The most entries one call returns; narrow the time range for more. */
export const MAX_ENTRIES = 1000;

/** PostgreSQL's undefined_table: no gateway has recorded anything in this database yet. */
const UNDEFINED_TABLE = '42P01';

/** Reads of one taxpayer's data in [from, to), newest first. */
export async function readsOf(db: Knex, uscc: string, from: string | null, to: string | null, limit = MAX_ENTRIES): Promise<AccessRow[]> {
  const q = db
    .from('audit_log')
    .select(
      db.raw(`to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at`),
      'subject',
      'role',
      'bank',
      'purpose',
      'operation_name',
      'request_id',
      'outcome',
    )
    .whereRaw('taxpayers @> ARRAY[?]::text[]', [uscc])
    .whereNotNull('subject')
    .whereNotNull('role')
    .orderBy([
      { column: 'audit_log.at', order: 'desc' },
      { column: 'seq', order: 'desc' },
    ])
    .limit(limit);
  if (from) q.where('audit_log.at', '>=', from);
  if (to) q.where('audit_log.at', '<', to);
  try {
    return await q;
  } catch (err) {
    if ((err as { code?: string }).code === UNDEFINED_TABLE) return [];
    throw err;
  }
}
