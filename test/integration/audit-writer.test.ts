/**
 * The audit trail's writer on a real PostgreSQL: a commit is one statement once the writer knows the
 * chain's head, the long way (BEGIN, lock, read the head, insert, COMMIT) when it does not; two
 * writers on one table (two gateways) still make one intact chain, each falling back to the long way
 * when the other extended the chain (and staying on it for a while); a refused entry fails alone.
 */
import { Client } from 'pg';
import { migrateFederationDbAt } from '../../shared/federation-db';
import { openAuditPool } from '../../gateway/audit/pool';
import { AuditEntry } from '../../gateway/audit/record';
import { verifyAuditChain } from '../../gateway/audit/verify';
import { AuditWriter } from '../../gateway/audit/writer';
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
    expect(await verify()).toMatchObject({ ok: true, count: 4 + 6 + 200 + 4 });
  });
});
