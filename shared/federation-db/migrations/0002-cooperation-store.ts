import type { Knex } from 'knex';

/**
 * The cooperation store (subgraphs/cooperation/store): reconciliation runs and what each found, as
 * cooperation's store/schema.ts created it before migrations. Every statement finds its object in
 * place and leaves it alone, so a database that script already made is adopted as it is.
 *
 * - `reconciliation_run.phase/cursor` is the checkpoint: each page commits its subjects, findings,
 *   counts and the next cursor in one transaction, so a run resumes exactly where it stopped.
 * - `reconciliation_subject` holds every subject judged in a run: a taxpayer met again in another
 *   source's list is judged once, and a resumed page cannot add a finding twice.
 * - `finding.key` (kind, record, period) is stable across runs: `detected_at` carries over from the
 *   previous run for a finding that persists.
 * - A run owns its rows (ON DELETE CASCADE): old runs are deleted whole.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw(`
CREATE TABLE IF NOT EXISTS reconciliation_run (
  id           bigserial   PRIMARY KEY,
  started_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz,
  status       text        NOT NULL CHECK (status IN ('running', 'completed', 'abandoned')),
  as_of        date        NOT NULL,
  gateway      text        NOT NULL,
  purpose      text        NOT NULL,
  page_size    integer     NOT NULL,
  phase        text,
  cursor       text,
  pages        integer     NOT NULL DEFAULT 0,
  records      integer     NOT NULL DEFAULT 0,
  subjects     integer     NOT NULL DEFAULT 0,
  findings     integer     NOT NULL DEFAULT 0,
  resumed      integer     NOT NULL DEFAULT 0
);
COMMENT ON TABLE reconciliation_run IS 'taxgraph reconciliation runs (npm run reconcile): one row per run, its checkpoint and counts.';
CREATE TABLE IF NOT EXISTS reconciliation_subject (
  run_id   bigint NOT NULL REFERENCES reconciliation_run (id) ON DELETE CASCADE,
  subject  text   NOT NULL,
  PRIMARY KEY (run_id, subject)
);
CREATE TABLE IF NOT EXISTS finding (
  run_id           bigint      NOT NULL REFERENCES reconciliation_run (id) ON DELETE CASCADE,
  key              text        NOT NULL,
  kind             text        NOT NULL,
  subject          text        NOT NULL,
  uscc             text,
  legacy_id        text,
  record_source    text        NOT NULL,
  record_id        text        NOT NULL,
  sources          text[]      NOT NULL,
  detail           text        NOT NULL,
  evidence         jsonb       NOT NULL,
  division         text,
  industry_code    text,
  tax_office_codes text[]      NOT NULL DEFAULT '{}',
  period_from      date,
  period_to        date,
  year             integer,
  detected_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, key)
);
CREATE INDEX IF NOT EXISTS finding_kind_idx ON finding (run_id, kind, key);
CREATE INDEX IF NOT EXISTS finding_division_idx ON finding (run_id, division, key);
CREATE INDEX IF NOT EXISTS finding_uscc_idx ON finding (run_id, uscc);
CREATE TABLE IF NOT EXISTS registration_event_count (
  run_id    bigint  NOT NULL REFERENCES reconciliation_run (id) ON DELETE CASCADE,
  source    text    NOT NULL,
  division  text    NOT NULL,
  month     text    NOT NULL,
  event     text    NOT NULL CHECK (event IN ('new', 'changed', 'migrated', 'deregistered')),
  records   integer NOT NULL,
  PRIMARY KEY (run_id, source, division, month, event)
);
CREATE TABLE IF NOT EXISTS administrator_load (
  run_id          bigint  NOT NULL REFERENCES reconciliation_run (id) ON DELETE CASCADE,
  source          text    NOT NULL,
  administrator   text    NOT NULL,
  name            text,
  division        text    NOT NULL,
  tax_office_code text    NOT NULL,
  households      integer NOT NULL,
  PRIMARY KEY (run_id, source, administrator)
);
`);
}

/** Run results can be made again by a reconciliation: the store may go. */
export async function down(db: Knex): Promise<void> {
  await db.raw('DROP TABLE IF EXISTS administrator_load, registration_event_count, finding, reconciliation_subject, reconciliation_run');
}
