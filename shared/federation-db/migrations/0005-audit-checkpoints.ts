import type { Knex } from 'knex';

/**
 * Signed checkpoints of the audit chain's head (gateway/audit/checkpoint.ts), kept apart from the
 * chain: the chain shows an edited or deleted record, a checkpoint shows the newest records cut off
 * the end (its head is gone, or the chain is shorter than it says), and its Ed25519 signature is
 * what someone who can write both tables cannot make again. `npm run audit:verify` checks both.
 *
 * - `jws` is the evidence: a compact JWS whose payload names the head (seq, hash), the record count,
 *   the time and the signer. The other columns are a readable copy of that payload, for queries;
 *   the verifier compares them with the signed payload and trusts only the latter.
 * - `kid` is the signing key's JWK thumbprint (RFC 7638), so keys can rotate: each checkpoint names
 *   the key it was signed with.
 * - Several gateways share one chain and each signs what it sees: rows are numbered by a sequence,
 *   nothing is unique but `id`, so two gateways signing at once never conflict.
 * - Append-only, as the chain: a trigger refuses UPDATE, DELETE and TRUNCATE.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw(`
CREATE TABLE IF NOT EXISTS audit_checkpoint (
  id           bigserial   PRIMARY KEY,
  signed_at    timestamptz NOT NULL,
  head_seq     bigint      NOT NULL,
  head_hash    text        NOT NULL,
  record_count bigint      NOT NULL,
  reason       text        NOT NULL CHECK (reason IN ('interval', 'shutdown')),
  signer       text        NOT NULL,
  kid          text        NOT NULL,
  jws          text        NOT NULL
);
COMMENT ON TABLE audit_checkpoint IS 'taxgraph audit checkpoints: the audit chain''s head signed (Ed25519, compact JWS) at an interval '
  'and at shutdown; append-only. Check with npm run audit:verify.';
CREATE INDEX IF NOT EXISTS audit_checkpoint_head_idx ON audit_checkpoint (head_seq);
CREATE OR REPLACE FUNCTION audit_checkpoint_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_checkpoint is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'audit_checkpoint_append_only' AND tgrelid = 'audit_checkpoint'::regclass) THEN
    CREATE TRIGGER audit_checkpoint_append_only BEFORE UPDATE OR DELETE ON audit_checkpoint
      FOR EACH ROW EXECUTE FUNCTION audit_checkpoint_append_only();
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'audit_checkpoint_no_truncate' AND tgrelid = 'audit_checkpoint'::regclass) THEN
    CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON audit_checkpoint
      FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoint_append_only();
  END IF;
END $$;
`);
}

/** Checkpoints are evidence, as the records are: no migration drops them. */
export async function down(): Promise<void> {
  throw new Error('the audit checkpoints (audit_checkpoint) are never dropped by a migration');
}
