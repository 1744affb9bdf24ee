import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { parseCacheControlHeader } from '@apollo/gateway/dist/datasources/parseCacheControlHeader';
import { GraphQLDataSourceProcessOptions, GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import CircuitBreaker from 'opossum';
import { sourceTimeout, sourceUnavailable } from '../shared/errors';
import { signPrincipal } from '../shared/principal';
import { trace } from '@opentelemetry/api';
import { failSpan, injectTraceContext, tracingEnabled } from '../shared/tracing';
import type { SubgraphConfig } from './config';
import type { GatewayMetrics } from './metrics';
import type { GatewayContext } from './context';
import { logger } from './logger';
import { ResponseTooLargeError, subgraphFetcher, SubgraphFetchInit } from './subgraph-fetch';

export interface SourceOptions {
  subgraph: SubgraphConfig;
  /** Signs the caller's principal for the subgraph (TAXGRAPH_PRINCIPAL_SECRET). */
  principalSecret: string;
  metrics: GatewayMetrics;
  breakerErrorPercent: number;
  breakerResetMs: number;
  /** Largest answer read from the subgraph, bytes (MAX_SUBGRAPH_RESPONSE_BYTES). @default no cap */
  maxResponseBytes?: number;
}

const TIMED_OUT = Symbol('timed out');

/** How long one request's signed principal is reused for its subgraph calls, ms (subgraphs accept a minute's age). */
const SIGNATURE_REUSE_MS = 10_000;

/**
 * The signed principal headers of each request, shared by all its subgraph calls: they sign the same
 * principal and request id, so one HMAC per request does (a 360 view calls five subgraphs, more with
 * `_entities` hops). Kept by the request's context, so they go when the request goes.
 */
const signedFor = new WeakMap<GatewayContext, { at: number; headers: [string, string][] }>();

function signedHeaders(context: GatewayContext, secret: string, now = Date.now()): [string, string][] {
  const known = signedFor.get(context);
  if (known && now - known.at < SIGNATURE_REUSE_MS) return known.headers;
  const headers = Object.entries(signPrincipal(context.principal, secret, context.requestId, now));
  signedFor.set(context, { at: now, headers });
  return headers;
}

/**
 * A subgraph that answered 4xx with GraphQL errors (a bad argument it validated, or a refused
 * principal) is healthy: its errors, with their codes, go to the client as its answer, and the
 * circuit breaker does not count them as failures.
 */
function answeredWithErrors(err: unknown): GatewayGraphQLResponse {
  const response = (err as { extensions?: { response?: { status?: number; body?: { errors?: unknown } } } })?.extensions?.response;
  const status = response?.status ?? 0;
  if (status >= 400 && status < 500 && Array.isArray(response?.body?.errors) && response.body.errors.length > 0) {
    return { errors: response.body.errors as GatewayGraphQLResponse['errors'] };
  }
  throw err;
}

/** The cache hint a subgraph's Cache-Control header gives (RemoteGraphQLDataSource's reading of it). */
function cacheHint(header: string | null): { maxAge: number; scope?: 'PRIVATE' | 'PUBLIC' } {
  const parsed = parseCacheControlHeader(header);
  const maxAge = parsed['max-age'];
  return {
    maxAge: typeof maxAge === 'string' && /^[0-9]+$/.test(maxAge) ? Number(maxAge) : 0,
    ...(parsed.public === true ? { scope: 'PUBLIC' as const } : parsed.private === true ? { scope: 'PRIVATE' as const } : {}),
  };
}

/**
 * One subgraph as the gateway calls it: a timeout per request, a circuit breaker that stops
 * hammering a dead source and closes again when it answers, the request id passed on, and
 * failures turned into SOURCE_UNAVAILABLE / SOURCE_TIMEOUT naming the source (never its URL).
 */
export class SubgraphSource extends RemoteGraphQLDataSource<GatewayContext> {
  readonly breaker: CircuitBreaker<[() => Promise<GatewayGraphQLResponse>], GatewayGraphQLResponse>;
  private readonly options: SourceOptions;
  private readonly fetchSubgraph: (url: string, init: SubgraphFetchInit) => ReturnType<ReturnType<typeof subgraphFetcher>>;

  constructor(options: SourceOptions) {
    // Kept-alive connections to the subgraph; each request gets its own deadline.
    const fetchSubgraph = subgraphFetcher(options.subgraph.timeoutMs, options.maxResponseBytes);
    const fetcher = (input: string, init: SubgraphFetchInit) =>
      fetchSubgraph(input, init).catch((err: Error) => {
        throw err.name === 'TimeoutError' ? Object.assign(err, { [TIMED_OUT]: true }) : err;
      });
    super({ url: options.subgraph.url, fetcher: fetcher as never });
    this.fetchSubgraph = fetcher;
    this.options = options;
    const name = options.subgraph.name;
    this.breaker = new CircuitBreaker((call: () => Promise<GatewayGraphQLResponse>) => call(), {
      timeout: false, // the fetch has its own deadline
      errorThresholdPercentage: options.breakerErrorPercent,
      resetTimeout: options.breakerResetMs,
      volumeThreshold: 3,
      // One oversized answer says that query asked too much, not that the source is down: it does not open the circuit.
      errorFilter: (err: unknown) => err instanceof ResponseTooLargeError,
      rollingCountTimeout: 10_000,
      name,
    });
    const gauge = options.metrics.circuit.labels(name);
    gauge.set(0);
    this.breaker.on('open', () => gauge.set(2));
    this.breaker.on('halfOpen', () => gauge.set(1));
    this.breaker.on('close', () => gauge.set(0));
  }

  get circuitState(): 'closed' | 'open' | 'half-open' {
    return this.breaker.opened ? 'open' : this.breaker.halfOpen ? 'half-open' : 'closed';
  }

  /**
   * One call, as RemoteGraphQLDataSource.process makes it (the same body, headers, errors and cache
   * hint) without the objects it builds per call for hooks this gateway does not define: node-fetch
   * Headers, a plain copy of them, and a node-fetch Request (URL parse, body buffer) handed only to
   * didEncounterError and parseBody, which ignore it.
   */
  private async send(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    if (!request.query) throw new Error('Missing query');
    const context = options.context as GatewayContext | undefined;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (request.http?.headers) for (const [name, value] of request.http.headers) headers[name.toLowerCase()] = value;
    if (context?.principal) for (const [name, value] of signedHeaders(context, this.options.principalSecret)) headers[name] = value;
    // The subgraph's request span becomes a child of this call's span (W3C traceparent).
    injectTraceContext(headers);
    const { query, variables, operationName, extensions } = request;
    const body = JSON.stringify({ query, variables, operationName, extensions });
    const response = await this.fetchSubgraph(this.url, { method: 'POST', headers, body });
    if (!response.ok) throw await this.errorFromResponse(response as never);
    const parsed = await this.parseBody(response as never);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new Error(`Expected JSON response body, but received: ${String(parsed)}`);
    const policy =
      options.kind === GraphQLDataSourceRequestKind.INCOMING_OPERATION ? options.incomingRequestContext.overallCachePolicy : undefined;
    if (policy && 'restrict' in policy) policy.restrict(cacheHint(response.headers.get('cache-control')));
    return parsed as GatewayGraphQLResponse;
  }

  /**
   * One call to the subgraph. With tracing on, @apollo/gateway's `gateway.fetch` span is the active one
   * here: the call is traced as that span (its traceparent goes to the subgraph, a failure marks it
   * ERROR with the cause) rather than with a client span of its own, one span fewer per fetch.
   */
  process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const name = this.options.subgraph.name;
    const span = tracingEnabled() ? trace.getActiveSpan() : undefined;
    span?.setAttribute('taxgraph.subgraph', name);
    return this.call(name, options, span && ((err: unknown) => failSpan(span, err)));
  }

  private async call(
    name: string,
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
    onFailure?: (err: unknown) => void,
  ): Promise<GatewayGraphQLResponse> {
    const end = this.options.metrics.subgraphDuration.startTimer({ subgraph: name });
    try {
      const response = await this.breaker.fire(() => this.send(options).catch(answeredWithErrors));
      end({ outcome: 'ok' });
      return response;
    } catch (err) {
      // The span keeps the cause (refused connection, open circuit, deadline); the client gets the catalogue's error.
      onFailure?.(err);
      const timedOut = Boolean((err as Record<symbol, unknown>)[TIMED_OUT]) || (err as Error)?.name === 'TimeoutError';
      end({ outcome: timedOut ? 'timeout' : 'unavailable' });
      if (err instanceof ResponseTooLargeError) {
        this.options.metrics.subgraphResponsesTooLarge.inc({ subgraph: name });
        logger.warn(
          { subgraph: name, bytes: err.bytes, limit: err.limit, requestId: (options.context as GatewayContext | undefined)?.requestId },
          'subgraph answer larger than MAX_SUBGRAPH_RESPONSE_BYTES: cut off, its fields answered SOURCE_UNAVAILABLE',
        );
      }
      throw timedOut ? sourceTimeout(name) : sourceUnavailable(name);
    }
  }
}
