import { Kind, parse, print, visit } from 'graphql';

/**
 * Security features of the supergraph that taxgraph's subgraphs enforce themselves
 * (subgraphs/kit/access.ts; every subgraph call is authenticated by the gateway's signature).
 */
const ENFORCED_BY_SUBGRAPHS = /^https:\/\/specs\.apollo\.dev\/(requiresScopes|authenticated)\/v\d+\.\d+$/;

/**
 * The supergraph as this gateway loads it. Composition links `@requiresScopes` `for: SECURITY`,
 * which tells a gateway that does not enforce it to refuse the schema; @apollo/gateway enforces
 * none and so refuses. Here the rules hold inside the subgraphs whichever gateway sits in front, so
 * this gateway may serve them without enforcing them twice: the purpose is dropped from those
 * links only, for this process. The committed supergraph keeps it, for gateways that enforce it at
 * the edge (Apollo Router, Hive Gateway's auth plugin). Any other security feature (`@policy`)
 * still makes the gateway refuse to start.
 */
export function withSubgraphEnforcedSecurity(supergraphSdl: string): string {
  let changed = false;
  const document = visit(parse(supergraphSdl), {
    Directive(node) {
      if (node.name.value !== 'link') return undefined;
      const url = node.arguments?.find((a) => a.name.value === 'url')?.value;
      if (url?.kind !== Kind.STRING || !ENFORCED_BY_SUBGRAPHS.test(url.value)) return undefined;
      const args = node.arguments!.filter((a) => a.name.value !== 'for');
      if (args.length === node.arguments!.length) return undefined;
      changed = true;
      return { ...node, arguments: args };
    },
  });
  return changed ? print(document) : supergraphSdl;
}
