import type { Knex } from 'knex';
import { UNASSIGNED_OFFICE } from './policy';

/**
 * Writes the notifications of case events: one outbox row per event and office concerned (the owner
 * and every notified office), in the caller's transaction, so an event and its notifications commit
 * or vanish together. The payload is built here, once, from the event and its case as they stand;
 * the dispatcher sends it as it is (dispatcher.ts).
 */

/** The payload's shape, version 1 (docs/officers.md shows an example). */
const PAYLOAD = `jsonb_build_object(
    'type', 'taxgraph.case.event', 'version', 1,
    'eventId', e.id::text, 'recipient', o.office,
    'findingId', c.finding_id, 'kind', c.kind,
    'from', e.from_status, 'status', e.to_status,
    'at', e.at, 'actor', e.actor, 'office', e.office, 'note', e.note, 'runId', e.run_id::text,
    'ownerOffice', c.owner_office, 'notifyOffices', to_jsonb(c.notify_offices), 'dueOn', c.due_on)`;

const INSERT = `INSERT INTO case_outbox (event_id, office, payload)
  SELECT e.id, o.office, ${PAYLOAD}
    FROM case_event e
    JOIN finding_case c ON c.finding_id = e.finding_id
    CROSS JOIN LATERAL (SELECT DISTINCT x FROM unnest(array_prepend(c.owner_office, c.notify_offices)) AS x) AS o(office)
   WHERE o.office <> '${UNASSIGNED_OFFICE}' AND `;

/** Notifications of these events. */
export async function enqueueEvents(trx: Knex.Transaction, eventIds: readonly string[]): Promise<number> {
  if (!eventIds.length) return 0;
  const res = await trx.raw(`${INSERT} e.id = ANY(?::bigint[])`, [[...eventIds]]);
  return (res as { rowCount: number }).rowCount;
}

/** Notifications of every event a run wrote (filed, resolved, reopened), in one statement. */
export async function enqueueRunEvents(trx: Knex.Transaction, runId: string): Promise<number> {
  const res = await trx.raw(`${INSERT} e.run_id = ?`, [runId]);
  return (res as { rowCount: number }).rowCount;
}
