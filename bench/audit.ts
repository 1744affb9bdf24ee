/**
 * `npm run bench -- audit [--taxpayers N] [--connections C] [--seconds S] [--rounds R] [--warmup W]`: what the
 * audit trail costs. Two gateways over the same subgraphs and databases, identical but for the
 * trail: A records every operation (a durable, hash-chained record before each response), B runs
 * with `TAXGRAPH_AUDIT=off` (honoured only with NODE_ENV=development, so production cannot run
 * unaudited). autocannon drives each at C connections for S seconds, alternating A B A B so drift
 * (caches, the machine's other work) falls on both; the table gives requests/s, p50 and p99 per
 * round, and the ratio of A's throughput to B's. Uses BENCH_DATABASE_URL (a server where it may
 * create and drop databases) or a throwaway embedded PostgreSQL (durable commits: fsync on).
 */
import autocannon from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { issueDevToken } from '../gateway/auth/tokens';
import { dropDatabases, ensureDatabases, freePort, startEmbeddedPostgres } from '../seeds/postgres';
import { seedAll } from '../seeds/seed';
import { AUDIT_SUBGRAPH, FEDERATION_DATABASE, LEGACY_SOURCES, SOURCE_INFO, SourceUrls } from '../subgraphs/kit/sources';

const DIST = join(__dirname, '..');

const QUERY = 'query BenchRead($uscc: USCC!) { taxpayer(uscc: $uscc) { uscc name registration { status } nationalTax { status } } }';

interface Measure {
  label: string;
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  failures: number;
  /** The gateway process's CPU time per request, milliseconds (robust against the machine's other load). */
  cpuMs?: number;
}

/** CPU time (user + system) a process has used, milliseconds (Linux /proc; undefined elsewhere). */
function cpuTimeMs(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

function startProcess(script: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [join(DIST, script), ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.on('data', (c: Buffer) => process.stderr.write(`[${args[0] ?? script}] ${c}`));
  return child;
}

async function waitFor(url: string, child: ChildProcess, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`a process exited (${child.exitCode}) before ${url} answered`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1000) })).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${url} did not answer in ${ms} ms`);
}

function cannon(label: string, url: string, token: string, usccs: string[], connections: number, seconds: number): Promise<Measure> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections,
        duration: seconds,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'benchmark' },
        requests: usccs.map((uscc) => ({ method: 'POST', body: JSON.stringify({ query: QUERY, variables: { uscc } }) })),
      },
      (err, r) => {
        if (err) return reject(err);
        resolve({ label, rps: r.requests.total / r.duration, p50: r.latency.p50, p99: r.latency.p99, requests: r.requests.total, failures: r.non2xx + r.errors });
      },
    );
  });
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { taxpayers: { type: 'string' }, connections: { type: 'string' }, seconds: { type: 'string' }, rounds: { type: 'string' }, warmup: { type: 'string' } },
    strict: false,
  });
  const taxpayers = Number(values.taxpayers ?? 2000);
  const connections = Number(values.connections ?? 20);
  const seconds = Number(values.seconds ?? 15);
  const rounds = Number(values.rounds ?? 3);
  // JIT, plan caches and pools settle in the first seconds: measured runs start after.
  const warmup = Number(values.warmup ?? 10);

  let admin = process.env.BENCH_DATABASE_URL;
  let stopServer = async () => undefined as void;
  let dir: string | undefined;
  if (!admin) {
    // Not a mkdtemp directory: as root the server runs as user postgres, which must create its own directory.
    dir = join(tmpdir(), `taxgraph-bench-audit-pg-${process.pid}`);
    rmSync(dir, { recursive: true, force: true });
    const server = await startEmbeddedPostgres({ dir, port: await freePort() });
    admin = server.adminUrl;
    stopServer = server.stop;
  }
  const names = [...LEGACY_SOURCES.map((s) => `bench_audit_${SOURCE_INFO[s].database}`), `bench_audit_${FEDERATION_DATABASE.database}`];
  const children: ChildProcess[] = [];
  try {
    await dropDatabases(admin, names);
    const urls = await ensureDatabases(admin, names);
    const sources = Object.fromEntries(LEGACY_SOURCES.map((s, k) => [s, urls[names[k]]])) as SourceUrls;
    const federation = urls[names[names.length - 1]];
    process.stderr.write(`seeding ${taxpayers} taxpayers...\n`);
    const { manifest } = await seedAll({ taxpayers, seed: 42, urls: sources });
    const usccs = manifest.identities.ENTERPRISE.map((e) => e.uscc).filter((u): u is string => !!u).slice(0, 50);

    const jwtSecret = randomBytes(32).toString('hex');
    const shared = { TAXGRAPH_PRINCIPAL_SECRET: randomBytes(32).toString('hex'), JWT_SECRET: jwtSecret };
    const gatewayEnv: NodeJS.ProcessEnv = { ...shared };
    const started: Promise<void>[] = [];
    for (const name of [...LEGACY_SOURCES, AUDIT_SUBGRAPH.name]) {
      const port = await freePort();
      const database = name === AUDIT_SUBGRAPH.name ? { [AUDIT_SUBGRAPH.urlVariable]: federation } : { [SOURCE_INFO[name].urlVariable]: sources[name] };
      const child = startProcess('scripts/start-subgraph.js', [name], { ...shared, ...database, PORT: String(port) });
      children.push(child);
      started.push(waitFor(`http://127.0.0.1:${port}/health`, child));
      gatewayEnv[`SUBGRAPH_${name.toUpperCase().replace(/-/g, '_')}_URL`] = `http://127.0.0.1:${port}/graphql`;
    }
    await Promise.all(started);

    const gateways: Record<'A' | 'B', string> = { A: '', B: '' };
    const pids: Record<'A' | 'B', number | undefined> = { A: undefined, B: undefined };
    const variants: Record<'A' | 'B', NodeJS.ProcessEnv> = {
      A: { TAXGRAPH_DATABASE_URL: federation },
      B: { NODE_ENV: 'development', TAXGRAPH_AUDIT: 'off' },
    };
    for (const v of ['A', 'B'] as const) {
      const port = await freePort();
      const child = startProcess('gateway/main.js', [], { ...gatewayEnv, ...variants[v], PORT: String(port) });
      children.push(child);
      await waitFor(`http://127.0.0.1:${port}/health`, child);
      gateways[v] = `http://127.0.0.1:${port}/graphql`;
      pids[v] = child.pid;
    }
    const token = await issueDevToken({ role: 'app', subject: 'bench', scopes: ['pii:read'] }, new TextEncoder().encode(jwtSecret));

    process.stderr.write(`warming up both gateways...\n`);
    for (const v of ['A', 'B'] as const) await cannon(v, gateways[v], token, usccs, connections, warmup);

    const results: Measure[] = [];
    for (let round = 1; round <= rounds; round++) {
      for (const v of ['A', 'B'] as const) {
        process.stderr.write(`round ${round}: ${v === 'A' ? 'A (audit on)' : 'B (audit off)'} for ${seconds} s...\n`);
        const cpuBefore = cpuTimeMs(pids[v]);
        const m = await cannon(`${v}${round}`, gateways[v], token, usccs, connections, seconds);
        const cpuAfter = cpuTimeMs(pids[v]);
        if (cpuBefore !== undefined && cpuAfter !== undefined) m.cpuMs = (cpuAfter - cpuBefore) / m.requests;
        results.push(m);
      }
    }
    const on = results.filter((r) => r.label.startsWith('A'));
    const off = results.filter((r) => r.label.startsWith('B'));
    const sum = (ms: Measure[], f: (m: Measure) => number) => ms.reduce((s, m) => s + f(m), 0);
    const rate = (ms: Measure[]) => sum(ms, (m) => m.requests) / (ms.length * seconds);
    const mean = (ms: Measure[], f: (m: Measure) => number) => sum(ms, f) / ms.length;
    const ratio = rate(on) / rate(off);

    const { rows: audited } = await (async () => {
      const { Client } = await import('pg');
      const c = new Client({ connectionString: federation });
      await c.connect();
      try {
        return await c.query<{ n: string; commits: string }>(`SELECT count(*) AS n, count(DISTINCT xmin::text) AS commits FROM audit_log`);
      } finally {
        await c.end();
      }
    })();

    const out = process.stdout;
    out.write(`\nbench audit: ${taxpayers} taxpayers, ${connections} connections, ${seconds} s per run, A B alternating x${rounds}\n`);
    out.write(`  ${'run'.padEnd(18)}${['requests/s', 'p50 ms', 'p99 ms', 'failures', 'gw CPU ms/req'].map((h) => h.padStart(14)).join('')}\n`);
    for (const r of results) {
      const name = `${r.label[0] === 'A' ? 'A audit on ' : 'B audit off'} #${r.label.slice(1)}`;
      out.write(`  ${name.padEnd(18)}${[r.rps.toFixed(0), r.p50.toFixed(0), r.p99.toFixed(0), String(r.failures), r.cpuMs?.toFixed(2) ?? '-'].map((c) => c.padStart(14)).join('')}\n`);
    }
    const cpu = (ms: Measure[]) => (ms.every((m) => m.cpuMs !== undefined) ? mean(ms, (m) => m.cpuMs!).toFixed(2) : '-');
    out.write(`  ${'A mean'.padEnd(18)}${[rate(on).toFixed(0), mean(on, (m) => m.p50).toFixed(1), mean(on, (m) => m.p99).toFixed(1), '', cpu(on)].map((c) => c.padStart(14)).join('')}\n`);
    out.write(`  ${'B mean'.padEnd(18)}${[rate(off).toFixed(0), mean(off, (m) => m.p50).toFixed(1), mean(off, (m) => m.p99).toFixed(1), '', cpu(off)].map((c) => c.padStart(14)).join('')}\n`);
    out.write(`  throughput ratio A/B: ${ratio.toFixed(3)} (the audit trail costs ${((1 - ratio) * 100).toFixed(1)}% of throughput; goal: under 15%)\n`);
    out.write(`  audit records written: ${audited[0].n} in ${audited[0].commits} commits (${(Number(audited[0].n) / Number(audited[0].commits)).toFixed(1)} records per commit)\n`);
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(null) : c.once('exit', r)))));
    await dropDatabases(admin, names).catch(() => undefined);
    await stopServer();
    if (dir) {
      rmSync(dir, { recursive: true, force: true });
      rmSync(`${dir}.log`, { force: true });
    }
  }
}
