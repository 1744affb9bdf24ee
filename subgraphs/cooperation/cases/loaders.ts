import DataLoader from 'dataloader';
import type { Knex } from 'knex';
import { manyByKey, oneByKey } from '../../kit/batch';
import type { FindingRow } from '../store/rows';
import type { CaseEventRow, CaseRow } from './rows';
import { casesByFindingIds, eventsByFindingIds, latestFindings } from './store';

/** Per request: cases, their histories and their findings (latest run), batched over the request. */
export interface CaseLoaders {
  caseOf: DataLoader<string, CaseRow | null>;
  history: DataLoader<string, CaseEventRow[]>;
  finding: DataLoader<string, FindingRow | null>;
}

export function caseLoaders(db: Knex): CaseLoaders {
  return {
    caseOf: new DataLoader(async (ids) => oneByKey(ids, await casesByFindingIds(db, ids), (r) => r.finding_id)),
    history: new DataLoader(async (ids) => manyByKey(ids, await eventsByFindingIds(db, ids), (r) => r.finding_id)),
    finding: new DataLoader(async (keys) => oneByKey(keys, await latestFindings(db, keys), (r) => r.key)),
  };
}
