/**
 * The audit trail's writer on a real PostgreSQL: a commit is one statement once the writer knows the
 * chain's head, the long way (BEGIN, lock, read the head, insert, COMMIT) when it does not; two
 * writers on one table (two gateways) still make one intact chain, each falling back to the long way
 * when the other extended the chain (and staying on it for a while); the one-statement commit really
 * holds the chain's lock (a long way reading the head meanwhile would otherwise collide with it); a
 * refused entry fails alone.
 */
import { Client } from 'pg';
import { migrateFederationDbAt } from '../../shared/federation-db';
import { openAuditPool } from '../../gateway/audit/pool';
import { AuditEntry } from '../../gateway/audit/record';
import { verifyAuditChain } from '../../gateway/audit/verify';
import { AuditWriter, CHAIN_LOCK } from '../../gateway/audit/writer';
import { createTestDatabases } from '../support/db';

const entry = (requestId: string, over: Partial<AuditEntry> = {}): AuditEntry => ({
  at: new Date().toISOString(),
  requestId,
  subject: 'app-1',
  role: 'app',
  bank: null,
  purpose: null,
  operationName: 'Op',
  documentHash: null,
  variables: { uscc: 'x' },
  taxpayers: [],
  vouchers: [],
  outcome: 'ok',
  errorCodes: [],
  durationMs: 1,
  ...over,
});

describe('audit writer', () => {
  let url: string;
  const writers: AuditWriter[] = [];

  /** A writer counting its statements per commit. */
  function writer(): { writer: AuditWriter; commits: number[] } {
    const commits: number[] = [];
    const w = new AuditWriter(openAuditPool({ url }), async () => undefined, { onCommit: (statements) => commits.push(statements) });
    writers.push(w);
    return { writer: w, commits };
  }

  async function verify(): Promise<{ ok: boolean; count: number }> {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return await verifyAuditChain(client);
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    ({ chain: url } = await createTestDatabases('audit-writer', ['chain']));
    await migrateFederationDbAt(url, { applicationName: 'audit-writer-test' });
  });

  afterAll(async () => {
    for (const w of writers) await w.close();
  });

  it('commits in one statement after the head it knows, in five when it must read the head', async () => {
    const a = writer();
    await a.writer.append(entry('a-1'));
    await a.writer.append(entry('a-2'));
    await Promise.all([a.writer.append(entry('a-3')), a.writer.append(entry('a-4'))]);
    expect(a.commits).toEqual([5, 1, 1]);
    expect(await verify()).toMatchObject({ ok: true, count: 4 });
  });

  it('keeps one chain when two writers take turns, each falling back to the long way after the other', async () => {
    const a = writer();
    const b = writer();
    for (let i = 0; i < 3; i++) {
      await a.writer.append(entry(`turn-a-${i}`));
      await b.writer.append(entry(`turn-b-${i}`));
    }
    // The second commit finds the chain extended by the other writer (a failed 1, then 5); from then on
    // each goes the long way at once for a while.
    expect(a.commits).toEqual([5, 1, 5, 5]);
    expect(b.commits).toEqual([5, 1, 5, 5]);
    await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? a.writer : b.writer).append(entry(`burst-${i}`))));
    expect(await verify()).toMatchObject({ ok: true, count: 4 + 6 + 200 });
  });

  it('takes the chain lock in the one-statement commit too, so a long way never reads a head it is about to extend', async () => {
    const a = writer();
    await a.writer.append(entry('lock-1'));
    // Another session holds the chain's lock: the next one-statement commit must wait for it.
    const holder = new Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock($1, $2)', [...CHAIN_LOCK]);
      const pending = a.writer.append(entry('lock-2'));
      const waiting = async () =>
        (
          await holder.query<{ n: string }>(
            `SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid = ${CHAIN_LOCK[0]} AND objid = ${CHAIN_LOCK[1]}`,
          )
        ).rows[0].n;
      for (let i = 0; i < 500 && (await waiting()) === '0'; i++) await new Promise((r) => setTimeout(r, 10));
      expect(await waiting()).toBe('1');
      const before = await holder.query(`SELECT count(*) AS n FROM audit_log WHERE request_id = 'lock-2'`);
      expect(before.rows[0].n).toBe('0');
      await holder.query('COMMIT');
      await pending;
    } finally {
      await holder.end();
    }
    expect(a.commits).toEqual([5, 1]);
    expect(await verify()).toMatchObject({ ok: true, count: 4 + 6 + 200 + 2 });
  });

  it('fails a refused entry alone and keeps the head for the next commit', async () => {
    const a = writer();
    await a.writer.append(entry('before'));
    const results = await Promise.allSettled([
      a.writer.append(entry('good-1')),
      a.writer.append(entry('bad', { at: 'not a time' })),
      a.writer.append(entry('good-2')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    await a.writer.append(entry('after'));
    expect(a.commits.at(-1)).toBe(1);
    expect(await verify()).toMatchObject({ ok: true, count: 4 + 6 + 200 + 2 + 4 });
  });
});
