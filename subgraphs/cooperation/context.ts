import type DataLoader from 'dataloader';
import type { Knex } from 'knex';
import type { SubgraphContext } from '../kit/subgraph';
import { CaseLoaders, caseLoaders } from './cases/loaders';
import { writerFor } from './cases/writer';
import { usccByLegacyIdLoader } from './loaders';
import { FindingLoaders, findingLoaders } from './loaders/findings';
import { SourceEndpoints, sourceEndpointsFromEnv } from './sources/endpoints';

export interface CooperationContext extends SubgraphContext {
  /** The federation's own database (the cooperation store), read-only here; `npm run reconcile` writes it. */
  db: Knex;
  /** The same database through the cases' small writable pool: `updateFindingCase` writes there, nothing else does. */
  casesWriter(): Knex;
  endpoints: SourceEndpoints;
  loaders: {
    /** Cleaned legacy id -> the USCC it stands for (null: none can be told). */
    usccByLegacyId: DataLoader<string, string | null>;
    /** Taxpayers' facts and live findings. */
    findings: FindingLoaders;
    /** Cases, their histories and their findings. */
    cases: CaseLoaders;
  };
}

/** Read once, at the first request: building the schema (npm run compose) needs no environment. */
let endpoints: SourceEndpoints | undefined;

export function createContext(db: Knex, base: SubgraphContext): CooperationContext {
  endpoints ??= sourceEndpointsFromEnv();
  return {
    ...base,
    db,
    casesWriter: () => writerFor(db),
    endpoints,
    loaders: {
      usccByLegacyId: usccByLegacyIdLoader(endpoints, base),
      findings: findingLoaders(endpoints, base.requestId),
      cases: caseLoaders(db),
    },
  };
}
