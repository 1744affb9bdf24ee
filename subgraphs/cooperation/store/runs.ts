import type { Knex } from 'knex';
import { Client } from 'pg';
import { isUndefinedTable } from './connection';
import { fileRunCases } from '../cases/runs';
import type { RunRow } from './rows';

/** Reads and writes of `reconciliation_run`: a run's life from start to completion. */

/** Held by the one reconciliation that may run at a time against a store ('tgco', 'run '). */
const RUN_LOCK = [0x7467636f, 0x72756e20] as const;

/**
 * Takes the store's run lock for this process: a session lock, held until released or the
 * connection ends (a killed run frees it). Null when another reconciliation holds it.
 */
export async function takeRunLock(url: string): Promise<{ release(): Promise<void> } | null> {
  const lock = new Client({ connectionString: url, application_name: 'taxgraph-reconcile-lock' });
  await lock.connect();
  const release = () => lock.end().catch(() => undefined);
  try {
    const got = await lock.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [...RUN_LOCK]);
    if (got.rows[0].ok) return { release };
  } catch (err) {
    await release();
    throw err;
  }
  await release();
  return null;
}

/** undefined instead of an error while the store does not exist yet: no run has happened. */
async function unlessNoStore<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (err) {
    if (isUndefinedTable(err)) return undefined;
    throw err;
  }
}

/** The latest completed run: what the lists and the report read. */
export function latestCompletedRun(db: Knex): Promise<RunRow | undefined> {
  return unlessNoStore(db<RunRow>('reconciliation_run').where({ status: 'completed' }).orderBy('id', 'desc').first());
}

export function runById(db: Knex, id: string): Promise<RunRow | undefined> {
  return unlessNoStore(db<RunRow>('reconciliation_run').where({ id }).first());
}

/** The run left unfinished (stopped or killed), to resume. */
export function unfinishedRun(db: Knex): Promise<RunRow | undefined> {
  return db<RunRow>('reconciliation_run').where({ status: 'running' }).orderBy('id', 'desc').first();
}

/** Gives up the unfinished run: its rows stay until pruned, never listed. */
export async function abandonUnfinished(db: Knex): Promise<void> {
  await db<RunRow>('reconciliation_run').where({ status: 'running' }).update({ status: 'abandoned', finished_at: db.fn.now() });
}

export async function startRun(
  db: Knex,
  run: Pick<RunRow, 'as_of' | 'gateway' | 'purpose' | 'page_size' | 'phase'> & Partial<Pick<RunRow, 'shards'>>,
): Promise<RunRow> {
  const [row] = await db<RunRow>('reconciliation_run')
    .insert({ ...run, status: 'running', cursor: null })
    .returning('*');
  return row as RunRow;
}

export async function countResume(db: Knex, id: string): Promise<void> {
  await db<RunRow>('reconciliation_run').where({ id }).increment('resumed', 1);
}

/**
 * Completes a run: findings that persist keep the time the previous completed run first detected
 * them, the cases follow the run's findings (cases/runs.ts: filed, resolved, reopened, with their
 * notifications), and only the latest `keep` finished runs stay (a run's rows go with it; cases
 * stay). Returns when it finished.
 */
export async function completeRun(db: Knex, id: string, keep: number): Promise<string> {
  return db.transaction(async (trx) => {
    const previous = await trx<RunRow>('reconciliation_run').where({ status: 'completed' }).orderBy('id', 'desc').first('id');
    if (previous) {
      await trx.raw(
        'UPDATE finding f SET detected_at = p.detected_at FROM finding p WHERE f.run_id = ? AND p.run_id = ? AND p.key = f.key',
        [id, previous.id],
      );
    }
    await fileRunCases(trx, id);
    const [row] = await trx<RunRow>('reconciliation_run')
      .where({ id })
      .update({ status: 'completed', finished_at: trx.fn.now(), phase: null, cursor: null })
      .returning('finished_at');
    const stale = await trx<RunRow>('reconciliation_run').whereNot({ status: 'running' }).orderBy('id', 'desc').offset(keep).select('id');
    if (stale.length)
      await trx<RunRow>('reconciliation_run')
        .whereIn(
          'id',
          stale.map((r) => r.id),
        )
        .delete();
    return (row as Pick<RunRow, 'finished_at'>).finished_at!;
  });
}
