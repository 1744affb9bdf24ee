/**
 * `npm run bench -- stack [--against REF] [--taxpayers N] [--connections C] [--seconds S] [--warmup W]
 * [--rounds R] [--scenario 360,analyst,bank,reconcile] [--tracing [--sampler NAME[:ARG]]] [--profile DIR]`: what each persona's operation costs the whole
 * stack, process by process.
 *
 * Users feel the whole stack, not the gateway alone: per scenario this measures the CPU time every
 * process spends per operation (the gateway, each subgraph, and PostgreSQL's postmaster with all its
 * backends) and the requests per second the two cores give. Nothing is pinned: the stack shares the
 * machine as it would in production, and the load generator (this process) runs beside it.
 *
 * With `--against REF`, a second stack is built from another commit (a git worktree under the
 * system's temporary directory, kept for the next run) and both run over the same seeded databases,
 * each with its own federation database; runs alternate A B A B, and the table ends with the ratios
 * (this tree's requests/s over REF's; REF's CPU per operation over this tree's: above 1 is better).
 * Before timing, a sample of each scenario's requests must answer without errors on every stack.
 *
 * With `--tracing`, the two stacks are this tree's, one tracing every request (OTEL_* set: OTLP/HTTP
 * protobuf, always_on, to a sink in this process that counts what arrives without decoding it) and
 * one without OTEL variables: the ratio is what traces cost. `--sampler` sets the traced stack's
 * OTEL_TRACES_SAMPLER (and `:ARG`, OTEL_TRACES_SAMPLER_ARG), e.g. `parentbased_traceidratio:0.1`, or
 * `always_off` for what tracing costs a request it does not record.
 *
 * With `--profile DIR`, every process of stack k (the gateway and each subgraph) runs with
 * `--cpu-prof` and writes its V8 CPU profile under DIR/k when it stops (open it in Chrome's DevTools).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { ensureDatabases } from '../dev/databases';
import { launch, Launched, stopProcesses, waitForHealth } from '../dev/launch';
import { startOtlpReceiver } from '../dev/otlp-receiver';
import { freePort } from '../dev/ports';
import { gatewayEnv, RunningSubgraph, startSubgraphs } from '../dev/subgraph-stack';
import { seedAll } from '../seeds/seed';
import { repoRoot } from '../shared/paths';
import { SUBGRAPH_NAMES, SubgraphName } from '../shared/sources';
import { FINDINGS_QUERY } from '../subgraphs/cooperation/reconcile/runner';
import { ANALYST_PAGE, Q360 } from './scenarios';
import {
  BenchDatabases,
  benchDatabases,
  cannon,
  cleanupLater,
  coreBusy,
  coreTimes,
  cpuTimeMs,
  post,
  postgresCpuMs,
  printTable,
} from './support';
import { drawWorkload, taxgraphHeaders, tokensFor, Workload } from './workload';
import { OperationManifest } from '../gateway/operations/manifest';
import { issueDevToken } from '../gateway/auth/tokens';
import { randomBytes } from 'node:crypto';

const SCENARIO_KEYS = ['360', 'analyst', 'bank', 'reconcile'] as const;
type ScenarioKey = (typeof SCENARIO_KEYS)[number];

/** Subjects per `findingsFor` request, as `npm run reconcile` pages them. */
const RECONCILE_PAGE = 250;
/** Requests per scenario answered on every stack before anything is timed. */
const CHECK_SAMPLE = 10;

/** The processes a reading covers, in the table's order. */
const COLUMNS = ['gateway', ...SUBGRAPH_NAMES, 'postgres'] as const;
type Column = (typeof COLUMNS)[number];

/** A whole stack: six subgraphs and a gateway, built from one compiled tree. */
interface Stack {
  label: string;
  gatewayUrl: string;
  /** Each subgraph's /graphql URL. */
  urls: Record<string, string>;
  pids: Partial<Record<Column, number>>;
  stop(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// CPU readings from /proc

function reading(stack: Stack): Record<Column, number> {
  return Object.fromEntries(
    COLUMNS.map((c) => {
      const pid = stack.pids[c];
      return [c, pid === undefined ? 0 : c === 'postgres' ? postgresCpuMs(pid) : (cpuTimeMs(pid) ?? 0)];
    }),
  ) as Record<Column, number>;
}

// ---------------------------------------------------------------------------------------------
// The other commit

/** Builds REF in a worktree of its own (reused when it is there already) and returns its dist/. */
function buildAgainst(ref: string): { sha: string; dist: string } {
  const root = repoRoot();
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  const sha = git('rev-parse', '--verify', `${ref}^{commit}`);
  const dir = join(tmpdir(), `taxgraph-against-${sha.slice(0, 12)}`);
  const built = join(dir, 'dist', 'gateway', 'main.js');
  if (existsSync(built)) return { sha, dist: join(dir, 'dist') };
  if (existsSync(dir)) {
    git('worktree', 'remove', '--force', dir);
    rmSync(dir, { recursive: true, force: true });
  }
  git('worktree', 'add', '--detach', dir, sha);
  // Our node_modules serve REF when every package it names is here at the same version (REF lacks only newer ones).
  const pinned = (file: string) => {
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, string> | undefined>;
    return { ...pkg.dependencies, ...pkg.devDependencies };
  };
  const ours = pinned(join(root, 'package.json'));
  const covered = Object.entries(pinned(join(dir, 'package.json'))).every(([name, version]) => ours[name] === version);
  if (covered) symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  else execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' });
  process.stderr.write(`building ${ref} (${sha.slice(0, 12)}) in ${dir}...\n`);
  execFileSync(join(dir, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], { cwd: dir, stdio: 'inherit' });
  return { sha, dist: join(dir, 'dist') };
}

// ---------------------------------------------------------------------------------------------
// Stacks

const SECRETS = { TAXGRAPH_PRINCIPAL_SECRET: randomBytes(32).toString('hex'), JWT_SECRET: randomBytes(32).toString('hex') };

async function startStack(
  label: string,
  dist: string,
  dbs: BenchDatabases,
  federation: string,
  asOf: string,
  extraEnv: NodeJS.ProcessEnv = {},
  nodeArgs: string[] = [],
): Promise<Stack> {
  const launched: Launched[] = [];
  const stop = cleanupLater(() => stopProcesses(launched));
  try {
    const subgraphs: Map<SubgraphName, RunningSubgraph> = await startSubgraphs(
      { ...dbs.sources, federation },
      {
        port: () => freePort(),
        env: { LOG_LEVEL: 'warn', ...SECRETS, TAXGRAPH_AS_OF: asOf, ...extraEnv },
        launch: { dist, echo: { stderr: true }, nodeArgs },
        onLaunch: (proc) => launched.push(proc),
      },
    );
    const port = await freePort();
    const gateway = launch('gateway/main.js', {
      dist,
      label: `${label} gateway`,
      echo: { stderr: true },
      nodeArgs,
      env: {
        ...gatewayEnv(subgraphs, federation),
        ...SECRETS,
        LOG_LEVEL: 'warn',
        PORT: String(port),
        // A benchmark is no abuse: the per-principal budgets are raised, the limiter still runs.
        RATE_LIMIT_APP_PER_MINUTE: '10000000',
        RATE_LIMIT_ANALYST_PER_MINUTE: '10000000',
        RATE_LIMIT_BANK_PER_MINUTE: '10000000',
        ...extraEnv,
      },
    });
    launched.push(gateway);
    await waitForHealth(`http://127.0.0.1:${port}/health`, gateway);
    const pids: Stack['pids'] = { gateway: gateway.child.pid, postgres: dbs.serverPid };
    for (const [name, proc] of subgraphs) pids[name] = proc.child.pid;
    return {
      label,
      gatewayUrl: `http://127.0.0.1:${port}/graphql`,
      urls: Object.fromEntries([...subgraphs].map(([n, s]) => [n, s.url])),
      pids,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Scenarios

interface StackScenario {
  key: ScenarioKey;
  title: string;
  token: string;
  bodies: string[];
}

async function stackScenarios(w: Workload, asOf: string): Promise<StackScenario[]> {
  const tokens = await tokensFor(SECRETS.JWT_SECRET, w.bank);
  const reconcileToken = await issueDevToken({ role: 'analyst', subject: 'bench-reconcile' }, new TextEncoder().encode(SECRETS.JWT_SECRET));
  const paymentStatus = new OperationManifest().operations.find((o) => o.name === 'PaymentStatus')!;
  const json = (o: unknown) => JSON.stringify(o);
  const pages: string[] = [];
  for (let k = 0; k + RECONCILE_PAGE <= w.usccs.length * 4 && pages.length < 40; k += 97) {
    const subjects = Array.from({ length: RECONCILE_PAGE }, (_, i) => ({ uscc: w.usccs[(k + i) % w.usccs.length] }));
    pages.push(json({ operationName: 'ReconcileFindings', query: FINDINGS_QUERY, variables: { subjects, asOf } }));
  }
  return [
    {
      key: '360',
      title: 'taxpayer 360 view (app)',
      token: tokens['360'],
      bodies: w.usccs.map((uscc) => json({ query: Q360, variables: { uscc } })),
    },
    {
      key: 'analyst',
      title: "analyst's page of 100",
      token: tokens.analyst,
      bodies: w.pages.map((v) => json({ query: ANALYST_PAGE, variables: v })),
    },
    {
      key: 'bank',
      title: "bank's PaymentStatus by hash",
      token: tokens.bank,
      bodies: w.vouchers.map((variables) =>
        json({ extensions: { persistedQuery: { version: 1, sha256Hash: paymentStatus.id } }, variables }),
      ),
    },
    { key: 'reconcile', title: `reconcile page: findingsFor ${RECONCILE_PAGE} subjects`, token: reconcileToken, bodies: pages },
  ];
}

/** Every stack answers the sample without errors; says whether they answer alike. */
async function check(stacks: Stack[], scenario: StackScenario): Promise<string> {
  const headers = taxgraphHeaders(scenario.token);
  let alike = 0;
  for (const body of scenario.bodies.slice(0, CHECK_SAMPLE)) {
    const answers: unknown[] = [];
    for (const stack of stacks) {
      const r = await post(stack.gatewayUrl, body, headers);
      if (r.status !== 200 || r.errors?.length || !r.data)
        throw new Error(`${stack.label} failed ${scenario.key}: ${r.status} ${JSON.stringify(r.errors ?? r).slice(0, 300)}`);
      answers.push(r.data);
    }
    if (answers.every((a) => isDeepStrictEqual(a, answers[0]))) alike++;
  }
  return `${alike} of ${Math.min(CHECK_SAMPLE, scenario.bodies.length)} sample answers alike`;
}

// ---------------------------------------------------------------------------------------------
// Measuring

interface Tally {
  requests: number;
  errors: number;
  seconds: number;
  cpu: Record<Column, number>;
  p50: number[];
  p99: number[];
}

async function measure(stack: Stack, scenario: StackScenario, connections: number, seconds: number, tally: Tally): Promise<void> {
  const load = { url: stack.gatewayUrl, connections, seconds, headers: () => taxgraphHeaders(scenario.token), bodies: scenario.bodies };
  const before = reading(stack);
  const m = await cannon(load);
  const after = reading(stack);
  tally.requests += m.requests;
  tally.errors += m.errors;
  tally.seconds += seconds;
  tally.p50.push(m.p50);
  tally.p99.push(m.p99);
  for (const c of COLUMNS) tally.cpu[c] += after[c] - before[c];
}

/** Column headings: CPU ms per operation in each process. */
const SHORT: Record<Column, string> = {
  gateway: 'gateway',
  'national-tax': 'national',
  'local-tax': 'local',
  'business-registry': 'registry',
  'treasury-bank': 'treasury',
  audit: 'audit',
  cooperation: 'coop',
  postgres: 'postgres',
};
const zeroCpu = () => Object.fromEntries(COLUMNS.map((c) => [c, 0])) as Record<Column, number>;
const fixed = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      against: { type: 'string' },
      taxpayers: { type: 'string', default: '2000' },
      connections: { type: 'string', default: '16' },
      seconds: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '3' },
      rounds: { type: 'string', default: '2' },
      scenario: { type: 'string', default: SCENARIO_KEYS.join(',') },
      tracing: { type: 'boolean', default: false },
      sampler: { type: 'string', default: 'always_on' },
      profile: { type: 'string' },
    },
  });
  const keys = values.scenario!.split(',') as ScenarioKey[];
  for (const k of keys) if (!SCENARIO_KEYS.includes(k)) throw new Error(`--scenario: one or more of ${SCENARIO_KEYS.join(',')}`);
  const [taxpayers, connections, seconds, warmup, rounds] = ['taxpayers', 'connections', 'seconds', 'warmup', 'rounds'].map((k) => {
    const n = Number(values[k as 'taxpayers']);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${k} must be a whole number`);
    return n;
  });

  const [sampler, samplerArg] = values.sampler!.split(':');
  if (values.tracing && values.against) throw new Error('--tracing compares this tree with itself: give it without --against');
  const against = values.against ? buildAgainst(values.against) : undefined;
  // Every request sampled, spans batched as in production (the SDK's defaults), to a sink that only counts.
  const sink = values.tracing ? await startOtlpReceiver({ keep: false, decode: false }) : undefined;
  const dbs = await benchDatabases('stack');
  try {
    if (dbs.serverPid === undefined)
      process.stderr.write('warning: BENCH_DATABASE_URL is set; PostgreSQL CPU is not read (its server is not ours)\n');
    process.stderr.write(`seeding ${taxpayers} taxpayers...\n`);
    const seeded = await seedAll({ taxpayers, seed: 42, urls: dbs.sources });
    const asOf = seeded.manifest.asOf;
    const thisTree = { label: 'this tree', dist: join(repoRoot(), 'dist') };
    const traced: NodeJS.ProcessEnv = sink
      ? {
          OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
          OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
          OTEL_TRACES_SAMPLER: sampler,
          ...(samplerArg === undefined ? {} : { OTEL_TRACES_SAMPLER_ARG: samplerArg }),
        }
      : {};
    const trees: { label: string; dist: string; env?: NodeJS.ProcessEnv }[] = sink
      ? [
          { label: sampler === 'always_on' ? 'tracing on (100%)' : `tracing on (${values.sampler})`, dist: thisTree.dist, env: traced },
          { label: 'tracing off', dist: thisTree.dist },
        ]
      : against
        ? [thisTree, { label: `${values.against} (${against.sha.slice(0, 8)})`, dist: against.dist }]
        : [thisTree];
    const stacks: Stack[] = [];
    for (const [k, tree] of trees.entries()) {
      const federation =
        k === 0 ? dbs.federation : (await ensureDatabases(dbs.admin, [`bench_stack_taxgraph_${k}`]))[`bench_stack_taxgraph_${k}`];
      // --profile DIR: every process of stack k writes a V8 CPU profile under DIR/k when it stops.
      const nodeArgs = values.profile ? ['--cpu-prof', `--cpu-prof-dir=${join(values.profile, String(k))}`] : [];
      stacks.push(await startStack(tree.label, tree.dist, dbs, federation, asOf, tree.env, nodeArgs));
    }
    const workload = await drawWorkload({ urls: stacks[0].urls, secrets: SECRETS });
    const scenarios = (await stackScenarios(workload, asOf)).filter((s) => keys.includes(s.key));

    const out = process.stdout;
    out.write(
      `\nnpm run bench -- stack: ${taxpayers} taxpayers, ${connections} connections, ${seconds} s a run after ${warmup} s warm-up, ${rounds} round(s), stacks alternating\n`,
    );
    for (const scenario of scenarios) {
      const note = await check(stacks, scenario);
      // A reconciliation is one client asking page after page: two at once keep both cores busy without queueing
      // pages behind cooperation's own deadline for the sources.
      const scenarioConnections = scenario.key === 'reconcile' ? Math.min(connections, 2) : connections;
      const tallies: Tally[] = stacks.map(() => ({ requests: 0, errors: 0, seconds: 0, p50: [], p99: [], cpu: zeroCpu() }));
      const busy: number[][] = stacks.map(() => []);
      for (let r = 0; r < rounds; r++) {
        for (const [k, stack] of stacks.entries()) {
          await cannon({
            url: stack.gatewayUrl,
            connections: scenarioConnections,
            seconds: warmup,
            headers: () => taxgraphHeaders(scenario.token),
            bodies: scenario.bodies,
          });
          const cores = coreTimes();
          await measure(stack, scenario, scenarioConnections, seconds, tallies[k]);
          const b = coreBusy(cores, coreTimes());
          if (b) busy[k].push(b.reduce((a, x) => a + x, 0) / b.length);
        }
      }
      out.write(`\n${scenario.title} (${note}; machine busy ${busy.map((b) => `${Math.round(median(b) * 100)}%`).join(' / ')})\n`);
      const header = ['stack', 'req/s', 'p50 ms', 'p99 ms', 'errors', ...COLUMNS.map((c) => SHORT[c]), 'stack'];
      const perOp = tallies.map((t) => COLUMNS.map((c) => t.cpu[c] / Math.max(1, t.requests)));
      const rows: (string | number)[][] = tallies.map((t, k) => [
        stacks[k].label,
        fixed(t.requests / t.seconds, 1),
        fixed(median(t.p50), 0),
        fixed(median(t.p99), 0),
        t.errors,
        ...perOp[k].map((v) => fixed(v)),
        fixed(perOp[k].reduce((a, b) => a + b, 0)),
      ]);
      if (tallies.length === 2) {
        const [a, b] = tallies;
        const ratio = (x: number, y: number) => (y > 0 ? fixed(x / y) : '-');
        rows.push([
          sink ? 'ratio (on vs off)' : 'ratio (this vs REF)',
          ratio(a.requests / a.seconds, b.requests / b.seconds),
          '',
          '',
          '',
          ...COLUMNS.map((_, c) => ratio(perOp[1][c], perOp[0][c])),
          ratio(
            perOp[1].reduce((x, y) => x + y, 0),
            perOp[0].reduce((x, y) => x + y, 0),
          ),
        ]);
      }
      printTable(out, header, rows, 22, 9);
      if (sink && tallies.length === 2) {
        const [on, off] = tallies;
        const total = (k: number) => perOp[k].reduce((x, y) => x + y, 0);
        const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
        out.write(
          `tracing's cost: ${pct(total(0) / total(1) - 1)} stack CPU per operation, ${pct(on.requests / on.seconds / (off.requests / off.seconds) - 1)} req/s` +
            ` (gateway ${pct(perOp[0][0] / perOp[1][0] - 1)}); the sink took ${sink.counts.requests} exports, ${(sink.counts.bytes / 1e6).toFixed(1)} MB\n`,
        );
      }
    }
    out.write(
      '\nAfter errors: CPU ms per operation in each process (postgres: its postmaster and every backend), then the whole stack. ' +
        'Ratios: requests/s this over REF, CPU REF over this (above 1: this tree is better).\n',
    );
    for (const s of stacks) await s.stop();
  } finally {
    await sink?.close();
    await dbs.cleanup();
  }
}
