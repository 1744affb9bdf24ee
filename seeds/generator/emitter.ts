import type { LegacySource } from '../../shared/sources';
import type { CaseEntry, CaseKind, IdentityEntry, IdentityKind } from '../manifest';
import type { RowOf, TableKey } from '../tables';

/** Where one taxpayer's rows and ground truth go. */
export interface Emitter {
  /** One row, keyed by the table's legacy column names (tables.ts turns it into COPY order). */
  row<K extends TableKey>(table: K, row: RowOf<K>): void;
  case(kind: CaseKind, entry: CaseEntry): void;
  identity(kind: IdentityKind, entry: IdentityEntry): void;
  /** A registration event for the exchange counts of task 1 (date 'YYYY-MM-DD'). */
  event(source: LegacySource, division: string, date: string, event: 'new' | 'changed' | 'migrated' | 'deregistered'): void;
  /** A deemed-profit CIT assessment, judged against its area and industry once all are known. */
  deemed(group: string, rate: string, entry: CaseEntry): void;
}
