import type { ApolloServerPlugin } from '@apollo/server';
import { Counter } from 'prom-client';
import type { Logger } from '../../shared/logger';
import { outcomeOf, serviceMetrics, ServiceMetrics } from '../../shared/metrics';
import type { SubgraphContext } from './subgraph';

/**
 * A subgraph's metrics at /metrics: shared/metrics.ts's (process, operations by outcome, duration)
 * and `sql_statements_total{source}`, the statements its source database was sent (the benchmarks
 * read it: bench/support.ts sqlStatementsAt).
 */
export interface SubgraphMetrics extends ServiceMetrics {
  sqlStatements: Counter<'source'>;
}

export function subgraphMetrics(source: string): SubgraphMetrics {
  const base = serviceMetrics(source);
  const sqlStatements = new Counter({
    name: 'sql_statements_total',
    help: 'SQL statements sent to the source database.',
    labelNames: ['source'] as const,
    registers: [base.registry],
  });
  sqlStatements.labels(source).inc(0);
  return { ...base, sqlStatements };
}

/** Counts and times every operation, and logs it at debug level (the gateway logs each client operation at info). */
export function observeOperations(metrics: ServiceMetrics, logger: Logger): ApolloServerPlugin<SubgraphContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ response, operationName, errors }) {
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const codes = (body?.errors ?? errors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
          const outcome = outcomeOf(codes.length, !!body?.data);
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const operation = operationName ?? 'anonymous';
          metrics.requests.labels(operation, outcome).inc();
          metrics.duration.labels(operation).observe(seconds);
          logger.debug({ requestId: contextValue?.requestId, operation, outcome, codes, ms: Math.round(seconds * 1000) }, 'operation');
        },
      };
    },
  };
}
