import type { Knex } from 'knex';
import PgBoss from 'pg-boss';

/**
 * The reconciliation's job engine: pg-boss on the federation's own PostgreSQL, in its own schema. Chosen
 * because a job's completion is a row in the same database as the findings: `complete(..., { db })` runs
 * on the shard's transaction, so a shard's findings, counts and completion commit together or not at all.
 * A job left active past its lease (`expireInSeconds`, the worker died) is failed by pg-boss's
 * maintenance and retried: another worker takes the shard again.
 */

export const SHARD_QUEUE = 'reconcile-shard';

/** What a shard job carries: where its pages start in which run. */
export interface ShardJob {
  runId: string;
  shard: number;
}

/** RECONCILE_SHARD_LEASE_SECONDS: how long a worker may hold a shard before another may take it. */
export const DEFAULT_LEASE_SECONDS = 600;

export function leaseSeconds(env: NodeJS.ProcessEnv = process.env): number {
  return intSetting(env, 'RECONCILE_SHARD_LEASE_SECONDS', DEFAULT_LEASE_SECONDS, 5, 86_400);
}

/** RECONCILE_WORKER_SHARDS: shards a worker holds at once. */
export function workerShards(env: NodeJS.ProcessEnv = process.env): number {
  return intSetting(env, 'RECONCILE_WORKER_SHARDS', 2, 1, 16);
}

function intSetting(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max}, got ${raw}`);
  return n;
}

/**
 * Starts pg-boss on the federation's database (creating or migrating its schema) with the shard queue.
 * Maintenance (which ends expired leases) runs every quarter lease, so a dead worker's shard is taken
 * again within about 1.25 leases.
 */
export async function startBoss(databaseUrl: string, lease: number, application: string): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    schema: 'pgboss',
    application_name: application,
    max: 3,
    schedule: false,
    supervise: true,
    maintenanceIntervalSeconds: Math.max(1, Math.min(300, Math.floor(lease / 4))),
  });
  boss.on('error', (err) => process.stderr.write(`pg-boss: ${err.message}\n`));
  await boss.start();
  // Retries cover leases ended by dead workers and shards that failed (a source away too long): each
  // shard is idempotent, and a run whose shards keep failing shows the error while the coordinator waits.
  await boss.createQueue(SHARD_QUEUE, { name: SHARD_QUEUE, policy: 'standard', retryLimit: 25, retryDelay: 2, expireInSeconds: lease });
  return boss;
}

/** A knex transaction as pg-boss's executor, so a job's send or completion commits with the caller's writes. */
export async function onTransaction(trx: Knex.Transaction): Promise<PgBoss.Db> {
  // Inside a transaction knex hands out its one connection (a node-postgres client), which speaks $1 parameters.
  const client = (await (trx as unknown as { client: { acquireConnection(): Promise<PgClient> } }).client.acquireConnection()) as PgClient;
  return { executeSql: (text, values) => client.query(text, values) };
}

interface PgClient {
  query(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
}
