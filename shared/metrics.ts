import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { Logger } from './logger';

/**
 * What every process exposes at /metrics (Prometheus text, by prom-client): the process's own
 * metrics (CPU, memory, event loop, prefixed `taxgraph_<service>_`), and the GraphQL operations it
 * answered, counted by name and outcome and timed. The gateway and each subgraph add their own.
 */
export interface ServiceMetrics {
  registry: Registry;
  /** `taxgraph_requests_total{operation, outcome}`. */
  requests: Counter<'operation' | 'outcome'>;
  /** `taxgraph_request_duration_seconds{operation}`. */
  duration: Histogram<'operation'>;
}

/** How an operation ended: ok, partial (data and errors) or error. */
export type Outcome = 'ok' | 'partial' | 'error';

export function outcomeOf(errorCount: number, hasData: boolean): Outcome {
  return errorCount === 0 ? 'ok' : hasData ? 'partial' : 'error';
}

export function serviceMetrics(service: string): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: `taxgraph_${service.replace(/[^A-Za-z0-9]+/g, '_')}_` });
  return {
    registry,
    requests: new Counter({
      name: 'taxgraph_requests_total',
      help: 'GraphQL operations handled, by operation name and outcome (ok, partial, error).',
      labelNames: ['operation', 'outcome'] as const,
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'taxgraph_request_duration_seconds',
      help: 'Time to answer a GraphQL operation, by operation name.',
      labelNames: ['operation'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}

export interface ObserveOptions {
  /** The level of the line logged per operation. @default 'info' */
  level?: 'info' | 'debug';
  /** Counts the errors an operation returned, by extensions.code. */
  errors?: Counter<'code'>;
}

/** One answered operation, as an observer records it. */
export interface OperationRecord {
  requestId?: string;
  /** The operation's name, undefined for an anonymous one. */
  operation?: string;
  /** extensions.code of each error in the answer. */
  codes: string[];
  hasData: boolean;
  /** process.hrtime.bigint() when the request came in. */
  started: bigint;
}

/** Distinct operation names whose labelled metrics are kept at hand (more are still counted, looked up each time). */
const KEPT_OPERATIONS = 500;

/**
 * Counts, times and logs one operation per call. The labelled counters and histogram of each
 * operation name are looked up once and kept, and the log line is built only when its level is on:
 * a subgraph answers thousands of operations a second and should spend its CPU on them, not on this.
 */
export function operationObserver(
  metrics: ServiceMetrics,
  logger: Logger,
  options: ObserveOptions = {},
): (record: OperationRecord) => void {
  const { level = 'info', errors } = options;
  type Children = {
    duration: ReturnType<ServiceMetrics['duration']['labels']>;
    outcomes: Map<Outcome, ReturnType<ServiceMetrics['requests']['labels']>>;
  };
  const kept = new Map<string, Children>();
  const childrenOf = (operation: string): Children => {
    let children = kept.get(operation);
    if (!children) {
      children = { duration: metrics.duration.labels(operation), outcomes: new Map() };
      if (kept.size < KEPT_OPERATIONS) kept.set(operation, children);
    }
    return children;
  };
  return ({ requestId, operation: name, codes, hasData, started }) => {
    const outcome = outcomeOf(codes.length, hasData);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const operation = name ?? 'anonymous';
    const children = childrenOf(operation);
    let counter = children.outcomes.get(outcome);
    if (!counter) children.outcomes.set(outcome, (counter = metrics.requests.labels(operation, outcome)));
    counter.inc();
    children.duration.observe(seconds);
    if (errors) for (const code of codes) errors.labels(code).inc();
    if (logger.isLevelEnabled(level)) logger[level]({ requestId, operation, outcome, codes, ms: Math.round(seconds * 1000) }, 'operation');
  };
}

/**
 * An Apollo plugin that counts and times every operation and logs one line for it, with the
 * request's id (the gateway's and the subgraphs' lines share it), the outcome and the error codes.
 */
export function observeOperations<C extends BaseContext & { requestId?: string }>(
  metrics: ServiceMetrics,
  logger: Logger,
  options: ObserveOptions = {},
): ApolloServerPlugin<C> {
  const observe = operationObserver(metrics, logger, options);
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ response, operationName, errors: thrown }) {
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const codes = (body?.errors ?? thrown ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
          observe({ requestId: contextValue?.requestId, operation: operationName ?? undefined, codes, hasData: !!body?.data, started });
        },
      };
    },
  };
}
