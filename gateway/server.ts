import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleGraphQL, listenHttp, RunningHttp } from '../shared/http';
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
import { createGateway } from './gateway';
import { operationGuards } from './guards';
import { logger as defaultLogger, Logger } from './logger';
import { GatewayMetrics } from './metrics';
import type { SubgraphSource } from './subgraph-source';

export interface RunningGateway {
  url: string;
  port: number;
  sources: Map<string, SubgraphSource>;
  metrics: GatewayMetrics;
  /** Stops accepting, drains in-flight requests, then stops the gateway. */
  stop(): Promise<void>;
}

async function probe(url: string): Promise<{ state: 'up' | 'down'; database?: string }> {
  try {
    const res = await fetch(url.replace(/\/graphql$/, '/health'), { signal: AbortSignal.timeout(1000) });
    const body = (await res.json()) as { database?: string };
    return { state: res.ok ? 'up' : 'down', database: body.database };
  } catch {
    return { state: 'down' };
  }
}

/** Builds the gateway server; nothing listens until `start()` (main.ts is the entry point). */
export function createGatewayServer(config: GatewayConfig, authenticator: Authenticator, logger: Logger = defaultLogger) {
  const metrics = new GatewayMetrics();
  const { gateway, sources } = createGateway(config, metrics);
  const edge = new Edge(config.addressLimit, metrics, logger);
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
      auditPlugin({ logger, metrics, refusals: edge.refusals }),
      ApolloServerPluginLandingPageDisabled(),
    ],
  });

  async function start(): Promise<RunningGateway> {
    await apollo.start();
    let http: RunningHttp;
    try {
      const graphql = (req: IncomingMessage, res: ServerResponse) =>
        edge.admit(req, res)
          ? Promise.resolve()
          : handleGraphQL(apollo, req, res, () => contextFor(req, authenticator, edge), config.maxBodyBytes);
      http = await listenHttp(graphql, {
        port: config.port,
        host: config.host,
        routes: {
          '/health': async () => ({ status: 200, body: { status: 'ok' } }),
          '/ready': async () => {
            const entries = await Promise.all(
              config.subgraphs.map(async (s) => [s.name, { ...(await probe(s.url)), circuit: sources.get(s.name)!.circuitState }] as const),
            );
            const ready = entries.every(([, e]) => e.state === 'up' && e.database !== 'down');
            return { status: ready ? 200 : 503, body: { status: ready ? 'ready' : 'degraded', subgraphs: Object.fromEntries(entries) } };
          },
          '/metrics': async () => ({ status: 200, body: await metrics.registry.metrics(), contentType: metrics.registry.contentType }),
        },
        fallback: serveExplorer,
      });
    } catch (err) {
      await apollo.stop();
      throw err;
    }
    logger.info({ url: http.url }, 'gateway ready');
    return {
      url: http.url,
      port: http.port,
      sources,
      metrics,
      stop: async () => {
        await http.close();
        await apollo.stop();
        for (const s of sources.values()) s.breaker.shutdown();
      },
    };
  }

  return { start, metrics, sources };
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
    throw err instanceof GraphQLError ? edge.refuse(req, err) : err;
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
