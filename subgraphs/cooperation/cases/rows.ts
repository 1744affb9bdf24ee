import type { CaseStatus } from './status';

/**
 * The cases' tables (shared/federation-db, migration 0003), one row type each, as the store's
 * connections return them (int8, date and timestamptz as text, kit/db.ts textTypes).
 */

/** `finding_case`: the follow-up of one finding, keyed by the finding's stable key. */
export interface CaseRow {
  finding_id: string;
  kind: string;
  owner_office: string;
  notify_offices: string[];
  due_on: string | null;
  status: CaseStatus;
  opened_by_run: string | null;
  /** The run that closed it because its finding was gone (null when an officer closed it, or it is open). */
  resolved_by_run: string | null;
  created_at: string;
  updated_at: string;
}

/** `case_event`: one status a case went through. */
export interface CaseEventRow {
  id: string;
  finding_id: string;
  at: string;
  actor: string;
  office: string | null;
  from_status: CaseStatus | null;
  to_status: CaseStatus;
  note: string;
  run_id: string | null;
}

/** `case_outbox`: a notification of one event to one office, until delivered. */
export interface OutboxRow {
  id: string;
  event_id: string;
  office: string;
  /** The JSON body, as text (jsonb's own rendering: the same text on every attempt). */
  payload: string;
  attempts: number;
  next_attempt_at: string;
  delivered_at: string | null;
  last_error: string | null;
}
