import knex, { Knex } from 'knex';
import { textTypes } from '../../kit/db';

/**
 * The reconciliation's read-write connection to the cooperation store (the subgraph reads it through
 * kit's read-only one). Same type parsers as the subgraph's, so both read the same rows (store/rows.ts).
 */
export function openStore(url: string): Knex {
  return knex({
    client: 'pg',
    connection: { connectionString: url, application_name: 'taxgraph-reconcile', types: textTypes } as Knex.PgConnectionConfig,
    pool: { min: 0, max: 4 },
  });
}

/** Whether a relation is missing: the store not created yet (no reconciliation has migrated the database). */
export const isUndefinedTable = (err: unknown) => (err as { code?: string })?.code === '42P01';
