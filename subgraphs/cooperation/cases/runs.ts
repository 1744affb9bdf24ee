import type { Knex } from 'knex';
import type { FindingRow } from '../store/rows';
import { enqueueRunEvents } from './outbox';
import { assignCase } from './policy';

/**
 * What a completed reconciliation run does to the cases, in the transaction that marks it completed
 * (store/runs.ts completeRun), set by set (a run has up to 100,000s of findings):
 * - every finding of the run without a case gets one, OPEN;
 * - an OPEN or ACKNOWLEDGED case whose finding the run did not find is RESOLVED by the run;
 * - a case the run had RESOLVED earlier whose finding is back is reopened (OPEN); a case an officer
 *   closed (RESOLVED or DISMISSED) stays as the officer left it, found again or not;
 * - each of these writes an event naming the run, and its notifications to the offices concerned.
 */

/** Findings read and filed per statement: bounds the memory a run of 100,000 findings takes. */
const CHUNK = 5000;

export interface RunCaseCounts {
  filed: number;
  resolved: number;
  reopened: number;
  notifications: number;
}

/** What filing a case reads of a stored finding. */
export type Unfiled = Pick<
  FindingRow,
  'key' | 'kind' | 'record_source' | 'record_id' | 'sources' | 'division' | 'tax_office_codes' | 'evidence'
>;

/**
 * Files OPEN cases for stored findings (those that have one already are left alone), each with its
 * first event, in one statement; returns how many it filed. Owner, notified offices and due date
 * come from policy.ts, the one decision for stored and live findings.
 */
export async function fileCases(
  trx: Knex.Transaction,
  rows: readonly Unfiled[],
  runId: string,
  actor: string,
  note: string,
): Promise<number> {
  const cases = rows.map((r) => {
    const a = assignCase({
      kind: r.kind,
      record: { source: r.record_source, id: r.record_id },
      sources: r.sources,
      division: r.division,
      taxOfficeCodes: r.tax_office_codes,
      values: r.evidence,
    });
    return { finding_id: r.key, kind: r.kind, owner_office: a.ownerOffice, notify_offices: a.notifyOffices, due_on: a.dueOn };
  });
  const res = await trx.raw(
    `WITH filed AS (
       INSERT INTO finding_case (finding_id, kind, owner_office, notify_offices, due_on, status, opened_by_run)
       SELECT x.finding_id, x.kind, x.owner_office, x.notify_offices, x.due_on, 'OPEN', ?
         FROM jsonb_to_recordset(?::jsonb) AS x(finding_id text, kind text, owner_office text, notify_offices text[], due_on date)
       ON CONFLICT (finding_id) DO NOTHING
       RETURNING finding_id)
     INSERT INTO case_event (finding_id, actor, to_status, note, run_id)
     SELECT finding_id, ?, 'OPEN', ?, ? FROM filed`,
    [runId, JSON.stringify(cases), actor, note, runId],
  );
  return (res as { rowCount: number }).rowCount;
}

export async function fileRunCases(trx: Knex.Transaction, runId: string): Promise<RunCaseCounts> {
  const [{ day }] = (await trx('reconciliation_run').where({ id: runId }).select(trx.raw(`to_char(as_of, 'YYYY-MM-DD') AS day`))) as {
    day: string;
  }[];
  const by = `reconciliation run ${runId}`;

  // New findings: their owner, notified offices and due date come from policy.ts (one decision for
  // stored and live findings), so they are computed here, a chunk at a time, and inserted set-wise.
  let filed = 0;
  let after = '';
  for (;;) {
    const rows = (await trx('finding as f')
      .where('f.run_id', runId)
      .andWhere('f.key', '>', after)
      .whereNotExists(trx('finding_case as c').whereRaw('c.finding_id = f.key'))
      .orderBy('f.key')
      .limit(CHUNK)
      .select(
        'f.key',
        'f.kind',
        'f.record_source',
        'f.record_id',
        'f.sources',
        'f.division',
        'f.tax_office_codes',
        'f.evidence',
      )) as Unfiled[];
    if (!rows.length) break;
    after = rows[rows.length - 1].key;
    filed += await fileCases(trx, rows, runId, by, `Filed by reconciliation run ${runId} (data as of ${day}).`);
    if (rows.length < CHUNK) break;
  }

  // Gone from this run: resolved by it. FOR UPDATE in the CTE keeps an officer's change and the run's apart.
  const resolved = await trx.raw(
    `WITH gone AS (
       SELECT c.finding_id, c.status FROM finding_case c
        WHERE c.status IN ('OPEN', 'ACKNOWLEDGED')
          AND NOT EXISTS (SELECT 1 FROM finding f WHERE f.run_id = ? AND f.key = c.finding_id)
        FOR UPDATE),
     closed AS (
       UPDATE finding_case c SET status = 'RESOLVED', resolved_by_run = ?, updated_at = now()
         FROM gone WHERE c.finding_id = gone.finding_id
       RETURNING c.finding_id, gone.status AS from_status)
     INSERT INTO case_event (finding_id, actor, from_status, to_status, note, run_id)
     SELECT finding_id, ?, from_status, 'RESOLVED', ?, ? FROM closed`,
    [runId, runId, by, `Not found by reconciliation run ${runId} (data as of ${day}): resolved by the run.`, runId],
  );

  // Back again after a run had resolved it: reopened.
  const reopened = await trx.raw(
    `WITH back AS (
       UPDATE finding_case c SET status = 'OPEN', resolved_by_run = NULL, updated_at = now()
        WHERE c.status = 'RESOLVED' AND c.resolved_by_run IS NOT NULL AND c.resolved_by_run <> ?
          AND EXISTS (SELECT 1 FROM finding f WHERE f.run_id = ? AND f.key = c.finding_id)
       RETURNING c.finding_id)
     INSERT INTO case_event (finding_id, actor, from_status, to_status, note, run_id)
     SELECT finding_id, ?, 'RESOLVED', 'OPEN', ?, ? FROM back`,
    [runId, runId, by, `Found again by reconciliation run ${runId} (data as of ${day}): reopened.`, runId],
  );

  const notifications = await enqueueRunEvents(trx, runId);
  return {
    filed,
    resolved: (resolved as { rowCount: number }).rowCount,
    reopened: (reopened as { rowCount: number }).rowCount,
    notifications,
  };
}
