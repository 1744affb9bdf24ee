import type { Logger } from '../logger';
import type { AuditEntry, RefusalAggregate } from './record';
import { anonymousEntry, storable } from './record';

/**
 * Refusals before authentication, audited in aggregate: counted in memory per client address and
 * minute, and written as one audit record each (outcome `refused`, no principal, the counts in
 * `refusals`) when the minute closes, through the same writer as every record, so they are durable
 * and in the hash chain. At shutdown what is still open is written too; a write that fails is kept
 * and tried again at the next minute, and what cannot be written at shutdown is logged whole.
 *
 * Memory is bounded: past `maxOpen` aggregates the refusals of new addresses are counted under the
 * address `*` for their minute, so a flood from many addresses still costs one record per minute.
 */
export interface RefusalTallyOptions {
  /** Aggregates held at most (addresses x open minutes). @default 10_000 */
  maxOpen?: number;
  logger?: Logger;
  /** The clock. @default Date.now */
  now?: () => number;
}

/** The address under which refusals are counted once `maxOpen` aggregates are held. */
export const OTHER_ADDRESSES = '*';

/** Distinct reasons kept per aggregate; more are counted as `other`. */
const MAX_REASONS = 20;

const MINUTE_MS = 60_000;

/** Marks an error whose refusal the tally has counted: the audit plugin writes no record of its own for it. */
export const COUNTED = Symbol('refusal counted in aggregate');

export function markCounted<E extends object>(error: E): E {
  Object.defineProperty(error, COUNTED, { value: true, enumerable: false });
  return error;
}

export const isCounted = (error: unknown): boolean => Boolean(error && (error as Record<symbol, unknown>)[COUNTED]);

export class RefusalTally {
  private readonly open = new Map<string, RefusalAggregate>();
  private readonly maxOpen: number;
  private readonly now: () => number;
  private write: ((entry: AuditEntry) => Promise<unknown>) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly options: RefusalTallyOptions = {}) {
    this.maxOpen = options.maxOpen ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Aggregates held now. */
  get size(): number {
    return this.open.size;
  }

  /** Counts one refusal of `address`, answered with `code`, for `reason`. Not counted before `start` (the trail is off). */
  count(address: string, code: string, reason: string): void {
    if (!this.write) return;
    const minute = new Date(Math.floor(this.now() / MINUTE_MS) * MINUTE_MS).toISOString();
    let key = `${minute} ${address}`;
    let aggregate = this.open.get(key);
    if (!aggregate) {
      if (this.open.size >= this.maxOpen) {
        address = OTHER_ADDRESSES;
        key = `${minute} ${address}`;
        aggregate = this.open.get(key);
      }
      if (!aggregate) {
        aggregate = { address: storable(address.slice(0, 100)), minute, count: 0, codes: {}, reasons: {} };
        this.open.set(key, aggregate);
      }
    }
    aggregate.count += 1;
    aggregate.codes[code] = (aggregate.codes[code] ?? 0) + 1;
    const kept = reason in aggregate.reasons || Object.keys(aggregate.reasons).length < MAX_REASONS ? reason : 'other';
    aggregate.reasons[kept] = (aggregate.reasons[kept] ?? 0) + 1;
  }

  /** Starts counting; each minute, once it has closed, its aggregates are written with `write`. */
  start(write: (entry: AuditEntry) => Promise<unknown>): void {
    this.write = write;
    const tick = () => {
      // A second past the boundary, so a refusal counted as the minute turns is in its minute's record.
      const wait = MINUTE_MS - (this.now() % MINUTE_MS) + 1000;
      this.timer = setTimeout(() => {
        void this.flush(false);
        tick();
      }, wait);
      this.timer.unref();
    };
    tick();
  }

  /** Writes the aggregates of closed minutes (all of them with `all`), one record each; a failed one stays for the next try. */
  flush(all: boolean): Promise<void> {
    const run = this.flushing.then(() => this.flushNow(all));
    this.flushing = run.catch(() => undefined);
    return run;
  }

  private async flushNow(all: boolean): Promise<void> {
    const write = this.write;
    if (!write) return;
    const current = new Date(Math.floor(this.now() / MINUTE_MS) * MINUTE_MS).toISOString();
    const due = [...this.open].filter(([, a]) => all || a.minute < current);
    for (const [key] of due) this.open.delete(key);
    const results = await Promise.allSettled(due.map(([, aggregate]) => write(entryOf(aggregate))));
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') return;
      const [key, aggregate] = due[i];
      const later = this.open.get(key);
      // Refusals counted meanwhile under the same key join the unwritten ones.
      this.open.set(key, later ? merge(aggregate, later) : aggregate);
      this.options.logger?.error(
        { err: (r.reason as Error)?.message, refusals: aggregate },
        all
          ? 'refusals aggregate could not be written at shutdown; kept here in the log'
          : 'refusals aggregate not written; retried at the next minute',
      );
    });
  }

  /** Stops the minute timer and writes every aggregate, the open minute's too. */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    await this.flush(true);
    this.write = undefined;
  }
}

function merge(a: RefusalAggregate, b: RefusalAggregate): RefusalAggregate {
  const add = (x: Record<string, number>, y: Record<string, number>) => {
    const out = { ...x };
    for (const [k, n] of Object.entries(y)) out[k] = (out[k] ?? 0) + n;
    return out;
  };
  return { ...a, count: a.count + b.count, codes: add(a.codes, b.codes), reasons: add(a.reasons, b.reasons) };
}

/** The audit record of one aggregate: at the minute's start, refused, no principal. */
export function entryOf(aggregate: RefusalAggregate): AuditEntry {
  return anonymousEntry({
    at: aggregate.minute,
    outcome: 'refused',
    errorCodes: Object.keys(aggregate.codes).sort(),
    refusals: aggregate,
  });
}
