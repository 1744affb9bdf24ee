import type { Knex } from 'knex';
import type { SubgraphContext } from '../kit/subgraph';
import { createLoaders, Loaders } from './loaders';
import type { BankRestriction } from './repository/payment.repository';

export interface TreasuryContext extends SubgraphContext {
  db: Knex;
  /**
   * The bank whose payments alone this request may see; null for now (every caller sees every
   * payment). Bank tenancy sets it from the principal here, and every statement honours it.
   */
  restriction: BankRestriction | null;
  loaders: Loaders;
}

export function createContext(db: Knex, base: SubgraphContext): TreasuryContext {
  const restriction: BankRestriction | null = null;
  return { ...base, db, restriction, loaders: createLoaders(db, restriction) };
}
