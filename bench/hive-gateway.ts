/**
 * Hive Gateway (`@graphql-hive/gateway-runtime`, its default JS query planner) serving the
 * committed supergraph at the subgraph URLs from SUBGRAPH_<NAME>_URL, on node:http. Like any
 * gateway in front of taxgraph's subgraphs it signs a principal (BENCH_PRINCIPAL, JSON) for each
 * subgraph request (test/e2e/portability.test.ts does the same). Persisted operations: the
 * committed manifest through Hive's `persistedDocuments` (arbitrary documents still allowed), so a
 * bank's hash-only request is the same body for every gateway. Started by bench/gateways.ts.
 */
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { OperationManifest } from '../gateway/operations/manifest';
import { principalSecretFromEnv, signPrincipal } from '../shared/principal';
import { benchPrincipal, peerSupergraph, SUPERGRAPH_PATH } from './peers';

const principal = benchPrincipal();
const secret = principalSecretFromEnv();
const manifest = new OperationManifest();

// The signature covers the request id Hive sends the subgraphs (the client's, or one it generates).
const requestIds = new WeakMap<Request, string>();
const requestIdOf = (request: Request) => request.headers.get('x-request-id') ?? requestIds.get(request) ?? randomUUID();

const runtime = createGatewayRuntime({
  supergraph: peerSupergraph(readFileSync(SUPERGRAPH_PATH, 'utf8')),
  logging: false,
  requestId: {
    generateRequestId: ({ request }) => {
      const id = randomUUID();
      requestIds.set(request, id);
      return id;
    },
  },
  propagateHeaders: { fromClientToSubgraphs: ({ request }) => signPrincipal(principal, secret, requestIdOf(request)) },
  persistedDocuments: { getPersistedOperation: (id: string) => manifest.get(id)?.body ?? null, allowArbitraryDocuments: true },
});
const server = createServer(runtime);
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => process.stdout.write(`Hive Gateway listening\n`));
const stop = () => {
  server.closeAllConnections();
  server.close(() => void Promise.resolve(runtime.dispose()).finally(() => process.exit(0)));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
