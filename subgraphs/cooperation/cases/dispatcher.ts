import { createHmac } from 'node:crypto';
import type { Knex } from 'knex';
import { Counter, Gauge, Registry } from 'prom-client';
import type { Logger } from '../../../shared/logger';
import type { OutboxRow } from './rows';
import { backoffMs, DEFAULT_WILDCARD, WebhookConfig, webhookUrl } from './webhooks';

/**
 * Delivers the case outbox (outbox.ts) to the offices' webhooks, at least once, from inside the
 * cooperation subgraph's process (started and stopped with it).
 *
 * Each poll claims up to BATCH due rows with `FOR UPDATE SKIP LOCKED` and, in the same short
 * transaction, leases them (next attempt pushed past the send timeout), so replicas polling the same
 * outbox never send one row at the same time, and a process that dies mid-send leaves its rows to be
 * claimed again once the lease runs out. The POSTs happen outside any transaction, a few at a time,
 * each bounded by the timeout (a receiver that hangs costs one timeout, not the dispatcher). A 2xx
 * marks the row delivered; anything else (an error status, a refused connection, a timeout) counts an
 * attempt and schedules the next after an exponential, jittered, capped backoff: forever, nothing is
 * dropped. Rows of an office without a URL are not claimed; they wait, counted as pending.
 *
 * The request: POST, `content-type: application/json`, the body as stored (the same bytes on every
 * attempt), `X-Taxgraph-Signature` = hex HMAC-SHA256 of the body with TAXGRAPH_WEBHOOK_SECRET,
 * `X-Taxgraph-Delivery-Id` = the outbox row's id (the same on every attempt: a receiver de-duplicates
 * on it), `X-Taxgraph-Event-Id` = the case event's id, `X-Taxgraph-Attempt` = 1, 2, ...
 */

/** Rows claimed per poll. */
const BATCH = 50;
/** Requests in flight at once. */
const CONCURRENCY = 8;
/** What is kept of a failure's reason. */
const MAX_ERROR = 500;

export const SIGNATURE_HEADER = 'x-taxgraph-signature';
export const DELIVERY_HEADER = 'x-taxgraph-delivery-id';
export const EVENT_HEADER = 'x-taxgraph-event-id';

/** The signature of a body: hex HMAC-SHA256 with the shared secret. */
export const signBody = (secret: string, body: string): string => createHmac('sha256', secret).update(body, 'utf8').digest('hex');

export interface DispatcherMetrics {
  delivered: Counter;
  failures: Counter;
}

/** The dispatcher's metrics, on the subgraph's /metrics. `pending` is counted in the outbox when scraped. */
export function dispatcherMetrics(registry: Registry, db: () => Knex, config: WebhookConfig | null): DispatcherMetrics {
  const delivered = new Counter({
    name: 'taxgraph_case_notifications_delivered_total',
    help: 'Case notifications delivered to an office webhook (answered 2xx).',
    registers: [registry],
  });
  const failures = new Counter({
    name: 'taxgraph_case_notification_failures_total',
    help: 'Failed attempts to deliver a case notification (non-2xx, refused, timed out); each is retried.',
    registers: [registry],
  });
  new Gauge({
    name: 'taxgraph_case_notifications_pending',
    help: 'Case notifications not delivered yet; routable = whether the office has a webhook URL (false: they wait for one).',
    labelNames: ['routable'] as const,
    registers: [registry],
    async collect() {
      try {
        const offices = config ? Object.keys(config.urls) : [];
        const wildcard = offices.includes(DEFAULT_WILDCARD);
        const [row] = (
          await db().raw(
            `SELECT count(*) FILTER (WHERE ? OR office = ANY(?::text[]))::int AS routable, count(*)::int AS total
               FROM case_outbox WHERE delivered_at IS NULL`,
            [wildcard, offices],
          )
        ).rows as { routable: number; total: number }[];
        this.set({ routable: 'true' }, row.routable);
        this.set({ routable: 'false' }, row.total - row.routable);
      } catch {
        // The store unreachable or not migrated: the gauge keeps its last value; the health route tells the rest.
      }
    },
  });
  return { delivered, failures };
}

export interface DispatcherOptions {
  /** The cases' writable pool. */
  db: Knex;
  config: WebhookConfig;
  logger: Logger;
  metrics: DispatcherMetrics;
  /** Run before each poll until it succeeds once (the runtime migrates the store there). */
  prepare?: () => Promise<void>;
}

export interface Dispatcher {
  /** Claims and sends one batch now; resolves with how many rows it claimed (tests and the loop use it). */
  pollOnce(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts the loop: a full batch polls again at once, a partial one waits `pollMs`. */
export function startDispatcher(opts: DispatcherOptions): Dispatcher {
  const { db, config, logger, metrics } = opts;
  const offices = Object.keys(config.urls);
  const wildcard = offices.includes(DEFAULT_WILDCARD);
  // Long enough that a row is never claimed again while its request may still be running.
  const leaseMs = config.timeoutMs + 30_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;

  async function claim(): Promise<OutboxRow[]> {
    return db.transaction(async (trx) => {
      const rows = (
        await trx.raw(
          `SELECT id::text, event_id::text, office, payload::text AS payload, attempts
             FROM case_outbox
            WHERE delivered_at IS NULL AND next_attempt_at <= now() AND (? OR office = ANY(?::text[]))
            ORDER BY next_attempt_at, id
            LIMIT ?
            FOR UPDATE SKIP LOCKED`,
          [wildcard, offices, BATCH],
        )
      ).rows as OutboxRow[];
      if (rows.length)
        await trx.raw(`UPDATE case_outbox SET next_attempt_at = now() + (? * interval '1 millisecond') WHERE id = ANY(?::bigint[])`, [
          leaseMs,
          rows.map((r) => r.id),
        ]);
      return rows;
    });
  }

  async function send(row: OutboxRow): Promise<void> {
    const url = webhookUrl(config, row.office)!;
    const attempt = row.attempts + 1;
    let error: string | null = null;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signBody(config.secret, row.payload),
          [DELIVERY_HEADER]: row.id,
          [EVENT_HEADER]: row.event_id,
          'x-taxgraph-attempt': String(attempt),
        },
        body: row.payload,
        redirect: 'manual',
        signal: AbortSignal.timeout(config.timeoutMs),
      });
      // The answer's body is not needed; reading it frees the connection (bounded by the same timeout).
      await res.arrayBuffer().catch(() => undefined);
      if (res.status < 200 || res.status > 299) error = `HTTP ${res.status}`;
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      error = e.name === 'TimeoutError' ? `no answer within ${config.timeoutMs} ms` : (e.cause?.code ?? e.cause?.message ?? e.message);
    }
    if (error === null) {
      await db('case_outbox').where({ id: row.id }).update({ delivered_at: db.fn.now(), attempts: attempt, last_error: null });
      metrics.delivered.inc();
      return;
    }
    metrics.failures.inc();
    const wait = backoffMs(attempt, config.maxBackoffMs);
    await db.raw(
      `UPDATE case_outbox SET attempts = ?, last_error = ?, next_attempt_at = now() + (? * interval '1 millisecond') WHERE id = ?`,
      [attempt, error.slice(0, MAX_ERROR), wait, row.id],
    );
    logger.debug({ delivery: row.id, office: row.office, attempt, error, retryInMs: wait }, 'case notification not delivered; will retry');
  }

  async function pollOnce(): Promise<number> {
    const rows = await claim();
    for (let i = 0; i < rows.length; i += CONCURRENCY) await Promise.all(rows.slice(i, i + CONCURRENCY).map(send));
    return rows.length;
  }

  const loop = (async () => {
    while (!stopped) {
      let claimed = 0;
      try {
        await opts.prepare?.();
        claimed = await pollOnce();
      } catch (err) {
        logger.warn({ err }, 'case notifications: the outbox could not be polled; trying again');
      }
      if (stopped || claimed >= BATCH) continue;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, config.pollMs);
      });
    }
  })();

  return {
    pollOnce,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      wake?.();
      await loop;
    },
  };
}
