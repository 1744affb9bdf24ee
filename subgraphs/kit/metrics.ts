import { Counter } from 'prom-client';
import { serviceMetrics, ServiceMetrics } from '../../shared/metrics';

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
