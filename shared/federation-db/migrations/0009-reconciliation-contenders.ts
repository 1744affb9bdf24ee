import type { Knex } from 'knex';

/**
 * A distributed run gives a finding two subjects share to the subject its lists meet first, as a
 * single run does (subgraphs/cooperation/store/shards.ts):
 * - `reconciliation_claim.seen`: where the lists first meet the subject, in list order (shard, page,
 *   place), over every shard that met it. Claims made before this migration (none outside a run in
 *   progress) read as met last.
 * - `finding_contender`: a finding (same key) that a second subject also produced, e.g. two taxpayers
 *   sharing an organization code. Shards commit in time order; the run's completion gives each such
 *   finding to the subject seen first.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw(`
ALTER TABLE reconciliation_claim ADD COLUMN IF NOT EXISTS seen bigint NOT NULL DEFAULT 9223372036854775807;
COMMENT ON COLUMN reconciliation_claim.seen IS 'Where the lists first meet the subject, in list order (shard, page, place), whichever shard met it.';
CREATE TABLE IF NOT EXISTS finding_contender (
  run_id   bigint NOT NULL REFERENCES reconciliation_run (id) ON DELETE CASCADE,
  key      text   NOT NULL,
  subject  text   NOT NULL,
  row      jsonb  NOT NULL,
  PRIMARY KEY (run_id, key, subject)
);
COMMENT ON TABLE finding_contender IS 'A finding another subject of a distributed run also produced: the one met first in list order keeps it at completion.';
`);
}

export async function down(db: Knex): Promise<void> {
  await db.raw(`
DROP TABLE IF EXISTS finding_contender;
ALTER TABLE reconciliation_claim DROP COLUMN IF EXISTS seen;
`);
}
