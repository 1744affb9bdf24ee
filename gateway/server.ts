import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { listen, RunningHttp } from '../shared/http';
import { observeOperations } from '../shared/metrics';
import { taxgraphError } from '../shared/errors';
import { auditPlugin } from './audit/plugin';
import type { Authenticator } from './auth/authenticate';
import type { GatewayConfig } from './config';
import type { GatewayContext } from './context';
import { formatGatewayError } from './errors';
import { serveExplorer } from './explorer';
import { createGateway } from './gateway';
import { operationGuards } from './guards';
import { logger as defaultLogger, Logger } from './logger';
import { GatewayMetrics } from './metrics';
import { restApi } from './rest/rest-api';
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
  const audit = auditPlugin({ logger, metrics });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: formatGatewayError(logger),
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
    context: (req) => contextFor(req, authenticator),
    onSchema: (listener) => gateway.onSchemaLoadOrUpdate(({ apiSchema }) => listener(apiSchema)),
    logger,
  });

  async function start(): Promise<RunningGateway> {
    await apollo.start();
    let http: RunningHttp;
    try {
      http = await listen(apollo, {
        port: config.port,
        host: config.host,
        maxBodyBytes: config.maxBodyBytes,
        context: async (req: IncomingMessage) => contextFor(req, authenticator),
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
          // The public half of the audit checkpoints' signing key (a JWKS), for whoever checks them: npm run audit:verify -- --public-key.
          '/audit/checkpoint-keys': async () => ({ status: 200, body: audit.checkpointKeys }),
        },
        fallback: async (path, req) => (await rest.handle(path, req)) ?? serveExplorer(path),
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

/** Who is calling and why: a verified token, and for analysts a stated purpose. */
async function contextFor(req: IncomingMessage, authenticator: Authenticator): Promise<GatewayContext> {
  const requestId = requestIdOf(req);
  const principal = await authenticator.authenticate(req);
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
