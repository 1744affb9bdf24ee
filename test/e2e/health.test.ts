/**
 * Health as orchestrators read it (issue 14): every process (the gateway and the six subgraphs)
 * answers `/health` (liveness: the process answers, nothing else asked) and `/ready` (readiness).
 * A subgraph is ready when its database answers; a probe flood costs one check a second (counted
 * as SQL statements at the subgraph, and as calls through a counting proxy at the gateway); a
 * database that goes away makes the subgraph unready while it stays alive. The gateway is ready
 * while any subgraph answers (degraded when some do not), and unready when none does.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { CountingProxy } from '../support/counting-proxy';
import { sourceDatabasesFor } from '../support/db';
import { Proc, requireBuild, Stack } from '../support/processes';
import { TcpProxy } from '../support/tcp-proxy';

const PROBES = 50;
/** Longer than the readiness cache (one second), so the next probe checks afresh. */
const PAST_THE_CACHE_MS = 1200;

const base = (proc: { url: string }) => proc.url.replace(/\/graphql$/, '');

async function sqlStatements(proc: Proc): Promise<number> {
  const text = await (await fetch(`${base(proc)}/metrics`)).text();
  return Number(/^sql_statements_total\{[^}]*\} (\d+)/m.exec(text)![1]);
}

/** PROBES probes at once; their statuses. */
async function flood(url: string): Promise<number[]> {
  return Promise.all(Array.from({ length: PROBES }, async () => (await fetch(url)).status));
}

/** Asks `url` until its answer satisfies `done` (a readiness answer may be a second old), at most ten seconds; the last answer. */
async function probeUntil(url: string, done: (r: { status: number; body: any }) => boolean): Promise<{ status: number; body: any }> {
  let last = { status: 0, body: undefined as any };
  for (let attempt = 0; attempt < 100; attempt++) {
    const res = await fetch(url);
    last = { status: res.status, body: await res.json() };
    if (done(last)) break;
    await sleep(100);
  }
  return last;
}

const readyStatus = (url: string, want: number) => probeUntil(url, (r) => r.status === want);

describe('health and readiness probes', () => {
  let stack: Stack;
  let database: TcpProxy;
  let counted: CountingProxy;
  let gateway: Proc;

  beforeAll(async () => {
    requireBuild();
    const urls = await sourceDatabasesFor('health');
    // national-tax reaches its database through a proxy the test can cut.
    const proxied = await TcpProxy.inFrontOf(urls['national-tax']);
    database = proxied.proxy;
    stack = new Stack({ ...urls, 'national-tax': proxied.url });
    await stack.startSubgraphs();
    counted = await CountingProxy.inFrontOf(stack.subgraphs.get('treasury-bank')!.url);
    gateway = await stack.startGateway({}, { 'treasury-bank': counted.url });
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    counted?.close();
    await database?.close();
  });

  it('every process answers /health and /ready', async () => {
    const procs = [gateway, ...stack.subgraphs.values()];
    expect(procs).toHaveLength(7);
    for (const proc of procs) {
      const health = await fetch(`${base(proc)}/health`);
      expect({ proc: proc.label, status: health.status, body: await health.json() }).toMatchObject({
        proc: proc.label,
        status: 200,
        body: { status: 'ok' },
      });
      const ready = await readyStatus(`${base(proc)}/ready`, 200);
      expect({ proc: proc.label, ...ready }).toMatchObject({ proc: proc.label, status: 200, body: { status: 'ready' } });
    }
    const ready = (await readyStatus(`${base(gateway)}/ready`, 200)).body;
    expect(Object.keys(ready.subgraphs).sort()).toEqual([
      'audit',
      'business-registry',
      'cooperation',
      'local-tax',
      'national-tax',
      'treasury-bank',
    ]);
    expect(ready.supergraph.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("costs one database check for a flood of a subgraph's readiness probes", async () => {
    const nationalTax = stack.subgraphs.get('national-tax')!;
    for (let round = 0; round < 2; round++) {
      await sleep(PAST_THE_CACHE_MS);
      const before = await sqlStatements(nationalTax);
      expect(await flood(`${base(nationalTax)}/ready`)).toEqual(Array(PROBES).fill(200));
      expect(await sqlStatements(nationalTax)).toBe(before + 1);
    }
  });

  it("costs one probe of each subgraph for a flood of the gateway's readiness probes", async () => {
    for (let round = 0; round < 2; round++) {
      await sleep(PAST_THE_CACHE_MS);
      const before = counted.calls;
      expect(await flood(`${base(gateway)}/ready`)).toEqual(Array(PROBES).fill(200));
      expect(counted.calls).toBe(before + 1);
    }
  });

  it('is unready without its database and still alive, and ready again when the database is back', async () => {
    const nationalTax = stack.subgraphs.get('national-tax')!;
    await database.close();
    try {
      const down = await readyStatus(`${base(nationalTax)}/ready`, 503);
      expect(down).toEqual({ status: 503, body: { status: 'unavailable', source: 'national-tax', database: 'down' } });
      const health = await fetch(`${base(nationalTax)}/health`);
      expect(health.status).toBe(200);
      // The gateway still serves the other sources: degraded, not out of rotation.
      const degraded = await probeUntil(`${base(gateway)}/ready`, (r) => r.body.status === 'degraded');
      expect(degraded.status).toBe(200);
      expect(degraded.body).toMatchObject({ status: 'degraded', subgraphs: { 'national-tax': { state: 'down', database: 'down' } } });
      expect(degraded.body.subgraphs['local-tax'].state).toBe('up');
    } finally {
      await database.open();
    }
    expect((await readyStatus(`${base(nationalTax)}/ready`, 200)).body).toEqual({
      status: 'ready',
      source: 'national-tax',
      database: 'up',
    });
  });

  it('takes a gateway that reaches no subgraph out of rotation, and keeps it alive', async () => {
    const nowhere = 'http://127.0.0.1:9/graphql';
    const names = [...stack.subgraphs.keys()];
    const isolated = await stack.startGateway({}, Object.fromEntries(names.map((n) => [n, nowhere])));
    const ready = await readyStatus(`${base(isolated)}/ready`, 503);
    expect(ready.status).toBe(503);
    expect(ready.body.status).toBe('unavailable');
    expect(Object.values(ready.body.subgraphs).every((s: any) => s.state === 'down')).toBe(true);
    expect((await fetch(`${base(isolated)}/health`)).status).toBe(200);
  });
});
