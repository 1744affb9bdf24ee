import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Logger } from '../logger';
import type { AddressLimitConfig, AddressVerdict } from './address-limit';
import { connectRedis, RateLimitConfig } from './rate-limit';

/**
 * The per-address limit on refusals before authentication, shared by a fleet of gateways through
 * Redis (REDIS_URL), as the per-principal limits are: an address gets one budget whichever gateway
 * the balancer sends it to, not one per gateway. Fixed one-minute windows (rate-limiter-flexible,
 * keys `<RATE_LIMIT_PREFIX>:address:<address>`); when Redis is unreachable or slow, each process
 * counts in its own memory (the library's insurance limiter) until Redis is back, as the principal
 * limits do, rather than refusing or admitting everyone.
 *
 * Spending costs a Redis round trip per refused request, within the budget. Past it, this process
 * remembers the address as spent until its window ends (at most `maxAddresses` of them, the least
 * recently refused forgotten first): the next refusals from it, and `exhausted` (the check before a
 * tokenless request's body is read), are answered from that memory without asking Redis, so a flood
 * past the budget costs no Redis traffic. An address spent on another gateway is learnt here at its
 * first refusal.
 */
export class SharedAddressLimiter {
  /** Addresses this process saw past the fleet's budget, and until when (ms). */
  private readonly spent = new Map<string, number>();

  private constructor(
    private readonly config: Pick<AddressLimitConfig, 'perMinute' | 'maxAddresses'>,
    private readonly limiter: RateLimiterRedis,
    private readonly redis: Redis,
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {}

  static async start(
    config: Pick<AddressLimitConfig, 'perMinute' | 'maxAddresses'>,
    store: Pick<RateLimitConfig, 'keyPrefix'> & { redisUrl: string },
    logger: Logger,
    now: () => number = Date.now,
  ): Promise<SharedAddressLimiter> {
    const redis = await connectRedis(store.redisUrl, logger);
    // At 0 the limit is off and nothing is asked (rate-limiter-flexible refuses 0 points).
    const options = { points: Math.max(1, config.perMinute), duration: 60, keyPrefix: `${store.keyPrefix}:address` };
    const limiter = new RateLimiterRedis({
      ...options,
      storeClient: redis,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory(options),
    });
    return new SharedAddressLimiter(config, limiter, redis, logger, now);
  }

  get enabled(): boolean {
    return this.config.perMinute > 0;
  }

  /** Addresses remembered as spent now. */
  get size(): number {
    return this.spent.size;
  }

  /** Whether this process knows the address to have spent the fleet's budget (no Redis round trip). */
  exhausted(address: string): AddressVerdict {
    if (!this.enabled) return { limited: false };
    const until = this.spent.get(address);
    if (until === undefined) return { limited: false };
    const ms = until - this.now();
    if (ms <= 0) {
      this.spent.delete(address);
      return { limited: false };
    }
    return { limited: true, retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)) };
  }

  /** Spends one refusal of the address's budget, counted across the fleet; past it, the refusal becomes a 429. */
  async spend(address: string): Promise<AddressVerdict> {
    if (!this.enabled) return { limited: false };
    const known = this.exhausted(address);
    if (known.limited) return known;
    try {
      await this.limiter.consume(address);
      return { limited: false };
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) {
        // Both stores failed (the memory one does not): answer the refusal as it is rather than 429 everyone.
        this.logger.error({ err: res }, 'address limiter failed; refusal answered without it');
        return { limited: false };
      }
      this.remember(address, this.now() + res.msBeforeNext);
      return { limited: true, retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
    }
  }

  private remember(address: string, until: number): void {
    this.spent.delete(address);
    while (this.spent.size >= this.config.maxAddresses) this.spent.delete(this.spent.keys().next().value as string);
    this.spent.set(address, until);
  }

  async stop(): Promise<void> {
    this.redis.disconnect();
  }
}
