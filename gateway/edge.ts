import type { GraphQLError } from 'graphql';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError } from '../shared/http';
import { markCounted, RefusalTally } from './audit/refusals';
import { AddressLimitConfig, addressRateLimited, AddressLimiter, clientAddress } from './limits/address-limit';
import type { RateLimitConfig } from './limits/rate-limit';
import { SharedAddressLimiter } from './limits/shared-address-limit';
import type { Logger } from './logger';
import type { GatewayMetrics } from './metrics';

/** The Authorization header as the authenticator reads it (gateway/auth/authenticate.ts). */
const BEARER = /^Bearer\s+([\w-]+\.[\w-]+\.[\w-]*)$/i;

/** Why a request was not authenticated, in the words its aggregate counts it by. */
export function refusalReason(req: Pick<IncomingMessage, 'headers'>, error?: GraphQLError): string {
  const header = req.headers.authorization;
  if (!header) return 'no token';
  if (typeof header !== 'string' || !BEARER.test(header.trim())) return 'not a bearer token';
  return error && /expired/i.test(error.message) ? 'expired token' : 'invalid token';
}

/**
 * The gateway's edge, before anyone is known: a refusal of a request that did not authenticate is
 * spent from its client address's budget (./limits/address-limit.ts) and counted in that address's
 * aggregate for the minute (./audit/refusals.ts), never written as a record of its own. Within the
 * budget it is answered 401 as before; past it 429 RATE_LIMITED with Retry-After. A request carrying
 * no token at all from an address past its budget is answered before its body is read (`admit`): no
 * parse, no verification. One that carries a token is still verified (a token the gateway verified
 * lately costs a map lookup), so a client with a valid token is served whatever its address has sent.
 *
 * With REDIS_URL the budget is the fleet's (./limits/shared-address-limit.ts), from `start()` on;
 * without it, each process's own token buckets.
 */
export class Edge {
  private limiter: AddressLimiter | SharedAddressLimiter;
  readonly refusals: RefusalTally;

  constructor(
    private readonly config: AddressLimitConfig,
    private readonly metrics: Pick<GatewayMetrics, 'unauthenticatedRefusals' | 'errors'>,
    private readonly logger: Logger,
    private readonly store: Pick<RateLimitConfig, 'redisUrl' | 'keyPrefix'> = { keyPrefix: 'taxgraph:rate' },
  ) {
    this.limiter = new AddressLimiter(config);
    this.refusals = new RefusalTally({ logger });
  }

  /** Connects the shared budget to Redis when REDIS_URL is set (before the gateway listens). */
  async start(): Promise<void> {
    const { redisUrl, keyPrefix } = this.store;
    if (redisUrl && this.config.perMinute > 0) {
      this.limiter = await SharedAddressLimiter.start(this.config, { redisUrl, keyPrefix }, this.logger);
    }
  }

  async stop(): Promise<void> {
    if (this.limiter instanceof SharedAddressLimiter) await this.limiter.stop();
  }

  /** Answers a request from an address past its budget that carries no token: true when it has been answered. */
  admit(req: IncomingMessage, res: ServerResponse): boolean {
    if (!this.limiter.enabled) return false;
    const reason = refusalReason(req);
    if (reason !== 'no token' && reason !== 'not a bearer token') return false;
    const address = clientAddress(req, this.config.trustProxyHops);
    const verdict = this.limiter.exhausted(address);
    if (!verdict.limited) return false;
    this.count(address, 'RATE_LIMITED', reason);
    this.metrics.errors.inc({ code: 'RATE_LIMITED' });
    const error = addressRateLimited(this.config.perMinute, verdict.retryAfterSeconds);
    res.setHeader('retry-after', String(verdict.retryAfterSeconds));
    sendError(res, 429, 'RATE_LIMITED', error.message, { limit: this.config.perMinute, retryAfter: verdict.retryAfterSeconds });
    return true;
  }

  /** The error to answer a failed authentication with (401, or 429 past the address's budget), counted in aggregate. */
  async refuse(req: IncomingMessage, error: GraphQLError): Promise<GraphQLError> {
    const address = clientAddress(req, this.config.trustProxyHops);
    const verdict = await this.limiter.spend(address);
    const answer = verdict.limited ? addressRateLimited(this.config.perMinute, verdict.retryAfterSeconds) : error;
    this.count(address, String(answer.extensions.code), refusalReason(req, error));
    return markCounted(answer);
  }

  private count(address: string, code: string, reason: string): void {
    this.refusals.count(address, code, reason);
    this.metrics.unauthenticatedRefusals.inc({ code });
  }
}
