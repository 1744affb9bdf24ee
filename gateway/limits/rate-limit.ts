import { HeaderMap } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import Redis from 'ioredis';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { taxgraphError } from '../../shared/errors';
import type { Principal } from '../../shared/principal';
import type { Logger } from '../logger';

type Role = Principal['role'];

/** How many operations a principal may run, and where the counts live. */
export interface RateLimitConfig {
  /** Operations per minute per principal, by role (RATE_LIMIT_<ROLE>_PER_MINUTE); 0 switches a role's limit off. */
  perMinute: Record<Role, number>;
  /** REDIS_URL: counts shared by every gateway process; without it each process counts in its own memory. */
  redisUrl?: string;
  /** Prefix of the Redis keys (RATE_LIMIT_PREFIX), so several deployments can share one Redis. @default 'taxgraph:rate' */
  keyPrefix: string;
}

/**
 * Defaults per minute: apps are internal services (the reconciliation run pages through the graph),
 * so their limit only catches a runaway loop; analysts are people and scripts at the explorer;
 * banks poll PaymentsSince and look up vouchers.
 */
export const DEFAULT_RATE_LIMITS: Record<Role, number> = { app: 60_000, analyst: 600, bank: 1_200, officer: 600 };

/**
 * Whose budget an operation spends, within its role's limiter (keys `<prefix>:<role>:<this>`): a
 * bank's bank code, so all of one bank's tokens share a budget; otherwise the token's subject.
 */
export const budgetOf = (principal: Principal): string => (principal.role === 'bank' ? principal.bank! : principal.sub);

/**
 * A per-principal rate limit over fixed one-minute windows (rate-limiter-flexible), in Redis when
 * REDIS_URL is set, so that every gateway behind a load balancer spends the same budget. When Redis
 * is unreachable or slow, each process falls back to counting in memory (logged once per outage)
 * rather than refusing everyone; it returns to Redis by itself when Redis does.
 */
export class PrincipalRateLimiter {
  private constructor(
    private readonly config: RateLimitConfig,
    private readonly limiters: Map<Role, RateLimiterAbstract>,
    private readonly logger: Logger,
    private readonly redis?: Redis,
  ) {}

  static async start(config: RateLimitConfig, logger: Logger): Promise<PrincipalRateLimiter> {
    const redis = config.redisUrl ? await connectRedis(config.redisUrl, logger) : undefined;
    const limiters = new Map<Role, RateLimiterAbstract>();
    for (const [role, points] of Object.entries(config.perMinute) as [Role, number][]) {
      if (points <= 0) continue;
      const options = { points, duration: 60, keyPrefix: `${config.keyPrefix}:${role}` };
      const memory = new RateLimiterMemory(options);
      limiters.set(
        role,
        redis ? new RateLimiterRedis({ ...options, storeClient: redis, rejectIfRedisNotReady: true, insuranceLimiter: memory }) : memory,
      );
    }
    return new PrincipalRateLimiter(config, limiters, logger, redis);
  }

  /** Spends one operation of the principal's budget; the error to answer with when it is spent. */
  async spend(principal: Principal): Promise<GraphQLError | undefined> {
    const limiter = this.limiters.get(principal.role);
    if (!limiter) return undefined;
    try {
      await limiter.consume(budgetOf(principal));
      return undefined;
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) {
        // Both stores failed (the memory one does not): serve rather than refuse everyone.
        this.logger.error({ err: res }, 'rate limiter failed; operation let through');
        return undefined;
      }
      const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
      const limit = this.config.perMinute[principal.role];
      return taxgraphError(
        'RATE_LIMITED',
        `Too many operations: ${limit} a minute are allowed for this ${principal.role}; retry in ${seconds} s`,
        {
          limit,
          retryAfter: seconds,
          http: { status: 429, headers: new HeaderMap([['retry-after', String(seconds)]]) },
        },
      );
    }
  }

  async stop(): Promise<void> {
    this.redis?.disconnect();
  }
}

/**
 * A Redis client that never queues commands while disconnected and gives up on a slow command
 * quickly: the limiter then answers from memory instead of holding the request. The per-address
 * limit (./shared-address-limit.ts) opens its own the same way.
 */
export async function connectRedis(url: string, logger: Logger): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 500,
    connectTimeout: 2000,
  });
  let down = false;
  redis.on('error', (err: Error) => {
    if (down) return;
    down = true;
    logger.warn(
      { err: err.message, redis: new URL(url).host },
      "Redis unreachable: rate limits are counted in this process's memory until it is back",
    );
  });
  redis.on('ready', () => {
    if (down) logger.warn({ redis: new URL(url).host }, 'Redis is back: rate limits are counted in Redis again');
    down = false;
  });
  try {
    await redis.connect();
  } catch {
    // Logged by the error handler; ioredis keeps reconnecting in the background.
  }
  return redis;
}
