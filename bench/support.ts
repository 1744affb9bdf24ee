/**
 * What the benchmarks share: their databases (BENCH_DATABASE_URL or a throwaway embedded
 * PostgreSQL), the compiled processes they start (pinned to a core with `taskset` where it
 * exists), the subgraph stack, autocannon runs with a different body each request, and readings
 * from /proc (CPU time, peak RSS). Every process and database a benchmark makes is undone by its
 * cleanup, also on Ctrl-C.
 */
import autocannon from 'autocannon';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { dropDatabases, ensureDatabases } from '../dev/databases';
import { startEmbeddedPostgres } from '../dev/embedded-postgres';
import { launch, Launched, stopProcesses } from '../dev/launch';
import { freePort } from '../dev/ports';
import { gatewayEnv, startSubgraphs as startSubgraphsOf } from '../dev/subgraph-stack';
import { FEDERATION_DATABASE, LEGACY_SOURCES, SOURCE_INFO, SourceUrls } from '../shared/sources';

// ---------------------------------------------------------------------------------------------
// Cleanup, also on Ctrl-C

const cleanups: (() => Promise<void>)[] = [];
let interrupted = false;
let listening = false;

function onSignal(signal: NodeJS.Signals): void {
  if (interrupted) return;
  interrupted = true;
  process.stderr.write(`\n${signal}: stopping every process and dropping the benchmark's databases...\n`);
  void (async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => undefined);
    process.exit(130);
  })();
}

/** Runs `fn` now or on SIGINT/SIGTERM, whichever comes first; call the returned function to run it now. */
export function cleanupLater(fn: () => Promise<void>): () => Promise<void> {
  if (!listening) {
    listening = true;
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  let done: Promise<void> | undefined;
  const once = () => (done ??= fn());
  cleanups.push(once);
  return async () => {
    const k = cleanups.indexOf(once);
    if (k >= 0) cleanups.splice(k, 1);
    await once();
  };
}

// ---------------------------------------------------------------------------------------------
// Cores

export interface Pinning {
  /** The core for the system under test; undefined when nothing is pinned. */
  underTest?: number;
  /** What the table header says about pinning. */
  describe: string;
}

let pinned: Pinning | undefined;

/** A process and all its descendants (Linux /proc), for pinning a database server that forks. */
/** A process and its descendants, from the children of each of its threads (Linux /proc; the process alone elsewhere). */
function processTree(pid: number): number[] {
  let children: number[] = [];
  try {
    children = readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    // gone, or no /proc
  }
  return [pid, ...children.flatMap(processTree)];
}

/**
 * Pins this process (the load generator) and everything it starts from now on to core 1, and the
 * embedded database servers given (with the backends they have forked, and will fork); the system
 * under test is started on core 0 (`startProcess(..., { core: pinning().underTest })`). Called
 * after seeding, so seeding has both cores. Without taskset or with one core, nothing is pinned and
 * a warning says so.
 */
export function pinning(dbs: Pick<BenchDatabases, 'serverPid'>[] = []): Pinning {
  const servers = dbs.map((d) => d.serverPid).filter((p): p is number => p !== undefined);
  if (!pinned) {
    const warn = (why: string): Pinning => {
      process.stderr.write(`warning: ${why}; nothing is pinned, so the figures measure the machine, not the gateway alone\n`);
      return { describe: `not pinned (${why})` };
    };
    if (cpus().length < 2) return (pinned = warn('fewer than 2 cores'));
    if (spawnSync('taskset', ['-V']).error) return (pinned = warn('taskset is missing (apt-get install util-linux)'));
    const self = spawnSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)]);
    if (self.status !== 0) return (pinned = warn(`taskset failed: ${String(self.stderr).trim()}`));
    const database = servers.length
      ? 'embedded PostgreSQL'
      : process.env.BENCH_DATABASE_URL
        ? "BENCH_DATABASE_URL's server (not pinned)"
        : 'no database';
    pinned = {
      underTest: 0,
      describe: `system under test on core 0; subgraphs, load generator on core 1; database: ${database}${servers.length ? ' on core 1' : ''}`,
    };
  }
  if (pinned.underTest !== undefined) {
    for (const pid of servers.flatMap(processTree)) spawnSync('taskset', ['-a', '-p', '-c', '1', String(pid)]);
  }
  return pinned;
}

// ---------------------------------------------------------------------------------------------
// Processes

export interface StartOptions {
  /** Run on this core only (taskset -c). */
  core?: number;
  /** Flags for node itself, e.g. --cpu-prof. */
  nodeArgs?: string[];
  /** The label on its stderr lines. */
  label?: string;
}

/** A benchmark's process (dev/launch.ts): its stderr echoed on ours, warnings and errors only unless `env` says otherwise. */
export function startProcess(entry: string, env: NodeJS.ProcessEnv, opts: StartOptions = {}): Launched {
  return launch(entry, { ...opts, env: { LOG_LEVEL: 'warn', ...env }, echo: { stderr: true } });
}

const TICK_MS = 1000 / (Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100);

/** A process's /proc/PID/stat fields after its command name, or undefined when it is gone (or not Linux). */
function statFields(pid: number | undefined): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  } catch {
    return undefined;
  }
}

/** CPU time (user + system) a process has used, milliseconds (Linux /proc; undefined elsewhere). */
export function cpuTimeMs(pid: number | undefined): number | undefined {
  const f = statFields(pid);
  // utime and stime are fields 14 and 15 of stat, 11 and 12 after the command name, in clock ticks.
  return f && (Number(f[11]) + Number(f[12])) * TICK_MS;
}

/** User and system time of a process, with that of the children it has waited for, ms (0 when it is gone). */
function cpuWithChildrenMs(pid: number): number {
  const f = statFields(pid);
  // Fields 14-17 of stat (utime, stime, cutime, cstime) are 11-14 after the command name.
  return f ? (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * TICK_MS : 0;
}

/**
 * PostgreSQL's CPU time so far, ms: the postmaster and every live backend, each with the children it
 * has reaped (a backend that ended is counted in the postmaster's children's time).
 */
export function postgresCpuMs(postmaster: number): number {
  return processTree(postmaster).reduce((sum, pid) => sum + cpuWithChildrenMs(pid), 0);
}

/**
 * The whole stack's CPU time so far, ms: the processes given (gateway, subgraphs), and a PostgreSQL
 * postmaster with every live backend, each with the children it has reaped (a backend that ended is
 * counted in the postmaster's children's time).
 */
export function stackCpuMs(pids: (number | undefined)[], postmaster?: number): number {
  const own = pids.reduce<number>((sum, pid) => sum + (cpuTimeMs(pid) ?? 0), 0);
  return postmaster === undefined ? own : own + postgresCpuMs(postmaster);
}

/** Busy and total jiffies per core so far (Linux /proc/stat); `coreBusy` turns two readings into each core's busy share. */
export function coreTimes(): { busy: number; total: number }[] | undefined {
  try {
    return readFileSync('/proc/stat', 'utf8')
      .split('\n')
      .filter((l) => /^cpu\d+ /.test(l))
      .map((l) => {
        const f = l.split(/\s+/).slice(1).map(Number);
        const idle = f[3] + (f[4] ?? 0);
        const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
        return { busy: total - idle, total };
      });
  } catch {
    return undefined;
  }
}

/** Each core's busy share between two coreTimes() readings, 0..1. */
export function coreBusy(before: ReturnType<typeof coreTimes>, after: ReturnType<typeof coreTimes>): number[] | undefined {
  if (!before || !after) return undefined;
  return after.map((a, i) => (a.busy - before[i].busy) / Math.max(1, a.total - before[i].total));
}

/** A process's memory from /proc/PID/status, MiB: VmHWM (peak resident set) or VmRSS (now). */
export function memoryMb(pid: number | undefined, field: 'VmHWM' | 'VmRSS' = 'VmHWM'): number | undefined {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Databases

export interface BenchDatabases {
  /** A role that may create and drop databases on the server. */
  admin: string;
  /** The embedded server's postmaster, when this call started one. */
  serverPid?: number;
  sources: SourceUrls;
  /** The federation's own database (audit trail). */
  federation: string;
  /** Drops the databases and stops an embedded server this call started. */
  cleanup(): Promise<void>;
}

/**
 * The four legacy databases and the federation's, named `bench_<label>_<database>`, created afresh
 * on BENCH_DATABASE_URL's server or on a throwaway embedded PostgreSQL (durable commits: fsync on).
 */
export async function benchDatabases(label: string): Promise<BenchDatabases> {
  let admin = process.env.BENCH_DATABASE_URL;
  let stopServer = async () => undefined as void;
  let dir: string | undefined;
  let serverPid: number | undefined;
  if (!admin) {
    // Not a mkdtemp directory: as root the server runs as user postgres, which must create its own directory.
    dir = join(tmpdir(), `taxgraph-bench-${label}-pg-${process.pid}`);
    rmSync(dir, { recursive: true, force: true });
    const server = await startEmbeddedPostgres({ dir, port: await freePort() });
    admin = server.adminUrl;
    stopServer = server.stop;
    serverPid = Number.parseInt(readFileSync(join(dir, 'postmaster.pid'), 'utf8'), 10) || undefined;
  }
  const names = [
    ...LEGACY_SOURCES.map((s) => `bench_${label}_${SOURCE_INFO[s].database}`),
    `bench_${label}_${FEDERATION_DATABASE.database}`,
  ];
  const serverDir = dir;
  const adminUrl = admin;
  const cleanup = cleanupLater(async () => {
    await dropDatabases(adminUrl, names).catch(() => undefined);
    await stopServer();
    if (serverDir) {
      rmSync(serverDir, { recursive: true, force: true });
      rmSync(`${serverDir}.log`, { force: true });
    }
  });
  await dropDatabases(admin, names);
  const urls = await ensureDatabases(admin, names);
  const sources = Object.fromEntries(LEGACY_SOURCES.map((s, k) => [s, urls[names[k]]])) as SourceUrls;
  return { admin, serverPid, sources, federation: urls[names[names.length - 1]], cleanup };
}

// ---------------------------------------------------------------------------------------------
// The subgraphs

export interface SubgraphStack {
  /** Subgraph name -> its /graphql URL. */
  urls: Record<string, string>;
  /** Subgraph name -> its process id. */
  pids: Record<string, number | undefined>;
  /** SUBGRAPH_<NAME>_URL for each, for a gateway's environment. */
  gatewayEnv: NodeJS.ProcessEnv;
  /** The secrets the stack shares with its gateways. */
  secrets: { TAXGRAPH_PRINCIPAL_SECRET: string; JWT_SECRET: string };
  /** SQL statements the source subgraphs have sent so far (TAXGRAPH_COUNT_SQL=1, read from their /metrics). */
  sqlStatements(): Promise<number>;
  stop(): Promise<void>;
}

/** The six subgraphs (dev/subgraph-stack.ts) on free ports, each counting its SQL statements, with secrets of their own. */
export async function startSubgraphs(
  dbs: Pick<BenchDatabases, 'sources' | 'federation'>,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<SubgraphStack> {
  const secrets = { TAXGRAPH_PRINCIPAL_SECRET: randomBytes(32).toString('hex'), JWT_SECRET: randomBytes(32).toString('hex') };
  const launched: Launched[] = [];
  const stop = cleanupLater(() => stopProcesses(launched));
  let running: Awaited<ReturnType<typeof startSubgraphsOf>>;
  try {
    running = await startSubgraphsOf(
      { ...dbs.sources, federation: dbs.federation },
      {
        port: () => freePort(),
        env: { LOG_LEVEL: 'warn', ...secrets, TAXGRAPH_COUNT_SQL: '1', ...extraEnv },
        launch: { echo: { stderr: true } },
        onLaunch: (proc) => launched.push(proc),
      },
    );
  } catch (err) {
    await stop();
    throw err;
  }
  const urls = Object.fromEntries([...running].map(([name, proc]) => [name, proc.url]));
  return {
    urls,
    pids: Object.fromEntries([...running].map(([name, proc]) => [name, proc.child.pid])),
    gatewayEnv: gatewayEnv(running),
    secrets,
    sqlStatements: async () => {
      const counts = await Promise.all(LEGACY_SOURCES.map((s) => sqlStatementsAt(urls[s].replace(/\/graphql$/, '/metrics'))));
      return counts.reduce((a, b) => a + b, 0);
    },
    stop,
  };
}

/** The `sql_statements_total` a process exposes on its /metrics (TAXGRAPH_COUNT_SQL=1). */
export async function sqlStatementsAt(metricsUrl: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  const m = /^sql_statements_total(?:\{[^}]*\})? (\d+)/m.exec(text);
  if (!m) throw new Error(`${metricsUrl} exposes no sql_statements_total (is TAXGRAPH_COUNT_SQL=1 set?)`);
  return Number(m[1]);
}

// ---------------------------------------------------------------------------------------------
// Load

/** How long and how hard a load benchmark drives: `--taxpayers --connections --seconds --rounds --warmup`. */
export interface LoadOptions {
  taxpayers: number;
  connections: number;
  seconds: number;
  rounds: number;
  /** Seconds of load before anything is measured: JIT, plan caches and pools settle in the first seconds. */
  warmup: number;
}

/** The load options given in `args`, each else its default. */
export function loadOptions(args: string[], defaults: LoadOptions): LoadOptions {
  const keys = Object.keys(defaults) as (keyof LoadOptions)[];
  const { values } = parseArgs({ args, options: Object.fromEntries(keys.map((k) => [k, { type: 'string' as const }])), strict: false });
  return Object.fromEntries(keys.map((k) => [k, Number(values[k] ?? defaults[k])])) as unknown as LoadOptions;
}

export interface Load {
  url: string;
  connections: number;
  seconds: number;
  /** Headers for the requests; called again when they may have gone stale (signatures last 60 s). */
  headers: () => Record<string, string>;
  /** Request bodies, sent in turn: a different one each request. */
  bodies: string[];
}

export interface Measure {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  /** Non-2xx answers, socket errors and timeouts, and 2xx answers that carry GraphQL errors. */
  errors: number;
}

/** Headers are renewed this often during a run (a subgraph refuses a signature older than 60 s). */
const HEADER_TTL_MS = 20_000;

/** One autocannon run at fixed concurrency for a fixed time, each request with the next body. */
export function cannon(load: Load): Promise<Measure> {
  let next = 0;
  let headers = { 'content-type': 'application/json', ...load.headers() };
  let headersAt = Date.now();
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: load.url,
        connections: load.connections,
        duration: load.seconds,
        method: 'POST',
        headers,
        timeout: 30,
        // An answer with GraphQL errors is no success, whatever its status.
        verifyBody: (body) => !String(body ?? '').includes('"errors"'),
        requests: [
          {
            method: 'POST',
            setupRequest: (req) => {
              if (Date.now() - headersAt > HEADER_TTL_MS) {
                headers = { 'content-type': 'application/json', ...load.headers() };
                headersAt = Date.now();
              }
              return { ...req, headers, body: load.bodies[next++ % load.bodies.length] };
            },
          },
        ],
      },
      (err, r) => {
        if (err) return reject(err);
        resolve({
          rps: r.requests.total / r.duration,
          p50: r.latency.p50,
          p99: r.latency.p99,
          requests: r.requests.total,
          errors: r.non2xx + r.errors + r.mismatches,
        });
      },
    );
  });
}

/** POSTs one GraphQL body and returns the parsed answer (for checks and sampling, not for load). */
export async function post<T = any>(
  url: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<{ status: number; data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  try {
    return { status: res.status, ...JSON.parse(text) };
  } catch {
    return { status: res.status, errors: [{ message: `not JSON: ${text.slice(0, 200)}` }] };
  }
}

// ---------------------------------------------------------------------------------------------
// Tables

/** Prints rows as a fixed-width table: the first column left-aligned, the rest right-aligned. */
export function printTable(out: NodeJS.WritableStream, header: string[], rows: (string | number)[][], firstWidth = 30, width = 12): void {
  const line = (cells: (string | number)[]) =>
    `  ${String(cells[0]).padEnd(firstWidth)}${cells
      .slice(1)
      .map((c) => String(c).padStart(width))
      .join('')}\n`;
  out.write(line(header));
  for (const r of rows) out.write(line(r));
}
