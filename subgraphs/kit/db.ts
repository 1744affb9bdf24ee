import knex, { Knex } from 'knex';
import { types as pgTypes } from 'pg';
import { sourceTimeout, sourceUnavailable } from '../../shared/errors';
import { Context, context } from '@opentelemetry/api';
import { inSpan, inTrace, SpanKind, tracingEnabled } from '../../shared/tracing';

/**
 * A read-only knex connection to one legacy database. The session is opened read-only
 * (`default_transaction_read_only`) so no code path can write to a source, and the type parsers keep
 * numeric, int8, dates and timestamps as the strings PostgreSQL sent: money never passes through a
 * float and a DATE never shifts with the process's time zone.
 */
export interface SourceDbOptions {
  /** The source's name, used in errors and as the application name. */
  source: string;
  url: string;
  /** Pool size. @default 10 */
  poolMax?: number;
  /** Per-statement timeout in the database, milliseconds. @default 5000 */
  statementTimeoutMs?: number;
  /** How long a query waits for a pooled connection before the source counts as unavailable. @default 3000 */
  acquireTimeoutMs?: number;
  /** Called for every statement sent (a subgraph counts them for /metrics). */
  onStatement?: () => void;
}

const KEEP_AS_TEXT = new Set([
  20, // int8
  1700, // numeric
  1082, // date
  1114, // timestamp
  1184, // timestamptz
]);

export const textTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    KEEP_AS_TEXT.has(oid) ? (value: string) => value : pgTypes.getTypeParser(oid, format)) as typeof pgTypes.getTypeParser,
};

export function openSourceDb(opts: SourceDbOptions): Knex {
  const timeout = opts.statementTimeoutMs ?? 5000;
  const db = knex({
    client: 'pg',
    connection: {
      connectionString: opts.url,
      application_name: `taxgraph-${opts.source}`,
      // Statements are prepared once per connection (prepareEveryStatement) and run on their generic
      // plan: by default PostgreSQL keeps planning a batch lookup anew on every call, since a plan
      // for an array of unknown length looks costlier than one for the array at hand. (JIT stays as
      // the server has it: no plan of these statements comes near jit_above_cost.)
      options: `-c default_transaction_read_only=on -c statement_timeout=${timeout} -c plan_cache_mode=force_generic_plan`,
      types: textTypes,
      connectionTimeoutMillis: opts.acquireTimeoutMs ?? 3000,
    } as Knex.PgConnectionConfig,
    pool: { min: 0, max: opts.poolMax ?? 10 },
    acquireConnectionTimeout: opts.acquireTimeoutMs ?? 3000,
  });
  if (opts.onStatement) db.on('query', opts.onStatement);
  prepareEveryStatement(db, opts.source, tracingEnabled() ? databaseName(opts.url) : undefined);
  return db;
}

/** Distinct statement texts a process prepares; past this, statements go unnamed (planned per call). */
const MAX_NAMED_STATEMENTS = 500;

/** knex's pg dialect (lib/dialects/postgres `_query`) hands a query's `options` to node-postgres with its text. */
interface PgDialect {
  _query(connection: unknown, query: { sql: string; options?: Record<string, unknown> }): Promise<unknown>;
}

/**
 * Sends every statement as a named prepared statement, so PostgreSQL plans it once per connection
 * rather than on every call (planning cost more than executing these lookups). node-postgres
 * prepares a query with a `name` on first use per connection and reuses it after. The name is the
 * statement's text numbered once per process: a name never stands for two texts, and every variant
 * of a query (a filter given or not) is a statement of its own. Batches bind their keys as one array
 * (`= ANY(?)`), so a statement's text never depends on how many keys it carries.
 */
function prepareEveryStatement(db: Knex, source: string, tracedDatabase?: string): void {
  const names = new Map<string, string>();
  const dialect = db.client as PgDialect;
  const send = dialect._query.bind(dialect);
  const named = (connection: unknown, query: { sql: string; options?: Record<string, unknown> }) => {
    if (query.options?.name !== undefined) return send(connection, query);
    let name = names.get(query.sql);
    if (name === undefined && names.size < MAX_NAMED_STATEMENTS) {
      name = `${source}/${names.size + 1}`;
      names.set(query.sql, name);
    }
    return send(connection, name === undefined ? query : { ...query, options: { ...query.options, name } });
  };
  if (tracedDatabase === undefined) {
    dialect._query = named;
    return;
  }
  // With tracing on, each statement is a span (its text, never its bound values) under the loader's batch that
  // sent it. The context active when the query was built is kept with it: a source's context manager holds the
  // active context only synchronously (shared/tracing.ts), and the statement is sent after the pool's await.
  const contexts = captureQueryContexts(db);
  dialect._query = (connection, query) => {
    const parent = contexts.get(query) ?? context.active();
    if (!inTrace(parent)) return named(connection, query);
    return context.with(parent, () =>
      inSpan(
        `pg.query:${names.get(query.sql) ?? 'statement'}`,
        { 'db.system.name': 'postgresql', 'db.namespace': tracedDatabase, 'db.query.text': query.sql, 'taxgraph.source': source },
        () => named(connection, query),
        SpanKind.CLIENT,
      ),
    );
  };
}

/** knex's client: where its builders and runners are made, and Runner#query, which hands a statement to `_query`. */
interface KnexClientParts {
  queryBuilder(...args: unknown[]): object;
  raw(...args: unknown[]): object;
  runner(builder: object): { query(obj: unknown): unknown };
}

/**
 * The context active where each query builder (or raw query) was made, handed on to the statement
 * objects its runner sends (knex 3: client.queryBuilder/raw, client.runner, Runner#query).
 */
function captureQueryContexts(db: Knex): WeakMap<object, Context> {
  const client = db.client as unknown as KnexClientParts;
  const built = new WeakMap<object, Context>();
  const sent = new WeakMap<object, Context>();
  for (const make of ['queryBuilder', 'raw'] as const) {
    const original = client[make];
    client[make] = function (this: unknown, ...args: unknown[]) {
      const builder = original.apply(this, args);
      built.set(builder, context.active());
      return builder;
    };
  }
  const runner = client.runner;
  client.runner = function (this: unknown, builder: object) {
    const r = runner.call(this, builder);
    const ctx = built.get(builder);
    if (ctx !== undefined) {
      const query = r.query;
      r.query = function (this: unknown, obj: unknown) {
        if (obj !== null && typeof obj === 'object') sent.set(obj, ctx);
        return query.call(this, obj);
      };
    }
    return r;
  };
  return sent;
}

/** The database a URL names, for the SQL spans. */
function databaseName(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.slice(1));
  } catch {
    return '';
  }
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '3D000',
  '28P01',
]);

/**
 * Turns a database failure into the catalogue's source errors: a statement cancelled by its timeout
 * is SOURCE_TIMEOUT; a refused, lost or exhausted connection is SOURCE_UNAVAILABLE. Anything else
 * (a bug) is returned unchanged for the server to mask.
 */
export function translateDbError(source: string, err: unknown): unknown {
  const e = err as { code?: string; name?: string; message?: string };
  if (e?.code === '57014') return sourceTimeout(source);
  if (e?.name === 'KnexTimeoutError') return sourceUnavailable(source);
  if (e?.code && (UNAVAILABLE_CODES.has(e.code) || e.code.startsWith('08'))) return sourceUnavailable(source);
  if (
    typeof e?.message === 'string' &&
    /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect/i.test(e.message)
  ) {
    return sourceUnavailable(source);
  }
  return err;
}
