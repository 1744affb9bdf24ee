import type { Knex } from 'knex';
import { buildFederatedSubgraphSchema } from '../kit/federated-schema';
import { COOPERATION_SUBGRAPH } from '../../shared/sources';
import { SubgraphContext, SubgraphModule } from '../kit/subgraph';
import { CooperationContext, createContext } from './context';
import { FindingsResolver } from './resolvers/findings.resolver';
import { QueryResolver } from './resolvers/query.resolver';
import { RevenueResolver } from './resolvers/revenue.resolver';
import { TaxpayerResolver } from './resolvers/taxpayer.resolver';
import { taxpayerReference } from '../kit/taxpayer.reference';

/**
 * The cooperation subgraph: the cross-agency logic no single source can answer. It holds no legacy
 * data; it asks the source subgraphs over HTTP (rules/, facts/), adds `findings` and
 * `jointCreditRating` to the taxpayer, and serves the bulk lists of the joint tasks from its store
 * (the federation's database), which `npm run reconcile` fills. Builds without side effects; index.ts listens.
 */
export const cooperation: SubgraphModule<CooperationContext> = {
  name: COOPERATION_SUBGRAPH.name,
  port: COOPERATION_SUBGRAPH.port,
  urlVariable: COOPERATION_SUBGRAPH.urlVariable,
  buildSchema: () =>
    buildFederatedSubgraphSchema({
      resolvers: [QueryResolver, TaxpayerResolver, FindingsResolver, RevenueResolver],
      referenceResolvers: { Taxpayer: taxpayerReference },
    }),
  createContext: (db: Knex, base: SubgraphContext) => createContext(db, base),
};
