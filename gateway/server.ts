import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleGraphQL, listenHttp, RouteResult, RunningHttp } from '../shared/http';
import { cachedCheck } from '../shared/readiness';
import { observeOperations } from '../shared/metrics';
import { taxgraphError } from '../shared/errors';
import type { Principal } from '../shared/principal';
import { GraphQLError } from 'graphql';
import { auditPlugin } from './audit/plugin';
import type { Authenticator } from './auth/authenticate';
import type { GatewayConfig } from './config';
import type { GatewayContext } from './context';
import { formatGatewayError } from './errors';
import { serveExplorer } from './explorer';
import { Edge } from './edge';
import { createGateway, SubgraphSources } from './gateway';
import { operationGuards } from './guards';
import { logger as defaultLogger, Logger } from './logger';
import { GatewayMetrics } from './metrics';
import { restApi } from './rest/rest-api';
import type { SubgraphSource } from './subgraph-source';
import type { SupergraphWatch } from './supergraph-watch';

export interface RunningGateway {
  url: string;
  port: number;
  /** By name, the data sources of the subgraphs the serving supergraph names. */
  sources: Map<string, SubgraphSource>;
  metrics: GatewayMetrics;
  /** The supergraph serving now, and its file's reloads. */
  supergraph: SupergraphWatch;
  /** Stops accepting, drains in-flight requests, then stops the gateway. */
  stop(): Promise<void>;
}

/** How long the gateway's readiness waits for one subgraph's, ms. */
const PROBE_TIMEOUT_MS = 1000;

/** A subgraph's readiness as the gateway sees it: `up` when its /ready answers 200 (its database answers). */
async function probe(url: string): Promise<{ state: 'up' | 'down'; database?: string }> {
  try {
    const res = await fetch(url.replace(/\/graphql$/, '/ready'), { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    const body = (await res.json()) as { database?: string };
    return { state: res.ok ? 'up' : 'down', database: body.database };
  } catch {
    return { state: 'down' };
  }
}

/**
 * The gateway's readiness. It can serve once its supergraph is loaded (before it listens) and at
 * least one subgraph answers; it answers 200 `ready` when every subgraph is ready, 200 `degraded`
 * when some are not, and 503 `unavailable` when none is. A source that is down is not a reason to
 * take gateways out of rotation: every replica sees the same source, the answers still carry the
 * other sources' data (SOURCE_UNAVAILABLE for its fields), and failing readiness on it would turn
 * one missing source into a whole outage. No subgraph at all answering this replica is its own
 * trouble (its network), which readiness should report. Kept for a second, shared by concurrent probes.
 */
function gatewayReadiness(sources: SubgraphSources, supergraph: SupergraphWatch): () => Promise<RouteResult> {
  return cachedCheck(async () => {
    const entries = await Promise.all(
      [...sources.current].map(async ([name, source]) => [name, { ...(await probe(source.url)), circuit: source.circuitState }] as const),
    );
    const up = entries.filter(([, e]) => e.state === 'up').length;
    const status = up === entries.length ? 'ready' : up > 0 ? 'degraded' : 'unavailable';
    const { hash, loadedAt } = supergraph.supergraph;
    return {
      status: status === 'unavailable' ? 503 : 200,
      body: { status, supergraph: { hash, loadedAt: loadedAt.toISOString() }, subgraphs: Object.fromEntries(entries) },
    };
  });
}

/** Builds the gateway server; nothing listens until `start()` (main.ts is the entry point). */
export function createGatewayServer(config: GatewayConfig, authenticator: Authenticator, logger: Logger = defaultLogger) {
  const metrics = new GatewayMetrics();
  const { gateway, sources, supergraph } = createGateway(config, metrics, logger);
  const ready = gatewayReadiness(sources, supergraph);
  const edge = new Edge(config.addressLimit, metrics, logger, config.rateLimit);
  const audit = auditPlugin({ logger, metrics, refusals: edge.refusals });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    // The parser stops at the cap: a huge document costs its tokens up to there, not its whole length.
    parseOptions: { maxTokens: config.maxTokens },
    formatError: formatGatewayError(logger, { maxTokens: config.maxTokens }),
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    plugins: [
      observeOperations<GatewayContext>(metrics, logger, { errors: metrics.errors }),
      operationGuards(config, logger),
      audit,
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  const rest = restApi({
    apollo,
    context: (req) => contextFor(req, authenticator, edge),
    onSchema: (listener) => gateway.onSchemaLoadOrUpdate(({ apiSchema }) => listener(apiSchema)),
    logger,
  });

  async function start(): Promise<RunningGateway> {
    await apollo.start();
    let http: RunningHttp;
    try {
      await edge.start();
      const graphql = (req: IncomingMessage, res: ServerResponse) =>
        edge.admit(req, res)
          ? Promise.resolve()
          : handleGraphQL(apollo, req, res, () => contextFor(req, authenticator, edge), config.maxBodyBytes);
      http = await listenHttp(graphql, {
        port: config.port,
        host: config.host,
        routes: {
          // Liveness: the process answers; nothing else is asked.
          '/health': async () => ({ status: 200, body: { status: 'ok' } }),
          '/ready': ready,
          '/metrics': async () => ({ status: 200, body: await metrics.registry.metrics(), contentType: metrics.registry.contentType }),
          // The public half of the audit checkpoints' signing key (a JWKS), for whoever checks them: npm run audit:verify -- --public-key.
          '/audit/checkpoint-keys': async () => ({ status: 200, body: audit.checkpointKeys }),
        },
        fallback: async (path, req) => (await rest.handle(path, req)) ?? serveExplorer(path),
      });
    } catch (err) {
      await edge.stop();
      await apollo.stop();
      throw err;
    }
    logger.info({ url: http.url }, 'gateway ready');
    return {
      url: http.url,
      port: http.port,
      sources: sources.current,
      metrics,
      supergraph,
      stop: async () => {
        await http.close();
        await apollo.stop();
        await edge.stop();
        sources.shutdown();
      },
    };
  }

  return { start, metrics, sources: sources.current, supergraph };
}

/**
 * Who is calling and why: a verified token, and for analysts a stated purpose. A request that does
 * not authenticate is refused through the edge: counted in its address's aggregate, 401 or past the
 * address's budget 429.
 */
async function contextFor(req: IncomingMessage, authenticator: Authenticator, edge: Edge): Promise<GatewayContext> {
  const requestId = requestIdOf(req);
  let principal: Principal;
  try {
    principal = await authenticator.authenticate(req);
  } catch (err) {
    throw err instanceof GraphQLError ? await edge.refuse(req, err) : err;
  }
  const raw = req.headers['x-purpose'];
  const purpose = (Array.isArray(raw) ? raw[0] : raw)?.trim().slice(0, 200) || undefined;
  if (principal.role === 'analyst' && !purpose) {
    throw taxgraphError(
      'FORBIDDEN',
      'Analysts must state why they read this data: send an X-Purpose header (e.g. "2016 Q1 joint audit selection")',
      { http: { status: 403 } },
    );
  }
  return { requestId, principal, purpose };
}

function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  const id = Array.isArray(given) ? given[0] : given;
  return id && /^[\w.-]{1,100}$/.test(id) ? id : randomUUID();
}
