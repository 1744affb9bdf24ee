/**
 * What the peer processes the benchmarks start (plain @apollo/gateway, Hive Gateway, the monolith)
 * read from their environment. Kept apart from support.ts, so a peer loads nothing of the load
 * generator's and its memory is its own.
 */
import { join } from 'node:path';
import type { Principal } from '../shared/principal';

/** `national-tax` -> `SUBGRAPH_NATIONAL_TAX_URL`, as taxgraph's gateway reads it. */
import { subgraphUrlVariable } from '../shared/sources';

export { subgraphUrlVariable };

/** The committed supergraph (schema/supergraph.graphql), from dist/bench or bench/. */
export const SUPERGRAPH_PATH = join(
  __dirname,
  ...(__dirname.includes(join('dist', 'bench')) ? ['..', '..'] : ['..']),
  'schema',
  'supergraph.graphql',
);

/** The supergraph with each named subgraph's URL replaced by the one given. */
export function supergraphWithUrls(sdl: string, urls: Record<string, string>): string {
  let out = sdl;
  for (const [name, url] of Object.entries(urls)) {
    out = out.replace(new RegExp(`(@join__graph\\(name: "${name}", url: ")[^"]+"`), `$1${url}"`);
  }
  return out;
}

/** The supergraph for a peer process: each subgraph at its SUBGRAPH_<NAME>_URL where set. */
export function peerSupergraph(sdl: string, env: NodeJS.ProcessEnv = process.env): string {
  const names = [...sdl.matchAll(/@join__graph\(name: "([^"]+)"/g)].map((m) => m[1]);
  return supergraphWithUrls(
    sdl,
    Object.fromEntries(names.filter((n) => env[subgraphUrlVariable(n)]).map((n) => [n, env[subgraphUrlVariable(n)]!])),
  );
}

/** The one caller a peer signs for every subgraph request (BENCH_PRINCIPAL, JSON). */
export function benchPrincipal(env: NodeJS.ProcessEnv = process.env): Principal {
  if (!env.BENCH_PRINCIPAL) throw new Error('BENCH_PRINCIPAL is not set (the principal to sign for, as JSON)');
  return JSON.parse(env.BENCH_PRINCIPAL) as Principal;
}
