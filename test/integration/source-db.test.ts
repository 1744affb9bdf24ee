/**
 * kit/db.ts against a real PostgreSQL: every statement a named prepared statement (planned once per
 * connection, on its generic plan), one name per text however many keys a batch binds, and the
 * session still read-only.
 */
import type { Knex } from 'knex';
import { Client } from 'pg';
import { openSourceDb } from '../../subgraphs/kit/db';
import { createTestDatabases } from '../support/db';

describe('openSourceDb', () => {
  let db: Knex;

  beforeAll(async () => {
    const { one } = await createTestDatabases('sourcedb', ['one']);
    const admin = new Client({ connectionString: one });
    await admin.connect();
    await admin.query(
      'DROP TABLE IF EXISTS t; CREATE TABLE t (k int PRIMARY KEY, v text); INSERT INTO t SELECT g, g::text FROM generate_series(1, 100) g',
    );
    await admin.end();
    db = openSourceDb({ source: 'test-source', url: one, poolMax: 1 });
  });

  afterAll(async () => {
    await db?.destroy();
  });

  it('prepares each statement text once per connection and runs it on its generic plan, whatever the batch size', async () => {
    for (const keys of [[1], [1, 2, 3], [4, 5], Array.from({ length: 50 }, (_, i) => i + 1), [7], [8], [9]]) {
      const rows = await db.from('t').select('k', 'v').whereRaw('k = ANY(?::int[])', [keys]);
      expect(rows).toHaveLength(keys.length);
    }
    await db.from('t').select('k').where('v', '1');
    const { rows } = await db.raw(
      "SELECT name, statement, generic_plans::int AS generic, custom_plans::int AS custom FROM pg_prepared_statements WHERE name LIKE 'test-source/%' ORDER BY name",
    );
    const batch = rows.find((r: { statement: string }) => r.statement.includes('ANY'));
    expect(batch).toMatchObject({ generic: 7, custom: 0 });
    expect(rows).toHaveLength(new Set(rows.map((r: { statement: string }) => r.statement)).size);
    expect(rows.length).toBeGreaterThanOrEqual(2);
  });

  it('keeps the session read-only, with generic plans', async () => {
    await expect(db.raw('INSERT INTO t VALUES (101, ?)', ['x'])).rejects.toThrow(/read-only/);
    const settings = await db.raw("SELECT current_setting('plan_cache_mode') AS mode");
    expect(settings.rows[0]).toEqual({ mode: 'force_generic_plan' });
  });
});
