import { NationalTaxOfficeResolver } from './resolvers/tax-office.resolver';
import type { Knex } from 'knex';
import { buildFederatedSubgraphSchema } from '../kit/federated-schema';
import { SOURCE_INFO } from '../../shared/sources';
import { SubgraphContext, SubgraphModule } from '../kit/subgraph';
import { createContext, NationalTaxContext } from './context';
import { NationalTaxAccountResolver } from './resolvers/account.resolver';
import { QueryResolver } from './resolvers/query.resolver';
import { NationalTaxRevenueResolver } from './resolvers/revenue.resolver';
import { taxpayerReference } from '../kit/taxpayer.reference';
import { TaxpayerResolver } from './resolvers/taxpayer.resolver';

/** The national tax subgraph (国税): builds without side effects; index.ts listens. */
export const nationalTax: SubgraphModule<NationalTaxContext> = {
  name: 'national-tax',
  port: SOURCE_INFO['national-tax'].port,
  urlVariable: SOURCE_INFO['national-tax'].urlVariable,
  buildSchema: () =>
    buildFederatedSubgraphSchema({
      resolvers: [QueryResolver, TaxpayerResolver, NationalTaxAccountResolver, NationalTaxOfficeResolver, NationalTaxRevenueResolver],
      referenceResolvers: { Taxpayer: taxpayerReference },
    }),
  createContext: (db: Knex, base: SubgraphContext) => createContext(db, base),
};
