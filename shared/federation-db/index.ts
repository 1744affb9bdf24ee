import knex, { Knex } from 'knex';
import * as auditLog from './migrations/0001-audit-log';
import * as cooperationStore from './migrations/0002-cooperation-store';
import * as findingCases from './migrations/0003-finding-cases';
import * as auditChanges from './migrations/0004-audit-changes';
import * as auditCheckpoints from './migrations/0005-audit-checkpoints';
import * as auditTraceId from './migrations/0006-audit-trace-id';
import * as auditRefusalAggregates from './migrations/0007-audit-refusal-aggregates';
import * as reconciliationShards from './migrations/0008-reconciliation-shards';
import * as reconciliationContenders from './migrations/0009-reconciliation-contenders';

/**
 * The federation's own database (TAXGRAPH_DATABASE_URL, never a legacy one) and its schema: the
 * gateway's audit trail, read by the audit subgraph, cooperation's reconciliation store, and the
 * findings' cases. Its tables change only through the migrations below, run by knex, which records
 * each one it ran (in `knex_migrations`) so a column can be added later by a new migration.
 *
 * Whoever writes a table migrates first: the gateway before its first audit record, `npm run
 * reconcile` before a run. Migrating when nothing is pending runs no DDL.
 */

/** The audit trail's table (migration 0001). */
export const AUDIT_TABLE = 'audit_log';

/** The signed checkpoints of the audit chain's head (migration 0005). */
export const AUDIT_CHECKPOINT_TABLE = 'audit_checkpoint';

interface Listed {
  name: string;
  migration: Knex.Migration;
}

/**
 * Every migration, in order, under the name knex records. Listed rather than read from a directory,
 * so the compiled code in dist/ runs them as surely as the TypeScript does. A migration that has
 * run somewhere is never renamed or changed: a change is a new migration at the end.
 */
const MIGRATIONS: readonly Listed[] = [
  { name: '0001-audit-log', migration: auditLog },
  { name: '0002-cooperation-store', migration: cooperationStore },
  { name: '0003-finding-cases', migration: findingCases },
  { name: '0004-audit-changes', migration: auditChanges },
  { name: '0005-audit-checkpoints', migration: auditCheckpoints },
  { name: '0006-audit-trace-id', migration: auditTraceId },
  { name: '0007-audit-refusal-aggregates', migration: auditRefusalAggregates },
  { name: '0008-reconciliation-shards', migration: reconciliationShards },
  { name: '0009-reconciliation-contenders', migration: reconciliationContenders },
];

export const FEDERATION_DB_MIGRATIONS: readonly string[] = MIGRATIONS.map((m) => m.name);

const migrationSource: Knex.MigrationSource<Listed> = {
  getMigrations: async () => [...MIGRATIONS],
  getMigrationName: (m) => m.name,
  getMigration: async (m) => m.migration,
};

/** Held while migrating (two int4 keys: 'tgfd', 'migr'). */
const MIGRATION_LOCK = [0x74676664, 0x6d696772] as const;

/**
 * Brings the federation's database to the latest migration; returns the names of those it ran (none
 * when it was up to date). Safe when several processes start at once against one database: knex's
 * own lock covers the migrations but not the creation of its bookkeeping tables, which processes
 * racing on a new database collide on; so all of it runs in one transaction under an advisory lock,
 * and whoever waited finds the work done.
 */
export async function migrateFederationDb(db: Knex): Promise<string[]> {
  return db.transaction(async (trx) => {
    await trx.raw('SELECT pg_advisory_xact_lock(?, ?)', [...MIGRATION_LOCK]);
    const [, ran] = (await trx.migrate.latest({ migrationSource })) as [number, string[]];
    return ran;
  });
}

/**
 * Whether any migration has still to run, read with one SELECT on any connection (no transaction, no
 * lock): a process that starts often and finds the database up to date, as the gateway mostly will,
 * then takes no lock and writes nothing, as the old scripts' "everything in place" check did.
 */
export async function needsMigrating(query: (sql: string) => Promise<{ rows: { name: string }[] }>): Promise<boolean> {
  try {
    const done = new Set((await query('SELECT name FROM knex_migrations')).rows.map((r) => r.name));
    return FEDERATION_DB_MIGRATIONS.some((name) => !done.has(name));
  } catch (err) {
    // No bookkeeping table yet: nothing has been migrated.
    if ((err as { code?: string })?.code === '42P01') return true;
    throw err;
  }
}

export interface MigrateAtOptions {
  /** Shown in pg_stat_activity. */
  applicationName: string;
  /** How long to wait for a connection, milliseconds. @default 5000 */
  connectTimeoutMs?: number;
  /** How long one statement may take (waiting for another process's migration included), milliseconds; none by default. */
  statementTimeoutMs?: number;
}

/** migrateFederationDb on a connection of its own, closed when done (for a process that keeps none open through knex). */
export async function migrateFederationDbAt(url: string, opts: MigrateAtOptions): Promise<string[]> {
  const connectTimeoutMs = opts.connectTimeoutMs ?? 5000;
  const deadlines = opts.statementTimeoutMs
    ? { statement_timeout: opts.statementTimeoutMs, query_timeout: opts.statementTimeoutMs + 1000 }
    : {};
  const db = knex({
    client: 'pg',
    connection: { connectionString: url, application_name: opts.applicationName, connectionTimeoutMillis: connectTimeoutMs, ...deadlines },
    pool: { min: 0, max: 2 },
    acquireConnectionTimeout: connectTimeoutMs,
  });
  try {
    return await migrateFederationDb(db);
  } finally {
    await db.destroy();
  }
}
