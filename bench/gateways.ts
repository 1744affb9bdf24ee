/**
 * `npm run bench -- gateways [--taxpayers N] [--connections C] [--seconds S] [--rounds R]
 * [--warmup W] [--scenario 360,analyst,bank] [--profile DIR]`: taxgraph's gateway against its peers
 * on the same subgraphs and data, one scenario per kind of user.
 *
 * Compared, all over the same subgraph processes: taxgraph's gateway (auth, limits, audit trail
 * on, as it ships); plain `@apollo/gateway` in Apollo Server's standalone server with default
 * settings (the baseline); Hive Gateway (`@graphql-hive/gateway-runtime`, its JS planner); the one
 * subgraph called directly (bank lookup); and, for the 360 view, one process answering it from the
 * same databases without federation (bench/monolith.ts). The system under test runs on core 0,
 * everything else (subgraphs, this load generator, an embedded PostgreSQL) on core 1.
 *
 * Per scenario: a sample of requests must give deep-equal data on every system (else it fails);
 * the SQL statements per operation are counted on the subgraphs (sequential requests); then
 * each system is warmed up and driven by autocannon at C connections for S seconds, alternating
 * A B C .. A B C R times, each request a different taxpayer, page or voucher. The table gives
 * requests/s, p50, p99, errors, the system's peak RSS, its CPU time per request, the whole stack's CPU
 * time per request (the system, the six subgraphs and the embedded PostgreSQL's postmaster with all its
 * backends, as bench/stack.ts reads them: what a request costs the machine), SQL per operation, and
 * the ratio to the baseline (throughput, the system's CPU per request, the stack's CPU per request).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { Launched, stopProcesses, waitForHealth } from '../dev/launch';
import { freePort } from '../dev/ports';
import { seedAll } from '../seeds/seed';
import { LEGACY_SOURCES, SOURCE_INFO } from '../shared/sources';
import { signPrincipal } from '../shared/principal';
import {
  BenchDatabases,
  benchDatabases,
  cannon,
  cleanupLater,
  coreBusy,
  coreTimes,
  cpuTimeMs,
  Measure,
  memoryMb,
  pinning,
  post,
  printTable,
  sqlStatementsAt,
  stackCpuMs,
  startProcess,
  startSubgraphs,
  SubgraphStack,
} from './support';
import { drawWorkload, Scenario, scenarios, SystemKind, taxgraphHeaders, tokensFor, Workload } from './workload';

export const SYSTEM_NAMES: Record<SystemKind, string> = {
  taxgraph: 'taxgraph gateway',
  apollo: 'plain @apollo/gateway',
  hive: 'Hive Gateway',
  direct: 'subgraph direct (limit)',
  monolith: 'no federation (limit)',
};

/** Requests per system whose data must be deep-equal before anything is timed. */
const CHECK_SAMPLE = 20;
/** Sequential requests over which SQL statements per operation are counted. */
const SQL_SAMPLE = 50;

/** One running system: where to send, what to send, which process to read. */
export interface RunningSystem {
  kind: SystemKind;
  url: string;
  /** The process measured (undefined for a subgraph called directly: it is no gateway). */
  pid?: number;
  headers: () => Record<string, string>;
  bodies: string[];
  /** Where its SQL statements are counted (the monolith counts its own). */
  sqlStatements: () => Promise<number>;
  /** CPU time so far of the whole stack serving it (this system, the subgraphs, PostgreSQL), ms. */
  stackCpu: () => number;
}

export interface SystemOptions {
  stack: SubgraphStack;
  dbs: Pick<BenchDatabases, 'sources' | 'federation' | 'serverPid'>;
  scenario: Scenario;
  tokens: Record<Scenario['key'], string>;
  /** Node flags for taxgraph's gateway (e.g. --cpu-prof). */
  taxgraphNodeArgs?: string[];
}

/** Starts one scenario's systems (each on the core for the system under test); stop() ends them. */
export async function startSystems(opts: SystemOptions): Promise<{ systems: RunningSystem[]; stop(): Promise<void> }> {
  const { stack, scenario } = opts;
  const core = pinning().underTest;
  const children: Launched[] = [];
  const stop = cleanupLater(() => stopProcesses(children));
  const principal = JSON.stringify(scenario.principal);
  const systems: RunningSystem[] = [];
  const subgraphPids = Object.values(stack.pids);
  const stackCpuOf = (pid: number | undefined) => () => stackCpuMs([pid, ...subgraphPids], opts.dbs.serverPid);
  try {
    for (const kind of scenario.systems) {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const start = (script: string, env: NodeJS.ProcessEnv, nodeArgs?: string[]) => {
        const proc = startProcess(
          script,
          { ...stack.secrets, ...stack.gatewayEnv, BENCH_PRINCIPAL: principal, ...env, PORT: String(port) },
          { core, label: SYSTEM_NAMES[kind], nodeArgs },
        );
        children.push(proc);
        return proc;
      };
      const subgraphSql = () => stack.sqlStatements();
      if (kind === 'taxgraph') {
        const proc = start(
          'gateway/main.js',
          {
            TAXGRAPH_DATABASE_URL: opts.dbs.federation,
            // A benchmark is no abuse: the per-principal budgets are raised, the limiter still runs.
            RATE_LIMIT_APP_PER_MINUTE: '10000000',
            RATE_LIMIT_ANALYST_PER_MINUTE: '10000000',
            RATE_LIMIT_BANK_PER_MINUTE: '10000000',
          },
          opts.taxgraphNodeArgs,
        );
        await waitForHealth(`${base}/health`, proc);
        const headers = taxgraphHeaders(opts.tokens[scenario.key]);
        systems.push({
          kind,
          url: `${base}/graphql`,
          pid: proc.child.pid,
          headers: () => headers,
          bodies: scenario.bodies(kind),
          sqlStatements: subgraphSql,
          stackCpu: stackCpuOf(proc.child.pid),
        });
      } else if (kind === 'apollo') {
        const proc = start('bench/apollo-gateway.js', {});
        await waitForHealth(`${base}/graphql?query=%7B__typename%7D`, proc, { headers: { 'apollo-require-preflight': 'true' } });
        systems.push({
          kind,
          url: `${base}/graphql`,
          pid: proc.child.pid,
          headers: () => ({}),
          bodies: scenario.bodies(kind),
          sqlStatements: subgraphSql,
          stackCpu: stackCpuOf(proc.child.pid),
        });
      } else if (kind === 'hive') {
        const proc = start('bench/hive-gateway.js', {});
        await waitForHealth(`${base}/healthcheck`, proc);
        systems.push({
          kind,
          url: `${base}/graphql`,
          pid: proc.child.pid,
          headers: () => ({}),
          bodies: scenario.bodies(kind),
          sqlStatements: subgraphSql,
          stackCpu: stackCpuOf(proc.child.pid),
        });
      } else if (kind === 'monolith') {
        const proc = start('bench/monolith.js', {
          TAXGRAPH_COUNT_SQL: '1',
          ...Object.fromEntries(LEGACY_SOURCES.map((s) => [SOURCE_INFO[s].urlVariable, opts.dbs.sources[s]])),
        });
        await waitForHealth(`${base}/health`, proc);
        systems.push({
          kind,
          url: `${base}/graphql`,
          pid: proc.child.pid,
          headers: () => ({}),
          bodies: scenario.bodies(kind),
          sqlStatements: () => sqlStatementsAt(`${base}/metrics`),
          stackCpu: stackCpuOf(proc.child.pid),
        });
      } else {
        const secret = stack.secrets.TAXGRAPH_PRINCIPAL_SECRET;
        systems.push({
          kind,
          url: stack.urls[scenario.direct!],
          headers: () => signPrincipal(scenario.principal, secret, `bench-direct-${Date.now()}`),
          bodies: scenario.bodies(kind),
          sqlStatements: subgraphSql,
          stackCpu: stackCpuOf(undefined),
        });
      }
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { systems, stop };
}

/** Teaches a peer with Apollo's automatic persisted queries the persisted operation (hash and text once). */
async function registerPersisted(system: RunningSystem, scenario: Scenario): Promise<void> {
  if (system.kind !== 'apollo' || !scenario.persisted) return;
  const first = JSON.parse(system.bodies[0]) as { variables: unknown };
  const r = await post(
    system.url,
    {
      query: scenario.persisted.query,
      variables: first.variables,
      extensions: { persistedQuery: { version: 1, sha256Hash: scenario.persisted.hash } },
    },
    system.headers(),
  );
  if (r.errors?.length)
    throw new Error(
      `registering the persisted operation with ${SYSTEM_NAMES[system.kind]} failed: ${JSON.stringify(r.errors).slice(0, 300)}`,
    );
}

/** Every system must answer a sample of requests with the same data and no error; throws on the first difference. */
export async function checkSameData(systems: RunningSystem[], scenario: Scenario, sample = CHECK_SAMPLE): Promise<void> {
  const [reference, ...others] = systems;
  for (let k = 0; k < Math.min(sample, reference.bodies.length); k++) {
    const answers = await Promise.all(systems.map((s) => post(s.url, s.bodies[k], s.headers())));
    answers.forEach((a, i) => {
      if (a.status !== 200 || a.errors?.length || !a.data) {
        throw new Error(
          `${SYSTEM_NAMES[systems[i].kind]} did not answer request ${k} of '${scenario.key}' (${systems[i].bodies[k].slice(0, 200)}): status ${a.status} ${JSON.stringify(a.errors ?? a).slice(0, 400)}`,
        );
      }
    });
    const expected = scenario.comparable(reference.kind, answers[0].data);
    others.forEach((s, i) => {
      const got = scenario.comparable(s.kind, answers[i + 1].data);
      if (!isDeepStrictEqual(got, expected)) {
        throw new Error(
          `${SYSTEM_NAMES[s.kind]} and ${SYSTEM_NAMES[reference.kind]} answered request ${k} of '${scenario.key}' differently:\n  ${JSON.stringify(got).slice(0, 600)}\n  ${JSON.stringify(expected).slice(0, 600)}`,
        );
      }
    });
  }
}

/** SQL statements per operation: sequential requests (no batching across requests), counted where the system's SQL is sent. */
export async function sqlPerOperation(system: RunningSystem, sample = SQL_SAMPLE): Promise<number> {
  const before = await system.sqlStatements();
  const n = Math.min(sample, system.bodies.length);
  for (let k = 0; k < n; k++) await post(system.url, system.bodies[(CHECK_SAMPLE + k) % system.bodies.length], system.headers());
  return ((await system.sqlStatements()) - before) / n;
}

export interface Run extends Measure {
  kind: SystemKind;
  round: number;
  /** CPU time of the system's process per request, ms. */
  cpuMs?: number;
  /** CPU time of the whole stack per request, ms. */
  stackCpuMs: number;
  /** How busy each core was during the run, 0..1. */
  cores?: number[];
}

/** One timed autocannon run against a system, with its process's CPU time per request. */
export async function timedRun(system: RunningSystem, connections: number, seconds: number, round: number): Promise<Run> {
  const cpuBefore = cpuTimeMs(system.pid);
  const stackBefore = system.stackCpu();
  const coresBefore = coreTimes();
  const m = await cannon({ url: system.url, connections, seconds, headers: system.headers, bodies: system.bodies });
  const cpuAfter = cpuTimeMs(system.pid);
  const stackAfter = system.stackCpu();
  const cores = coreBusy(coresBefore, coreTimes());
  return {
    ...m,
    kind: system.kind,
    round,
    cores,
    cpuMs: cpuBefore !== undefined && cpuAfter !== undefined ? (cpuAfter - cpuBefore) / Math.max(1, m.requests) : undefined,
    stackCpuMs: (stackAfter - stackBefore) / Math.max(1, m.requests),
  };
}

export interface Summary {
  kind: SystemKind;
  rps: number;
  rpsPerRound: number[];
  p50: number;
  p99: number;
  errors: number;
  peakRssMb?: number;
  cpuMs?: number;
  stackCpuMs: number;
  sqlPerOp: number;
  /** Mean busy share of each core over the runs. */
  cores?: number[];
}

export function summarize(runs: Run[], kind: SystemKind, sqlPerOp: number, peakRssMb: number | undefined, seconds: number): Summary {
  const mine = runs.filter((r) => r.kind === kind);
  const mean = (f: (r: Run) => number) => mine.reduce((s, r) => s + f(r), 0) / mine.length;
  const requests = mine.reduce((s, r) => s + r.requests, 0);
  return {
    kind,
    rps: requests / (mine.length * seconds),
    rpsPerRound: mine.map((r) => r.rps),
    p50: mean((r) => r.p50),
    p99: mean((r) => r.p99),
    errors: mine.reduce((s, r) => s + r.errors, 0),
    peakRssMb,
    cpuMs: mine.every((r) => r.cpuMs !== undefined) ? mean((r) => r.cpuMs!) : undefined,
    stackCpuMs: mean((r) => r.stackCpuMs),
    sqlPerOp,
    cores: mine.every((r) => r.cores) ? mine[0].cores!.map((_, c) => mean((r) => r.cores![c])) : undefined,
  };
}

interface Options {
  taxpayers: number;
  connections: number;
  seconds: number;
  rounds: number;
  warmup: number;
  only?: string[];
  profileDir?: string;
}

function options(args: string[]): Options {
  const { values } = parseArgs({
    args,
    options: {
      taxpayers: { type: 'string' },
      connections: { type: 'string' },
      seconds: { type: 'string' },
      rounds: { type: 'string' },
      warmup: { type: 'string' },
      scenario: { type: 'string' },
      profile: { type: 'string' },
    },
    strict: false,
  });
  const int = (v: unknown, fallback: number) => (typeof v === 'string' ? Number(v) : fallback);
  return {
    taxpayers: int(values.taxpayers, 10_000),
    connections: int(values.connections, 20),
    seconds: int(values.seconds, 10),
    rounds: Math.max(2, int(values.rounds, 2)),
    warmup: int(values.warmup, 5),
    only: typeof values.scenario === 'string' ? values.scenario.split(',') : undefined,
    profileDir: typeof values.profile === 'string' ? resolve(values.profile) : undefined,
  };
}

const fixed = (n: number | undefined, digits = 0) => (n === undefined || !Number.isFinite(n) ? '-' : n.toFixed(digits));

export async function run(args: string[]): Promise<void> {
  const o = options(args);
  const dbs = await benchDatabases('gateways');
  let stack: SubgraphStack | undefined;
  const results: { scenario: Scenario; summaries: Summary[] }[] = [];
  try {
    process.stderr.write(`seeding ${o.taxpayers.toLocaleString('en')} taxpayers (seed 42)...\n`);
    await seedAll({ taxpayers: o.taxpayers, seed: 42, urls: dbs.sources });
    const pin = pinning([dbs]);
    stack = await startSubgraphs(dbs);
    const workload: Workload = await drawWorkload(stack);
    process.stderr.write(
      `drawn: ${workload.usccs.length} taxpayers, ${workload.pages.length} analyst pages, ${workload.vouchers.length} vouchers of bank ${workload.bank}\n`,
    );
    const tokens = await tokensFor(stack.secrets.JWT_SECRET, workload.bank);
    if (o.profileDir) mkdirSync(o.profileDir, { recursive: true });

    for (const scenario of scenarios(workload).filter((s) => !o.only || o.only.includes(s.key))) {
      process.stderr.write(`\n[${scenario.key}] starting ${scenario.systems.map((k) => SYSTEM_NAMES[k]).join(', ')}...\n`);
      const running = await startSystems({
        stack,
        dbs,
        scenario,
        tokens,
        taxgraphNodeArgs: o.profileDir
          ? ['--cpu-prof', '--cpu-prof-dir', o.profileDir, '--cpu-prof-name', `taxgraph-${scenario.key}.cpuprofile`]
          : undefined,
      });
      try {
        for (const s of running.systems) await registerPersisted(s, scenario);
        await checkSameData(running.systems, scenario);
        process.stderr.write(`[${scenario.key}] ${CHECK_SAMPLE} requests: the same data from every system\n`);
        const sql: Partial<Record<SystemKind, number>> = {};
        for (const s of running.systems) sql[s.kind] = await sqlPerOperation(s);
        for (const s of running.systems) {
          process.stderr.write(`[${scenario.key}] warming up ${SYSTEM_NAMES[s.kind]} (${o.warmup} s)...\n`);
          await cannon({ url: s.url, connections: o.connections, seconds: o.warmup, headers: s.headers, bodies: s.bodies });
        }
        const taxgraph = running.systems.find((s) => s.kind === 'taxgraph');
        const auditBefore = taxgraph && (await auditCounts(taxgraph.url));
        const runs: Run[] = [];
        for (let round = 1; round <= o.rounds; round++) {
          for (const s of running.systems) {
            process.stderr.write(`[${scenario.key}] round ${round}: ${SYSTEM_NAMES[s.kind]} for ${o.seconds} s...\n`);
            runs.push(await timedRun(s, o.connections, o.seconds, round));
          }
        }
        const summaries = running.systems.map((s) => summarize(runs, s.kind, sql[s.kind]!, memoryMb(s.pid), o.seconds));
        results.push({ scenario, summaries });
        printScenario(scenario, summaries, o, pin.describe);
        if (taxgraph && auditBefore) {
          const after = await auditCounts(taxgraph.url);
          const records = after.records - auditBefore.records;
          const commits = Math.max(1, after.commits - auditBefore.commits);
          const statements = after.statements - auditBefore.statements;
          process.stdout.write(
            `  taxgraph's audit trail during the timed runs: ${records.toLocaleString('en')} records in ${commits.toLocaleString('en')} commits, ${statements.toLocaleString('en')} statements (${(records / commits).toFixed(1)} records per commit, ${(statements / Math.max(1, records)).toFixed(2)} statements per operation beside SQL/op)\n`,
          );
        }
      } finally {
        await running.stop();
      }
    }
    printRatios(results);
    if (o.profileDir)
      process.stdout.write(`\nCPU profiles of taxgraph's gateway: ${o.profileDir} (open in Chrome DevTools or speedscope)\n`);
  } finally {
    await stack?.stop();
    await dbs.cleanup();
  }
}

/** The audit trail's records, commits and statements so far, from the taxgraph gateway's /metrics. */
async function auditCounts(graphqlUrl: string): Promise<{ records: number; commits: number; statements: number }> {
  const text = await (await fetch(graphqlUrl.replace(/\/graphql$/, '/metrics'))).text();
  const sum = (name: string) =>
    [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+(?:\\.\\d+)?)$`, 'gm'))].reduce((a, m) => a + Number(m[1]), 0);
  return {
    records: sum('taxgraph_audit_records_total'),
    commits: sum('taxgraph_audit_commits_total'),
    statements: sum('taxgraph_audit_statements_total'),
  };
}

function printScenario(scenario: Scenario, summaries: Summary[], o: Options, pinned: string): void {
  const out = process.stdout;
  const baseline = summaries.find((s) => s.kind === 'apollo')!;
  out.write(`\nbench gateways, scenario ${scenario.key}: ${scenario.title}\n`);
  out.write(
    `  ${o.taxpayers.toLocaleString('en')} taxpayers, ${o.connections} connections, ${o.seconds} s per run, systems alternating x${o.rounds}; ${pinned}\n`,
  );
  printTable(
    out,
    [
      'system',
      'req/s',
      'req/s rounds',
      'p50 ms',
      'p99 ms',
      'errors',
      'peak RSS MiB',
      'CPU ms/req',
      'stack CPU ms',
      'SQL/op',
      'x baseline',
      'CPU x base',
      'stack x base',
      'cores busy %',
    ],
    summaries.map((s) => [
      SYSTEM_NAMES[s.kind],
      fixed(s.rps),
      s.rpsPerRound.map((r) => r.toFixed(0)).join('/'),
      fixed(s.p50, 1),
      fixed(s.p99, 1),
      s.errors,
      fixed(s.peakRssMb),
      fixed(s.cpuMs, 2),
      fixed(s.stackCpuMs, 2),
      fixed(s.sqlPerOp, 1),
      fixed(s.rps / baseline.rps, 2),
      s.cpuMs && baseline.cpuMs ? fixed(baseline.cpuMs / s.cpuMs, 2) : '-',
      s.stackCpuMs && baseline.stackCpuMs ? fixed(baseline.stackCpuMs / s.stackCpuMs, 2) : '-',
      s.cores ? s.cores.map((c) => (c * 100).toFixed(0)).join('/') : '-',
    ]),
    24,
    13,
  );
  if (scenario.sentAs)
    out.write(
      `  sent as: ${Object.entries(scenario.sentAs)
        .map(([k, v]) => `${SYSTEM_NAMES[k as SystemKind]}: ${v}`)
        .join('; ')}\n`,
    );
  out.write(
    `  x baseline: requests/s over plain @apollo/gateway's; CPU x base: its CPU time per request over the system's; stack x base: the same for the whole stack's CPU per request (system, subgraphs, PostgreSQL${pinned.includes('embedded') ? '' : ": not PostgreSQL's, whose server is not this benchmark's"}); higher is better for all three\n`,
  );
}

function printRatios(results: { scenario: Scenario; summaries: Summary[] }[]): void {
  const out = process.stdout;
  out.write(
    `\nbench gateways: taxgraph against each (requests/s ratio; gateway CPU per request, theirs over ours: above 1, taxgraph is cheaper)\n`,
  );
  out.write(
    `  goals: >= 1.5x plain @apollo/gateway and ahead of Hive Gateway on every scenario; the bank lookup >= 0.6x the direct subgraph\n`,
  );
  for (const { scenario, summaries } of results) {
    const by = (k: SystemKind) => summaries.find((s) => s.kind === k);
    const ours = by('taxgraph')!;
    const parts = (['apollo', 'hive', 'direct', 'monolith'] as SystemKind[])
      .filter((k) => by(k))
      .map((k) => {
        const other = by(k)!;
        const cpu = other.cpuMs && ours.cpuMs ? `, CPU ${(other.cpuMs / ours.cpuMs).toFixed(2)}x` : '';
        const whole = other.stackCpuMs && ours.stackCpuMs ? `, stack CPU ${(other.stackCpuMs / ours.stackCpuMs).toFixed(2)}x` : '';
        return `vs ${SYSTEM_NAMES[k]}: req/s ${(ours.rps / other.rps).toFixed(2)}x${cpu}${whole}`;
      });
    out.write(`  ${scenario.key.padEnd(8)} ${parts.join('; ')}\n`);
  }
}
