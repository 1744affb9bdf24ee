/**
 * The subgraphs the launcher, `npm run compose` and `npm run start:subgraph` know, by name. Loaded
 * lazily so one subgraph's module is only imported when it is used.
 */
import type { SubgraphModule, SubgraphContext } from '../subgraphs/kit/subgraph';

type Loader = () => Promise<SubgraphModule<SubgraphContext>>;

export const SUBGRAPHS: Record<string, Loader> = {
  'national-tax': async () => (await import('../subgraphs/national-tax/server')).nationalTax as never,
  'local-tax': async () => (await import('../subgraphs/local-tax/server')).localTax as never,
  'business-registry': async () => (await import('../subgraphs/business-registry/server')).businessRegistry as never,
  'treasury-bank': async () => (await import('../subgraphs/treasury-bank/server')).treasuryBank as never,
  audit: async () => (await import('../subgraphs/audit/server')).audit as never,
  cooperation: async () => (await import('../subgraphs/cooperation/server')).cooperation as never,
};

export const SUBGRAPH_NAMES = Object.keys(SUBGRAPHS);

export async function loadSubgraph(name: string): Promise<SubgraphModule<SubgraphContext>> {
  const load = SUBGRAPHS[name];
  if (!load) throw new Error(`Unknown subgraph '${name}': one of ${SUBGRAPH_NAMES.join(', ')}`);
  return load();
}
