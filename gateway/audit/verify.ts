import { compactVerify, decodeProtectedHeader } from 'jose';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ClientBase } from 'pg';
import { AUDIT_CHECKPOINT_TABLE, AUDIT_TABLE } from '../../shared/federation-db';
import { CHECKPOINT_FILE, CHECKPOINT_TYPE, CheckpointPayload } from './checkpoint';
import type { TrustedKeys } from './checkpoint-key';
import { AuditEntry, AuditOutcome, GENESIS_HASH, recordHash } from './record';

/**
 * Walks the audit chain in sequence order and reports the first break: a record whose contents no
 * longer match its hash (changed, or moved to another place), a gap in the numbering (deleted),
 * or a record whose previous hash is not its predecessor's hash (replaced or reordered together with
 * its hash). What a chain cannot show by itself: the newest records cut off the end, or the whole
 * chain rewritten from some point on; the signed checkpoints (./checkpoint.ts) show both, and
 * verifyAuditEvidence below checks them with the chain.
 */
export type Verification = (
  | { ok: true; count: number; head?: { seq: string; hash: string } }
  | { ok: false; count: number; seq: string; problem: 'changed' | 'deleted' | 'relinked'; message: string }
) & {
  /** The hash of each record asked for (`watch`) that the walk reached, by seq. */
  seen?: Map<string, string>;
};

interface Row {
  seq: string;
  at: Date;
  request_id: string;
  subject: string | null;
  role: string | null;
  bank: string | null;
  purpose: string | null;
  operation_name: string | null;
  document_hash: string | null;
  variables: unknown;
  taxpayers: string[];
  vouchers: string[];
  outcome: AuditOutcome;
  error_codes: string[];
  duration_ms: number;
  prev_hash: string;
  hash: string;
  /** Null in every record but a mutation's, and in records written before the column (migration 0004). */
  changes: unknown;
  /** Null in every record but an aggregate of refusals before authentication, and in records written before the column (migration 0007). */
  refusals?: AuditEntry['refusals'];
  /** The operation's trace id; null without tracing and in records written before the column (migration 0006). */
  trace_id: string | null;
}

function entryOf(r: Row): AuditEntry & { seq: string } {
  return {
    seq: r.seq,
    at: r.at.toISOString(),
    requestId: r.request_id,
    subject: r.subject,
    role: r.role,
    bank: r.bank,
    purpose: r.purpose,
    operationName: r.operation_name,
    documentHash: r.document_hash,
    variables: r.variables,
    taxpayers: r.taxpayers,
    vouchers: r.vouchers,
    outcome: r.outcome,
    errorCodes: r.error_codes,
    durationMs: r.duration_ms,
    changes: r.changes,
    refusals: r.refusals,
    traceId: r.trace_id,
  };
}

const describe = (r: Row) => `record ${r.seq} (request ${r.request_id}, ${r.operation_name ?? 'anonymous'} at ${r.at.toISOString()})`;

/** Walks the chain; `watch` names records (by seq) whose hashes to report in `seen` (the checkpoints' heads). */
export async function verifyAuditChain(client: ClientBase, pageSize = 5000, watch: ReadonlySet<string> = new Set()): Promise<Verification> {
  const seen = new Map<string, string>();
  const result = await walk(client, pageSize, (r) => {
    if (watch.has(r.seq)) seen.set(r.seq, r.hash);
  });
  return { ...result, seen };
}

async function walk(client: ClientBase, pageSize: number, onRecord: (r: Row) => void): Promise<Verification> {
  const exists = await client.query<{ t: string | null }>(`SELECT to_regclass('${AUDIT_TABLE}') AS t`);
  if (!exists.rows[0].t) throw new Error(`There is no ${AUDIT_TABLE} table in this database: is it the federation's own database?`);
  let count = 0;
  let expected = 1n;
  let prevHash = GENESIS_HASH;
  let last: Row | undefined;
  for (;;) {
    const { rows } = await client.query<Row>(`SELECT * FROM ${AUDIT_TABLE} WHERE seq >= $1 ORDER BY seq LIMIT $2`, [
      expected.toString(),
      pageSize,
    ]);
    if (rows.length === 0) break;
    for (const r of rows) {
      const seq = BigInt(r.seq);
      if (seq !== expected) {
        const missing = seq - 1n === expected ? `record ${expected} is missing` : `records ${expected} to ${seq - 1n} are missing`;
        return {
          ok: false,
          count,
          seq: expected.toString(),
          problem: 'deleted',
          message: `${missing} (deleted): the chain jumps from ${last ? `record ${last.seq}` : 'its start'} to ${describe(r)}`,
        };
      }
      if (recordHash(r.prev_hash, entryOf(r)) !== r.hash) {
        return {
          ok: false,
          count,
          seq: r.seq,
          problem: 'changed',
          message: `${describe(r)} was changed: its contents do not match its hash`,
        };
      }
      if (r.prev_hash !== prevHash) {
        return {
          ok: false,
          count,
          seq: r.seq,
          problem: 'relinked',
          message:
            `${describe(r)} does not follow ${last ? `record ${last.seq}` : 'the start of the chain'}: ` +
            "its previous hash is not that record's hash (a record before it was replaced, inserted or reordered)",
        };
      }
      onRecord(r);
      count++;
      expected = seq + 1n;
      prevHash = r.hash;
      last = r;
    }
  }
  return { ok: true, count, head: last ? { seq: last.seq, hash: last.hash } : undefined };
}

/** A checkpoint as found: in the table (with its readable columns) or in a file. */
export interface FoundCheckpoint {
  /** Where it was found: `table`, or `<file>:<line>`. */
  origin: string;
  /** Its row id (the table's, or as the file recorded it). */
  id?: string;
  jws: string;
  /** The table's readable copy of the payload. */
  columns?: {
    signed_at: Date;
    head_seq: string;
    head_hash: string;
    record_count: string;
    reason: string;
    signer: string;
    kid: string;
  };
}

/** What makes the evidence fail, by kind; each is printed as `audit trail <KIND>: <message>`. */
export type EvidenceProblemKind = 'TRUNCATED' | 'REWRITTEN' | 'FORGED' | 'UNKNOWN KEY' | 'ALTERED' | 'CHECKPOINT DELETED' | 'OTHER CHAIN';

export interface EvidenceReport {
  chain: Verification;
  /** Distinct checkpoints found (table and files together). */
  checkpoints: number;
  /** Those whose signature verified with a trusted key. */
  verified: number;
  /** The keys the verified checkpoints were signed with. */
  kids: string[];
  /** The verified checkpoint reaching furthest. */
  latest?: { id?: string; origin: string; payload: CheckpointPayload; kid: string };
  /** Checkpoints found but not checked: no key was given at all. */
  unchecked: number;
  problems: { kind: EvidenceProblemKind; message: string }[];
  /** Informational: records not yet covered by a checkpoint. */
  notes: string[];
}

/** Reads checkpoint files (`audit-checkpoints.jsonl`, or a directory holding one): read them before the database snapshot. */
export function readCheckpointFiles(paths: string[]): FoundCheckpoint[] {
  const found: FoundCheckpoint[] = [];
  for (const given of paths) {
    const path = statSync(given).isDirectory() ? join(given, CHECKPOINT_FILE) : given;
    const lines = readFileSync(path, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      let parsed: { id?: unknown; jws?: unknown };
      try {
        parsed = JSON.parse(line) as { id?: unknown; jws?: unknown };
      } catch {
        parsed = {};
      }
      // A line that is no checkpoint is kept as one that fails its signature check: named, not skipped.
      found.push({
        origin: `${path}:${i + 1}`,
        id: typeof parsed.id === 'string' ? parsed.id : undefined,
        jws: typeof parsed.jws === 'string' ? parsed.jws : line,
      });
    });
  }
  return found;
}

const HEX64 = /^[0-9a-f]{64}$/;
const DIGITS = /^[1-9][0-9]*$/;

function payloadOf(bytes: Uint8Array): CheckpointPayload | undefined {
  try {
    const p = JSON.parse(new TextDecoder().decode(bytes)) as CheckpointPayload;
    const wellFormed =
      p.v === 1 &&
      p.chain === AUDIT_TABLE &&
      typeof p.seq === 'string' &&
      DIGITS.test(p.seq) &&
      typeof p.count === 'string' &&
      DIGITS.test(p.count) &&
      HEX64.test(p.hash) &&
      (p.first === '' || HEX64.test(p.first)) &&
      typeof p.at === 'string' &&
      typeof p.signer === 'string';
    return wellFormed ? p : undefined;
  } catch {
    return undefined;
  }
}

const named = (c: { id?: string; origin: string }) => (c.id ? `checkpoint #${c.id} (${c.origin})` : `checkpoint at ${c.origin}`);

/**
 * Checks the audit trail as an outside party would: the chain (verifyAuditChain), every checkpoint's
 * signature against the trusted keys (forged, or signed by a key not given), the table's readable
 * columns against the signed payload, checkpoints in files against the table (one the table lacks was
 * deleted), and each checkpoint's head against the chain: the record it names must be there with its
 * hash, and the chain must hold at least as many records as it counted; fewer is a truncation. Run it
 * in one snapshot (REPEATABLE READ), after reading the files.
 */
export async function verifyAuditEvidence(
  client: ClientBase,
  opts: { keys: TrustedKeys; files?: FoundCheckpoint[]; pageSize?: number },
): Promise<EvidenceReport> {
  const problems: EvidenceReport['problems'] = [];
  const notes: string[] = [];
  const found: FoundCheckpoint[] = [];
  const table = await client.query<{ t: string | null }>(`SELECT to_regclass('${AUDIT_CHECKPOINT_TABLE}') AS t`);
  if (table.rows[0].t) {
    const { rows } = await client.query<NonNullable<FoundCheckpoint['columns']> & { id: string; jws: string }>(
      `SELECT id, signed_at, head_seq, head_hash, record_count, reason, signer, kid, jws FROM ${AUDIT_CHECKPOINT_TABLE} ORDER BY id`,
    );
    for (const { id, jws, ...columns } of rows) found.push({ origin: 'table', id, jws, columns });
  }
  const inTable = new Set(found.map((c) => c.jws));
  const files = opts.files ?? [];
  for (const c of files) {
    if (!inTable.has(c.jws)) {
      found.push(c);
      problems.push({
        kind: 'CHECKPOINT DELETED',
        message: `${named(c)} is not in the ${AUDIT_CHECKPOINT_TABLE} table: a checkpoint was deleted from it (or the file belongs to another database)`,
      });
    }
  }

  const valid: { c: FoundCheckpoint; payload: CheckpointPayload; kid: string }[] = [];
  let unchecked = 0;
  for (const c of found) {
    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(c.jws);
    } catch {
      problems.push({ kind: 'FORGED', message: `${named(c)} is not a signed checkpoint (no compact JWS)` });
      continue;
    }
    const kid = typeof header.kid === 'string' ? header.kid : '';
    if (header.alg !== 'EdDSA' || header.typ !== CHECKPOINT_TYPE) {
      problems.push({
        kind: 'FORGED',
        message: `${named(c)} is not a checkpoint signed with EdDSA (alg ${header.alg}, typ ${header.typ})`,
      });
      continue;
    }
    if (opts.keys.size === 0) {
      unchecked++;
      continue;
    }
    const trusted = opts.keys.get(kid);
    if (!trusted) {
      problems.push({
        kind: 'UNKNOWN KEY',
        message:
          `${named(c)} is signed with key ${kid || '(none named)'}, which is not among the public keys given: ` +
          "give that key's public half (--public-key) if it is yours, else the checkpoint is forged",
      });
      continue;
    }
    let payload: CheckpointPayload | undefined;
    try {
      payload = payloadOf((await compactVerify(c.jws, trusted.key, { algorithms: ['EdDSA'] })).payload);
    } catch {
      problems.push({
        kind: 'FORGED',
        message: `${named(c)}: its signature does not verify with key ${kid} (forged, or its payload was altered)`,
      });
      continue;
    }
    if (!payload) {
      problems.push({ kind: 'FORGED', message: `${named(c)}: signed, but its payload is not a checkpoint of ${AUDIT_TABLE}` });
      continue;
    }
    const col = c.columns;
    if (
      col &&
      (col.head_seq !== payload.seq ||
        col.head_hash !== payload.hash ||
        col.record_count !== payload.count ||
        col.kid !== kid ||
        col.reason !== payload.reason ||
        col.signer !== payload.signer ||
        col.signed_at.toISOString() !== payload.at)
    ) {
      problems.push({
        kind: 'ALTERED',
        message:
          `${named(c)}: the table's columns (head ${col.head_seq}, count ${col.record_count}) differ from what was signed ` +
          `(head ${payload.seq}, count ${payload.count}); the signed payload counts`,
      });
    }
    valid.push({ c, payload, kid });
  }

  const watch = new Set(['1', ...valid.map((v) => v.payload.seq)]);
  const chain = await verifyAuditChain(client, opts.pageSize, watch);
  const seen = chain.seen ?? new Map<string, string>();
  // Records the chain holds without a break, from 1: all of them when it is intact, those before the break otherwise.
  const length = BigInt(chain.ok ? chain.count : Number(chain.seq) - 1);

  let latest: (typeof valid)[number] | undefined;
  let truncatedBy: (typeof valid)[number] | undefined;
  for (const v of valid) {
    const seq = BigInt(v.payload.seq);
    if (!latest || seq > BigInt(latest.payload.seq)) latest = v;
    if (BigInt(v.payload.count) !== seq) {
      problems.push({
        kind: 'FORGED',
        message: `${named(v.c)} counts ${v.payload.count} records up to record ${v.payload.seq}: not a checkpoint of a chain numbered from 1`,
      });
    }
    if (seq > length) {
      if (chain.ok && (!truncatedBy || seq > BigInt(truncatedBy.payload.seq))) truncatedBy = v;
      continue;
    }
    if (seen.get(v.payload.seq) !== v.payload.hash) {
      problems.push({
        kind: 'REWRITTEN',
        message:
          `${named(v.c)} names record ${v.payload.seq} with hash ${v.payload.hash}, but the chain's record ${v.payload.seq} ` +
          `has hash ${seen.get(v.payload.seq)}: the chain was rewritten from that record or before`,
      });
    } else if (v.payload.first !== (seen.get('1') ?? '')) {
      problems.push({
        kind: 'OTHER CHAIN',
        message: `${named(v.c)} is of a chain whose first record has hash ${v.payload.first}, not this one's (${seen.get('1')})`,
      });
    }
  }
  if (truncatedBy) {
    const p = truncatedBy.payload;
    const missing = BigInt(p.count) - length;
    problems.push({
      kind: 'TRUNCATED',
      message:
        `${named(truncatedBy.c)}, signed at ${p.at} by ${p.signer} with key ${truncatedBy.kid}, names record ${p.seq} (hash ${p.hash}) ` +
        `and counts ${p.count} records, but the chain ends at record ${length}: ${missing} record${missing === 1n ? ' is' : 's are'} missing ` +
        `after record ${length} (${length + 1n} to ${p.seq}), cut off the end`,
    });
  }
  if (chain.ok && latest && length > BigInt(latest.payload.seq)) {
    const from = BigInt(latest.payload.seq) + 1n;
    notes.push(
      `${length - from + 1n} record${length === from ? '' : 's'} (${from} to ${length}) after the latest checkpoint ` +
        `${length === from ? 'is' : 'are'} not yet covered by a checkpoint`,
    );
  } else if (chain.ok && !latest && length > 0n && unchecked === 0) {
    notes.push(`no checkpoint covers the chain's ${length} records: records cut off its end would go unnoticed`);
  }
  const kids = [...new Set(valid.map((v) => v.kid))];
  return {
    chain,
    checkpoints: found.length,
    verified: valid.length,
    kids,
    latest: latest && { id: latest.c.id, origin: latest.c.origin, payload: latest.payload, kid: latest.kid },
    unchecked,
    problems,
    notes,
  };
}
