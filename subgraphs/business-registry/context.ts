import type { Knex } from 'knex';
import type { SubgraphContext } from '../kit/subgraph';
import { createLoaders, Loaders } from './loaders';

export interface RegistryContext extends SubgraphContext {
  db: Knex;
  loaders: Loaders;
}

export function createContext(db: Knex, base: SubgraphContext): RegistryContext {
  return { ...base, db, loaders: createLoaders(db) };
}
