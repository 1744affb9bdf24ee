/**
 * The federation database's schema (shared/federation-db): its knex migrations bring an empty
 * database and one at the schema the old hand-written scripts made (gateway/audit/migrate.ts and
 * cooperation's store/schema.ts, replayed verbatim below) to the same schema, keep the old rows, keep
 * audit_log append-only, run nothing a second time, and stay safe when several processes migrate a
 * new database at once.
 */
import knex from 'knex';
import { AUDIT_TABLE, FEDERATION_DB_MIGRATIONS, migrateFederationDb, migrateFederationDbAt } from '../../shared/federation-db';
import { createTestDatabases } from '../support/db';
import { sqlRows } from '../support/seeded';

/** gateway/audit/migrate.ts's DDL, as it ran before the migrations (the last version, 545fb1f). */
const OLD_AUDIT_DDL = `
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

/** subgraphs/cooperation/store/schema.ts's DDL, as it ran before the migrations (545fb1f). */
const OLD_STORE_DDL = `
CREATE TABLE IF NOT EXISTS reconciliation_run (
  id           bigserial   PRIMARY KEY,
  started_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz,
  status       text        NOT NULL CHECK (status IN ('running', 'completed', 'abandoned')),
  as_of        date        NOT NULL,
  gateway      text        NOT NULL,
  purpose      text        NOT NULL,
  page_size    integer     NOT NULL,
  phase        text,
  cursor       text,
  pages        integer     NOT NULL DEFAULT 0,
  records      integer     NOT NULL DEFAULT 0,
  subjects     integer     NOT NULL DEFAULT 0,
  findings     integer     NOT NULL DEFAULT 0,
  resumed      integer     NOT NULL DEFAULT 0
);
COMMENT ON TABLE reconciliation_run IS 'taxgraph reconciliation runs (npm run reconcile): one row per run, its checkpoint and counts.';
CREATE TABLE IF NOT EXISTS reconciliation_subject (
  run_id   bigint NOT NULL REFERENCES reconciliation_run (id) ON DELETE CASCADE,
  subject  text   NOT NULL,
  PRIMARY KEY (run_id, subject)
);
CREATE TABLE IF NOT EXISTS finding (
  run_id           bigint      NOT NULL REFERENCES reconciliation_run (id) ON DELETE CASCADE,
  key              text        NOT NULL,
  kind             text        NOT NULL,
  subject          text        NOT NULL,
  uscc             text,
  legacy_id        text,
  record_source    text        NOT NULL,
  record_id        text        NOT NULL,
  sources          text[]      NOT NULL,
  detail           text        NOT NULL,
  evidence         jsonb       NOT NULL,
  division         text,
  industry_code    text,
  tax_office_codes text[]      NOT NULL DEFAULT '{}',
  period_from      date,
  period_to        date,
  year             integer,
  detected_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, key)
);
CREATE INDEX IF NOT EXISTS finding_kind_idx ON finding (run_id, kind, key);
CREATE INDEX IF NOT EXISTS finding_division_idx ON finding (run_id, division, key);
CREATE INDEX IF NOT EXISTS finding_uscc_idx ON finding (run_id, uscc);
CREATE TABLE IF NOT EXISTS registration_event_count (
  run_id    bigint  NOT NULL REFERENCES reconciliation_run (id) ON DELETE CASCADE,
  source    text    NOT NULL,
  division  text    NOT NULL,
  month     text    NOT NULL,
  event     text    NOT NULL CHECK (event IN ('new', 'changed', 'migrated', 'deregistered')),
  records   integer NOT NULL,
  PRIMARY KEY (run_id, source, division, month, event)
);
CREATE TABLE IF NOT EXISTS administrator_load (
  run_id          bigint  NOT NULL REFERENCES reconciliation_run (id) ON DELETE CASCADE,
  source          text    NOT NULL,
  administrator   text    NOT NULL,
  name            text,
  division        text    NOT NULL,
  tax_office_code text    NOT NULL,
  households      integer NOT NULL,
  PRIMARY KEY (run_id, source, administrator)
);
`;

const TABLES = [
  'administrator_load',
  AUDIT_TABLE,
  'finding',
  'knex_migrations',
  'knex_migrations_lock',
  'reconciliation_run',
  'reconciliation_subject',
  'registration_event_count',
];

async function migrate(url: string): Promise<string[]> {
  const db = knex({ client: 'pg', connection: url, pool: { min: 0, max: 2 } });
  try {
    return await migrateFederationDb(db);
  } finally {
    await db.destroy();
  }
}

/** The schema as PostgreSQL describes it: tables and columns, indexes, constraints, triggers, comments, functions, privileges, rules. */
async function schemaOf(url: string): Promise<Record<string, unknown[]>> {
  const q = (text: string) => sqlRows(url, text);
  return {
    columns: await q(
      `SELECT table_name, column_name, ordinal_position, data_type, udt_name, is_nullable, column_default, character_maximum_length
         FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
    ),
    indexes: await q(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY tablename, indexname`),
    constraints: await q(
      `SELECT conrelid::regclass::text AS table_name, conname, pg_get_constraintdef(oid) AS definition
         FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2`,
    ),
    triggers: await q(
      `SELECT tgrelid::regclass::text AS table_name, tgname, tgenabled, pg_get_triggerdef(oid) AS definition
         FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2`,
    ),
    comments: await q(
      `SELECT relname, obj_description(oid, 'pg_class') AS comment FROM pg_class
         WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' ORDER BY 1`,
    ),
    functions: await q(
      `SELECT proname, pg_get_functiondef(oid) AS definition FROM pg_proc WHERE pronamespace = 'public'::regnamespace ORDER BY 1`,
    ),
    privileges: await q(
      `SELECT table_name, grantee, privilege_type FROM information_schema.table_privileges WHERE table_schema = 'public' ORDER BY 1, 2, 3`,
    ),
    rules: await q(`SELECT tablename, rulename, definition FROM pg_rules WHERE schemaname = 'public' ORDER BY 1, 2`),
  };
}

const AUDIT_ROW = `INSERT INTO audit_log (seq, at, request_id, outcome, duration_ms, prev_hash, hash)
  VALUES ($1, now(), $2, 'ok', 1, repeat('0', 64), repeat('a', 64))`;

/** UPDATE, DELETE and TRUNCATE of audit_log are each refused (insufficient_privilege), and the record stays. */
async function expectAppendOnly(url: string, seq: number): Promise<void> {
  for (const statement of [
    `UPDATE audit_log SET purpose = 'x' WHERE seq = ${seq}`,
    `DELETE FROM audit_log WHERE seq = ${seq}`,
    'TRUNCATE audit_log',
  ]) {
    await expect(sqlRows(url, statement)).rejects.toMatchObject({
      code: '42501',
      message: expect.stringMatching(/audit_log is append-only/),
    });
  }
  expect(await sqlRows(url, 'SELECT seq::int AS seq, purpose FROM audit_log WHERE seq = $1', [seq])).toEqual([{ seq, purpose: null }]);
}

describe('federation database migrations', () => {
  let urls: Record<string, string>;

  beforeAll(async () => {
    urls = await createTestDatabases('federation-db', ['empty', 'scripted', 'racing']);
    // The database as the old scripts left it, with a record and a run in it.
    await sqlRows(urls.scripted, OLD_AUDIT_DDL);
    await sqlRows(urls.scripted, OLD_STORE_DDL);
    await sqlRows(urls.scripted, AUDIT_ROW, [1, 'before-migrations']);
    await sqlRows(
      urls.scripted,
      `INSERT INTO reconciliation_run (status, as_of, gateway, purpose, page_size) VALUES ('completed', '2016-01-31', 'http://gw', 'test', 250)`,
    );
    await sqlRows(
      urls.scripted,
      `INSERT INTO finding (run_id, key, kind, subject, record_source, record_id, sources, detail, evidence)
         VALUES (1, 'ABNORMAL|national-tax:1|', 'ABNORMAL', 'national-tax:1', 'national-tax', '1', '{national-tax}', 'Abnormal.', '[]')`,
    );
  });

  it('migrates an empty database and one the old scripts made to the same schema, keeping the old rows', async () => {
    expect(await migrate(urls.empty)).toEqual([...FEDERATION_DB_MIGRATIONS]);
    expect(await migrate(urls.scripted)).toEqual([...FEDERATION_DB_MIGRATIONS]);

    const [fresh, adopted] = [await schemaOf(urls.empty), await schemaOf(urls.scripted)];
    expect([...new Set((fresh.columns as { table_name: string }[]).map((c) => c.table_name))]).toEqual(TABLES);
    expect(fresh.indexes.length).toBeGreaterThanOrEqual(13);
    expect(fresh.triggers.map((t) => (t as { tgname: string }).tgname)).toEqual(['audit_log_append_only', 'audit_log_no_truncate']);
    for (const aspect of Object.keys(fresh)) expect({ aspect, schema: adopted[aspect] }).toEqual({ aspect, schema: fresh[aspect] });

    expect(await sqlRows(urls.scripted, 'SELECT request_id FROM audit_log')).toEqual([{ request_id: 'before-migrations' }]);
    expect(await sqlRows(urls.scripted, 'SELECT run_id::int AS run_id, kind FROM finding')).toEqual([{ run_id: 1, kind: 'ABNORMAL' }]);
    expect(await sqlRows(urls.scripted, 'SELECT name FROM knex_migrations ORDER BY id')).toEqual(
      FEDERATION_DB_MIGRATIONS.map((name) => ({ name })),
    );
  });

  it('keeps audit_log append-only, whichever way the database came to its schema', async () => {
    await sqlRows(urls.empty, AUDIT_ROW, [1, 'after-migrations']);
    await expectAppendOnly(urls.empty, 1);
    await expectAppendOnly(urls.scripted, 1);
  });

  it('runs nothing when the database is up to date', async () => {
    const before = await schemaOf(urls.empty);
    expect(await migrate(urls.empty)).toEqual([]);
    expect(await migrateFederationDbAt(urls.scripted, { applicationName: 'taxgraph-test' })).toEqual([]);
    expect(await schemaOf(urls.empty)).toEqual(before);
    expect(await sqlRows(urls.empty, 'SELECT count(*)::int AS n FROM knex_migrations')).toEqual([{ n: FEDERATION_DB_MIGRATIONS.length }]);
  });

  it('lets several processes migrate a new database at once: one runs the migrations, the others wait and find them done', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => migrateFederationDbAt(urls.racing, { applicationName: `taxgraph-test-${i}` })),
    );
    expect(results.filter((ran) => ran.length > 0)).toEqual([[...FEDERATION_DB_MIGRATIONS]]);
    expect(results.filter((ran) => ran.length === 0)).toHaveLength(5);
    expect(await sqlRows(urls.racing, 'SELECT name FROM knex_migrations ORDER BY id')).toEqual(
      FEDERATION_DB_MIGRATIONS.map((name) => ({ name })),
    );
    expect(await schemaOf(urls.racing)).toEqual(await schemaOf(urls.empty));
  });
});
