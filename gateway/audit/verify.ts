import type { ClientBase } from 'pg';
import { AUDIT_TABLE } from '../../shared/federation-db';
import { AuditEntry, AuditOutcome, GENESIS_HASH, recordHash } from './record';

/**
 * Walks the audit chain in sequence order and reports the first break: a record whose contents no
 * longer match its hash (changed, or moved to another place), a gap in the numbering (deleted),
 * or a record whose previous hash is not its predecessor's hash (replaced or reordered together with
 * its hash). What a chain cannot show by itself: the newest records cut off the end, or the whole
 * chain rewritten from some point on; compare the reported head with one kept elsewhere for that.
 */
export type Verification =
  | { ok: true; count: number; head?: { seq: string; hash: string } }
  | { ok: false; count: number; seq: string; problem: 'changed' | 'deleted' | 'relinked'; message: string };

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
    traceId: r.trace_id,
  };
}

const describe = (r: Row) => `record ${r.seq} (request ${r.request_id}, ${r.operation_name ?? 'anonymous'} at ${r.at.toISOString()})`;

export async function verifyAuditChain(client: ClientBase, pageSize = 5000): Promise<Verification> {
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
      count++;
      expected = seq + 1n;
      prevHash = r.hash;
      last = r;
    }
  }
  return { ok: true, count, head: last ? { seq: last.seq, hash: last.hash } : undefined };
}
