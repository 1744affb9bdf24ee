import { LocalTaxOfficeResolver } from './resolvers/tax-office.resolver';
import type { Knex } from 'knex';
import { buildFederatedSubgraphSchema } from '../kit/federated-schema';
import { SOURCE_INFO } from '../../shared/sources';
import { SubgraphContext, SubgraphModule } from '../kit/subgraph';
import { createContext, LocalTaxContext } from './context';
import { LocalTaxAccountResolver } from './resolvers/account.resolver';
import { LocalTaxLedgerResolver } from './resolvers/ledger.resolver';
import { QueryResolver } from './resolvers/query.resolver';
import { LocalTaxRevenueResolver } from './resolvers/revenue.resolver';
import { taxpayerReference } from '../kit/taxpayer.reference';
import { TaxpayerResolver } from './resolvers/taxpayer.resolver';

/** The local tax subgraph (地税): builds without side effects; index.ts listens. */
export const localTax: SubgraphModule<LocalTaxContext> = {
  name: 'local-tax',
  port: SOURCE_INFO['local-tax'].port,
  urlVariable: SOURCE_INFO['local-tax'].urlVariable,
  buildSchema: () =>
    buildFederatedSubgraphSchema({
      resolvers: [
        QueryResolver,
        TaxpayerResolver,
        LocalTaxAccountResolver,
        LocalTaxOfficeResolver,
        LocalTaxLedgerResolver,
        LocalTaxRevenueResolver,
      ],
      referenceResolvers: { Taxpayer: taxpayerReference },
    }),
  createContext: (db: Knex, base: SubgraphContext) => createContext(db, base),
};
