import type { Knex } from 'knex';
import { buildFederatedSubgraphSchema } from '../kit/federated-schema';
import { COOPERATION_SUBGRAPH } from '../kit/sources';
import { SubgraphContext, SubgraphModule } from '../kit/subgraph';
import { CooperationContext, createContext } from './context';
import { QueryResolver } from './resolvers/query.resolver';

/**
 * The cooperation subgraph: the cross-agency logic no single source can answer. It holds no legacy
 * data; it asks the source subgraphs over HTTP with the caller's principal re-signed. Its own store
 * (reconciliation runs, to come) is the federation's database. Builds without side effects; index.ts listens.
 */
export const cooperation: SubgraphModule<CooperationContext> = {
  name: COOPERATION_SUBGRAPH.name,
  port: COOPERATION_SUBGRAPH.port,
  urlVariable: COOPERATION_SUBGRAPH.urlVariable,
  buildSchema: () =>
    buildFederatedSubgraphSchema({
      resolvers: [QueryResolver],
    }),
  createContext: (db: Knex, base: SubgraphContext) => createContext(db, base),
};
