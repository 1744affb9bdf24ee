import knex, { Knex } from 'knex';
import { textTypes } from '../../kit/db';

/**
 * The cases' writable pool: the subgraph reads the federation's database read-only (kit/db.ts), and
 * its only writes (a case change with its event and notifications, the dispatcher's bookkeeping) go
 * through this small pool to the same database. One per read connection, opened on first use.
 */

/** Connections the writes may hold at once: a change is one short transaction, the dispatcher one more. */
const WRITER_POOL_MAX = 3;

const writers = new WeakMap<Knex, Knex>();

/** The URL a knex instance was opened with (a string, or a config with connectionString). */
function urlOf(db: Knex): string {
  const connection = (db.client as { config: { connection?: unknown } }).config.connection;
  if (typeof connection === 'string') return connection;
  const url = (connection as { connectionString?: string } | undefined)?.connectionString;
  if (!url) throw new Error("the cooperation store's connection has no URL to open the cases' writable pool with");
  return url;
}

export function writerFor(db: Knex): Knex {
  let writer = writers.get(db);
  if (!writer) {
    writer = knex({
      client: 'pg',
      connection: {
        connectionString: urlOf(db),
        application_name: 'taxgraph-cooperation-cases',
        options: '-c statement_timeout=10000',
        types: textTypes,
        connectionTimeoutMillis: 3000,
      } as Knex.PgConnectionConfig,
      pool: { min: 0, max: WRITER_POOL_MAX },
      acquireConnectionTimeout: 3000,
    });
    writers.set(db, writer);
  }
  return writer;
}

/** Closes the writable pool of a read connection, if one was opened. */
export async function closeWriter(db: Knex): Promise<void> {
  const writer = writers.get(db);
  writers.delete(db);
  await writer?.destroy();
}
