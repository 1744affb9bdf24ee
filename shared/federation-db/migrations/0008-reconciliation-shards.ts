import type { Knex } from 'knex';

/**
 * The reconciliation as distributed jobs (subgraphs/cooperation/reconcile/coordinator.ts): a run split
 * into shards, each a block of pages of one source list, taken by workers through pg-boss (its own
 * schema `pgboss`, which pg-boss creates and migrates itself).
 *
 * - `reconciliation_run.shards`: how many shards the run was split into (null: a single-process run).
 * - `reconciliation_shard`: one row per shard, where it starts and how many pages it reads; `done` when
 *   its findings, counts and the job's completion committed together (a retried shard that finds it
 *   done writes nothing again).
 * - `reconciliation_claim`: which shard judges each subject in a run (the first to claim it; a claim
 *   is the shard's, not the worker's, so a shard taken again keeps its claims). A subject is judged
 *   once per run, whichever shards meet it and in whatever order.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw(`
ALTER TABLE reconciliation_run ADD COLUMN IF NOT EXISTS shards integer;
COMMENT ON COLUMN reconciliation_run.shards IS 'Shards the run was split into (npm run reconcile -- --shards N); null: a single-process run.';
CREATE TABLE IF NOT EXISTS reconciliation_shard (
  run_id    bigint      NOT NULL REFERENCES reconciliation_run (id) ON DELETE CASCADE,
  shard     integer     NOT NULL,
  pass      text        NOT NULL,
  after     text,
  pages     integer     NOT NULL,
  job       uuid,
  status    text        NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'done')),
  attempts  integer     NOT NULL DEFAULT 0,
  records   integer     NOT NULL DEFAULT 0,
  read      integer     NOT NULL DEFAULT 0,
  subjects  integer     NOT NULL DEFAULT 0,
  findings  integer     NOT NULL DEFAULT 0,
  worker    text,
  error     text,
  done_at   timestamptz,
  PRIMARY KEY (run_id, shard)
);
COMMENT ON TABLE reconciliation_shard IS 'taxgraph reconciliation shards: a block of pages of one source list, a pg-boss job; read = pages read.';
CREATE TABLE IF NOT EXISTS reconciliation_claim (
  run_id   bigint  NOT NULL REFERENCES reconciliation_run (id) ON DELETE CASCADE,
  subject  text    NOT NULL,
  shard    integer NOT NULL,
  PRIMARY KEY (run_id, subject)
);
COMMENT ON TABLE reconciliation_claim IS 'taxgraph reconciliation: the shard that judges each subject of a distributed run (first claim wins).';
`);
}

export async function down(db: Knex): Promise<void> {
  await db.raw(`
DROP TABLE IF EXISTS reconciliation_claim;
DROP TABLE IF EXISTS reconciliation_shard;
ALTER TABLE reconciliation_run DROP COLUMN IF EXISTS shards;
`);
}
