/**
 * `npm run bench -- fleet [--taxpayers N] [--connections C] [--seconds S] [--rounds R] [--warmup W]`:
 * does the audit chain's one lock cap a fleet of gateways? One gateway, then two, over the same
 * subgraphs, the same federation database (one chain) and the same Redis (REDIS_URL, default
 * redis://127.0.0.1:6379; the limits run with budgets raised): autocannon drives C connections at
 * the one gateway, or C/2 at each of the two, for S seconds, alternating 1 2 1 2 R times.
 *
 * Per run: operations/s, p99, failures; from the gateways' /metrics, commits per second, records per
 * commit, the share of commits that took the long way (BEGIN, lock, read the head, insert, COMMIT:
 * 5 statements) and collisions (a one-statement commit that found the chain extended by the other
 * gateway), statements per commit; from pg_locks sampled every 20 ms, the share of samples in which
 * the chain's lock was held and the mean number of sessions waiting for it; CPU per operation of the
 * gateways and of the whole stack (gateways, six subgraphs, PostgreSQL), and how busy each core was.
 * Uses BENCH_DATABASE_URL (a server where it may create and drop databases) or a throwaway embedded
 * PostgreSQL (durable commits: fsync on).
 */
import { Client } from 'pg';
import { issueDevToken } from '../gateway/auth/tokens';
import { CHAIN_LOCK } from '../gateway/audit/writer';
import { Launched, stopProcesses, waitForHealth } from '../dev/launch';
import { freePort } from '../dev/ports';
import { seedAll } from '../seeds/seed';
import {
  benchDatabases,
  cannon,
  cleanupLater,
  coreBusy,
  coreTimes,
  cpuTimeMs,
  loadOptions,
  printTable,
  stackCpuMs,
  startProcess,
  startSubgraphs,
} from './support';

const QUERY = 'query BenchRead($uscc: USCC!) { taxpayer(uscc: $uscc) { uscc name registration { status } nationalTax { status } } }';

/** The audit writer's counters on one gateway's /metrics. */
interface AuditCounts {
  short: number;
  collisions: number;
  long: number;
  failedLong: number;
  records: number;
  statements: number;
}

async function auditCounts(metricsUrl: string): Promise<AuditCounts> {
  const text = await (await fetch(metricsUrl)).text();
  const commits = (statements: string, outcome: string) => {
    const m = new RegExp(
      `^taxgraph_audit_commits_total\\{(?=[^}]*statements="${statements}")(?=[^}]*outcome="${outcome}")[^}]*\\} (\\d+)`,
      'm',
    ).exec(text);
    return m ? Number(m[1]) : 0;
  };
  const total = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return {
    short: commits('1', 'committed'),
    collisions: commits('1', 'failed'),
    long: commits('5', 'committed'),
    failedLong: commits('5', 'failed'),
    records: total('taxgraph_audit_records_total'),
    statements: total('taxgraph_audit_statements_total'),
  };
}

const minus = (a: AuditCounts, b: AuditCounts): AuditCounts =>
  Object.fromEntries(Object.keys(a).map((k) => [k, a[k as keyof AuditCounts] - b[k as keyof AuditCounts]])) as unknown as AuditCounts;
const plus = (a: AuditCounts, b: AuditCounts): AuditCounts =>
  Object.fromEntries(Object.keys(a).map((k) => [k, a[k as keyof AuditCounts] + b[k as keyof AuditCounts]])) as unknown as AuditCounts;

/** Samples the chain lock in pg_locks until stopped: the share of samples it was held, the mean sessions waiting. */
function sampleLock(federation: string): { stop(): Promise<{ held: number; waiting: number; samples: number }> } {
  const client = new Client({ connectionString: federation, application_name: 'bench-fleet-sampler' });
  let running = true;
  let held = 0;
  let waiting = 0;
  let samples = 0;
  const loop = (async () => {
    await client.connect();
    while (running) {
      const { rows } = await client.query<{ held: string; waiting: string }>(
        `SELECT count(*) FILTER (WHERE granted) AS held, count(*) FILTER (WHERE NOT granted) AS waiting FROM pg_locks
         WHERE locktype = 'advisory' AND classid = $1 AND objid = $2 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        [...CHAIN_LOCK],
      );
      samples++;
      held += Number(rows[0].held) > 0 ? 1 : 0;
      waiting += Number(rows[0].waiting);
      await new Promise((r) => setTimeout(r, 20));
    }
    await client.end();
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { held: held / Math.max(1, samples), waiting: waiting / Math.max(1, samples), samples };
    },
  };
}

interface Run {
  label: string;
  gateways: number;
  requests: number;
  rps: number;
  p99: number;
  errors: number;
  audit: AuditCounts;
  lock: { held: number; waiting: number; samples: number };
  gatewayCpuMs: number;
  stackCpuMs: number;
  cores?: number[];
}

export async function run(args: string[]): Promise<void> {
  const { taxpayers, connections, seconds, rounds, warmup } = loadOptions(args, {
    taxpayers: 1000,
    connections: 20,
    seconds: 10,
    rounds: 2,
    warmup: 5,
  });
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

  const dbs = await benchDatabases('fleet');
  const children: Launched[] = [];
  const stopGateways = cleanupLater(() => stopProcesses(children));
  let stack: Awaited<ReturnType<typeof startSubgraphs>> | undefined;
  try {
    process.stderr.write(`seeding ${taxpayers} taxpayers...\n`);
    const { manifest } = await seedAll({ taxpayers, seed: 42, urls: dbs.sources });
    const usccs = manifest.identities.ENTERPRISE.map((e) => e.uscc)
      .filter((u): u is string => !!u)
      .slice(0, 200);
    stack = await startSubgraphs(dbs);
    const env: NodeJS.ProcessEnv = {
      ...stack.secrets,
      ...stack.gatewayEnv,
      TAXGRAPH_DATABASE_URL: dbs.federation,
      REDIS_URL: redisUrl,
      RATE_LIMIT_PREFIX: `taxgraph-bench:fleet:${process.pid}`,
      // A benchmark is no abuse: the budgets are raised, the limiter still runs (in Redis).
      RATE_LIMIT_APP_PER_MINUTE: '10000000',
    };
    const gateways: { url: string; metrics: string; pid?: number }[] = [];
    for (let g = 0; g < 2; g++) {
      const port = await freePort();
      const proc = startProcess('gateway/main.js', { ...env, PORT: String(port) }, { label: `gateway ${g + 1}` });
      children.push(proc);
      await waitForHealth(`http://127.0.0.1:${port}/health`, proc);
      gateways.push({ url: `http://127.0.0.1:${port}/graphql`, metrics: `http://127.0.0.1:${port}/metrics`, pid: proc.child.pid });
    }
    const token = await issueDevToken({ role: 'app', subject: 'bench-fleet' }, new TextEncoder().encode(stack.secrets.JWT_SECRET));
    const bodies = usccs.map((uscc) => JSON.stringify({ query: QUERY, variables: { uscc } }));
    const headers = () => ({ authorization: `Bearer ${token}`, 'x-purpose': 'benchmark' });
    const pids = [...gateways.map((g) => g.pid), ...Object.values(stack.pids)];

    const drive = async (n: number, secs: number) => {
      const each = Math.max(1, Math.round(connections / n));
      const ms = await Promise.all(
        gateways.slice(0, n).map((g) => cannon({ url: g.url, connections: each, seconds: secs, headers, bodies })),
      );
      return {
        requests: ms.reduce((s, m) => s + m.requests, 0),
        rps: ms.reduce((s, m) => s + m.rps, 0),
        p99: Math.max(...ms.map((m) => m.p99)),
        errors: ms.reduce((s, m) => s + m.errors, 0),
      };
    };
    const counts = async () => (await Promise.all(gateways.map((g) => auditCounts(g.metrics)))).reduce(plus);

    process.stderr.write('warming up both gateways...\n');
    await drive(2, warmup);

    const runs: Run[] = [];
    for (let round = 1; round <= rounds; round++) {
      for (const n of [1, 2]) {
        process.stderr.write(`round ${round}: ${n} gateway${n > 1 ? 's' : ''} for ${seconds} s...\n`);
        const before = {
          audit: await counts(),
          gw: gateways.map((g) => cpuTimeMs(g.pid) ?? 0),
          stack: stackCpuMs(pids, dbs.serverPid),
          cores: coreTimes(),
        };
        const sampler = sampleLock(dbs.federation);
        const m = await drive(n, seconds);
        const lock = await sampler.stop();
        const after = {
          audit: await counts(),
          gw: gateways.map((g) => cpuTimeMs(g.pid) ?? 0),
          stack: stackCpuMs(pids, dbs.serverPid),
          cores: coreTimes(),
        };
        runs.push({
          label: `${n} gateway${n > 1 ? 's' : ''} #${round}`,
          gateways: n,
          ...m,
          audit: minus(after.audit, before.audit),
          lock,
          gatewayCpuMs: after.gw.reduce((s, v, i) => s + v - before.gw[i], 0) / m.requests,
          stackCpuMs: (after.stack - before.stack) / m.requests,
          cores: coreBusy(before.cores, after.cores),
        });
      }
    }

    const out = process.stdout;
    out.write(
      `\nbench fleet: ${taxpayers} taxpayers, ${connections} connections in all, ${seconds} s per run, 1 and 2 gateways alternating x${rounds}, ` +
        `database: ${process.env.BENCH_DATABASE_URL ? 'BENCH_DATABASE_URL' : 'embedded PostgreSQL (fsync on)'}\n`,
    );
    const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
    const row = (r: Run) => {
      const a = r.audit;
      const commits = a.short + a.long;
      return [
        r.label,
        r.rps.toFixed(0),
        r.p99.toFixed(0),
        r.errors,
        (commits / seconds).toFixed(0),
        (a.records / Math.max(1, commits)).toFixed(1),
        (a.statements / Math.max(1, commits + a.collisions + a.failedLong)).toFixed(2),
        pct(a.long / Math.max(1, commits)),
        a.collisions,
        pct(r.lock.held),
        r.lock.waiting.toFixed(2),
        r.gatewayCpuMs.toFixed(2),
        r.stackCpuMs.toFixed(2),
        r.cores?.map((c) => pct(c)).join('/') ?? '-',
      ];
    };
    printTable(
      out,
      [
        'run',
        'ops/s',
        'p99 ms',
        'failures',
        'commits/s',
        'rec/commit',
        'stmt/commit',
        'long path',
        'collisions',
        'lock held',
        'waiting',
        'gw ms/op',
        'stack ms/op',
        'cores busy',
      ],
      runs.map(row),
      16,
      12,
    );
    const mean = (n: number, f: (r: Run) => number) => {
      const rs = runs.filter((r) => r.gateways === n);
      return rs.reduce((s, r) => s + f(r), 0) / rs.length;
    };
    out.write(
      `  2 gateways / 1 gateway: ops/s x${(mean(2, (r) => r.rps) / mean(1, (r) => r.rps)).toFixed(2)}, ` +
        `stack CPU per op x${(mean(2, (r) => r.stackCpuMs) / mean(1, (r) => r.stackCpuMs)).toFixed(2)}, ` +
        `lock held ${pct(mean(1, (r) => r.lock.held))} -> ${pct(mean(2, (r) => r.lock.held))} of samples\n`,
    );
  } finally {
    await stopGateways();
    await stack?.stop();
    await dbs.cleanup();
  }
}
