import { HeaderMap } from '@apollo/server';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { taxgraphError } from '../../shared/errors';

/**
 * The edge's limit on refusals before authentication, per client address. A request without a valid
 * token is refused (401) before anyone is known, and every refusal used to be an audit record: a flood
 * of anonymous requests was a flood of durable writes. Each address may be refused so many times a
 * minute (a token bucket, refilled continuously); past that its refusals are answered 429 without
 * verifying anything. Authenticated requests never spend this budget, so a client whose tokens are
 * valid keeps its pace even when it shares an address with a flood.
 *
 * Without REDIS_URL the counts are this process's token buckets (below). With it, a fleet of
 * gateways shares each address's budget in Redis (./shared-address-limit.ts), so an address gets one
 * budget behind a load balancer, not one per gateway; the audit trail's cost stays one aggregate row
 * per address, minute and gateway.
 */
export interface AddressLimitConfig {
  /** Refusals before authentication per client address and minute (RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE); 0 switches the limit off. @default 600 */
  perMinute: number;
  /**
   * Proxies in front of the gateway whose X-Forwarded-For is believed (TRUST_PROXY_HOPS): 0 reads the
   * socket's address and ignores the header, which any client can write. @default 0
   */
  trustProxyHops: number;
  /** Addresses tracked at most; the least recently seen is forgotten first. @default 100_000 */
  maxAddresses: number;
}

export const DEFAULT_ADDRESS_LIMIT: AddressLimitConfig = { perMinute: 600, trustProxyHops: 0, maxAddresses: 100_000 };

/** IPv4 addresses as IPv6 sockets report them (`::ffff:127.0.0.1`) read as the IPv4 address. */
function plain(address: string): string {
  const a = address.trim();
  return a.startsWith('::ffff:') && isIP(a.slice(7)) === 4 ? a.slice(7) : a;
}

/**
 * The client's address: the socket's peer, or with `trustProxyHops` = N the address N hops back in
 * X-Forwarded-For (each trusted proxy appends the address it was called from, so the Nth entry from
 * the right was written by the outermost trusted proxy; entries left of it are the client's word).
 * A header shorter than N gives its leftmost entry; an entry that is not an IP address gives the socket's.
 */
export function clientAddress(req: Pick<IncomingMessage, 'headers' | 'socket'>, trustProxyHops: number): string {
  const socket = plain(req.socket?.remoteAddress ?? 'unknown');
  if (trustProxyHops <= 0) return socket;
  const raw = req.headers['x-forwarded-for'];
  const header = Array.isArray(raw) ? raw.join(',') : raw;
  if (!header) return socket;
  const hops = header
    .split(',')
    .map(plain)
    .filter((a) => a !== '');
  // The socket is the innermost proxy: the header's last entry is one hop back from it.
  const candidates = hops.slice(Math.max(0, hops.length - trustProxyHops));
  const chosen = candidates[0];
  return chosen && isIP(chosen) ? chosen : socket;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** What the limiter decided for one refusal: within the budget (answered as refused), or past it. */
export type AddressVerdict = { limited: false } | { limited: true; retryAfterSeconds: number };

/** Token buckets per client address, bounded in this process's memory (the limit without REDIS_URL). */
export class AddressLimiter {
  private readonly buckets = new Map<string, Bucket>();
  /** Tokens regained per millisecond. */
  private readonly rate: number;

  constructor(
    private readonly config: Pick<AddressLimitConfig, 'perMinute' | 'maxAddresses'>,
    private readonly now: () => number = Date.now,
  ) {
    this.rate = config.perMinute / 60_000;
  }

  get enabled(): boolean {
    return this.config.perMinute > 0;
  }

  /** Addresses tracked now. */
  get size(): number {
    return this.buckets.size;
  }

  private refilled(address: string): Bucket | undefined {
    const bucket = this.buckets.get(address);
    if (!bucket) return undefined;
    const now = this.now();
    bucket.tokens = Math.min(this.config.perMinute, bucket.tokens + (now - bucket.at) * this.rate);
    bucket.at = now;
    return bucket;
  }

  /** Whether the address has spent its budget: such a request is answered 429 before any work. */
  exhausted(address: string): AddressVerdict {
    if (!this.enabled) return { limited: false };
    const bucket = this.refilled(address);
    if (!bucket || bucket.tokens >= 1) return { limited: false };
    return { limited: true, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.rate / 1000)) };
  }

  /** Spends one refusal of the address's budget; past it, the refusal becomes a 429. */
  spend(address: string): AddressVerdict {
    if (!this.enabled) return { limited: false };
    let bucket = this.refilled(address);
    if (bucket) {
      // Most recently seen last: Map keeps insertion order, so the first key is the one to forget.
      this.buckets.delete(address);
    } else {
      bucket = { tokens: this.config.perMinute, at: this.now() };
      while (this.buckets.size >= this.config.maxAddresses) this.buckets.delete(this.buckets.keys().next().value as string);
    }
    this.buckets.set(address, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { limited: false };
    }
    return { limited: true, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.rate / 1000)) };
  }
}

/** The answer past the budget: RATE_LIMITED, 429, with Retry-After. */
export function addressRateLimited(perMinute: number, retryAfterSeconds: number) {
  return taxgraphError(
    'RATE_LIMITED',
    `Too many unauthenticated requests from this address: ${perMinute} refusals a minute are answered; retry in ${retryAfterSeconds} s with a valid token`,
    {
      limit: perMinute,
      retryAfter: retryAfterSeconds,
      http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) },
    },
  );
}
