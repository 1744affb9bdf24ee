import type { Knex } from 'knex';
import { buildFederatedSubgraphSchema } from '../kit/federated-schema';
import { AUDIT_SUBGRAPH } from '../../shared/sources';
import { SubgraphContext, SubgraphModule } from '../kit/subgraph';
import { AuditContext, createContext } from './context';
import { QueryResolver } from './resolvers/query.resolver';

/**
 * The audit subgraph: serves `accessLog` from the audit trail the gateway writes into the
 * federation's own database (the gateway only federates; it answers no field itself). Builds
 * without side effects; index.ts listens.
 */
export const audit: SubgraphModule<AuditContext> = {
  name: AUDIT_SUBGRAPH.name,
  port: AUDIT_SUBGRAPH.port,
  urlVariable: AUDIT_SUBGRAPH.urlVariable,
  buildSchema: () =>
    buildFederatedSubgraphSchema({
      resolvers: [QueryResolver],
    }),
  createContext: (db: Knex, base: SubgraphContext) => createContext(db, base),
};
