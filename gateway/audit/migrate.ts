import type { ClientBase, Pool } from 'pg';

/**
 * The audit table in the federation's own database (never a legacy one), created when missing.
 * Idempotent and safe when several gateways start at once: the DDL runs under an advisory lock, and
 * a gateway that finds everything in place runs no DDL at all (so it takes no table lock while
 * others write).
 *
 * - `seq` numbers the chain without gaps (assigned under the writers' lock, not by a sequence, whose
 *   numbers a rolled-back transaction would skip and the verifier would report as deletions).
 * - `taxpayers` has a GIN index and `at` a B-tree: `accessLog(uscc, from, to)` combines the two.
 * - A trigger refuses UPDATE, DELETE and TRUNCATE: the table is append-only for anyone who does not
 *   first disable the trigger, and the hash chain catches whoever does.
 */
export const AUDIT_TABLE = 'audit_log';

/** Held while the DDL runs (two int4 keys: 'tgau', 'migr'). */
const MIGRATION_LOCK = [0x74676175, 0x6d696772] as const;

const DDL = `
CREATE TABLE IF NOT EXISTS audit_log (
  seq            bigint      PRIMARY KEY,
  at             timestamptz NOT NULL,
  request_id     text        NOT NULL,
  subject        text,
  role           text,
  bank           text,
  purpose        text,
  operation_name text,
  document_hash  text,
  variables      jsonb,
  taxpayers      text[]      NOT NULL DEFAULT '{}',
  vouchers       text[]      NOT NULL DEFAULT '{}',
  outcome        text        NOT NULL CHECK (outcome IN ('ok', 'partial', 'error', 'refused')),
  error_codes    text[]      NOT NULL DEFAULT '{}',
  duration_ms    integer     NOT NULL,
  prev_hash      text        NOT NULL,
  hash           text        NOT NULL
);
COMMENT ON TABLE audit_log IS 'taxgraph audit trail: one record per operation, hash-chained (hash = sha256(prev_hash, record)); append-only. Check with npm run audit:verify.';
CREATE INDEX IF NOT EXISTS audit_log_taxpayers_idx ON audit_log USING gin (taxpayers);
CREATE INDEX IF NOT EXISTS audit_log_at_idx ON audit_log (at);
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'audit_log_append_only' AND tgrelid = 'audit_log'::regclass) THEN
    CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'audit_log_no_truncate' AND tgrelid = 'audit_log'::regclass) THEN
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
  END IF;
END $$;
`;

/** Whether the table, its indexes and its triggers are all there. */
async function inPlace(client: ClientBase): Promise<boolean> {
  const { rows } = await client.query<{ ready: boolean }>(
    `SELECT to_regclass('audit_log') IS NOT NULL
        AND to_regclass('audit_log_taxpayers_idx') IS NOT NULL
        AND to_regclass('audit_log_at_idx') IS NOT NULL
        AND (SELECT count(*) FROM pg_trigger WHERE tgrelid = to_regclass('audit_log') AND tgname IN ('audit_log_append_only', 'audit_log_no_truncate')) = 2 AS ready`,
  );
  return rows[0].ready;
}

/** Creates what is missing of the audit table; does nothing when it is all there. */
export async function migrateAudit(pool: Pool): Promise<void> {
  const client = await pool.connect();
  let broken = false;
  try {
    if (await inPlace(client)) return;
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1, $2)', [...MIGRATION_LOCK]);
      await client.query(DDL);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  } catch (err) {
    broken = true;
    throw err;
  } finally {
    client.release(broken);
  }
}
