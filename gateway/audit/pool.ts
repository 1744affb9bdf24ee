import { Pool } from 'pg';

/**
 * The gateway's connection to the federation's own database, for the audit trail only. Opening it
 * connects nothing (the first commit does), so the gateway starts fast and starts even while the
 * store is down. Short deadlines: a store that does not answer turns into AUDIT_UNAVAILABLE within
 * seconds instead of holding responses.
 */
export interface AuditPoolOptions {
  url: string;
  /** Connections; the writer uses one at a time, the rest cover start-up and close. @default 3 */
  max?: number;
  /** How long to wait for a connection, milliseconds. @default 2000 */
  connectTimeoutMs?: number;
  /** How long one statement may take, in the database and on the wire, milliseconds. @default 5000 */
  statementTimeoutMs?: number;
  /** Told when an idle connection breaks (the store went away between requests). */
  onIdleError?: (err: Error) => void;
}

export function openAuditPool(opts: AuditPoolOptions): Pool {
  const statementTimeout = opts.statementTimeoutMs ?? 5000;
  const pool = new Pool({
    connectionString: opts.url,
    max: opts.max ?? 3,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 2000,
    statement_timeout: statementTimeout,
    query_timeout: statementTimeout + 1000,
    // A writer stuck between statements would hold the chain's lock for every gateway: end its session.
    idle_in_transaction_session_timeout: 10_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    application_name: 'taxgraph-gateway-audit',
  });
  // Without a listener a broken idle connection would crash the process.
  pool.on('error', (err) => opts.onIdleError?.(err));
  return pool;
}
