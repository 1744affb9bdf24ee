import type { Pool, PoolClient, QueryResult } from 'pg';
import { AUDIT_TABLE } from '../../shared/federation-db';
import { AuditEntry, AuditRecord, GENESIS_HASH, seal } from './record';

/**
 * The batching writer: a response waits until its record is committed, and commits are shared.
 * Requests enqueue their entries; one commit at a time takes what has queued (up to `maxBatch`),
 * chains the batch after the chain's head and inserts it; once it is committed every waiting request
 * resumes. Under load batches grow by themselves (entries queue while a commit is in flight) and a
 * commit waits `groupMs` for more to join it; an idle writer commits a record alone at once.
 *
 * A commit is one statement when the writer knows the chain's head (it wrote the last record, or read
 * it): the INSERT takes the chain's advisory lock first and runs alone in its implicit transaction, so
 * it is durable when it returns, as BEGIN .. COMMIT was. When it does not know the head (at start, after
 * an error), or another gateway extended the chain meanwhile (the INSERT then collides with an existing
 * `seq`, the primary key, and changes nothing), the commit takes the long way: BEGIN, the lock, read the
 * head, insert, COMMIT; after such a collision the writer goes the long way at once for a second, since
 * with several busy gateways the short way would mostly collide again. The lock and the unique `seq` are
 * what keep one chain when many gateway processes share the table: a record is inserted only as the
 * successor of the record it names.
 *
 * When the store is unreachable every waiting entry is rejected (the plugin answers AUDIT_UNAVAILABLE);
 * the next entry tries again with a fresh connection, so service resumes by itself when the store is back.
 */
export interface AuditWriterOptions {
  /** Entries per transaction, at most. @default 500 */
  maxBatch?: number;
  /**
   * Under load (a commit ended less than a second ago), how long a commit waits for more entries to
   * join it, ms: fewer, larger commits, each one flush of the database's log. An idle writer commits
   * at once. @default 2
   */
  groupMs?: number;
  /** Told about a failed commit (the requests are answered AUDIT_UNAVAILABLE anyway). */
  onError?: (err: unknown, entries: number) => void;
  /** Told about every attempt to commit: the statements it sent and the records it committed (0 when it failed). */
  onCommit?: (statements: number, records: number) => void;
}

/**
 * How long a writer that found the chain extended by another goes the long way at once, ms: with
 * several gateways busy, a one-statement attempt would mostly collide, and each collision costs a
 * statement on top of the long way's five.
 */
const CONTENTION_MS = 1000;

/** The chain's writer lock (two int4 keys: 'tgau', 'dit!'). */
export const CHAIN_LOCK = [0x74676175, 0x64697421] as const;

/** The table's columns and their types (migrations 0001, 0004, 0006 and 0007), in the order `rowOf` gives the values. */
const COLUMNS = [
  ['seq', 'int8'],
  ['at', 'timestamptz'],
  ['request_id', 'text'],
  ['subject', 'text'],
  ['role', 'text'],
  ['bank', 'text'],
  ['purpose', 'text'],
  ['operation_name', 'text'],
  ['document_hash', 'text'],
  ['variables', 'jsonb'],
  ['taxpayers', 'text[]'],
  ['vouchers', 'text[]'],
  ['outcome', 'text'],
  ['error_codes', 'text[]'],
  ['duration_ms', 'int4'],
  ['prev_hash', 'text'],
  ['hash', 'text'],
  ['changes', 'jsonb'],
  ['trace_id', 'text'],
  ['refusals', 'jsonb'],
] as const;

function rowOf(r: AuditRecord): unknown[] {
  return [
    r.seq,
    r.at,
    r.requestId,
    r.subject,
    r.role,
    r.bank,
    r.purpose,
    r.operationName,
    r.documentHash,
    JSON.stringify(r.variables ?? null),
    r.taxpayers,
    r.vouchers,
    r.outcome,
    r.errorCodes,
    r.durationMs,
    r.prevHash,
    r.hash,
    r.changes === undefined || r.changes === null ? null : JSON.stringify(r.changes),
    r.traceId ?? null,
    r.refusals === undefined || r.refusals === null ? null : JSON.stringify(r.refusals),
  ];
}

const NAMES = COLUMNS.map(([name]) => name).join(', ');

/**
 * The INSERT of a batch. `locked`: one statement that first takes the chain's lock and holds it to its
 * implicit commit. The lock is an uncorrelated scalar subquery (an InitPlan, run once before any row is
 * produced) that counts the lock call's row: inside EXISTS, as this was first written, PostgreSQL drops
 * the select list unevaluated, and the short way took no lock at all (a long way reading the head
 * meanwhile then collided with it on `seq`). VALUES inside a SELECT does not take its types from the
 * target columns, so each placeholder carries its column's type.
 */
function insertStatement(records: AuditRecord[], locked: boolean): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const tuples = records.map((r) => {
    const placeholders = rowOf(r).map((v, i) => {
      values.push(v);
      const type = COLUMNS[i][1];
      return locked || type === 'jsonb' ? `$${values.length}::${type}` : `$${values.length}`;
    });
    return `(${placeholders.join(', ')})`;
  });
  const text = locked
    ? `INSERT INTO ${AUDIT_TABLE} (${NAMES}) SELECT * FROM (VALUES ${tuples.join(', ')}) AS batch ` +
      `WHERE (SELECT count(*) FROM (SELECT pg_advisory_xact_lock(${CHAIN_LOCK[0]}, ${CHAIN_LOCK[1]})) AS chain_lock) = 1`
    : `INSERT INTO ${AUDIT_TABLE} (${NAMES}) VALUES ${tuples.join(', ')}`;
  return { text, values };
}

/** SQLSTATE of a statement the server refused (the connection is fine), or undefined. */
const sqlState = (err: unknown): string | undefined => {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
};

/** A data error in one entry (SQLSTATE class 22): the batch is retried entry by entry so one bad entry fails alone. */
const isDataError = (err: unknown) =>
  typeof (err as { code?: unknown })?.code === 'string' && (err as { code: string }).code.startsWith('22');

interface Waiting {
  entry: AuditEntry;
  resolve(record: AuditRecord): void;
  reject(err: unknown): void;
}

export class AuditWriter {
  private readonly maxBatch: number;
  private queue: Waiting[] = [];
  private flushing = false;
  private migrated: Promise<void> | undefined;
  private closed = false;
  /** The chain's last record as this writer last saw it commit; unknown at start and after a failed commit. */
  private head: { seq: bigint; hash: string } | undefined;
  /** Until when (ms) commits take the long way at once: another writer extended the chain lately, so the short way would collide again. */
  private contendedUntil = 0;
  /** When the last commit ended (ms): the writer is under load while this is recent. */
  private lastCommitAt = 0;

  /** `migrate` brings the federation's database (and so the audit table) up to date: done once, before the first commit. */
  constructor(
    private readonly pool: Pool,
    private readonly migrate: () => Promise<unknown>,
    private readonly options: AuditWriterOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 500;
  }

  /** Migrates the database once; a failure is forgotten so the next commit tries again. */
  prepare(): Promise<void> {
    this.migrated ??= this.migrate().then(
      () => undefined,
      (err) => {
        this.migrated = undefined;
        throw err;
      },
    );
    return this.migrated;
  }

  /** Resolves with the stored record once it is committed; rejects when it could not be. */
  append(entry: AuditEntry): Promise<AuditRecord> {
    if (this.closed) return Promise.reject(new Error('the audit writer is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        // Let the entries of requests finishing in the same turn of the event loop join the batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    const groupMs = this.options.groupMs ?? 2;
    try {
      while (this.queue.length) {
        if (groupMs > 0 && this.queue.length < this.maxBatch && Date.now() - this.lastCommitAt < 1000) {
          await new Promise((resolve) => setTimeout(resolve, groupMs));
        }
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          await this.prepare();
          const records = await this.commitOrSplit(batch.map((w) => w.entry));
          this.lastCommitAt = Date.now();
          batch.forEach((w, i) => (records[i] instanceof Error ? w.reject(records[i]) : w.resolve(records[i] as AuditRecord)));
        } catch (err) {
          this.options.onError?.(err, batch.length);
          for (const w of batch) w.reject(err);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  /** Commits the batch; when one entry's data is refused, commits the others one by one. */
  private async commitOrSplit(entries: AuditEntry[]): Promise<(AuditRecord | Error)[]> {
    try {
      return await this.commit(entries);
    } catch (err) {
      if (!isDataError(err) || entries.length === 1) throw err;
    }
    const out: (AuditRecord | Error)[] = [];
    for (const e of entries)
      out.push(
        await this.commit([e]).then(
          (r) => r[0],
          (err: Error) => (isDataError(err) ? err : Promise.reject(err)),
        ),
      );
    return out;
  }

  /** Chains the entries after `head`, numbering on from it. */
  private chain(entries: AuditEntry[], head: { seq: bigint; hash: string }): AuditRecord[] {
    let seq = head.seq;
    let prev = head.hash;
    return entries.map((entry) => {
      seq += 1n;
      const record = seal(entry, seq.toString(), prev);
      prev = record.hash;
      return record;
    });
  }

  /** Commits the batch: in one statement after the head this writer knows, else the long way. */
  private async commit(entries: AuditEntry[]): Promise<AuditRecord[]> {
    const head = this.head;
    if (head && Date.now() >= this.contendedUntil) {
      // Forgotten until the commit is known to have succeeded: an answer lost on the wire leaves the head unknown.
      this.head = undefined;
      const records = this.chain(entries, head);
      const client: PoolClient = await this.pool.connect();
      let healthy = true;
      try {
        const insert = insertStatement(records, true);
        await client.query(insert.text, insert.values);
        this.remember(records);
        this.options.onCommit?.(1, records.length);
        return records;
      } catch (err) {
        this.options.onCommit?.(1, 0);
        const state = sqlState(err);
        healthy = state !== undefined;
        // Refused data inserts nothing: the head still stands.
        if (state?.startsWith('22')) this.head = head;
        // Another writer extended the chain: read the head under the lock and chain after it.
        if (state !== '23505') throw err;
        this.contendedUntil = Date.now() + CONTENTION_MS;
      } finally {
        client.release(!healthy);
      }
    }
    return this.commitLocked(entries);
  }

  private remember(records: AuditRecord[]): void {
    const last = records[records.length - 1];
    this.head = { seq: BigInt(last.seq), hash: last.hash };
  }

  /** One transaction: lock the chain, read its head, insert the batch chained after it. */
  private async commitLocked(entries: AuditEntry[]): Promise<AuditRecord[]> {
    const client: PoolClient = await this.pool.connect();
    let healthy = true;
    try {
      // One round trip for the three: a simple query may hold several statements (no parameters).
      const opened = (await client.query(
        `BEGIN; SELECT pg_advisory_xact_lock(${CHAIN_LOCK[0]}, ${CHAIN_LOCK[1]}); SELECT seq, hash FROM ${AUDIT_TABLE} ORDER BY seq DESC LIMIT 1`,
      )) as unknown as QueryResult<{ seq: string; hash: string }>[];
      const row = opened[2].rows[0];
      const records = this.chain(entries, { seq: BigInt(row?.seq ?? 0), hash: row?.hash ?? GENESIS_HASH });
      const insert = insertStatement(records, false);
      await client.query(insert.text, insert.values);
      await client.query('COMMIT');
      this.remember(records);
      this.options.onCommit?.(5, records.length);
      return records;
    } catch (err) {
      this.options.onCommit?.(5, 0);
      // A connection that cannot even roll back is broken: it is not given back to the pool.
      healthy = await client.query('ROLLBACK').then(
        () => true,
        () => false,
      );
      throw err;
    } finally {
      client.release(!healthy);
    }
  }

  /**
   * Waits for queued entries to be committed (or refused), runs `beforeEnd` (the shutdown checkpoint,
   * which must see the last records) and closes the pool.
   */
  async close(beforeEnd?: () => Promise<unknown>): Promise<void> {
    this.closed = true;
    while (this.flushing || this.queue.length) await new Promise((r) => setTimeout(r, 10));
    try {
      await beforeEnd?.();
    } finally {
      await this.pool.end();
    }
  }
}
