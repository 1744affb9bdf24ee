/**
 * `npm run bench -- reconcile [--taxpayers N] [--page-size P] [--workers 1,2,4 [--shards S]]`: a reconciliation run at scale. Seeds
 * N taxpayers (default 100,000, seed 42), starts the subgraphs (counting their SQL statements) and
 * taxgraph's gateway, runs `reconcile()` through the gateway as an analyst, and prints taxpayers
 * reconciled per second, the time per operation kind, and SQL statements per page (the sources'
 * and cooperation's own store writes are apart: the store is the federation's database).
 *
 * `--workers 1,2,4`: the run as distributed jobs, after the single-process run (the baseline), once per
 * worker count: a coordinator here (`--shards S`, default 16) and W `reconcile-worker` processes; per
 * count, taxpayers/s and the CPU seconds of every process (gateway, each subgraph, PostgreSQL when the
 * benchmark started it, the workers, the coordinator), so it shows where the limit moves.
 */
import { parseArgs } from 'node:util';
import { issueDevToken } from '../gateway/auth/tokens';
import { Launched, stopProcesses, waitForHealth } from '../dev/launch';
import { freePort } from '../dev/ports';
import { seedAll } from '../seeds/seed';
import { reconcileDistributed } from '../subgraphs/cooperation/reconcile/coordinator';
import { reconcile } from '../subgraphs/cooperation/reconcile/runner';
import { SUBGRAPH_NAMES } from '../shared/sources';
import {
  benchDatabases,
  BenchDatabases,
  coreBusy,
  coreTimes,
  cpuTimeMs,
  postgresCpuMs,
  printTable,
  startProcess,
  startSubgraphs,
  SubgraphStack,
} from './support';

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { taxpayers: { type: 'string' }, 'page-size': { type: 'string' }, workers: { type: 'string' }, shards: { type: 'string' } },
    strict: false,
  });
  const workerCounts = typeof values.workers === 'string' ? values.workers.split(',').map((w) => Number(w.trim())) : [];
  if (workerCounts.some((w) => !Number.isInteger(w) || w < 1 || w > 16))
    throw new Error('--workers must be counts from 1 to 16, e.g. 1,2,4');
  const shards = Number(values.shards ?? 16);
  const taxpayers = Number(values.taxpayers ?? 100_000);
  const pageSize = Number(values['page-size'] ?? 250);
  const out = process.stdout;
  const dbs = await benchDatabases('reconcile');
  try {
    process.stderr.write(`seeding ${taxpayers} taxpayers...\n`);
    const seeded = await seedAll({ taxpayers, seed: 42, urls: dbs.sources });
    const stack = await startSubgraphs(dbs, { TAXGRAPH_AS_OF: seeded.manifest.asOf });
    const port = await freePort();
    const gateway = startProcess(
      'gateway/main.js',
      {
        ...stack.gatewayEnv,
        ...stack.secrets,
        TAXGRAPH_DATABASE_URL: dbs.federation,
        RATE_LIMIT_ANALYST_PER_MINUTE: '10000000',
        SUBGRAPH_TIMEOUT_MS: '60000',
        PORT: String(port),
      },
      { label: 'gateway' },
    );
    try {
      await waitForHealth(`http://127.0.0.1:${port}/health`, gateway);
      const token = await issueDevToken(
        { role: 'analyst', subject: 'bench-reconcile', expiresIn: '12h' },
        new TextEncoder().encode(stack.secrets.JWT_SECRET),
      );
      const perOperation = new Map<string, { n: number; ms: number }>();
      const sqlBefore = await stack.sqlStatements();
      const cpuBefore = cpuOf({ dbs, stack, gatewayPid: gateway.child.pid });
      const started = performance.now();
      let lastPrint = 0;
      const summary = await reconcile({
        gatewayUrl: `http://127.0.0.1:${port}/graphql`,
        token,
        purpose: 'bench: reconciliation at scale',
        databaseUrl: dbs.federation,
        pageSize,
        onOperation: (name, ms) => {
          const e = perOperation.get(name) ?? { n: 0, ms: 0 };
          e.n += 1;
          e.ms += ms;
          perOperation.set(name, e);
        },
        onProgress: (p) => {
          if (Date.now() - lastPrint > 10_000) {
            lastPrint = Date.now();
            process.stderr.write(
              `  ${p.pass} ${p.passDone}${p.passTotal ? `/${p.passTotal}` : ''}: ${p.pages} pages, ${p.subjects} subjects, ${p.findings} findings\n`,
            );
          }
        },
      });
      const seconds = (performance.now() - started) / 1000;
      const sql = (await stack.sqlStatements()) - sqlBefore;
      out.write(`\nreconciliation of ${taxpayers.toLocaleString('en')} taxpayers through the gateway (page size ${pageSize})\n`);
      printTable(
        out,
        ['measure', 'value'],
        [
          ['wall time, s', seconds.toFixed(1)],
          ['taxpayers reconciled per second', (taxpayers / seconds).toFixed(0)],
          ['subjects judged', summary.subjects],
          ['subjects per second', (summary.subjects / seconds).toFixed(0)],
          ['source records paged', summary.records],
          ['pages', summary.pages],
          ['findings stored', summary.findings],
          ['gateway operations', summary.operations],
          ['SQL statements (sources), total', sql],
          ['SQL statements per page', (sql / summary.pages).toFixed(1)],
          ['SQL statements per subject', (sql / summary.subjects).toFixed(2)],
        ],
        34,
        14,
      );
      out.write('\nper operation\n');
      printTable(
        out,
        ['operation', 'count', 'total s', 'mean ms'],
        [...perOperation].map(([name, e]) => [name, e.n, (e.ms / 1000).toFixed(1), (e.ms / e.n).toFixed(0)]),
        34,
        12,
      );
      if (workerCounts.length)
        await distributed(out, {
          dbs,
          stack,
          gatewayPid: gateway.child.pid,
          gatewayUrl: `http://127.0.0.1:${port}/graphql`,
          token,
          taxpayers,
          pageSize,
          shards,
          workerCounts,
          baseline: {
            seconds,
            subjects: summary.subjects,
            findings: summary.findings,
            cpu: [cpuBefore, cpuOf({ dbs, stack, gatewayPid: gateway.child.pid })],
          },
        });
    } finally {
      await stopProcesses([gateway]);
      await stack.stop();
    }
  } finally {
    await dbs.cleanup();
  }
}

interface DistributedBench {
  dbs: BenchDatabases;
  stack: SubgraphStack;
  gatewayPid: number | undefined;
  gatewayUrl: string;
  token: string;
  taxpayers: number;
  pageSize: number;
  shards: number;
  workerCounts: number[];
  baseline: { seconds: number; subjects: number; findings: number; cpu: [Cpu, Cpu] };
}

const COLUMNS = ['gateway', ...SUBGRAPH_NAMES, 'postgres', 'workers', 'coordinator'] as const;
type Cpu = Record<(typeof COLUMNS)[number], number>;

/** CPU ms so far of every process of the run; `coordinator` is this process (the single-process run's reconciler). */
function cpuOf(b: Pick<DistributedBench, 'dbs' | 'stack' | 'gatewayPid'>, workers: Launched[] = []): Cpu {
  const own = process.cpuUsage();
  return {
    gateway: cpuTimeMs(b.gatewayPid) ?? 0,
    ...(Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, cpuTimeMs(b.stack.pids[n]) ?? 0])) as Record<
      (typeof SUBGRAPH_NAMES)[number],
      number
    >),
    postgres: b.dbs.serverPid ? postgresCpuMs(b.dbs.serverPid) : 0,
    workers: workers.reduce((sum, w) => sum + (cpuTimeMs(w.child.pid) ?? 0), 0),
    coordinator: (own.user + own.system) / 1000,
  };
}

const cpuRow = (label: string, before: Cpu, after: Cpu) => [label, ...COLUMNS.map((c) => ((after[c] - before[c]) / 1000).toFixed(1))];

/** The same reconciliation as distributed jobs, once per worker count, with every process's CPU. */
async function distributed(out: NodeJS.WritableStream, b: DistributedBench): Promise<void> {
  const columns = COLUMNS;
  const rows: (string | number)[][] = [];
  const cpuRows: (string | number)[][] = [cpuRow('single', b.baseline.cpu[0], b.baseline.cpu[1])];
  for (const count of b.workerCounts) {
    process.stderr.write(`distributed run: ${b.shards} shards, ${count} workers...\n`);
    const workers = Array.from({ length: count }, (_, k) =>
      startProcess(
        'scripts/reconcile-worker.js',
        { TAXGRAPH_DATABASE_URL: b.dbs.federation, TAXGRAPH_GATEWAY_URL: b.gatewayUrl, RECONCILE_TOKEN: b.token },
        { label: `worker ${k + 1}` },
      ),
    );
    const cpu = () => cpuOf(b, workers);
    try {
      const before = cpu();
      const cores = coreTimes();
      const started = performance.now();
      const summary = await reconcileDistributed({
        gatewayUrl: b.gatewayUrl,
        token: b.token,
        purpose: 'bench: distributed reconciliation',
        databaseUrl: b.dbs.federation,
        pageSize: b.pageSize,
        restart: true,
        shards: b.shards,
        lease: 600,
      });
      const seconds = (performance.now() - started) / 1000;
      const after = cpu();
      const busy = coreBusy(cores, coreTimes());
      if (summary.subjects !== b.baseline.subjects || summary.findings !== b.baseline.findings)
        throw new Error(
          `the distributed run differs: ${summary.subjects} subjects, ${summary.findings} findings (single: ${b.baseline.subjects}, ${b.baseline.findings})`,
        );
      rows.push([
        `${count} worker${count > 1 ? 's' : ''}`,
        seconds.toFixed(1),
        (b.taxpayers / seconds).toFixed(0),
        (b.baseline.seconds / seconds).toFixed(2),
        busy ? busy.map((x) => `${Math.round(x * 100)}%`).join(' ') : '-',
      ]);
      cpuRows.push(cpuRow(`${count} worker${count > 1 ? 's' : ''}`, before, after));
    } finally {
      await stopProcesses(workers);
    }
  }
  out.write(`\ndistributed: ${b.shards} shards, the same findings and subjects as the single-process run (checked)\n`);
  printTable(
    out,
    ['run', 'wall s', 'taxpayers/s', 'x single', 'cores busy'],
    [['single process', b.baseline.seconds.toFixed(1), (b.taxpayers / b.baseline.seconds).toFixed(0), '1.00', '-'], ...rows],
    16,
    12,
  );
  out.write('\nCPU seconds per process during each run (postgres: its postmaster and every backend)\n');
  printTable(
    out,
    ['run', ...columns.map((c) => c.replace('business-registry', 'registry').replace('treasury-bank', 'treasury'))],
    cpuRows,
    12,
    13,
  );
}
