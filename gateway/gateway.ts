import { ApolloGateway } from '@apollo/gateway';
import type { GatewayConfig } from './config';
import type { GatewayMetrics } from './metrics';
import { SubgraphSource } from './subgraph-source';

/**
 * The federation gateway over the committed supergraph: static composition, no introspection
 * polling; one resilient data source per subgraph, at the URL the configuration gives.
 */
export function createGateway(
  config: GatewayConfig,
  metrics: GatewayMetrics,
): { gateway: ApolloGateway; sources: Map<string, SubgraphSource> } {
  const sources = new Map<string, SubgraphSource>();
  for (const subgraph of config.subgraphs) {
    sources.set(
      subgraph.name,
      new SubgraphSource({
        subgraph,
        metrics,
        principalSecret: config.principalSecret,
        breakerErrorPercent: config.breakerErrorPercent,
        breakerResetMs: config.breakerResetMs,
        maxResponseBytes: config.maxSubgraphResponseBytes,
      }),
    );
  }
  const gateway = new ApolloGateway({
    supergraphSdl: config.supergraphSdl,
    buildService: ({ name }) => {
      const source = sources.get(name);
      if (!source) throw new Error(`The supergraph names a subgraph '${name}' the configuration does not know`);
      return source;
    },
  });
  return { gateway, sources };
}
