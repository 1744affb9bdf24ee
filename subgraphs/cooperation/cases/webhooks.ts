import { readFileSync } from 'node:fs';

/**
 * Where each office's case notifications go, and how they are signed, from the environment:
 * - `TAXGRAPH_OFFICE_WEBHOOKS`: a JSON object, office code -> webhook URL (http or https); the key
 *   `*` is the URL of every office not listed. Or `TAXGRAPH_OFFICE_WEBHOOKS_FILE`: a path to such a
 *   JSON file (for a secret store or a config map). Not both.
 * - `TAXGRAPH_WEBHOOK_SECRET`: the HMAC-SHA256 key of `X-Taxgraph-Signature`, at least 32 characters;
 *   required as soon as one webhook is configured.
 * - `TAXGRAPH_WEBHOOK_POLL_MS` (default 2000), `TAXGRAPH_WEBHOOK_TIMEOUT_MS` (default 10000),
 *   `TAXGRAPH_WEBHOOK_MAX_BACKOFF_MS` (default 600000): how often the outbox is polled, how long a
 *   receiver may take to answer, and the longest wait between two attempts.
 * An office without a URL keeps its notifications waiting (counted as pending, never dropped), so a
 * URL configured later gets all of them.
 */
export interface WebhookConfig {
  /** Office code -> URL; `*` for every other office. */
  urls: Readonly<Record<string, string>>;
  secret: string;
  pollMs: number;
  timeoutMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_WILDCARD = '*';
/** An office a notification can go to: a tax office (11 digits), a registry authority (6-digit division), or `*`. */
const OFFICE_KEY = /^(\d{11}|\d{6}|\*)$/;

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer between ${min} and ${max}, got '${raw}'`);
  return n;
}

/** The configuration, checked; null when no webhook is configured (then nothing is sent, everything waits). */
export function webhookConfigFromEnv(env: NodeJS.ProcessEnv = process.env): WebhookConfig | null {
  const inline = env.TAXGRAPH_OFFICE_WEBHOOKS?.trim();
  const file = env.TAXGRAPH_OFFICE_WEBHOOKS_FILE?.trim();
  if (inline && file) throw new Error('Set TAXGRAPH_OFFICE_WEBHOOKS or TAXGRAPH_OFFICE_WEBHOOKS_FILE, not both');
  const text = inline || (file ? readFileSync(file, 'utf8') : '');
  const from = inline ? 'TAXGRAPH_OFFICE_WEBHOOKS' : `TAXGRAPH_OFFICE_WEBHOOKS_FILE (${file})`;
  if (!text.trim()) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`${from} is not JSON: ${(err as Error).message}`, { cause: err });
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error(`${from} must be a JSON object of office code -> webhook URL`);
  const urls: Record<string, string> = {};
  for (const [office, url] of Object.entries(parsed as Record<string, unknown>)) {
    if (!OFFICE_KEY.test(office))
      throw new Error(`${from}: '${office}' is not an office code (11 digits, a 6-digit registry authority, or *)`);
    let ok: boolean;
    try {
      ok = typeof url === 'string' && ['http:', 'https:'].includes(new URL(url).protocol);
    } catch {
      ok = false;
    }
    if (!ok) throw new Error(`${from}: the URL of office ${office} must be an http(s) URL`);
    urls[office] = url as string;
  }
  if (!Object.keys(urls).length) return null;
  const secret = env.TAXGRAPH_WEBHOOK_SECRET ?? '';
  if (secret.length < 32)
    throw new Error(
      'TAXGRAPH_WEBHOOK_SECRET must be set to at least 32 characters when office webhooks are configured (it signs every notification)',
    );
  return {
    urls,
    secret,
    pollMs: positive(env, 'TAXGRAPH_WEBHOOK_POLL_MS', 2000, 50, 3_600_000),
    timeoutMs: positive(env, 'TAXGRAPH_WEBHOOK_TIMEOUT_MS', 10_000, 100, 300_000),
    maxBackoffMs: positive(env, 'TAXGRAPH_WEBHOOK_MAX_BACKOFF_MS', 600_000, 1000, 86_400_000),
  };
}

/** The URL of an office's webhook: its own, else the `*` default, else none. */
export const webhookUrl = (config: WebhookConfig, office: string): string | undefined =>
  config.urls[office] ?? config.urls[DEFAULT_WILDCARD];

/**
 * The wait before attempt `attempts + 1`, milliseconds: exponential from 1 s, capped, with "equal
 * jitter" (half fixed, half random), so receivers coming back up are not hit by every replica at once.
 */
export function backoffMs(attempts: number, maxMs: number, random: () => number = Math.random): number {
  const exp = Math.min(maxMs, 1000 * 2 ** Math.min(30, Math.max(0, attempts - 1)));
  return Math.round(exp / 2 + random() * (exp / 2));
}
