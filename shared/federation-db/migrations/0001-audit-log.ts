import type { Knex } from 'knex';

/**
 * The audit trail (gateway/audit), as gateway/audit/migrate.ts created it before migrations: every
 * statement is written to find its object in place and leave it alone, so a database that script
 * already made is adopted as it is, rows and all.
 *
 * - `seq` numbers the chain without gaps (assigned under the writers' lock, not by a sequence, whose
 *   numbers a rolled-back transaction would skip and the verifier would report as deletions).
 * - `taxpayers` has a GIN index and `at` a B-tree: `accessLog(uscc, from, to)` combines the two.
 * - A trigger refuses UPDATE, DELETE and TRUNCATE: the table is append-only for anyone who does not
 *   first disable the trigger, and the hash chain catches whoever does.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw(`
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
COMMENT ON TABLE audit_log IS 'taxgraph audit trail: one record per operation, hash-chained (hash = sha256(prev_hash, record)); '
  'append-only. Check with npm run audit:verify.';
CREATE INDEX IF NOT EXISTS audit_log_taxpayers_idx ON audit_log USING gin (taxpayers);
CREATE INDEX IF NOT EXISTS audit_log_at_idx ON audit_log (at);
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'audit_log_append_only' AND tgrelid = 'audit_log'::regclass) THEN
    CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'audit_log_no_truncate' AND tgrelid = 'audit_log'::regclass) THEN
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
  END IF;
END $$;
`);
}

/** Losing audit records is losing data: no migration drops the trail. */
export async function down(): Promise<void> {
  throw new Error('the audit trail (audit_log) is never dropped by a migration');
}
