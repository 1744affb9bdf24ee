import type { Knex } from 'knex';
import { buildFederatedSubgraphSchema } from '../kit/federated-schema';
import { SOURCE_INFO } from '../../shared/sources';
import { SubgraphContext, SubgraphModule } from '../kit/subgraph';
import { createContext, TreasuryContext } from './context';
import { paymentReference } from './resolvers/payment.reference';
import { PaymentResolver } from './resolvers/payment.resolver';
import { QueryResolver } from './resolvers/query.resolver';
import { TreasuryRevenueResolver } from './resolvers/revenue.resolver';
import { taxpayerReference } from '../kit/taxpayer.reference';
import { TaxpayerResolver } from './resolvers/taxpayer.resolver';

/** The treasury-bank network subgraph (TIPS, 财税库银横向联网): builds without side effects; index.ts listens. */
export const treasuryBank: SubgraphModule<TreasuryContext> = {
  name: 'treasury-bank',
  port: SOURCE_INFO['treasury-bank'].port,
  urlVariable: SOURCE_INFO['treasury-bank'].urlVariable,
  buildSchema: () =>
    buildFederatedSubgraphSchema({
      resolvers: [QueryResolver, TaxpayerResolver, PaymentResolver, TreasuryRevenueResolver],
      referenceResolvers: { Taxpayer: taxpayerReference, Payment: paymentReference },
    }),
  createContext: (db: Knex, base: SubgraphContext) => createContext(db, base),
};
