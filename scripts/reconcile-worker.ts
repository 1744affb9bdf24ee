/**
 * `npm run reconcile:worker` (compiled: `node dist/scripts/reconcile-worker.js`): a reconciliation
 * worker (subgraphs/cooperation/reconcile/worker.ts). Reads TAXGRAPH_DATABASE_URL, TAXGRAPH_GATEWAY_URL
 * (default http://127.0.0.1:$PORT/graphql), RECONCILE_TOKEN (an analyst's) and
 * RECONCILE_SHARD_LEASE_SECONDS and RECONCILE_WORKER_SHARDS; in development, unset ones come from what npm start wrote. Runs until
 * SIGTERM or SIGINT, then finishes the shard in hand (or gives it back) and exits 0. Prints a line per
 * shard taken and committed.
 */
import { startShardWorker } from '../subgraphs/cooperation/reconcile/worker';
import { leaseSeconds, workerShards } from '../subgraphs/cooperation/reconcile/shard-queue';
import { useConfigFile } from '../shared/config-file';
import { FEDERATION_DATABASE } from '../shared/sources';
import { requireSettings } from './dev-settings';

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
  const worker = await startShardWorker({
    databaseUrl: process.env[FEDERATION_DATABASE.urlVariable]!,
    gatewayUrl: process.env.TAXGRAPH_GATEWAY_URL ?? `http://127.0.0.1:${process.env.PORT || 4000}/graphql`,
    token: process.env.RECONCILE_TOKEN!,
    lease: leaseSeconds(),
    shards: workerShards(),
    log: (line) => process.stdout.write(`reconcile worker ${process.pid}: ${line}\n`),
  });
  process.stdout.write(`reconcile worker ${process.pid}: ${worker.name} waiting for shards\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`reconcile worker ${process.pid}: ${signal}: finishing the shard in hand\n`);
    worker.stop().then(
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
