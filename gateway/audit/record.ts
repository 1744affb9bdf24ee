import { createHash, randomUUID } from 'node:crypto';

/**
 * One audit record, and the hash chain over them. Each record's hash covers the previous record's
 * hash and a canonical serialization of its own fields, so changing, deleting or reordering any
 * record breaks every hash after it; `npm run audit:verify` walks the chain. The writer and the
 * verifier share this file so they cannot disagree on the serialization.
 */
export type AuditOutcome = 'ok' | 'partial' | 'error' | 'refused';

/** What the gateway knows about an operation when it answers (before the chain numbers it). */
export interface AuditEntry {
  /** When the request started, ISO 8601 in UTC with milliseconds (what a timestamptz keeps exactly). */
  at: string;
  requestId: string;
  /** The caller's subject (JWT `sub`); null when the caller was refused before being identified. */
  subject: string | null;
  role: string | null;
  /** A bank's 12-digit code, for role bank. */
  bank: string | null;
  /** Why the caller reads the data (header X-Purpose). */
  purpose: string | null;
  operationName: string | null;
  /** SHA-256 (hex) of the operation document as received. */
  documentHash: string | null;
  /** The operation's variables, personal data masked (redact.ts); JSON. */
  variables: unknown;
  /** USCCs of the taxpayers whose data the response carried, sorted. */
  taxpayers: string[];
  /** Payments the response carried, as `taxOfficeCode:voucherNo`, sorted. */
  vouchers: string[];
  outcome: AuditOutcome;
  /** `extensions.code` of every error in the response, in order of first appearance. */
  errorCodes: string[];
  durationMs: number;
  /**
   * The writes a mutation asked for (./writes.ts: each mutation with its arguments verbatim and
   * whether it was applied); null for every other operation. JSON.
   */
  changes?: unknown;
  /**
   * The operation's trace (OpenTelemetry, 32 hex digits) when tracing is on; null or absent otherwise,
   * and in every record written before the column (migration 0006).
   */
  traceId?: string | null;
  /**
   * Refusals before authentication, counted together: one record per client address and minute
   * (./refusals.ts) instead of one per refused request; null in every other record. JSON.
   */
  refusals?: RefusalAggregate | null;
}

/** What one aggregate record counts: the refusals of one client address in one minute. */
export interface RefusalAggregate {
  /** The client address (the socket's, or X-Forwarded-For's behind trusted proxies). */
  address: string;
  /** The minute's start, ISO 8601 in UTC (the record's `at` is the same instant). */
  minute: string;
  /** Requests refused. */
  count: number;
  /** How they were answered: `UNAUTHENTICATED` (401) within the address's budget, `RATE_LIMITED` (429) past it. */
  codes: Record<string, number>;
  /** Why no caller was identified: `no token`, `not a bearer token`, `expired token`, `invalid token`. */
  reasons: Record<string, number>;
}

/**
 * The record of a request refused before anyone was identified (no principal, no operation): what
 * is known is when, how it ended and why. Its own request id, since none was given to it.
 */
export function anonymousEntry(fields: Pick<AuditEntry, 'at' | 'outcome' | 'errorCodes'> & Partial<AuditEntry>): AuditEntry {
  return {
    requestId: randomUUID(),
    subject: null,
    role: null,
    bank: null,
    purpose: null,
    operationName: null,
    documentHash: null,
    variables: null,
    taxpayers: [],
    vouchers: [],
    durationMs: 0,
    ...fields,
  };
}

/** A record as stored: numbered and chained. */
export interface AuditRecord extends AuditEntry {
  /** Position in the chain, from 1, without gaps (int8, kept as a string). */
  seq: string;
  prevHash: string;
  hash: string;
}

/** The previous hash of the first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** A JSON value with object keys sorted at every level, so equal values serialize to equal text. */
export function canonicalJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalJson);
  if (value && typeof value === 'object') {
    // Object.fromEntries defines own properties, so a key such as "__proto__" stays a plain key.
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonicalJson((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/**
 * The text the hash covers: the fields in a fixed order, as one JSON array. `changes` (added with the
 * graph's first writes), the trace id (added with tracing) and `refusals` (an aggregate of refusals
 * before authentication, ./refusals.ts) come after them in that order, up to the last one set, with
 * null in the place of one not set before it: every record written before these columns still hashes
 * as it did, and a value's place in the array tells which column it came from.
 */
export function canonicalRecord(r: AuditEntry & { seq: string }): string {
  const optional = [
    r.changes === undefined || r.changes === null ? null : canonicalJson(r.changes),
    r.traceId ?? null,
    r.refusals === undefined || r.refusals === null ? null : canonicalJson(r.refusals),
  ];
  while (optional.length > 0 && optional[optional.length - 1] === null) optional.pop();
  const tail = optional;
  return JSON.stringify([
    r.seq,
    r.at,
    r.requestId,
    r.subject,
    r.role,
    r.bank,
    r.purpose,
    r.operationName,
    r.documentHash,
    canonicalJson(r.variables ?? null),
    r.taxpayers,
    r.vouchers,
    r.outcome,
    r.errorCodes,
    r.durationMs,
    ...tail,
  ]);
}

export function recordHash(prevHash: string, r: AuditEntry & { seq: string }): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalRecord(r)).digest('hex');
}

/** Numbers and chains an entry after the record whose hash is `prevHash`. */
export function seal(entry: AuditEntry, seq: string, prevHash: string): AuditRecord {
  const numbered = { ...entry, seq };
  return { ...numbered, prevHash, hash: recordHash(prevHash, numbered) };
}

/**
 * Strings PostgreSQL can store as sent: no NUL character (text and jsonb refuse it) and no lone
 * surrogate (the driver would turn it into U+FFFD, and the stored text would no longer hash the same).
 */
export function storable(s: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = s.includes('\u0000') ? s.replace(/\u0000/g, '\uFFFD') : s;
  return (clean as string & { toWellFormed?: () => string }).toWellFormed?.() ?? clean;
}

/** Variables larger than this (as JSON text) are replaced by a note of their size. */
export const MAX_VARIABLES_CHARS = 16_384;

/**
 * A JSON value made storable: strings cleaned, nesting past `depth` cut, what JSON cannot say
 * dropped (a JSON round trip: what the database keeps), and an oversized value replaced by its size.
 */
export function storableJson(value: unknown, depth = 32, maxChars = MAX_VARIABLES_CHARS): unknown {
  const walk = (v: unknown, d: number): unknown => {
    if (typeof v === 'string') return storable(v);
    if (v === null || typeof v !== 'object') return v;
    if (d >= depth) return '[too deep]';
    if (Array.isArray(v)) return v.map((x) => walk(x, d + 1));
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [storable(k), walk(x, d + 1)]));
  };
  const text = JSON.stringify(walk(value, 0));
  if (text === undefined) return null;
  if (text.length > maxChars) return { '[truncated]': true, chars: text.length };
  return JSON.parse(text);
}
