import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { loadSubgraph, SUBGRAPH_NAMES } from './subgraphs';

export interface Composition {
  /** Each subgraph's SDL as the gateway sees it, by name. */
  subgraphs: Record<string, string>;
  supergraph: string;
  hints: string[];
}

/** The default URL of a subgraph in the committed supergraph; deployments override it per subgraph. */
export const defaultSubgraphUrl = (port: number) => `http://127.0.0.1:${port}/graphql`;

/** Composes the subgraphs in-process (no running servers) with @apollo/composition. */
export async function composeSupergraph(): Promise<Composition> {
  const subgraphs: Record<string, string> = {};
  const services = [];
  for (const name of SUBGRAPH_NAMES) {
    const mod = await loadSubgraph(name);
    const sdl = printSubgraphSchema(await mod.buildSchema());
    subgraphs[name] = sdl;
    services.push({ name, url: defaultSubgraphUrl(mod.port), typeDefs: parse(sdl) });
  }
  const result = composeServices(services);
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  }
  return {
    subgraphs,
    supergraph: result.supergraphSdl,
    hints: result.hints.map((h) => `${h.definition.code}: ${h.message}`),
  };
}
