import type { Knex } from 'knex';
import { buildFederatedSubgraphSchema } from '../kit/federated-schema';
import { COOPERATION_SUBGRAPH } from '../../shared/sources';
import { SubgraphContext, SubgraphModule } from '../kit/subgraph';
import { startCases } from './cases/runtime';
import { CooperationContext, createContext } from './context';
import { CasesResolver, FindingCaseFieldResolver, FindingCaseResolver } from './resolvers/cases.resolver';
import { FindingsResolver } from './resolvers/findings.resolver';
import { FindingValueResolver } from './resolvers/finding-value.resolver';
import { JointCreditRatingResolver, PublicationResolver } from './resolvers/publication.resolver';
import { QueryResolver } from './resolvers/query.resolver';
import { TaxpayerIdentityResolver } from './resolvers/taxpayer-identity.resolver';
import { RevenueResolver } from './resolvers/revenue.resolver';
import { TaxpayerResolver } from './resolvers/taxpayer.resolver';
import { taxpayerReference } from '../kit/taxpayer.reference';

/**
 * The cooperation subgraph: the cross-agency logic no single source can answer. It holds no legacy
 * data; it asks the source subgraphs over HTTP (rules/, facts/), adds `findings` and
 * `jointCreditRating` to the taxpayer, and serves the bulk lists of the joint tasks from its store
 * (the federation's database), which `npm run reconcile` fills. It also keeps the findings' cases there
 * (cases/: `updateFindingCase`, the only write, and the dispatcher that sends their notifications,
 * started beside the server). Builds without side effects; index.ts listens.
 */
export const cooperation: SubgraphModule<CooperationContext> = {
  name: COOPERATION_SUBGRAPH.name,
  port: COOPERATION_SUBGRAPH.port,
  urlVariable: COOPERATION_SUBGRAPH.urlVariable,
  buildSchema: () =>
    buildFederatedSubgraphSchema({
      resolvers: [
        QueryResolver,
        TaxpayerResolver,
        FindingsResolver,
        FindingValueResolver,
        TaxpayerIdentityResolver,
        PublicationResolver,
        JointCreditRatingResolver,
        CasesResolver,
        FindingCaseResolver,
        FindingCaseFieldResolver,
        RevenueResolver,
      ],
      referenceResolvers: { Taxpayer: taxpayerReference },
    }),
  createContext: (db: Knex, base: SubgraphContext) => createContext(db, base),
  startBackground: startCases,
};
