/**
 * `npm run reconcile:worker` (compiled: `node dist/scripts/reconcile-worker.js`): a reconciliation
 * worker (subgraphs/cooperation/reconcile/worker.ts). Reads TAXGRAPH_DATABASE_URL, TAXGRAPH_GATEWAY_URL
 * (default http://127.0.0.1:$PORT/graphql), RECONCILE_TOKEN (an analyst's) and
 * RECONCILE_SHARD_LEASE_SECONDS and RECONCILE_WORKER_SHARDS; in development, unset ones come from what npm start wrote. Runs until
 * SIGTERM or SIGINT, then finishes the shard in hand (or gives it back) and exits 0. Prints a line per
 * shard taken and committed. With RECONCILE_WORKER_PORT it answers an orchestrator's probes there:
 * GET /health (liveness), GET /ready (readiness: its database answers, it is not stopping), GET /metrics.
 */
import { Counter } from 'prom-client';
import { listenHttp, RunningHttp, sendError } from '../shared/http';
import { serviceMetrics } from '../shared/metrics';
import { cachedCheck } from '../shared/readiness';
import { ShardOutcome, ShardWorker, startShardWorker } from '../subgraphs/cooperation/reconcile/worker';
import { leaseSeconds, workerShards } from '../subgraphs/cooperation/reconcile/shard-queue';
import { useConfigFile } from '../shared/config-file';
import { FEDERATION_DATABASE } from '../shared/sources';
import { requireSettings } from './dev-settings';

/** The worker's shards, records and subjects, counted for /metrics. */
function workerMetrics() {
  const metrics = serviceMetrics('reconcile_worker');
  const shards = new Counter({
    name: 'taxgraph_reconcile_shards_total',
    help: 'Shards this worker ended, by outcome: committed, found_done (committed already), skipped (its run is over), failed (retried).',
    labelNames: ['outcome'] as const,
    registers: [metrics.registry],
  });
  const records = new Counter({
    name: 'taxgraph_reconcile_records_total',
    help: 'Source records read in committed shards.',
    registers: [metrics.registry],
  });
  const subjects = new Counter({
    name: 'taxgraph_reconcile_subjects_total',
    help: 'Subjects judged in committed shards.',
    registers: [metrics.registry],
  });
  return {
    registry: metrics.registry,
    onShard(outcome: ShardOutcome, read: number, judged: number) {
      shards.inc({ outcome });
      if (outcome === 'committed') {
        records.inc(read);
        subjects.inc(judged);
      }
    },
  };
}

/** The probes, when RECONCILE_WORKER_PORT is set; the worker answers no GraphQL. */
function serveProbes(worker: ShardWorker, registry: ReturnType<typeof workerMetrics>['registry'], port: number): Promise<RunningHttp> {
  const ready = cachedCheck(() => worker.ready());
  return listenHttp(async (_req, res) => sendError(res, 404, 'BAD_USER_INPUT', 'A reconcile worker answers no GraphQL'), {
    port,
    host: process.env.RECONCILE_WORKER_HOST || '127.0.0.1',
    routes: {
      '/health': async () => ({ status: 200, body: { status: 'ok', worker: worker.name } }),
      '/ready': async () =>
        (await ready())
          ? { status: 200, body: { status: 'ready', worker: worker.name } }
          : { status: 503, body: { status: 'unavailable', worker: worker.name } },
      '/metrics': async () => ({ status: 200, body: await registry.metrics(), contentType: registry.contentType }),
    },
  });
}

function probePort(): number | null {
  const raw = process.env.RECONCILE_WORKER_PORT;
  if (raw === undefined || raw === '') return null;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`RECONCILE_WORKER_PORT must be a port from 0 to 65535, got ${raw}`);
  return port;
}

async function main(): Promise<void> {
  useConfigFile('gateway');
  requireSettings(
    'npm run reconcile:worker',
    {
      [FEDERATION_DATABASE.urlVariable]: `its database (${FEDERATION_DATABASE.urlVariable})`,
      RECONCILE_TOKEN: "an analyst's token (RECONCILE_TOKEN)",
    },
    ['TAXGRAPH_GATEWAY_URL'],
  );
  const port = probePort();
  const metrics = workerMetrics();
  const worker = await startShardWorker({
    databaseUrl: process.env[FEDERATION_DATABASE.urlVariable]!,
    gatewayUrl: process.env.TAXGRAPH_GATEWAY_URL ?? `http://127.0.0.1:${process.env.PORT || 4000}/graphql`,
    token: process.env.RECONCILE_TOKEN!,
    lease: leaseSeconds(),
    shards: workerShards(),
    log: (line) => process.stdout.write(`reconcile worker ${process.pid}: ${line}\n`),
    onShard: metrics.onShard,
  });
  const probes = port === null ? null : await serveProbes(worker, metrics.registry, port);
  if (probes)
    process.stdout.write(
      `reconcile worker ${process.pid}: probes at http://${process.env.RECONCILE_WORKER_HOST || '127.0.0.1'}:${probes.port}/health, /ready, /metrics\n`,
    );
  process.stdout.write(`reconcile worker ${process.pid}: ${worker.name} waiting for shards\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`reconcile worker ${process.pid}: ${signal}: finishing the shard in hand\n`);
    // Unready at once (the worker reports itself stopping), probes answered until the shard in hand is done.
    worker
      .stop()
      .then(() => (probes ? probes.close() : undefined))
      .then(
        () => process.exit(0),
        (err: Error) => {
          process.stderr.write(`reconcile worker stopped badly: ${err.message}\n`);
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM')).on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: Error) => {
  process.stderr.write(`reconcile worker failed: ${err.message}\n`);
  process.exit(1);
});
