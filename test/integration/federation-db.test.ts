/**
 * The federation database's schema (shared/federation-db): its knex migrations bring an empty
 * database and one at the schema the old hand-written scripts made (gateway/audit/migrate.ts and
 * cooperation's store/schema.ts; restored from their schema dump, fixtures/federation-db-545fb1f.sql) to the same
 * schema, keep the old rows, keep audit_log append-only, run nothing a second time, and stay safe
 * when several processes migrate a new database at once.
 */
import knex from 'knex';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AUDIT_CHECKPOINT_TABLE,
  AUDIT_TABLE,
  FEDERATION_DB_MIGRATIONS,
  migrateFederationDb,
  migrateFederationDbAt,
  needsMigrating,
} from '../../shared/federation-db';
import { createTestDatabases } from '../support/db';
import { sqlRows } from '../support/seeded';

/** The database as the old scripts made it (their DDL, frozen). */
const OLD_SCRIPTS = readFileSync(join(__dirname, 'fixtures', 'federation-db-545fb1f.sql'), 'utf8');

const TABLES = [
  'administrator_load',
  AUDIT_CHECKPOINT_TABLE,
  AUDIT_TABLE,
  'case_event',
  'case_outbox',
  'finding',
  'finding_case',
  'finding_contender',
  'knex_migrations',
  'knex_migrations_lock',
  'reconciliation_claim',
  'reconciliation_run',
  'reconciliation_shard',
  'reconciliation_subject',
  'registration_event_count',
];

/** needsMigrating as the gateway asks it, on a plain connection. */
const pending = (url: string) => needsMigrating((sql) => sqlRows<{ name: string }>(url, sql).then((rows) => ({ rows })));

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
    await sqlRows(urls.scripted, OLD_SCRIPTS);
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
    expect([await pending(urls.empty), await pending(urls.scripted)]).toEqual([true, true]);
    expect(await migrate(urls.empty)).toEqual([...FEDERATION_DB_MIGRATIONS]);
    expect(await migrate(urls.scripted)).toEqual([...FEDERATION_DB_MIGRATIONS]);

    const [fresh, adopted] = [await schemaOf(urls.empty), await schemaOf(urls.scripted)];
    expect([...new Set((fresh.columns as { table_name: string }[]).map((c) => c.table_name))]).toEqual(TABLES);
    expect(fresh.indexes.length).toBeGreaterThanOrEqual(13);
    expect(fresh.triggers.map((t) => (t as { tgname: string }).tgname)).toEqual([
      'audit_checkpoint_append_only',
      'audit_checkpoint_no_truncate',
      'audit_log_append_only',
      'audit_log_no_truncate',
    ]);
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
    expect([await pending(urls.empty), await pending(urls.scripted)]).toEqual([false, false]);
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
