import { CompactSign, compactVerify } from 'jose';
import { createPublicKey, KeyObject } from 'node:crypto';
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { AUDIT_CHECKPOINT_TABLE, AUDIT_TABLE } from '../../shared/federation-db';
import type { Logger } from '../logger';
import { CheckpointSigningKey, Jwks, signingKeyFromEnv } from './checkpoint-key';

/**
 * Signed checkpoints of the audit chain's head. The hash chain shows a record changed or deleted, but
 * not the newest records cut off the end, and whoever can write the table can compute it again. A
 * checkpoint is the head (the newest record's seq and hash) and the record count, signed with the
 * gateway's Ed25519 key (a compact JWS, EdDSA) at a fixed interval and at shutdown, after the last
 * records are committed. It is kept apart from the chain: in its own table (`audit_checkpoint`), and,
 * with TAXGRAPH_AUDIT_CHECKPOINT_DIR, appended to a file an operator ships elsewhere (the stronger
 * evidence: who can write the database cannot reach it). `npm run audit:verify` checks each signature
 * against the public keys it is given and each head against the chain.
 *
 * A checkpoint is skipped when one signed with the same key (this gateway's or another's sharing the key)
 * already names the head: it would attest nothing new. Several gateways sharing one chain each sign what
 * they see; rows never conflict.
 */

/** The JWS `typ` of a checkpoint, so no other signed object of ours is mistaken for one. */
export const CHECKPOINT_TYPE = 'taxgraph-audit-checkpoint+jws';

/** What a checkpoint attests (the JWS payload, JSON). */
export interface CheckpointPayload {
  /** Format version. */
  v: 1;
  /** The chain's table. */
  chain: typeof AUDIT_TABLE;
  /** The hash of the chain's first record: which chain this is (a checkpoint of another database's chain does not fit). */
  first: string;
  /** The head: the newest record's seq (int8 as a string). */
  seq: string;
  /** The head's hash. */
  hash: string;
  /** Records in the chain up to the head (seq numbers from 1 without gaps, so it equals `seq` in an intact chain). */
  count: string;
  /** When it was signed, ISO 8601 UTC. */
  at: string;
  reason: CheckpointReason;
  /** The gateway process that signed it (host:pid). */
  signer: string;
}

export type CheckpointReason = 'interval' | 'shutdown';

/** A checkpoint as stored. */
export interface StoredCheckpoint {
  id: string;
  payload: CheckpointPayload;
  kid: string;
  jws: string;
}

/**
 * What became of one attempt: signed and stored, skipped (nothing new), failed, behind (the chain is
 * shorter than a checkpoint says; signed all the same), or file_failed (stored, not appended to the file).
 */
export type CheckpointOutcome = 'signed' | 'skipped' | 'failed' | 'behind' | 'file_failed';

/** The file in TAXGRAPH_AUDIT_CHECKPOINT_DIR that checkpoints are appended to, one JSON object a line. */
export const CHECKPOINT_FILE = 'audit-checkpoints.jsonl';
/** The file next to it with every public key that signed them (a JWKS). */
export const CHECKPOINT_KEYS_FILE = 'checkpoint-keys.jwks.json';

export async function signCheckpoint(payload: CheckpointPayload, key: CheckpointSigningKey): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: CHECKPOINT_TYPE })
    .sign(key.privateKey);
}

export interface AuditCheckpointerOptions {
  /** The audit pool (the writer's). */
  pool: Pool;
  key: CheckpointSigningKey;
  /** How often to sign, ms (TAXGRAPH_AUDIT_CHECKPOINT_MS). @default 60000 */
  intervalMs?: number;
  /** Where to append each checkpoint too (TAXGRAPH_AUDIT_CHECKPOINT_DIR). */
  dir?: string;
  /** Brings the federation's database up to date (the writer's `prepare`), before the first checkpoint. */
  prepare?: () => Promise<unknown>;
  /** @default host:pid */
  signer?: string;
  logger?: Logger;
  /** Told about every attempt (taxgraph_audit_checkpoints_total). */
  onCheckpoint?: (outcome: CheckpointOutcome) => void;
}

interface HeadRow {
  seq: string;
  hash: string;
  first: string | null;
  covered: string | null;
  /** The newest checkpoints naming this head (their JWS). */
  signed: string[] | null;
}

export class AuditCheckpointer {
  private timer: NodeJS.Timeout | undefined;
  /** The attempt in flight: attempts never overlap, and stop() waits for it. */
  private running: Promise<unknown> = Promise.resolve();
  private readonly signer: string;
  private readonly publicKey: KeyObject;

  constructor(private readonly options: AuditCheckpointerOptions) {
    this.signer = options.signer ?? `${hostname()}:${process.pid}`;
    this.publicKey = createPublicKey(options.key.privateKey);
  }

  /** Whether one of these checkpoints is signed with this key and names this head (a row merely claiming to does not count). */
  private async alreadySigned(jwss: string[], head: { seq: string; hash: string }): Promise<boolean> {
    for (const jws of jwss) {
      try {
        const { payload } = await compactVerify(jws, this.publicKey, { algorithms: ['EdDSA'] });
        const p = JSON.parse(new TextDecoder().decode(payload)) as CheckpointPayload;
        if (p.seq === head.seq && p.hash === head.hash) return true;
      } catch {
        // Another key's (another gateway's, a rotated one) or not a checkpoint: this one signs the head itself.
      }
    }
    return false;
  }

  /** Signs every `intervalMs` from now on; publishes the public key next to the checkpoint file. */
  async start(): Promise<void> {
    if (this.options.dir) await this.publishKey(this.options.dir);
    const interval = this.options.intervalMs ?? 60_000;
    this.timer = setInterval(() => void this.checkpoint('interval'), interval);
    // A checkpoint due is no reason to keep a process alive.
    this.timer.unref();
  }

  /** Stops the interval and signs the head once more (call it once the last records are committed). */
  async stop(): Promise<StoredCheckpoint | undefined> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    return this.checkpoint('shutdown');
  }

  /** Signs the chain's head now (after any attempt in flight); undefined when skipped or failed (logged and counted). */
  checkpoint(reason: CheckpointReason): Promise<StoredCheckpoint | undefined> {
    const next = this.running.then(() => this.attempt(reason));
    this.running = next.catch(() => undefined);
    return next;
  }

  private count(outcome: CheckpointOutcome): void {
    this.options.onCheckpoint?.(outcome);
  }

  private async attempt(reason: CheckpointReason): Promise<StoredCheckpoint | undefined> {
    const log = this.options.logger;
    let stored: StoredCheckpoint;
    try {
      await this.options.prepare?.();
      // One statement: the head, the first record, and how far checkpoints already reach. Committed
      // records always form a prefix of the chain (writers insert under one lock), so this is a head.
      const { rows } = await this.options.pool.query<HeadRow>(
        `SELECT h.seq, h.hash, (SELECT hash FROM ${AUDIT_TABLE} WHERE seq = 1) AS first,
                (SELECT max(head_seq) FROM ${AUDIT_CHECKPOINT_TABLE}) AS covered,
                (SELECT array_agg(jws) FROM (SELECT jws FROM ${AUDIT_CHECKPOINT_TABLE} WHERE head_seq = h.seq ORDER BY id DESC LIMIT 3) AS c) AS signed
           FROM (SELECT seq, hash FROM ${AUDIT_TABLE} ORDER BY seq DESC LIMIT 1) AS h`,
      );
      const head = rows[0];
      if (!head) {
        log?.debug({ reason }, 'audit checkpoint skipped: the chain is empty');
        this.count('skipped');
        return undefined;
      }
      const covered = head.covered === null ? undefined : BigInt(head.covered);
      if (covered !== undefined && covered > BigInt(head.seq)) {
        // Signed anyway: what this gateway sees is attested, and the earlier checkpoint still shows the cut
        // (a row claiming a far head, forged by someone without the key, must not stop the checkpoints).
        log?.error(
          { reason, head: head.seq, checkpointed: head.covered },
          `audit chain is BEHIND its checkpoints: its head is record ${head.seq}, a checkpoint names record ${head.covered}; ` +
            'records were cut off the end, or a checkpoint row was forged: run npm run audit:verify',
        );
        this.count('behind');
      }
      if (await this.alreadySigned(head.signed ?? [], head)) {
        log?.debug({ reason, head: head.seq }, 'audit checkpoint skipped: the head has not moved since the last checkpoint');
        this.count('skipped');
        return undefined;
      }
      const payload: CheckpointPayload = {
        v: 1,
        chain: AUDIT_TABLE,
        first: head.first ?? '',
        seq: head.seq,
        hash: head.hash,
        count: head.seq,
        at: new Date().toISOString(),
        reason,
        signer: this.signer,
      };
      const jws = await signCheckpoint(payload, this.options.key);
      const inserted = await this.options.pool.query<{ id: string }>(
        `INSERT INTO ${AUDIT_CHECKPOINT_TABLE} (signed_at, head_seq, head_hash, record_count, reason, signer, kid, jws)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [payload.at, payload.seq, payload.hash, payload.count, reason, this.signer, this.options.key.kid, jws],
      );
      stored = { id: inserted.rows[0].id, payload, kid: this.options.key.kid, jws };
    } catch (err) {
      log?.error({ err: (err as Error).message, reason }, 'audit checkpoint failed (the next one will cover these records)');
      this.count('failed');
      return undefined;
    }
    log?.info({ reason, checkpoint: stored.id, head: stored.payload.seq, kid: stored.kid }, 'audit checkpoint signed');
    this.count('signed');
    if (this.options.dir) {
      // Appended after the row is committed, so the file never holds a checkpoint the table lacks.
      const line = JSON.stringify({ id: stored.id, ...stored.payload, kid: stored.kid, jws: stored.jws });
      await appendFile(join(this.options.dir, CHECKPOINT_FILE), `${line}\n`, { mode: 0o640 }).catch((err: Error) => {
        log?.error({ err: err.message, checkpoint: stored.id }, 'audit checkpoint not appended to its file (the table has it)');
        this.count('file_failed');
      });
    }
    return stored;
  }

  /** Adds this key to the directory's JWKS (keys that signed before stay: rotation). */
  private async publishKey(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true });
    const path = join(dir, CHECKPOINT_KEYS_FILE);
    let jwks: Jwks = { keys: [] };
    try {
      jwks = JSON.parse(await readFile(path, 'utf8')) as Jwks;
    } catch {
      // None yet (or unreadable: written afresh).
    }
    if (jwks.keys?.some((k) => k.kid === this.options.key.kid)) return;
    jwks = { keys: [...(jwks.keys ?? []), this.options.key.publicJwk] };
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(jwks, null, 2)}\n`);
    await rename(temporary, path);
  }
}

/** The checkpoints' settings, read from the environment and checked at start. */
export interface CheckpointSettings {
  /** TAXGRAPH_AUDIT_SIGNING_KEY or TAXGRAPH_AUDIT_SIGNING_KEY_FILE; undefined: no checkpoints. */
  key: CheckpointSigningKey | undefined;
  /** TAXGRAPH_AUDIT_CHECKPOINT_MS. @default 60000 */
  intervalMs: number;
  /** TAXGRAPH_AUDIT_CHECKPOINT_DIR. */
  dir: string | undefined;
}

/**
 * Reads the checkpoints' settings; throws naming the variable on a bad one. Without a key the gateway
 * signs nothing and says so loudly at start, except under NODE_ENV=production, where it refuses to
 * start: a production trail is to be checkable by an outside party.
 */
export function checkpointSettingsFromEnv(env: NodeJS.ProcessEnv): CheckpointSettings {
  const raw = env.TAXGRAPH_AUDIT_CHECKPOINT_MS;
  let intervalMs = 60_000;
  if (raw !== undefined && raw !== '') {
    intervalMs = Number(raw);
    if (!Number.isInteger(intervalMs) || intervalMs < 100 || intervalMs > 86_400_000) {
      throw new Error(`TAXGRAPH_AUDIT_CHECKPOINT_MS must be an integer between 100 and 86400000 (a day), got '${raw}'`);
    }
  }
  const key = signingKeyFromEnv(env);
  if (!key && env.NODE_ENV === 'production') {
    throw new Error(
      'TAXGRAPH_AUDIT_SIGNING_KEY (or TAXGRAPH_AUDIT_SIGNING_KEY_FILE) is not set: under NODE_ENV=production the gateway signs ' +
        'checkpoints of the audit chain with an Ed25519 key and does not start without one ' +
        '(make one: openssl genpkey -algorithm ed25519 -out audit-signing-key.pem)',
    );
  }
  return { key, intervalMs, dir: env.TAXGRAPH_AUDIT_CHECKPOINT_DIR?.trim() || undefined };
}
