import type { Knex } from 'knex';

/**
 * The follow-up of findings (issue 13, "cases"): the graph's only writes, in the federation's own
 * database. Written by the cooperation subgraph (`updateFindingCase`, its outbox dispatcher) and by
 * a reconciliation run when it completes (subgraphs/cooperation/cases/).
 *
 * - `finding_case` is keyed by the finding's stable key (`finding.key`: kind, record, period), not by
 *   a run's row: runs come and go (only the latest few are kept), a case stays.
 *   `resolved_by_run` names the run that closed a case because its finding was gone; such a case is
 *   reopened when the finding comes back (a case an officer closed is left as the officer left it).
 * - `case_event` is the history, oldest first by `id`: every status a case went through, who, which
 *   office, and the note. Never updated.
 * - `case_outbox` holds the notifications still to deliver, one per event and office concerned,
 *   written in the same transaction as the event (nothing is lost when a receiver is down). The
 *   payload carries no URL: the office's webhook URL is looked up when it is sent, so a URL
 *   configured later still gets what waited for it.
 * - Indexes serve `cases(filter)`: an office's cases by status, a kind, the overdue ones (due_on in
 *   the past, still OPEN or ACKNOWLEDGED), each in finding_id order (the keyset); and the
 *   dispatcher's due rows.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw(`
CREATE TABLE IF NOT EXISTS finding_case (
  finding_id      text        PRIMARY KEY,
  kind            text        NOT NULL,
  owner_office    text        NOT NULL,
  notify_offices  text[]      NOT NULL DEFAULT '{}',
  due_on          date,
  status          text        NOT NULL CHECK (status IN ('OPEN', 'ACKNOWLEDGED', 'RESOLVED', 'DISMISSED')),
  opened_by_run   bigint,
  resolved_by_run bigint,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE finding_case IS 'taxgraph cases: the follow-up of a finding (owner office, offices told, due date, status); '
  'keyed by the finding''s stable key.';
CREATE INDEX IF NOT EXISTS finding_case_office_status_idx ON finding_case (owner_office, status, finding_id);
CREATE INDEX IF NOT EXISTS finding_case_status_idx ON finding_case (status, finding_id);
CREATE INDEX IF NOT EXISTS finding_case_kind_idx ON finding_case (kind, finding_id);
CREATE INDEX IF NOT EXISTS finding_case_overdue_idx ON finding_case (due_on, finding_id) WHERE status IN ('OPEN', 'ACKNOWLEDGED');
CREATE INDEX IF NOT EXISTS finding_case_notify_idx ON finding_case USING gin (notify_offices);
CREATE TABLE IF NOT EXISTS case_event (
  id          bigserial   PRIMARY KEY,
  finding_id  text        NOT NULL REFERENCES finding_case (finding_id),
  at          timestamptz NOT NULL DEFAULT now(),
  actor       text        NOT NULL,
  office      text,
  from_status text        CHECK (from_status IN ('OPEN', 'ACKNOWLEDGED', 'RESOLVED', 'DISMISSED')),
  to_status   text        NOT NULL CHECK (to_status IN ('OPEN', 'ACKNOWLEDGED', 'RESOLVED', 'DISMISSED')),
  note        text        NOT NULL,
  run_id      bigint
);
COMMENT ON TABLE case_event IS 'taxgraph case history: one row per status a case went through (who, when, from, to, note); never updated.';
CREATE INDEX IF NOT EXISTS case_event_finding_idx ON case_event (finding_id, id);
CREATE INDEX IF NOT EXISTS case_event_run_idx ON case_event (run_id) WHERE run_id IS NOT NULL;
CREATE TABLE IF NOT EXISTS case_outbox (
  id              bigserial   PRIMARY KEY,
  event_id        bigint      NOT NULL REFERENCES case_event (id),
  office          text        NOT NULL,
  payload         jsonb       NOT NULL,
  attempts        integer     NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  delivered_at    timestamptz,
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE case_outbox IS 'taxgraph case notifications: one per case event and office concerned, '
  'delivered at least once to the office''s webhook.';
CREATE INDEX IF NOT EXISTS case_outbox_due_idx ON case_outbox (next_attempt_at, id) WHERE delivered_at IS NULL;
`);
}

/** Cases hold officers' decisions and notes, which no run can make again: no migration drops them. */
export async function down(): Promise<void> {
  throw new Error('the cases (finding_case, case_event, case_outbox) are never dropped by a migration');
}
