import { subgraphEnvKey, subgraphUrlVariable } from '../shared/sources';
import { Supergraph } from '@apollo/federation-internals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { principalSecretFromEnv } from '../shared/principal';
import { AddressLimitConfig, DEFAULT_ADDRESS_LIMIT } from './limits/address-limit';
import { DEFAULT_LIMITS, OperationLimits } from './limits/operation-limits';
import { DEFAULT_RATE_LIMITS, RateLimitConfig } from './limits/rate-limit';
import { withSubgraphEnforcedSecurity } from './subgraph-enforced-security';

/**
 * The gateway's configuration, read from the environment and checked once at start: a bad value
 * stops the gateway with a message naming the variable, never a failure under load. The config
 * file (taxgraph.config.yaml) reaches it as these variables: main.ts applies it first
 * (shared/config-file.ts), and shared/settings.ts catalogues each variable with its key and a rule
 * that accepts what this file accepts (a unit test holds them equal).
 */
export interface SubgraphConfig {
  name: string;
  /** The subgraph's GraphQL endpoint. */
  url: string;
  /** Per-request timeout towards this subgraph, milliseconds. */
  timeoutMs: number;
}

export interface GatewayConfig {
  /** @default 4000 */
  port: number;
  /** @default '127.0.0.1' */
  host: string;
  /** The composed supergraph SDL (read from schema/supergraph.graphql; no introspection polling). */
  supergraphSdl: string;
  subgraphs: SubgraphConfig[];
  /** Where the supergraph was read from (SUPERGRAPH_PATH); undefined when it was given as text. */
  supergraphPath?: string;
  /** Whether the gateway follows changes to the supergraph file (SUPERGRAPH_WATCH). @default true */
  supergraphWatch: boolean;
  /**
   * The subgraphs a supergraph names (its join metadata), as this configuration reaches them
   * (SUBGRAPH_<NAME>_URL and _TIMEOUT_MS applied): a reloaded supergraph goes through it. Throws on a
   * URL that is not http(s).
   */
  subgraphsOf(metadata: readonly { name: string; url: string }[]): SubgraphConfig[];
  /** Largest request body accepted, bytes. @default 1_000_000 */
  maxBodyBytes: number;
  /** Circuit breaker: failures (share of requests, %) that open it. @default 50 */
  breakerErrorPercent: number;
  /** Circuit breaker: how long it stays open before one trial request, milliseconds. @default 2000 */
  breakerResetMs: number;
  /** How long SIGTERM waits for in-flight requests, milliseconds. @default 10000 */
  drainMs: number;
  /** The secret principals are signed with for the subgraphs (TAXGRAPH_PRINCIPAL_SECRET). */
  principalSecret: string;
  /** Depth, alias and cost limits per operation (MAX_DEPTH, MAX_ALIASES, MAX_COST, ANALYST_MAX_COST). */
  limits: OperationLimits;
  /** Operations per minute per principal (RATE_LIMIT_<ROLE>_PER_MINUTE), in Redis when REDIS_URL is set. */
  rateLimit: RateLimitConfig;
  /** Refusals before authentication per client address (RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE, TRUST_PROXY_HOPS). */
  addressLimit: AddressLimitConfig;
  /** Tokens one GraphQL document may hold; the parser stops past it (QUERY_TOO_COMPLEX, 400). @default 5000 */
  maxTokens: number;
  /** Largest subgraph answer read, bytes; past it the subgraph's fields fail as SOURCE_UNAVAILABLE. @default 67_108_864 (64 MiB) */
  maxSubgraphResponseBytes: number;
}

/** MAX_TOKENS' default: the explorer's, the manifest's and the tests' largest documents hold a few hundred to 2,700 tokens. */
export const DEFAULT_MAX_TOKENS = 5000;

/**
 * MAX_SUBGRAPH_RESPONSE_BYTES' default, far above any legitimate answer: a page of registrations with
 * each taxpayer's 360 view answers about 600 bytes a taxpayer (120 KB for 200), so the largest page
 * (500) or a 1,000-taxpayer _entities call is well under a megabyte.
 */
export const DEFAULT_MAX_SUBGRAPH_RESPONSE_BYTES = 64 * 1024 * 1024;

function intVar(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer between ${min} and ${max}, got '${raw}'`);
  return n;
}

function urlVar(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`${name} is not a URL: '${raw}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${name} must be an http(s) URL, got '${raw}'`);
  return url.toString();
}

function onOffVar(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (raw === '') return fallback;
  if (raw === 'on' || raw === 'true' || raw === '1') return true;
  if (raw === 'off' || raw === 'false' || raw === '0') return false;
  throw new Error(`${name} must be 'on' or 'off', got '${env[name]}'`);
}

function limitsVar(env: NodeJS.ProcessEnv): OperationLimits {
  const maxCost = intVar(env, 'MAX_COST', DEFAULT_LIMITS.maxCost, 1, 1_000_000_000);
  return {
    maxDepth: intVar(env, 'MAX_DEPTH', DEFAULT_LIMITS.maxDepth, 1, 1000),
    maxAliases: intVar(env, 'MAX_ALIASES', DEFAULT_LIMITS.maxAliases, 0, 100_000),
    maxCost,
    analystMaxCost: intVar(env, 'ANALYST_MAX_COST', Math.min(DEFAULT_LIMITS.analystMaxCost, maxCost), 1, 1_000_000_000),
  };
}

function redisUrlVar(raw: string): string {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    // reported below
  }
  if (url?.protocol !== 'redis:' && url?.protocol !== 'rediss:') throw new Error('REDIS_URL must be a redis:// or rediss:// URL');
  return raw;
}

export function defaultSupergraphPath(): string {
  return join(__dirname, '..', ...(__dirname.includes(`${join('dist', 'gateway')}`) ? ['..'] : []), 'schema', 'supergraph.graphql');
}

/**
 * Reads the configuration. Subgraph names and default URLs come from the supergraph itself;
 * `SUBGRAPH_<NAME>_URL` overrides a URL, `SUBGRAPH_TIMEOUT_MS` (default 5000) and
 * `SUBGRAPH_<NAME>_TIMEOUT_MS` set timeouts.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, supergraphSdl?: string): GatewayConfig {
  const path = env.SUPERGRAPH_PATH ?? defaultSupergraphPath();
  let sdl = supergraphSdl;
  if (sdl === undefined) {
    try {
      sdl = readFileSync(path, 'utf8');
    } catch {
      throw new Error(`Cannot read the supergraph at ${path} (run npm run compose, or set SUPERGRAPH_PATH)`);
    }
  }
  sdl = withSubgraphEnforcedSecurity(sdl);
  const defaultTimeout = intVar(env, 'SUBGRAPH_TIMEOUT_MS', 5000, 50, 120_000);
  const subgraphsOf = (metadata: readonly { name: string; url: string }[]): SubgraphConfig[] =>
    metadata.map(({ name, url }) => {
      const key = subgraphEnvKey(name);
      const override = env[subgraphUrlVariable(name)];
      return {
        name,
        url: urlVar(override ? subgraphUrlVariable(name) : `the supergraph's URL for ${name}`, override ?? url),
        timeoutMs: intVar(env, `SUBGRAPH_${key}_TIMEOUT_MS`, defaultTimeout, 50, 120_000),
      };
    });
  return {
    port: intVar(env, 'PORT', 4000, 0, 65535),
    host: env.HOST ?? '127.0.0.1',
    supergraphSdl: sdl,
    subgraphs: subgraphsOf(Supergraph.build(sdl).subgraphsMetadata()),
    supergraphPath: supergraphSdl === undefined ? path : undefined,
    supergraphWatch: onOffVar(env, 'SUPERGRAPH_WATCH', true),
    subgraphsOf,
    maxBodyBytes: intVar(env, 'MAX_BODY_BYTES', 1_000_000, 1024, 100_000_000),
    breakerErrorPercent: intVar(env, 'BREAKER_ERROR_PERCENT', 50, 1, 100),
    breakerResetMs: intVar(env, 'BREAKER_RESET_MS', 2000, 100, 600_000),
    drainMs: intVar(env, 'DRAIN_MS', 10_000, 0, 600_000),
    principalSecret: principalSecretFromEnv(env),
    limits: limitsVar(env),
    rateLimit: {
      perMinute: {
        app: intVar(env, 'RATE_LIMIT_APP_PER_MINUTE', DEFAULT_RATE_LIMITS.app, 0, 10_000_000),
        analyst: intVar(env, 'RATE_LIMIT_ANALYST_PER_MINUTE', DEFAULT_RATE_LIMITS.analyst, 0, 10_000_000),
        bank: intVar(env, 'RATE_LIMIT_BANK_PER_MINUTE', DEFAULT_RATE_LIMITS.bank, 0, 10_000_000),
        officer: intVar(env, 'RATE_LIMIT_OFFICER_PER_MINUTE', DEFAULT_RATE_LIMITS.officer, 0, 10_000_000),
      },
      redisUrl: env.REDIS_URL ? redisUrlVar(env.REDIS_URL) : undefined,
      keyPrefix: env.RATE_LIMIT_PREFIX || 'taxgraph:rate',
    },
    addressLimit: {
      perMinute: intVar(env, 'RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE', DEFAULT_ADDRESS_LIMIT.perMinute, 0, 10_000_000),
      trustProxyHops: intVar(env, 'TRUST_PROXY_HOPS', DEFAULT_ADDRESS_LIMIT.trustProxyHops, 0, 10),
      maxAddresses: DEFAULT_ADDRESS_LIMIT.maxAddresses,
    },
    maxTokens: intVar(env, 'MAX_TOKENS', DEFAULT_MAX_TOKENS, 100, 1_000_000),
    maxSubgraphResponseBytes: intVar(env, 'MAX_SUBGRAPH_RESPONSE_BYTES', DEFAULT_MAX_SUBGRAPH_RESPONSE_BYTES, 1024, 512 * 1024 * 1024),
  };
}
