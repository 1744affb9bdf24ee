import type { Knex } from 'knex';
import type { SubgraphContext } from '../kit/subgraph';

export interface AuditContext extends SubgraphContext {
  /** The federation's own database, read only. */
  db: Knex;
}

export function createContext(db: Knex, base: SubgraphContext): AuditContext {
  return { ...base, db };
}
