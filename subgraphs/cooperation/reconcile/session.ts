import type { Knex } from 'knex';
import { migrateFederationDb } from '../../../shared/federation-db';
import type { RunRow } from '../store/rows';
import { abandonUnfinished, takeRunLock, unfinishedRun } from '../store/runs';
import { openStore } from '../store/connection';
import { gatewayClient, ReconcileError } from './gateway-client';

/**
 * What a reconciliation does before its run, single or distributed: a gateway client that counts its
 * operations, and the store taken over (migrated, the run lock held, the unfinished run found or,
 * with `restart`, abandoned). A run left unfinished the other way (single against distributed) is
 * not resumed: its checkpoint means nothing to this way.
 */
/** The options a session reads (runner.ts's ReconcileOptions has them all). */
interface SessionOptions {
  gatewayUrl: string;
  token: string;
  purpose: string;
  databaseUrl: string;
  restart?: boolean;
  onOperation?: (name: string, ms: number) => void;
}

export function openSession(opts: SessionOptions) {
  let operations = 0;
  const gql = gatewayClient({
    url: opts.gatewayUrl,
    token: opts.token,
    purpose: opts.purpose,
    onOperation: (name, ms) => {
      operations++;
      opts.onOperation?.(name, ms);
    },
  });
  return { db: openStore(opts.databaseUrl), gql, operations: () => operations };
}

export async function takeOverStore(
  db: Knex,
  { databaseUrl, restart }: Pick<SessionOptions, 'databaseUrl' | 'restart'>,
  distributed: boolean,
): Promise<{ lock: { release(): Promise<void> }; run: RunRow | undefined; resumed: boolean }> {
  await migrateFederationDb(db);
  const lock = await takeRunLock(databaseUrl);
  if (!lock) throw new ReconcileError('another reconciliation is running against this store; wait for it to finish');
  try {
    let run = await unfinishedRun(db);
    if (run && restart) {
      await abandonUnfinished(db);
      run = undefined;
    }
    if (run && (run.shards !== null) !== distributed)
      throw new ReconcileError(
        `run ${run.id} was left unfinished by a ${distributed ? 'single-process' : 'distributed'} run: ` +
          `resume it ${distributed ? 'without' : 'with'} --shards, or --restart`,
      );
    return { lock, run, resumed: !!run };
  } catch (err) {
    await lock.release();
    throw err;
  }
}
