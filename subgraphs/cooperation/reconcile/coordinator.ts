import { ChildProcess, spawn } from 'node:child_process';
import type { Knex } from 'knex';
import type PgBoss from 'pg-boss';
import { instant } from '../store/mapper';
import type { RunRow } from '../store/rows';
import { countResume, latestCompletedRun, runById, startRun } from '../store/runs';
import { addShard, finishPlanning, PLANNING, setShardJob, shardProgress, shardsOf, ShardProgress } from '../store/shards';
import { ReconcileError } from './gateway-client';
import { PASSES, Pass, pageFirst } from './passes';
import type { ReconcileOptions, RunSummary } from './runner';
import { openSession, takeOverStore } from './session';
import { onTransaction, SHARD_QUEUE, ShardJob, startBoss } from './shard-queue';

type Gql = <T>(name: string, query: string, variables: Record<string, unknown>) => Promise<T>;

/**
 * `npm run reconcile -- --shards N [--workers W]`: the reconciliation as distributed jobs. The
 * coordinator starts (or resumes) a run, splits the four source lists into about N shards of about
 * equal records (contiguous pages of one list; sized by the previous run's records), and queues each shard in pg-boss as soon as its start
 * cursor is known, so workers (`npm run reconcile:worker`, anywhere; or W local child processes) begin at
 * once. It then only waits and shows progress: the run completes in the transaction of its last shard,
 * whether or not the coordinator still lives. Run again, it resumes the unfinished run's planning and
 * queues again any shard whose job ended failed.
 */
export interface DistributedOptions extends Omit<ReconcileOptions, 'pipeline' | 'stopAfterPages' | 'onProgress'> {
  /** Shards wanted (about: whole pages, at least one per list). */
  shards: number;
  /** RECONCILE_SHARD_LEASE_SECONDS. */
  lease: number;
  /** Local workers to start and stop at the end (their command); none: workers elsewhere. */
  workers?: { count: number; command: string; args: string[]; env: NodeJS.ProcessEnv };
  onProgress?: (p: DistributedProgress) => void;
}

export interface DistributedProgress extends ShardProgress {
  runId: number;
  seconds: number;
  /** Subjects judged per second across all workers, since this coordinator started. */
  subjectsPerSecond: number;
  recordsPerSecond: number;
  workers: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Cursors = Record<string, { pageInfo: { hasNextPage: boolean; endCursor: string | null } }>;

/** A light page of a list: its `pageInfo` only, no records read through. */
async function lightPage(gql: Gql, pass: Pass, first: number, after: string | null) {
  const data = await gql<Cursors>(
    'ReconcileShardCursors',
    `query ReconcileShardCursors($first: Int!, $after: String) { ${pass.list}(first: $first, after: $after) { pageInfo { hasNextPage endCursor } } }`,
    { first, after },
  );
  return data[pass.list].pageInfo;
}

/**
 * The records the four lists hold, to size shards. The source lists say no `totalCount` (counting a
 * legacy table is not cheap), so: the previous completed run's records when there is one (lists
 * change little between runs), else each list counted by a light walk, the four at once, 500 a step.
 */
export async function estimateRecords(db: Knex, gql: Gql): Promise<number> {
  const previous = await latestCompletedRun(db);
  if (previous && previous.records > 0) return previous.records;
  const counts = await Promise.all(
    PASSES.map(async (pass) => {
      let n = 0;
      for (let after: string | null = null; ;) {
        const info = await lightPage(gql, pass, 500, after);
        if (!info.hasNextPage || !info.endCursor) return n + 250;
        n += 500;
        after = info.endCursor;
      }
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}

/**
 * Walks each list with light queries (pageInfo only, up to 500 records a step, in whole pages) and
 * hands over each shard's start as soon as it is known. A shard holds about `records / wanted`
 * records in whole pages of its list, so each list ends with a shorter one: a little over N shards.
 */
async function planShards(
  gql: Gql,
  pageSize: number,
  records: number,
  wanted: number,
  onShard: (s: { pass: Pass['name']; after: string | null; pages: number }) => Promise<void>,
): Promise<void> {
  const target = Math.max(1, Math.ceil(records / Math.max(1, wanted)));
  for (const pass of PASSES) {
    const first = pageFirst(pass, pageSize);
    const pages = Math.max(1, Math.round(target / first));
    let step = Math.max(1, Math.min(pages, Math.floor(500 / first)));
    while (pages % step) step--;
    await onShard({ pass: pass.name, after: null, pages });
    let after: string | null = null;
    for (let walked = 0; ;) {
      const info = await lightPage(gql, pass, first * step, after);
      walked += step;
      if (!info.hasNextPage || !info.endCursor) break;
      after = info.endCursor;
      if (walked % pages === 0) await onShard({ pass: pass.name, after, pages });
    }
  }
}

/** Queues a shard again when its job ended without it: failed past its retries, or gone. */
async function requeueStranded(db: Knex, boss: PgBoss, run: RunRow, lease: number, retry: boolean): Promise<string | null> {
  for (const s of await shardsOf(db, run.id)) {
    if (s.status === 'done') continue;
    const job = s.job ? await boss.getJobById<ShardJob>(SHARD_QUEUE, s.job) : null;
    if (job && !['failed', 'cancelled', 'completed'].includes(job.state)) continue;
    if (!retry) return `shard ${s.shard} (${s.pass}) failed ${s.attempts} times${s.error ? `: ${s.error}` : ''}`;
    const id = await boss.send(SHARD_QUEUE, { runId: run.id, shard: s.shard } satisfies ShardJob, { expireInSeconds: lease });
    if (id) await setShardJob(db, run.id, s.shard, id);
  }
  return null;
}

export async function reconcileDistributed(opts: DistributedOptions): Promise<RunSummary> {
  const pageSize = opts.pageSize ?? 250;
  const keep = opts.keepRuns ?? 5;
  const { db, gql, operations } = openSession(opts);
  let lock: { release(): Promise<void> } | null = null;
  let boss: PgBoss | null = null;
  const children: ChildProcess[] = [];
  try {
    const store = await takeOverStore(db, opts, true);
    lock = store.lock;
    let run = store.run;
    const resumed = store.resumed;
    boss = await startBoss(opts.databaseUrl, opts.lease, 'taxgraph-reconcile-coordinator');
    if (!run) {
      const asOf =
        opts.asOf ??
        (await gql<{ cooperationAsOf: string }>('ReconcileAsOf', 'query ReconcileAsOf { cooperationAsOf }', {})).cooperationAsOf;
      run = await startRun(db, {
        as_of: asOf,
        gateway: opts.gatewayUrl,
        purpose: opts.purpose,
        page_size: pageSize,
        phase: PLANNING,
        shards: 0,
      });
    } else {
      await countResume(db, run.id);
      await requeueStranded(db, boss, run, opts.lease, true);
    }
    const runId = run.id;
    const started = performance.now();
    const startedRecords = run.records;
    const startedSubjects = run.subjects;

    // Local workers start while the shards are planned: they take the first as soon as it is queued.
    for (let w = 0; w < (opts.workers?.count ?? 0); w++) {
      const child = spawn(opts.workers!.command, opts.workers!.args, { env: opts.workers!.env, stdio: ['ignore', 'ignore', 'inherit'] });
      children.push(child);
    }
    const alive = () => children.filter((c) => c.exitCode === null && c.signalCode === null).length;

    if (run.phase === PLANNING) {
      let shard = 0;
      const b = boss;
      await planShards(gql, run.page_size, await estimateRecords(db, gql), opts.shards, async (s) => {
        const index = shard++;
        // The shard's row and its job commit together: a coordinator that dies here queues it again on resume.
        await db.transaction(async (trx) => {
          if (!(await addShard(trx, { run_id: runId, shard: index, ...s }))) return;
          const job = await b.send(SHARD_QUEUE, { runId, shard: index } satisfies ShardJob, {
            expireInSeconds: opts.lease,
            db: await onTransaction(trx),
          });
          if (job) await setShardJob(trx, runId, index, job);
        });
      });
      await finishPlanning(db, runId, shard, keep);
    }

    // Wait: the run completes in its last shard's transaction. A shard whose job failed past its retries stops the wait.
    for (let tick = 0; ; tick++) {
      const p = await shardProgress(db, runId);
      const seconds = (performance.now() - started) / 1000;
      opts.onProgress?.({
        ...p,
        runId: Number(runId),
        seconds,
        subjectsPerSecond: (p.subjects - startedSubjects) / Math.max(seconds, 0.001),
        recordsPerSecond: (p.records - startedRecords) / Math.max(seconds, 0.001),
        workers: alive(),
      });
      if (p.status === 'completed') break;
      if (p.status !== 'running') throw new ReconcileError(`run ${runId} was ${p.status} while its shards ran`);
      if (children.length && !alive()) throw new ReconcileError(`every local worker stopped before run ${runId} completed`);
      if (tick % 10 === 9) {
        const stranded = await requeueStranded(db, boss, run, opts.lease, false);
        if (stranded) throw new ReconcileError(`${stranded}; run again to resume (it queues the shard again)`);
      }
      await sleep(1000);
    }
    const done = (await runById(db, runId))!;
    return {
      runId: Number(runId),
      status: 'completed',
      resumed,
      asOf: done.as_of,
      startedAt: instant(done.started_at),
      finishedAt: done.finished_at ? instant(done.finished_at) : null,
      pages: done.pages,
      records: done.records,
      subjects: done.subjects,
      findings: done.findings,
      operations: operations(),
    };
  } finally {
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            c.once('exit', () => resolve());
            c.kill('SIGTERM');
          }),
      ),
    );
    await boss?.stop({ graceful: false, wait: true }).catch(() => undefined);
    await lock?.release();
    await db.destroy();
  }
}
