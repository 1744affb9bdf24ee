import { hostname } from 'node:os';
import type PgBoss from 'pg-boss';
import { migrateFederationDb } from '../../../shared/federation-db';
import { openStore } from '../store/connection';
import { runById } from '../store/runs';
import { commitShard, noteShardError } from '../store/shards';
import { gatewayClient } from './gateway-client';
import { judgeShard } from './shard';
import { onTransaction, SHARD_QUEUE, ShardJob, startBoss } from './shard-queue';

/**
 * `npm run reconcile:worker`: takes shards of distributed reconciliation runs from pg-boss (two at a
 * time by default), reads and judges each through the gateway as an analyst, and commits its findings, counts and
 * the job's completion in one transaction. Any number of workers on any machines that reach the
 * gateway and the federation's database; they may join and leave during a run. Stopping (`stop()`,
 * SIGTERM in the script) finishes the shard in hand within the lease, else gives it back to the queue.
 */
export interface WorkerOptions {
  databaseUrl: string;
  gatewayUrl: string;
  token: string;
  /** RECONCILE_SHARD_LEASE_SECONDS. */
  lease: number;
  /**
   * Shards held at once (RECONCILE_WORKER_SHARDS): a shard's last pages leave the pipeline half empty
   * while they are judged, so a second shard keeps the sources busy. @default 2
   */
  shards?: number;
  /** Completed runs kept when this worker completes one. @default 5 */
  keepRuns?: number;
  /** How this worker is named in the shards it commits. @default host:pid */
  name?: string;
  /** A line per shard taken, committed or failed. */
  log?: (line: string) => void;
  /** Told how each shard ended, with the records it read and the subjects it judged (for /metrics). */
  onShard?: (outcome: ShardOutcome, records: number, subjects: number) => void;
}

/** How a shard ended in this worker: committed, found committed already, skipped (its run is over) or failed. */
export type ShardOutcome = 'committed' | 'found_done' | 'skipped' | 'failed';

export interface ShardWorker {
  name: string;
  /** Readiness: the federation's database answers and the worker is not stopping. */
  ready(): Promise<boolean>;
  stop(): Promise<void>;
}

export async function startShardWorker(opts: WorkerOptions): Promise<ShardWorker> {
  const name = opts.name ?? `${hostname()}:${process.pid}`;
  const log = opts.log ?? (() => undefined);
  const told = opts.onShard ?? (() => undefined);
  let stopping = false;
  const db = openStore(opts.databaseUrl);
  let boss: PgBoss;
  try {
    await migrateFederationDb(db);
    boss = await startBoss(opts.databaseUrl, opts.lease, 'taxgraph-reconcile-worker');
  } catch (err) {
    await db.destroy();
    throw err;
  }

  const handle = async ({ id, data }: PgBoss.Job<ShardJob>) => {
    const { runId, shard } = data;

    try {
      const run = await runById(db, runId);
      const gql = gatewayClient({ url: opts.gatewayUrl, token: opts.token, purpose: run?.purpose ?? 'reconciliation' });
      const judged = await judgeShard(db, gql, runId, shard, name, (row) =>
        log(`run ${runId} shard ${shard} taken (${row.pass}, ${row.pages} pages, attempt ${row.attempts}, job ${id})`),
      );
      // Nothing to do (done already, or its run is over): pg-boss completes the job when this returns.
      if (!judged) {
        told('skipped', 0, 0);
        return log(`run ${runId} shard ${shard} skipped: done already or its run is over`);
      }
      const done = await commitShard(db, runId, shard, name, judged.write, opts.keepRuns ?? 5, async (trx) =>
        boss.complete(SHARD_QUEUE, id, {}, { db: await onTransaction(trx) }),
      );
      told(done.committed ? 'committed' : 'found_done', judged.write.records, done.committed ? judged.write.judged.length : 0);
      log(
        `run ${runId} shard ${shard} ${done.committed ? 'committed' : 'found done'}: ${judged.write.records} records, ` +
          `${judged.write.judged.length} subjects judged${done.completedRun ? `; run ${runId} completed` : ''}`,
      );
    } catch (err) {
      const message = (err as Error).message;
      told('failed', 0, 0);
      log(`run ${runId} shard ${shard} failed: ${message}`);
      await noteShardError(db, runId, shard, `${name}: ${message}`).catch(() => undefined);
      throw err;
    }
  };

  // One pg-boss worker per shard held at once, each fetching its own job.
  for (let k = 0; k < Math.max(1, opts.shards ?? 2); k++)
    await boss.work<ShardJob>(SHARD_QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => handle(job));
  return {
    name,
    async ready() {
      if (stopping) return false;
      return db.raw('SELECT 1').then(
        () => !stopping,
        () => false,
      );
    },
    async stop() {
      stopping = true;
      // Graceful: the shard in hand is finished within the lease, else failed back to the queue (retried).
      await boss.stop({ graceful: true, wait: true, timeout: opts.lease * 1000 });
      await db.destroy();
    },
  };
}
