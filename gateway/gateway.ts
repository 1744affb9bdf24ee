import { ApolloGateway } from '@apollo/gateway';
import { readFileSync } from 'node:fs';
import type { GatewayConfig, SubgraphConfig } from './config';
import type { Logger } from './logger';
import type { GatewayMetrics } from './metrics';
import { withSubgraphEnforcedSecurity } from './subgraph-enforced-security';
import { SubgraphSource } from './subgraph-source';
import { checkSupergraph, LoadedSupergraph, supergraphHash, SupergraphWatch } from './supergraph-watch';

/**
 * The data sources of the subgraphs the serving supergraph names. A reloaded supergraph may add a
 * subgraph, move one or drop one: `serve` points each name at the source for its URL and timeout,
 * made once and kept, so a subgraph that stays where it was keeps its connections and circuit
 * breaker, and one that comes back gets the source @apollo/gateway still holds for it. A dropped
 * subgraph's source is not stopped while the gateway runs: a request planned before the swap may
 * still be calling it.
 */
export class SubgraphSources {
  /** By name, the subgraphs of the supergraph serving now. */
  readonly current = new Map<string, SubgraphSource>();
  private readonly made = new Map<string, SubgraphSource>();

  constructor(private readonly make: (subgraph: SubgraphConfig) => SubgraphSource) {}

  serve(subgraphs: SubgraphConfig[]): void {
    const next = new Map<string, SubgraphSource>();
    for (const subgraph of subgraphs) {
      const key = `${subgraph.name}\n${subgraph.url}\n${subgraph.timeoutMs}`;
      let source = this.made.get(key);
      if (!source) this.made.set(key, (source = this.make(subgraph)));
      next.set(subgraph.name, source);
    }
    this.current.clear();
    for (const [name, source] of next) this.current.set(name, source);
  }

  shutdown(): void {
    for (const source of this.made.values()) source.breaker.shutdown();
  }
}

/**
 * The supergraph the configuration was loaded with, checked as a reloaded one is (a broken one stops
 * the start with the reason), and the hash of its file when the file still holds it.
 */
function initialSupergraph(config: GatewayConfig): LoadedSupergraph {
  const checked = checkSupergraph(config.supergraphSdl, config.subgraphsOf);
  let hash = checked.hash;
  if (config.supergraphPath) {
    try {
      const text = readFileSync(config.supergraphPath, 'utf8');
      if (withSubgraphEnforcedSecurity(text) === config.supergraphSdl) hash = supergraphHash(text);
    } catch {
      // Changed or gone since the configuration read it: the watch judges what is there now.
    }
  }
  return { ...checked, hash };
}

const CIRCUIT_GAUGE = { closed: 0, 'half-open': 1, open: 2 } as const;

/**
 * The federation gateway over the committed supergraph: static composition, no introspection
 * polling; one resilient data source per subgraph, at the URL the configuration gives. With
 * `supergraphWatch` on and a supergraph file, a new file is served without a restart (./supergraph-watch.ts).
 */
export function createGateway(
  config: GatewayConfig,
  metrics: GatewayMetrics,
  logger: Logger,
): { gateway: ApolloGateway; sources: SubgraphSources; supergraph: SupergraphWatch } {
  const sources = new SubgraphSources(
    (subgraph) =>
      new SubgraphSource({
        subgraph,
        metrics,
        principalSecret: config.principalSecret,
        breakerErrorPercent: config.breakerErrorPercent,
        breakerResetMs: config.breakerResetMs,
        maxResponseBytes: config.maxSubgraphResponseBytes,
      }),
  );
  sources.serve(config.subgraphs);
  const supergraph = new SupergraphWatch({
    path: config.supergraphPath ?? '',
    initial: initialSupergraph(config),
    check: (text) => checkSupergraph(text, config.subgraphsOf),
    willServe: (next) => {
      const before = [...sources.current.keys()];
      sources.serve(next.subgraphs);
      // taxgraph_circuit_state lists the subgraphs serving now, each with its source's breaker.
      for (const name of before) if (!sources.current.has(name)) metrics.circuit.remove(name);
      for (const [name, source] of sources.current) metrics.circuit.labels(name).set(CIRCUIT_GAUGE[source.circuitState]);
    },
    watch: config.supergraphWatch && config.supergraphPath !== undefined,
    logger,
    metrics,
  });
  const gateway = new ApolloGateway({
    supergraphSdl: supergraph,
    // Every supergraph it is given has passed checkSupergraph's validation, at start and at each reload.
    validateSupergraph: false,
    buildService: ({ name }) => {
      const source = sources.current.get(name);
      if (!source) throw new Error(`The supergraph names a subgraph '${name}' the configuration does not know`);
      return source;
    },
  });
  return { gateway, sources, supergraph };
}
