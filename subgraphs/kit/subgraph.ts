import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { inputErrorCode, isCatalogued, taxgraphError } from '../../shared/errors';
import { listenHttp, RouteResult, RunningHttp } from '../../shared/http';
import { cachedCheck } from '../../shared/readiness';
import { createLogger, Logger } from '../../shared/logger';
import { applyConfigFile, useConfigFile } from '../../shared/config-file';
import type { SubgraphName } from '../../shared/sources';
import { Principal, principalSecretFromEnv, verifyPrincipal } from '../../shared/principal';
import { openSourceDb, translateDbError } from './db';
import { operationObserver } from '../../shared/metrics';
import { graphqlHandler } from './graphql-handler';
import { subgraphMetrics } from './metrics';
import { Executor, OperationCache } from './operations';
import { requestTraceContext, shutdownTracing, tracingEnabled } from '../../shared/tracing';
import { traceLoaders } from './traced-loaders';
import type { Registry } from 'prom-client';

/** What every subgraph's context carries; each subgraph adds its own loaders. */
export interface SubgraphContext {
  requestId: string;
  /** The caller, as the gateway vouched for it (signature verified). */
  principal: Principal;
}

/** A subgraph as a module: how to build its schema (no database needed) and a request's context. */
export interface SubgraphModule<C extends SubgraphContext> {
  /** The source's name, as errors and the supergraph call it. */
  name: string;
  /** Default port (DESIGN.md conventions). */
  port: number;
  /** The environment variable naming its database. */
  urlVariable: string;
  buildSchema(): Promise<GraphQLSchema>;
  /** A fresh context per request: new DataLoaders every time. */
  createContext(db: Knex, base: SubgraphContext): C;
  /**
   * Work that runs beside the server while it is up (cooperation's case notifications): started once
   * it listens, stopped before it closes. Its metrics go to the subgraph's /metrics registry.
   */
  startBackground?(services: { db: Knex; logger: Logger; registry: Registry }): Promise<{ stop(): Promise<void> }>;
}

/**
 * Errors leave a subgraph with a catalogued code and no stack. This is the one place where database
 * failures become SOURCE_UNAVAILABLE / SOURCE_TIMEOUT naming the source (whichever resolver or
 * loader met them); anything else uncatalogued is a fault whose details go to the log, not to the client.
 */
export function formatSubgraphError(source: string, logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = inputErrorCode(formatted, error) ?? formatted.extensions?.code;
    if (isCatalogued(code) && code !== 'INTERNAL_SERVER_ERROR') {
      const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions: { ...extensions, code } };
    }
    // A value thrown from __resolveReference reaches us wrapped by graphql-js (NonErrorThrown).
    const unwrapped = unwrapResolverError(error) as { thrownValue?: unknown };
    const original = unwrapped && typeof unwrapped === 'object' && 'thrownValue' in unwrapped ? unwrapped.thrownValue : unwrapped;
    const translated = translateDbError(source, original);
    if (translated !== original) {
      const t = translated as { message: string; extensions: Record<string, unknown> };
      return { message: t.message, path: formatted.path, extensions: t.extensions };
    }
    logger.error({ err: original, path: formatted.path }, formatted.message);
    return { message: 'Internal error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

export interface RunningSubgraph {
  url: string;
  port: number;
  db: Knex;
  stop(): Promise<void>;
}

export interface StartOptions {
  port?: number;
  host?: string;
  /** An open connection (tests pass their own); else one is opened from `url`. */
  db?: Knex;
  url?: string;
  statementTimeoutMs?: number;
  /** The secret the gateway signs principals with. @default TAXGRAPH_PRINCIPAL_SECRET */
  principalSecret?: string;
  /** @default shared/logger.ts createLogger with the subgraph's name */
  logger?: Logger;
  /** How operations run over the schema. @default 'jit' */
  executor?: Executor;
}

/** Starts a subgraph over HTTP: POST /graphql, GET /health (liveness), GET /ready (readiness), GET /metrics. */
export async function startSubgraph<C extends SubgraphContext>(mod: SubgraphModule<C>, opts: StartOptions = {}): Promise<RunningSubgraph> {
  const secret = opts.principalSecret ?? principalSecretFromEnv();
  const logger = opts.logger ?? createLogger(mod.name);
  const metrics = subgraphMetrics(mod.name);
  const statements = metrics.sqlStatements.labels(mod.name);
  const ownDb = !opts.db;
  const db =
    opts.db ??
    openSourceDb({
      source: mod.name,
      url: opts.url ?? requiredEnv(mod.urlVariable),
      statementTimeoutMs: opts.statementTimeoutMs,
      onStatement: () => statements.inc(),
    });
  const schema = await mod.buildSchema();
  const tracing = tracingEnabled();
  let http: RunningHttp;
  try {
    http = await listenHttp(
      graphqlHandler<C>({
        operations: new OperationCache(schema, opts.executor ?? 'jit'),
        formatError: formatSubgraphError(mod.name, logger),
        // Operations are logged at debug: the gateway logs each client operation at info, with the same request id.
        observe: operationObserver(metrics, logger, { level: 'debug' }),
        context: (req: IncomingMessage) => {
          const check = verifyPrincipal(req.headers, secret);
          if (!check.ok) {
            // Only the gateway may call a subgraph: without its fresh signature there is no caller to serve.
            throw taxgraphError('UNAUTHENTICATED', `Refused: ${check.reason}. Subgraphs answer only the gateway.`, {
              http: { status: 401 },
            });
          }
          const ctx = mod.createContext(db, { requestId: headerValue(req, 'x-request-id') ?? randomUUID(), principal: check.principal });
          if (tracing) traceLoaders(mod.name, (ctx as { loaders?: unknown }).loaders, requestTraceContext(req));
          return ctx;
        },
      }),
      {
        port: opts.port ?? mod.port,
        host: opts.host,
        logger,
        routes: {
          // Liveness: the process answers. No database call: a database that is down is not cured by a restart.
          '/health': async () => ({ status: 200, body: { status: 'ok', source: mod.name } }),
          '/ready': databaseReadiness(mod.name, db),
          '/metrics': async () => ({ status: 200, body: await metrics.registry.metrics(), contentType: metrics.registry.contentType }),
        },
      },
    );
  } catch (err) {
    if (ownDb) await db.destroy();
    throw err;
  }
  let background: { stop(): Promise<void> } | undefined;
  try {
    background = await mod.startBackground?.({ db, logger, registry: metrics.registry });
  } catch (err) {
    await http.close();
    if (ownDb) await db.destroy();
    throw err;
  }
  return {
    url: http.url,
    port: http.port,
    db,
    stop: async () => {
      await background?.stop();
      await http.close();
      if (ownDb) await db.destroy();
    },
  };
}

/** How long a probe may wait for the database before the subgraph counts as not ready, ms. */
const READY_TIMEOUT_MS = 2000;

/**
 * Readiness: the subgraph can serve when its database answers (`SELECT 1`, within two seconds). The
 * answer is kept for a second and shared by concurrent probes (shared/readiness.ts).
 */
function databaseReadiness(source: string, db: Knex): () => Promise<RouteResult> {
  return cachedCheck(async () => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'down'>((resolve) => (timer = setTimeout(() => resolve('down'), READY_TIMEOUT_MS)));
    const database = await Promise.race([
      db.raw('SELECT 1').then(
        () => 'up' as const,
        () => 'down' as const,
      ),
      timeout,
    ]);
    clearTimeout(timer);
    const ready = database === 'up';
    return { status: ready ? 200 : 503, body: { status: ready ? 'ready' : 'unavailable', source, database } };
  });
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function requiredEnv(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: point it at the source database`);
  return v;
}

/**
 * Entry point helper: start from the environment and the config file (taxgraph.config.yaml: its
 * settings fill the variables the environment leaves unset; PORT and HOST from
 * `subgraphs.<name>.port|host`), PORT overriding the default port; stop on SIGTERM/SIGINT.
 */
export async function runSubgraphFromEnv<C extends SubgraphContext>(
  mod: SubgraphModule<C>,
  logger = createLogger(mod.name),
): Promise<void> {
  applyConfigFile({ process: mod.name as SubgraphName });
  const port = process.env.PORT ? Number(process.env.PORT) : mod.port;
  const running = await startSubgraph(mod, { port, host: process.env.HOST ?? '127.0.0.1', logger });
  logger.info({ url: running.url }, 'subgraph ready');
  // The spans still buffered are sent once the last request has finished.
  const stop = () => void running.stop().finally(() => shutdownTracing().finally(() => process.exit(0)));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/** A subgraph's index.ts: runSubgraphFromEnv, and a start that fails logs why and exits 1. */
export function runSubgraphMain<C extends SubgraphContext>(mod: SubgraphModule<C>): void {
  // The config file first: the logger reads LOG_LEVEL.
  useConfigFile(mod.name as SubgraphName);
  const logger = createLogger(mod.name);
  runSubgraphFromEnv(mod, logger).catch((err: Error) => {
    logger.fatal({ err }, `${mod.name} failed to start: ${err.message}`);
    process.exit(1);
  });
}
