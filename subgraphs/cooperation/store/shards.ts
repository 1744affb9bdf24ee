import type { Knex } from 'knex';
import { PageWrite, writeJudged } from './pages';
import type { RunRow, ShardRow } from './rows';
import { completeRun } from './runs';

/**
 * Reads and writes of a distributed run's shards and claims (migration 0008). A shard's subjects,
 * findings and counts, its row, the run's counts and its job's completion commit in one transaction
 * (`commitShard`); the run completes in the transaction that makes it whole: the last shard's, or the
 * planner's when every shard it planned was done before it finished planning.
 */

/** `phase` of a distributed run while the coordinator is still finding shards, and once all are queued. */
export const PLANNING = 'planning';
export const PLANNED = 'planned';

/** Records a planned shard; false when it was recorded already (a coordinator resuming its planning). */
export async function addShard(trx: Knex | Knex.Transaction, shard: Pick<ShardRow, 'run_id' | 'shard' | 'pass' | 'after' | 'pages'>) {
  const rows = await trx<ShardRow>('reconciliation_shard').insert(shard).onConflict(['run_id', 'shard']).ignore().returning('shard');
  return rows.length > 0;
}

export async function setShardJob(db: Knex | Knex.Transaction, runId: string, shard: number, job: string): Promise<void> {
  await db<ShardRow>('reconciliation_shard').where({ run_id: runId, shard }).update({ job });
}

export function shardsOf(db: Knex, runId: string): Promise<ShardRow[]> {
  return db<ShardRow>('reconciliation_shard').where({ run_id: runId }).orderBy('shard');
}

/** A worker takes a shard: counted, so a shard taken again after a lease shows it. */
export async function takeShard(db: Knex, runId: string, shard: number, worker: string): Promise<ShardRow | undefined> {
  const [row] = await db<ShardRow>('reconciliation_shard')
    .where({ run_id: runId, shard })
    .update({ attempts: db.raw('attempts + 1'), worker })
    .returning('*');
  return row as ShardRow | undefined;
}

export async function noteShardError(db: Knex, runId: string, shard: number, error: string): Promise<void> {
  await db<ShardRow>('reconciliation_shard')
    .where({ run_id: runId, shard })
    .update({ error: error.slice(0, 2000) });
}

/**
 * Claims these subjects for a shard and returns those it owns: claimed now or by an earlier attempt of
 * the same shard. Each comes with where this shard met it in list order; a claim keeps the earliest
 * place any shard met it (`seen`). Written in sorted order, so two shards claiming overlapping sets
 * cannot deadlock.
 */
export async function claimSubjects(db: Knex, runId: string, shard: number, seen: Map<string, number>): Promise<Set<string>> {
  const sorted = [...seen.keys()].sort();
  if (!sorted.length) return new Set();
  const { rows } = await db.raw<{ rows: { subject: string; shard: number }[] }>(
    `INSERT INTO reconciliation_claim (run_id, subject, shard, seen)
       SELECT ?, w.subject, ?, w.seen FROM unnest(?::text[], ?::bigint[]) AS w(subject, seen) ORDER BY w.subject
     ON CONFLICT (run_id, subject) DO UPDATE SET seen = LEAST(reconciliation_claim.seen, EXCLUDED.seen)
     RETURNING subject, shard`,
    [runId, shard, sorted, sorted.map((k) => seen.get(k)!)],
  );
  return new Set(rows.filter((r) => Number(r.shard) === shard).map((r) => r.subject));
}

/** Columns of a finding that follow its subject (finding_contender.row holds them). */
const FINDING_COLUMNS = [
  'subject',
  'uscc',
  'legacy_id',
  'record_source',
  'record_id',
  'sources',
  'detail',
  'evidence',
  'division',
  'industry_code',
  'tax_office_codes',
  'period_from',
  'period_to',
  'year',
];

/**
 * A finding two subjects produced goes to the subject the lists meet first, as in a single run (which
 * commits in list order), whatever order the shards committed in.
 */
async function settleContenders(trx: Knex.Transaction, runId: string): Promise<void> {
  await trx.raw(
    `UPDATE finding f SET ${FINDING_COLUMNS.map((c) => `${c} = (w.r).${c}`).join(', ')}
       FROM (
         SELECT DISTINCT ON (c.key) c.key, jsonb_populate_record(NULL::finding, c.row) AS r, s.seen
           FROM finding_contender c JOIN reconciliation_claim s ON s.run_id = c.run_id AND s.subject = c.subject
          WHERE c.run_id = ?
          ORDER BY c.key, s.seen
       ) w, reconciliation_claim fs
      WHERE f.run_id = ? AND f.key = w.key AND fs.run_id = f.run_id AND fs.subject = f.subject AND w.seen < fs.seen`,
    [runId, runId],
  );
}

/** Completes the run when every shard is done and the planner has queued them all; in the caller's transaction. */
async function completeIfWhole(trx: Knex.Transaction, run: RunRow, keep: number): Promise<boolean> {
  if (run.phase !== PLANNED) return false;
  const [{ left }] = await trx<ShardRow>('reconciliation_shard')
    .where({ run_id: run.id })
    .whereNot({ status: 'done' })
    .count<{ left: string }[]>({ left: '*' });
  if (Number(left) > 0) return false;
  await settleContenders(trx, run.id);
  await completeRun(trx, run.id, keep);
  return true;
}

export interface ShardWrite extends Omit<PageWrite, 'next'> {
  /** Pages read. */
  pages: number;
}

/**
 * Commits a shard: its writes, its row (done), the run's counts, and `finish` (the job's completion, on
 * the same transaction); a shard found done already (taken again after its lease while the first
 * worker still committed it) writes nothing but still finishes its job. Shards commit one at a time
 * per run (the run row is locked), so counts add up and the last one sees itself last.
 */
export async function commitShard(
  db: Knex,
  runId: string,
  shard: number,
  worker: string,
  write: ShardWrite,
  keep: number,
  finish: (trx: Knex.Transaction) => Promise<void>,
): Promise<{ committed: boolean; completedRun: boolean }> {
  return db.transaction(async (trx) => {
    const run = await trx<RunRow>('reconciliation_run').where({ id: runId }).forUpdate().first();
    const row = await trx<ShardRow>('reconciliation_shard').where({ run_id: runId, shard }).first();
    if (!run || run.status !== 'running' || !row || row.status === 'done') {
      await finish(trx);
      return { committed: false, completedRun: false };
    }
    const added = await writeJudged(trx, runId, write, true);
    await trx<ShardRow>('reconciliation_shard').where({ run_id: runId, shard }).update({
      status: 'done',
      records: write.records,
      read: write.pages,
      subjects: added.subjects,
      findings: added.findings,
      worker,
      error: null,
      done_at: trx.fn.now(),
    });
    const counts = {
      pages: run.pages + write.pages,
      records: run.records + write.records,
      subjects: run.subjects + added.subjects,
      findings: run.findings + added.findings,
    };
    await trx<RunRow>('reconciliation_run').where({ id: runId }).update(counts);
    const completedRun = await completeIfWhole(trx, { ...run, ...counts }, keep);
    await finish(trx);
    return { committed: true, completedRun };
  });
}

/** The planner has queued every shard: records how many, and completes the run if they are all done. */
export async function finishPlanning(db: Knex, runId: string, shards: number, keep: number): Promise<boolean> {
  return db.transaction(async (trx) => {
    const run = await trx<RunRow>('reconciliation_run').where({ id: runId }).forUpdate().first();
    if (!run || run.status !== 'running') return false;
    await trx<RunRow>('reconciliation_run').where({ id: runId }).update({ phase: PLANNED, shards });
    return completeIfWhole(trx, { ...run, phase: PLANNED, shards }, keep);
  });
}

export interface ShardProgress {
  shards: number;
  done: number;
  records: number;
  subjects: number;
  findings: number;
  /** Shards taken more than once. */
  retaken: number;
  status: RunRow['status'];
  lastError: string | null;
}

export async function shardProgress(db: Knex, runId: string): Promise<ShardProgress> {
  const run = await db<RunRow>('reconciliation_run').where({ id: runId }).first();
  const rows = await shardsOf(db, runId);
  const done = rows.filter((r) => r.status === 'done');
  return {
    shards: run?.phase === PLANNED ? (run.shards ?? rows.length) : rows.length,
    done: done.length,
    records: run?.records ?? 0,
    subjects: run?.subjects ?? 0,
    findings: run?.findings ?? 0,
    retaken: rows.filter((r) => r.attempts > 1).length,
    status: run?.status ?? 'abandoned',
    lastError: rows.find((r) => r.status !== 'done' && r.error)?.error ?? null,
  };
}
