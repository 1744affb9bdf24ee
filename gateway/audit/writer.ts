import type { Pool, PoolClient, QueryResult } from 'pg';
import { AUDIT_TABLE } from '../../shared/federation-db';
import { AuditEntry, AuditRecord, GENESIS_HASH, seal } from './record';

/**
 * The batching writer: a response waits until its record is committed, and commits are shared.
 * Requests enqueue their entries; one transaction at a time takes what has queued (up to
 * `maxBatch`), takes the chain's advisory lock, reads the last hash, chains the batch and inserts it
 * in one statement; on commit every waiting request resumes. Under load batches grow by themselves
 * (entries queue while a commit is in flight), at low load a record is committed alone at once.
 *
 * The lock is what keeps one chain when many gateway processes share the table. When the store is
 * unreachable every waiting entry is rejected (the plugin answers AUDIT_UNAVAILABLE); the next entry
 * tries again with a fresh connection, so service resumes by itself when the store is back.
 */
export interface AuditWriterOptions {
  /** Entries per transaction, at most. @default 500 */
  maxBatch?: number;
  /** Told about a failed commit (the requests are answered AUDIT_UNAVAILABLE anyway). */
  onError?: (err: unknown, entries: number) => void;
}

/** The chain's writer lock (two int4 keys: 'tgau', 'dit!'). */
const CHAIN_LOCK = [0x74676175, 0x64697421] as const;

const COLUMNS = [
  'seq',
  'at',
  'request_id',
  'subject',
  'role',
  'bank',
  'purpose',
  'operation_name',
  'document_hash',
  'variables',
  'taxpayers',
  'vouchers',
  'outcome',
  'error_codes',
  'duration_ms',
  'prev_hash',
  'hash',
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
  ];
}

function insertStatement(records: AuditRecord[]): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const tuples = records.map((r) => {
    const row = rowOf(r);
    const placeholders = row.map((v, i) => {
      values.push(v);
      return COLUMNS[i] === 'variables' ? `$${values.length}::jsonb` : `$${values.length}`;
    });
    return `(${placeholders.join(', ')})`;
  });
  return { text: `INSERT INTO ${AUDIT_TABLE} (${COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}`, values };
}

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
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          await this.prepare();
          const records = await this.commitOrSplit(batch.map((w) => w.entry));
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

  /** One transaction: lock the chain, read its head, insert the batch chained after it. */
  private async commit(entries: AuditEntry[]): Promise<AuditRecord[]> {
    const client: PoolClient = await this.pool.connect();
    let healthy = true;
    try {
      // One round trip for the three: a simple query may hold several statements (no parameters).
      const opened = (await client.query(
        `BEGIN; SELECT pg_advisory_xact_lock(${CHAIN_LOCK[0]}, ${CHAIN_LOCK[1]}); SELECT seq, hash FROM ${AUDIT_TABLE} ORDER BY seq DESC LIMIT 1`,
      )) as unknown as QueryResult<{ seq: string; hash: string }>[];
      const head = opened[2];
      let seq = BigInt(head.rows[0]?.seq ?? 0);
      let prev = head.rows[0]?.hash ?? GENESIS_HASH;
      const records = entries.map((entry) => {
        seq += 1n;
        const record = seal(entry, seq.toString(), prev);
        prev = record.hash;
        return record;
      });
      const insert = insertStatement(records);
      await client.query(insert.text, insert.values);
      await client.query('COMMIT');
      return records;
    } catch (err) {
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

  /** Waits for queued entries to be committed (or refused), then closes the pool. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.flushing || this.queue.length) await new Promise((r) => setTimeout(r, 10));
    await this.pool.end();
  }
}
