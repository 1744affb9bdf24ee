/**
 * The cooperation store's tables (shared/federation-db, migration 0002), one row type each, as the
 * store's connections return them: the subgraph's and the reconciliation's both keep int8, date and
 * timestamptz as the text PostgreSQL sends (kit/db.ts), so a run id is a string, a date `YYYY-MM-DD`
 * and a timestamp text with its offset, whichever process reads it.
 */

/** `reconciliation_run`: one row per run, its checkpoint (phase, cursor) and counts. */
export interface RunRow {
  id: string;
  started_at: string;
  finished_at: string | null;
  status: 'running' | 'completed' | 'abandoned';
  as_of: string;
  gateway: string;
  purpose: string;
  page_size: number;
  phase: string | null;
  cursor: string | null;
  pages: number;
  records: number;
  subjects: number;
  findings: number;
  resumed: number;
  /** Shards the run was split into (migration 0008); null: a single-process run. */
  shards: number | null;
}

/** `reconciliation_subject`: a subject judged in a run (judged once, whichever list met it first). */
export interface SubjectRow {
  run_id: string;
  subject: string;
}

/** `finding`: what a run found, keyed by kind, record and period (stable across runs). */
export interface FindingRow {
  run_id: string;
  key: string;
  kind: string;
  subject: string;
  uscc: string | null;
  legacy_id: string | null;
  record_source: string;
  record_id: string;
  sources: string[];
  detail: string;
  /** The values the finding rests on, source by source (jsonb). */
  evidence: { source: string; field: string; value: string | null }[];
  division: string | null;
  industry_code: string | null;
  tax_office_codes: string[];
  period_from: string | null;
  period_to: string | null;
  year: number | null;
  /** When a run first found it: carried over from run to run while the finding persists. */
  detected_at: string;
}

/** `registration_event_count`: registration events of one source, area, month and kind (task 1). */
export interface RegistrationEventCountRow {
  run_id: string;
  source: string;
  division: string;
  /** YYYY-MM. */
  month: string;
  event: 'new' | 'changed' | 'migrated' | 'deregistered';
  records: number;
}

/** `administrator_load`: a tax administrator's active households (task 13). */
export interface AdministratorLoadRow {
  run_id: string;
  source: string;
  administrator: string;
  name: string | null;
  division: string;
  tax_office_code: string;
  households: number;
}

/** `reconciliation_shard` (migration 0008): a block of pages of one source list in a distributed run. */
export interface ShardRow {
  run_id: string;
  shard: number;
  pass: string;
  after: string | null;
  pages: number;
  /** The pg-boss job that carries it. */
  job: string | null;
  status: 'queued' | 'done';
  /** Times a worker took it (more than one: a worker died or failed on it, and another took it again). */
  attempts: number;
  records: number;
  /** Pages read. */
  read: number;
  subjects: number;
  findings: number;
  worker: string | null;
  error: string | null;
  done_at: string | null;
}
