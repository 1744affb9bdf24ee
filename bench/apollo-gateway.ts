/**
 * The baseline a user would start from: `@apollo/gateway` in `@apollo/server`'s standalone server,
 * default settings (APQ on, as Apollo Server has it), over the committed supergraph at the
 * subgraph URLs from SUBGRAPH_<NAME>_URL. The one addition: subgraphs answer only a signed
 * principal, so each subgraph request carries one fixed principal (BENCH_PRINCIPAL, JSON), signed
 * as taxgraph's gateway signs it. Started by bench/gateways.ts as its own process.
 */
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { withSubgraphEnforcedSecurity } from '../gateway/subgraph-enforced-security';
import { principalSecretFromEnv, signPrincipal } from '../shared/principal';
import { benchPrincipal, peerSupergraph, SUPERGRAPH_PATH } from './peers';

const principal = benchPrincipal();
const secret = principalSecretFromEnv();

class SignedDataSource extends RemoteGraphQLDataSource {
  willSendRequest({ request }: Parameters<NonNullable<RemoteGraphQLDataSource['willSendRequest']>>[0]): void {
    for (const [name, value] of Object.entries(signPrincipal(principal, secret, randomUUID()))) request.http!.headers.set(name, value);
  }
}

async function main(): Promise<void> {
  // @apollo/gateway refuses a supergraph whose @requiresScopes link is `for: SECURITY` (it enforces
  // none); taxgraph's subgraphs enforce it themselves, so the purpose is dropped as our gateway does.
  const supergraphSdl = withSubgraphEnforcedSecurity(peerSupergraph(readFileSync(SUPERGRAPH_PATH, 'utf8')));
  const server = new ApolloServer({
    gateway: new ApolloGateway({ supergraphSdl, buildService: ({ url }) => new SignedDataSource({ url }) }),
  });
  const { url } = await startStandaloneServer(server, { listen: { port: Number(process.env.PORT ?? 0), host: '127.0.0.1' } });
  process.stdout.write(`plain @apollo/gateway at ${url}\n`);
  const stop = () => void server.stop().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: Error) => {
  process.stderr.write(`plain @apollo/gateway failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
