/**
 * The reconciliation as distributed jobs (issue 15), end to end at 2,000 taxpayers: the subgraphs and
 * the gateway as processes, a single-process run first, then a run split into shards in pg-boss and
 * taken by three `reconcile-worker` processes, one of them SIGKILLed right after it took a shard (while
 * its shard and others remain). Its shard is taken again after the lease by another worker. The
 * distributed run must equal the single one: the same findings (ids) with the same first-detected
 * times, the same subjects and counts (registration events, administrators' loads, the run's own),
 * and 100% precision and recall against the generator's ground truth; every shard done once, every
 * job completed, every judged subject claimed by exactly one shard.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Manifest } from '../../seeds/manifest';
import { estimateRecords, reconcileDistributed } from '../../subgraphs/cooperation/reconcile/coordinator';
import { gatewayClient } from '../../subgraphs/cooperation/reconcile/gateway-client';
import { openStore } from '../../subgraphs/cooperation/store/connection';
import { reconcile } from '../../subgraphs/cooperation/reconcile/runner';
import { freePort } from '../../dev/ports';
import { AUDIT_SUBGRAPH, LEGACY_SOURCES } from '../../shared/sources';
import { GraphFinding, score, scoreTable } from '../support/ground-truth';
import { Proc, requireBuild, Stack } from '../support/processes';
import { graphql, Seeded, seededSources, sqlRows, tokenFor } from '../support/seeded';

const WORKER = join(__dirname, '..', '..', 'dist', 'scripts', 'reconcile-worker.js');
/** Short, so the killed worker's shard is taken again within the test; each shard takes a few seconds here. */
const LEASE = 20;
const PAGE_SIZE = 100;

// Seeding, two runs and a lease: generous for a shared two-core machine.
jest.setTimeout(400_000);

interface Worker {
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
}

function startWorker(env: NodeJS.ProcessEnv): Worker {
  const child = spawn(process.execPath, [WORKER], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  child.stdout!.on('data', (c: Buffer) => lines.push(...c.toString().split('\n').filter(Boolean)));
  child.stderr!.on('data', (c: Buffer) => lines.push(...c.toString().split('\n').filter(Boolean)));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, lines, exited };
}

/** What a run stored, as comparable values. */
async function snapshot(url: string, runId: number) {
  const q = <T>(sql: string) => sqlRows<T>(url, sql, [runId]);
  const [run] = await q<{ pages: number; records: number; subjects: number; findings: number; status: string }>(
    'SELECT pages, records, subjects, findings, status FROM reconciliation_run WHERE id = $1',
  );
  const findings = await q<{ key: string; subject: string; detected_at: string }>(
    'SELECT key, subject, detected_at::text FROM finding WHERE run_id = $1 ORDER BY key',
  );
  const subjects = (await q<{ subject: string }>('SELECT subject FROM reconciliation_subject WHERE run_id = $1 ORDER BY subject')).map(
    (r) => r.subject,
  );
  const events = await q(
    'SELECT source, division, month, event, records FROM registration_event_count WHERE run_id = $1 ORDER BY 1, 2, 3, 4',
  );
  const loads = await q(
    'SELECT source, administrator, name, division, tax_office_code, households FROM administrator_load WHERE run_id = $1 ORDER BY 1, 2',
  );
  return { run, findings, subjects, events, loads };
}

describe('the reconciliation as distributed jobs at 2,000 taxpayers', () => {
  let seeded: Seeded;
  let manifest: Manifest;
  let stack: Stack;
  let gateway: Proc;
  let token: string;
  const workers: Worker[] = [];

  beforeAll(async () => {
    requireBuild();
    seeded = await seededSources('recdist', 2000);
    manifest = seeded.manifest;
    process.env.TAXGRAPH_AS_OF = manifest.asOf;
    stack = new Stack(seeded.urls);
    await Promise.all([...LEGACY_SOURCES, AUDIT_SUBGRAPH.name].map((s) => stack.startSubgraph(s)));
    await stack.startSubgraph('cooperation');
    gateway = await stack.startGateway({ RATE_LIMIT_ANALYST_PER_MINUTE: '10000000', SUBGRAPH_TIMEOUT_MS: '60000' });
    token = await tokenFor({ role: 'analyst' });
  });
  afterAll(async () => {
    for (const w of workers) w.child.kill('SIGKILL');
    await stack?.stop();
  });

  test('three workers, one killed mid-run, give the single-process run, once each', async () => {
    const common = {
      gatewayUrl: gateway.url,
      token,
      purpose: 'distributed reconciliation test',
      databaseUrl: seeded.urls.federation,
      pageSize: PAGE_SIZE,
    };
    // Before any run, shards are sized by the lists counted with light queries (they give no totalCount).
    const store = openStore(seeded.urls.federation);
    const gql = gatewayClient({ url: gateway.url, token, purpose: common.purpose });
    const counted = await estimateRecords(store, gql).finally(() => store.destroy());

    const single = await reconcile(common);
    expect(single.status).toBe('completed');
    // Each list's last step is counted as half a step of 500: within 250 records per list.
    expect(Math.abs(counted - single.records)).toBeLessThanOrEqual(4 * 250);

    const env = {
      ...process.env,
      TAXGRAPH_DATABASE_URL: seeded.urls.federation,
      TAXGRAPH_GATEWAY_URL: gateway.url,
      RECONCILE_TOKEN: token,
      RECONCILE_SHARD_LEASE_SECONDS: String(LEASE),
    };
    // The two survivors answer an orchestrator's probes (RECONCILE_WORKER_PORT), as deployed workers do.
    const probePorts = [await freePort(), await freePort()];
    workers.push(startWorker(env));
    for (const port of probePorts) workers.push(startWorker({ ...env, RECONCILE_WORKER_PORT: String(port) }));
    const seen: number[] = [];
    const running = reconcileDistributed({ ...common, shards: 12, lease: LEASE, onProgress: (p) => seen.push(p.done) });
    running.catch(() => undefined);

    // The victim: the first worker, killed as a crash would, right after it takes a shard.
    const victim = workers[0];
    let taken: RegExpExecArray | null = null;
    for (let i = 0; i < 1200 && !taken; i++) {
      taken = victim.lines.map((l) => /run (\d+) shard (\d+) taken/.exec(l)).find(Boolean) ?? null;
      if (!taken) await new Promise((r) => setTimeout(r, 50));
    }
    expect(taken).not.toBeNull();
    victim.child.kill('SIGKILL');
    await victim.exited;
    const [runId, shard] = [Number(taken![1]), Number(taken![2])];
    // Killed mid-run: its shard (at least) was not done.
    const [killed] = await sqlRows<{ status: string }>(
      seeded.urls.federation,
      'SELECT status FROM reconciliation_shard WHERE run_id = $1 AND shard = $2',
      [runId, shard],
    );
    expect(killed.status).toBe('queued');

    const distributed = await running;
    expect(distributed.runId).toBe(runId);
    expect(seen[seen.length - 1]).toBeGreaterThan(0);

    // Equal to the single-process run: findings (ids) with their first-detected times, subjects, counts.
    const a = await snapshot(seeded.urls.federation, single.runId);
    const b = await snapshot(seeded.urls.federation, distributed.runId);
    expect(b.run).toEqual(a.run);
    expect(b.findings.length).toBeGreaterThan(0);
    // Subjects included: a finding two subjects share (taxpayers with one organization code) goes to
    // the subject the lists meet first, as the single run's list-order commits give it.
    expect(b.findings).toEqual(a.findings);
    const [{ n: contended }] = await sqlRows<{ n: number }>(
      seeded.urls.federation,
      'SELECT count(*)::int AS n FROM finding_contender WHERE run_id = $1',
      [distributed.runId],
    );
    expect(contended).toBeGreaterThan(0);
    expect(b.subjects).toEqual(a.subjects);
    expect(b.events).toEqual(a.events);
    expect(b.loads).toEqual(a.loads);

    // Every shard done once: the killed one taken again, by another worker; each job completed.
    const shards = await sqlRows<{ shard: number; status: string; attempts: number; worker: string; subjects: number; job: string }>(
      seeded.urls.federation,
      'SELECT shard, status, attempts, worker, subjects, job::text FROM reconciliation_shard WHERE run_id = $1 ORDER BY shard',
      [runId],
    );
    expect(shards.length).toBeGreaterThanOrEqual(8);
    expect(shards.filter((s) => s.status !== 'done')).toEqual([]);
    const retaken = shards.find((s) => s.shard === shard)!;
    expect(retaken.attempts).toBeGreaterThanOrEqual(2);
    expect(retaken.worker).not.toContain(`:${victim.child.pid}`);
    expect(shards.reduce((n, s) => n + s.subjects, 0)).toBe(b.run.subjects);
    const jobs = await sqlRows<{ state: string }>(
      seeded.urls.federation,
      'SELECT state FROM pgboss.job WHERE id = ANY($1::uuid[]) UNION ALL SELECT state FROM pgboss.archive WHERE id = ANY($1::uuid[])',
      [shards.map((s) => s.job)],
    );
    expect(jobs.map((j) => j.state)).toEqual(shards.map(() => 'completed'));

    // No subject judged twice: each stored subject has the one claim of the shard that stored it.
    const [claims] = await sqlRows<{ unclaimed: number; claims: number }>(
      seeded.urls.federation,
      `SELECT count(*) FILTER (WHERE c.subject IS NULL)::int AS unclaimed, count(c.subject)::int AS claims
         FROM reconciliation_subject s LEFT JOIN reconciliation_claim c USING (run_id, subject) WHERE s.run_id = $1`,
      [runId],
    );
    expect(claims).toEqual({ unclaimed: 0, claims: b.run.subjects });
    // No finding stored twice.
    expect(new Set(b.findings.map((f) => f.key)).size).toBe(b.findings.length);

    // The ground truth, read back through the gateway (the latest completed run: the distributed one).
    const found: GraphFinding[] = [];
    for (let after: string | null = null; ;) {
      const res: {
        data?: { findings: { pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: GraphFinding }[] } } | null;
      } = await graphql(
        gateway.url,
        'query F($after: String) { findings(first: 500, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id kind uscc legacyId record { source id } periodFrom periodTo year division } } } }',
        { after },
        { authorization: `Bearer ${token}`, 'x-purpose': 'distributed reconciliation test' },
      );
      found.push(...res.data!.findings.edges.map((e) => e.node));
      if (!res.data!.findings.pageInfo.hasNextPage) break;
      after = res.data!.findings.pageInfo.endCursor;
    }
    expect(found.map((f) => f.id).sort()).toEqual(b.findings.map((f) => f.key).sort());
    const scores = score(manifest, found);
    process.stdout.write(`${scoreTable('distributed, 3 workers, one killed', scores)}\n`);
    for (const s of scores)
      expect({ kind: s.kind, precision: s.precision, recall: s.recall }).toEqual({ kind: s.kind, precision: 1, recall: 1 });

    // The survivors' probes: alive, ready, and their /metrics count exactly the shards the store says each committed.
    for (const [i, port] of probePorts.entries()) {
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/health`)).status).toBe(200);
      const ready = await fetch(`${base}/ready`);
      expect([ready.status, ((await ready.json()) as { status: string }).status]).toEqual([200, 'ready']);
      const text = await (await fetch(`${base}/metrics`)).text();
      const committed = Number(/^taxgraph_reconcile_shards_total\{outcome="committed"\} (\d+)$/m.exec(text)?.[1] ?? 0);
      const pid = workers[i + 1].child.pid;
      expect(committed).toBe(shards.filter((s) => s.worker.endsWith(`:${pid}`)).length);
    }

    // The survivors stop cleanly on SIGTERM.
    for (const w of workers.slice(1)) w.child.kill('SIGTERM');
    expect(await Promise.all(workers.slice(1).map((w) => w.exited))).toEqual([0, 0]);
  });
});
