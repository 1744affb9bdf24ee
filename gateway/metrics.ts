import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { serviceMetrics } from '../shared/metrics';

/**
 * Prometheus metrics at /metrics: shared/metrics.ts's (process, requests and latency per operation),
 * and the gateway's own: latency per subgraph, errors by code, circuit state, the audit trail's commits,
 * the supergraph serving and its reloads.
 */
export class GatewayMetrics {
  private readonly base = serviceMetrics('gateway');

  readonly registry: Registry = this.base.registry;

  readonly requests = this.base.requests;

  readonly duration = this.base.duration;

  readonly subgraphDuration = new Histogram({
    name: 'taxgraph_subgraph_request_duration_seconds',
    help: 'Time a subgraph took to answer one fetch of a query plan, by subgraph and outcome.',
    labelNames: ['subgraph', 'outcome'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly errors = new Counter({
    name: 'taxgraph_errors_total',
    help: 'Errors returned to clients, by extensions.code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly circuit = new Gauge({
    name: 'taxgraph_circuit_state',
    help: 'Circuit breaker per subgraph: 0 closed, 1 half-open, 2 open.',
    labelNames: ['subgraph'] as const,
    registers: [this.registry],
  });

  readonly auditCommits = new Counter({
    name: 'taxgraph_audit_commits_total',
    help:
      'Commits of audit records tried, by statements sent (1: after the head the writer knows; 5: reading the head under the lock) ' +
      'and outcome (committed, failed; a 1-statement commit fails when another gateway extended the chain, and a 5-statement one follows).',
    labelNames: ['statements', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly auditStatements = new Counter({
    name: 'taxgraph_audit_statements_total',
    help: "SQL statements the audit trail's commits sent (1 when the writer knows the chain's head, 5 when it reads it).",
    registers: [this.registry],
  });

  readonly unauthenticatedRefusals = new Counter({
    name: 'taxgraph_unauthenticated_refusals_total',
    help:
      'Requests refused before authentication (no valid token), by how they were answered: UNAUTHENTICATED (401) within the ' +
      "client address's budget, RATE_LIMITED (429) past it. Audited in aggregate, one record per address and minute.",
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly subgraphResponsesTooLarge = new Counter({
    name: 'taxgraph_subgraph_responses_too_large_total',
    help: "Subgraph answers cut off past MAX_SUBGRAPH_RESPONSE_BYTES (the subgraph's fields answered SOURCE_UNAVAILABLE), by subgraph.",
    labelNames: ['subgraph'] as const,
    registers: [this.registry],
  });

  readonly auditRecords = new Counter({
    name: 'taxgraph_audit_records_total',
    help: 'Audit records committed.',
    registers: [this.registry],
  });

  readonly auditCheckpoints = new Counter({
    name: 'taxgraph_audit_checkpoints_total',
    help:
      "Signed checkpoints of the audit chain's head, by outcome: signed, skipped (the head had not moved), failed (not stored), " +
      'behind (the chain is shorter than a checkpoint says: records were cut off; alert on it), file_failed (stored, not appended to the file).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly supergraphReloads = new Counter({
    name: 'taxgraph_supergraph_reloads_total',
    help: 'Supergraph files the gateway judged after a change: ok (now serving) or refused (did not load; the previous one keeps serving, the log says why).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly supergraphLoaded = new Gauge({
    name: 'taxgraph_supergraph_loaded_timestamp_seconds',
    help: 'When the supergraph serving now was loaded (Unix seconds), labelled with the SHA-256 of its file (sha256sum gives the same).',
    labelNames: ['hash'] as const,
    registers: [this.registry],
  });
}
