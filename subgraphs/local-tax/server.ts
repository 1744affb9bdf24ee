import type { Knex } from 'knex';
import { buildFederatedSubgraphSchema } from '../kit/federated-schema';
import { SOURCE_INFO } from '../kit/sources';
import { SubgraphContext, SubgraphModule } from '../kit/subgraph';
import { createContext, LocalTaxContext } from './context';
import { LocalTaxAccountResolver } from './resolvers/account.resolver';
import { QueryResolver } from './resolvers/query.resolver';
import { SOURCE_NAME } from './resolvers/source-errors';
import { taxpayerReference } from './resolvers/taxpayer.reference';
import { TaxpayerResolver } from './resolvers/taxpayer.resolver';

/**
 * The local tax subgraph (地税): builds without side effects; index.ts listens. Database failures
 * are translated per resolver class (resolvers/source-errors.ts), not by a global middleware.
 */
export const localTax: SubgraphModule<LocalTaxContext> = {
  name: SOURCE_NAME,
  port: SOURCE_INFO[SOURCE_NAME].port,
  urlVariable: SOURCE_INFO[SOURCE_NAME].urlVariable,
  buildSchema: () =>
    buildFederatedSubgraphSchema({
      resolvers: [QueryResolver, TaxpayerResolver, LocalTaxAccountResolver],
      referenceResolvers: { Taxpayer: taxpayerReference },
    }),
  createContext: (db: Knex, base: SubgraphContext) => createContext(db, base),
};
