import {
  Context,
  context,
  ContextManager,
  propagation,
  ROOT_CONTEXT,
  Span,
  SpanKind,
  SpanStatusCode,
  trace,
  Tracer,
} from '@opentelemetry/api';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Traces (OpenTelemetry), set by the standard OTEL_* variables alone. Every process (the gateway,
 * each subgraph) calls `startTracing` first at its entry point, before anything else is loaded. Each
 * SQL statement is a span made where kit/db.ts sends it: @opentelemetry/instrumentation-pg measured
 * about 150 µs of CPU per statement (a subgraph's request costs about 1 ms). With no exporter configured nothing is
 * registered and no SDK module is even loaded: the API's no-op tracer stays, and the request path
 * checks `tracingEnabled()` before it does any tracing work.
 *
 * On when OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set, or
 * OTEL_TRACES_EXPORTER=otlp (then the OTLP default, http://localhost:4318); off when
 * OTEL_TRACES_EXPORTER=none or OTEL_SDK_DISABLED=true. Spans leave in batches (BatchSpanProcessor,
 * OTEL_BSP_* tune it) over OTLP/HTTP, protobuf (default) or JSON; the sampler is
 * OTEL_TRACES_SAMPLER/_ARG (default parentbased_always_on: a subgraph follows the gateway's decision).
 * W3C `traceparent` carries a trace from process to process: injected by the gateway's subgraph
 * calls and cooperation's calls to the sources, extracted by every process's HTTP server.
 */
export interface TracingSettings {
  protocol: 'http/protobuf' | 'http/json';
  /** Where spans are sent, for the start-up log (the exporter reads the variables itself). */
  endpoint: string;
}

const PROTOCOLS = ['http/protobuf', 'http/json'] as const;
const SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;

/** What the OTEL_* variables ask for: undefined when tracing is off. Throws, naming the variable, on a value it cannot honour. */
export function tracingSettings(env: NodeJS.ProcessEnv = process.env): TracingSettings | undefined {
  const value = (name: string) => env[name]?.trim() || undefined;
  if (value('OTEL_SDK_DISABLED')?.toLowerCase() === 'true') return undefined;
  const exporters = (value('OTEL_TRACES_EXPORTER') ?? '').split(',').map((e) => e.trim().toLowerCase());
  if (exporters.includes('none')) return undefined;
  const unknown = exporters.filter((e) => e !== '' && e !== 'otlp');
  if (unknown.length > 0) throw new Error(`OTEL_TRACES_EXPORTER=${unknown.join(',')} is not supported: use otlp or none`);
  const tracesEndpoint = value('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const endpoint = value('OTEL_EXPORTER_OTLP_ENDPOINT');
  if (!tracesEndpoint && !endpoint && !exporters.includes('otlp')) return undefined;
  const protocol = value('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL') ?? value('OTEL_EXPORTER_OTLP_PROTOCOL') ?? 'http/protobuf';
  if (!(PROTOCOLS as readonly string[]).includes(protocol))
    throw new Error(`OTEL_EXPORTER_OTLP_PROTOCOL=${protocol} is not supported: use ${PROTOCOLS.join(' or ')} (OTLP over HTTP)`);
  const sampler = value('OTEL_TRACES_SAMPLER');
  if (sampler && !(SAMPLERS as readonly string[]).includes(sampler))
    throw new Error(`OTEL_TRACES_SAMPLER=${sampler} is not supported: use one of ${SAMPLERS.join(', ')}`);
  const ratio = value('OTEL_TRACES_SAMPLER_ARG');
  if (ratio !== undefined && sampler?.endsWith('traceidratio') && !(Number(ratio) >= 0 && Number(ratio) <= 1))
    throw new Error(`OTEL_TRACES_SAMPLER_ARG=${ratio} is not a ratio between 0 and 1`);
  for (const name of ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_EXPORTER_OTLP_ENDPOINT']) {
    const url = value(name);
    if (url && !/^https?:\/\/[^/]+/.test(url)) throw new Error(`${name}=${url} is not an http(s) URL`);
  }
  return {
    protocol: protocol as TracingSettings['protocol'],
    endpoint: tracesEndpoint ?? `${(endpoint ?? 'http://localhost:4318').replace(/\/$/, '')}/v1/traces`,
  };
}

interface Running {
  tracer: Tracer;
  settings: TracingSettings;
  shutdown(): Promise<void>;
}

let running: Running | undefined;

/**
 * Registers the SDK when the OTEL_* variables ask for it; `serviceName` is the default for
 * OTEL_SERVICE_NAME (the launcher sets one per process). Returns whether tracing is on.
 */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (running) return true;
  const settings = tracingSettings(env);
  if (!settings) return false;
  // Loaded only now: a process without tracing never loads the SDK.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node') as typeof import('@opentelemetry/sdk-trace-node');
  const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base');
  const { W3CTraceContextPropagator } = require('@opentelemetry/core') as typeof import('@opentelemetry/core');
  const resources = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const { OTLPTraceExporter } = (
    settings.protocol === 'http/json'
      ? require('@opentelemetry/exporter-trace-otlp-http')
      : require('@opentelemetry/exporter-trace-otlp-proto')
  ) as typeof import('@opentelemetry/exporter-trace-otlp-proto');
  /* eslint-enable @typescript-eslint/no-require-imports */
  // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES (the env detector) win over the process's default name.
  const resource = resources
    .resourceFromAttributes({ 'service.name': serviceName, 'service.namespace': 'taxgraph' })
    .merge(resources.detectResources({ detectors: [resources.processDetector, resources.hostDetector, resources.envDetector] }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())] });
  // The four sources hold the active context only synchronously (see SyncContextManager); the gateway and
  // cooperation keep AsyncLocalStorage's (the SDK's default), which follows every await.
  provider.register({
    propagator: new W3CTraceContextPropagator(),
    ...(SYNC_CONTEXT_SERVICES.has(serviceName) ? { contextManager: new SyncContextManager() } : {}),
  });
  // Each SQL statement as a span under the span that sent it (a loader's batch); statements outside a
  // request (health checks, background work) would be traces of their own, so they are left out.
  running = { tracer: trace.getTracer('taxgraph'), settings, shutdown: () => provider.shutdown() };
  return true;
}

/** The source subgraphs: every span they make has its parent passed along by hand (server span, loader, SQL). */
const SYNC_CONTEXT_SERVICES = new Set([
  'taxgraph-national-tax',
  'taxgraph-local-tax',
  'taxgraph-business-registry',
  'taxgraph-treasury-bank',
]);

/**
 * A context manager that holds the active context only while `with`'s function runs synchronously.
 * Node 20's AsyncLocalStorage (the SDK's default manager) enables async_hooks' promise hooks for the
 * whole process from its first `run`, and then every promise pays for them: profiled, that was
 * about half of what tracing cost a source subgraph (`--sampler always_off` alone +22% stack CPU).
 * Where an await breaks the chain, the parent is carried by hand: the server span's context is kept
 * per request (`requestTraceContext`, given to `traceLoaders`), and kit/db.ts captures the active
 * context when a query is built (inside its loader's batch span) for its SQL span.
 */
export class SyncContextManager implements ContextManager {
  private current: Context = ROOT_CONTEXT;
  active(): Context {
    return this.current;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    const previous = this.current;
    this.current = ctx;
    try {
      return fn.call(thisArg, ...args);
    } finally {
      this.current = previous;
    }
  }
  bind<T>(ctx: Context, target: T): T {
    if (typeof target !== 'function') return target;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const manager = this;
    return function (this: unknown, ...args: unknown[]) {
      return manager.with(ctx, () => (target as (...a: unknown[]) => unknown).apply(this, args));
    } as T;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this.current = ROOT_CONTEXT;
    return this;
  }
}

/** Each traced request's context (its server span), for the spans its work makes after an await. */
const requestContexts = new WeakMap<IncomingMessage, Context>();

/** The context of a request's server span (undefined when it is not traced). */
export function requestTraceContext(req: IncomingMessage): Context | undefined {
  return requestContexts.get(req);
}

/** Whether a context has a span of a trace (a statement outside any request has none). */
export function inTrace(ctx: Context): boolean {
  const span = trace.getSpanContext(ctx);
  return span !== undefined && trace.isSpanContextValid(span);
}

/** An entry point's first call: startTracing, and a setting it cannot honour ends the process with its reason (no stack). */
export function startProcessTracing(serviceName: string): void {
  try {
    startTracing(serviceName);
  } catch (err) {
    process.stderr.write(`${serviceName} cannot start: ${(err as Error).message}\n`);
    process.exit(2);
  }
}

/** Whether this process traces (startTracing registered the SDK). */
export function tracingEnabled(): boolean {
  return running !== undefined;
}

/** Where spans go, for the start-up log; undefined when tracing is off. */
export function tracingDestination(): TracingSettings | undefined {
  return running?.settings;
}

/** Sends the spans still buffered and stops the exporter: the last step of a process's shutdown. */
export async function shutdownTracing(): Promise<void> {
  const r = running;
  running = undefined;
  await r?.shutdown().catch(() => undefined);
}

/** The tracer of taxgraph's own spans (a no-op one when tracing is off). */
export function tracer(): Tracer {
  return running?.tracer ?? trace.getTracer('taxgraph');
}

/** The active span's ids, for log lines and the audit record; undefined outside a trace. */
export function activeTraceIds(ctx: Context = context.active()): { trace_id: string; span_id: string } | undefined {
  const span = trace.getSpanContext(ctx);
  if (!span || !trace.isSpanContextValid(span)) return undefined;
  return { trace_id: span.traceId, span_id: span.spanId };
}

/** Adds `traceparent` for the active span to outgoing headers (nothing when tracing is off). */
export function injectTraceContext(headers: Record<string, string>, ctx: Context = context.active()): void {
  if (running) propagation.inject(ctx, headers);
}

/** Marks a span failed with the error (or message) that failed it. */
export function failSpan(span: Span, err: unknown): void {
  if (err instanceof Error) span.recordException(err);
  span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
}

/**
 * Runs `work` inside a span of its own (child of the active one), ended when it settles and failed
 * when it throws. With tracing off it is `work()` and nothing else.
 */
export function inSpan<T>(
  name: string,
  attributes: Record<string, string | number | boolean>,
  work: (span: Span | undefined) => Promise<T>,
  kind: SpanKind = SpanKind.INTERNAL,
): Promise<T> {
  if (!running) return work(undefined);
  return running.tracer.startActiveSpan(name, { kind, attributes }, async (span) => {
    try {
      return await work(span);
    } catch (err) {
      failSpan(span, err);
      throw err;
    } finally {
      span.end();
    }
  });
}

/** Probes and scrapes are not traced: they would bury the operations' traces. */
const UNTRACED_PATHS = new Set(['/health', '/ready', '/metrics']);

/**
 * The server span of one HTTP request: child of the caller's span when the request carries a W3C
 * `traceparent`, else the root of a new trace; active while `serve` runs (so every span the request
 * leads to nests under it) and ended when the answer is sent. A 5xx answer fails it.
 */
export function serveTraced(req: IncomingMessage, res: ServerResponse, path: string, serve: () => Promise<void>): Promise<void> {
  if (!running || UNTRACED_PATHS.has(path)) return serve();
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const method = req.method ?? 'GET';
  const span = running.tracer.startSpan(
    `${method} ${path}`,
    { kind: SpanKind.SERVER, attributes: { 'http.request.method': method, 'url.path': path, 'url.scheme': 'http' } },
    parent,
  );
  const requestId = req.headers['x-request-id'];
  if (typeof requestId === 'string') span.setAttribute('taxgraph.request_id', requestId);
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${res.statusCode}` });
    span.end();
  };
  res.once('finish', end);
  res.once('close', end);
  const ctx = trace.setSpan(parent, span);
  requestContexts.set(req, ctx);
  return context.with(ctx, serve);
}

export { SpanKind, SpanStatusCode };
export type { Span };
