import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

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
