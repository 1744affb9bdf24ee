import type { Knex } from 'knex';
import { buildFederatedSubgraphSchema } from '../kit/federated-schema';
import { SOURCE_INFO } from '../../shared/sources';
import { SubgraphContext, SubgraphModule } from '../kit/subgraph';
import { createContext, RegistryContext } from './context';
import { QueryResolver } from './resolvers/query.resolver';
import { RegistrationResolver } from './resolvers/registration.resolver';
import { taxpayerReference } from '../kit/taxpayer.reference';
import { TaxpayerResolver } from './resolvers/taxpayer.resolver';

/** The business registry subgraph (工商): builds without side effects; index.ts listens. */
export const businessRegistry: SubgraphModule<RegistryContext> = {
  name: 'business-registry',
  port: SOURCE_INFO['business-registry'].port,
  urlVariable: SOURCE_INFO['business-registry'].urlVariable,
  buildSchema: () =>
    buildFederatedSubgraphSchema({
      resolvers: [QueryResolver, TaxpayerResolver, RegistrationResolver],
      referenceResolvers: { Taxpayer: taxpayerReference },
    }),
  createContext: (db: Knex, base: SubgraphContext) => createContext(db, base),
};
