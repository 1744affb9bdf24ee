import type { Knex } from 'knex';
import type { SubgraphContext } from '../kit/subgraph';
import { createLoaders, Loaders } from './loaders';

export interface NationalTaxContext extends SubgraphContext {
  db: Knex;
  loaders: Loaders;
}

export function createContext(db: Knex, base: SubgraphContext): NationalTaxContext {
  return { ...base, db, loaders: createLoaders(db) };
}
