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
  const raw = env.RECONCILE_SHARD_LEASE_SECONDS;
  if (raw === undefined || raw === '') return DEFAULT_LEASE_SECONDS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 5 || n > 86_400)
    throw new Error(`RECONCILE_SHARD_LEASE_SECONDS must be an integer from 5 to 86400, got ${raw}`);
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
