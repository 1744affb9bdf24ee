import type { Knex } from 'knex';
import type { Principal } from '../../shared/principal';
import type { SubgraphContext } from '../kit/subgraph';
import { createLoaders, Loaders } from './loaders';
import type { BankRestriction } from './repository/payment.repository';

export interface TreasuryContext extends SubgraphContext {
  db: Knex;
  /**
   * The bank whose payments alone this request may see: a bank principal's own bank code, null for
   * the other roles. Every statement honours it (repository `fromPayments`), so it holds on every
   * path: lists, lookups, Taxpayer.payments and `_entities` representations.
   */
  restriction: BankRestriction | null;
  loaders: Loaders;
}

/** A bank sees its own payments only; a bank principal without a code (never signed so) sees none. */
export function bankRestrictionFor(principal: Principal): BankRestriction | null {
  return principal.role === 'bank' ? { bankCode: principal.bank ?? '' } : null;
}

export function createContext(db: Knex, base: SubgraphContext): TreasuryContext {
  const restriction = bankRestrictionFor(base.principal);
  return { ...base, db, restriction, loaders: createLoaders(db, restriction) };
}
