import type { ApolloServerPlugin } from '@apollo/server';
import type { FormattedExecutionResult } from 'graphql';
import { createHash, randomUUID } from 'node:crypto';
import { taxgraphError } from '../../shared/errors';
import { migrateFederationDbAt, needsMigrating } from '../../shared/federation-db';
import { FEDERATION_DATABASE } from '../../shared/sources';
import type { GatewayContext } from '../context';
import type { GatewayMetrics } from '../metrics';
import { logger as defaultLogger, Logger } from '../logger';
import { AuditCheckpointer, checkpointSettingsFromEnv } from './checkpoint';
import type { Jwks } from './checkpoint-key';
import { openAuditPool } from './pool';
import { activeTraceIds } from '../../shared/tracing';
import { anonymousEntry, AuditEntry, AuditOutcome, storable } from './record';
import { auditVariables } from './redact';
import { touchedBy } from './touched';
import { writesOf } from './writes';
import { isCounted, RefusalTally } from './refusals';
import { AuditWriter } from './writer';

/**
 * Every operation leaves an audit record, durable before its response leaves: `willSendResponse`
 * waits until the writer has committed the record. When the record cannot be committed the
 * response is replaced by AUDIT_UNAVAILABLE (HTTP 503) with no data: nothing is served unaudited.
 * Requests refused while their context is built are recorded too, as `refused`: a 403 for an analyst
 * without a purpose one by one, with what is known at that point (the time and the code: the request
 * id and the caller are not handed to that hook); refusals before authentication (401 without a valid
 * token, 429 past the client address's limit) in aggregate, one record per client address and minute
 * (./refusals.ts), so a flood of anonymous requests does not become a flood of records.
 *
 * A mutation's record also keeps what it asked to change (`changes`, ./writes.ts), verbatim, and
 * whether each change was applied; a refused change is recorded like any refusal. The change itself
 * is committed by the subgraph before this record (with its event in the case's history, in one
 * transaction): a gateway that dies in between leaves the change in the history and not in the chain.
 *
 * `TAXGRAPH_AUDIT=off` turns the trail off for measuring its cost (bench/audit.ts), and only
 * together with `NODE_ENV=development`; anywhere else the gateway refuses to start with it.
 */
export interface AuditPluginOptions {
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** Entries per commit, at most. @default 500 */
  maxBatch?: number;
  /** Where the commits and their statements are counted (taxgraph_audit_* on /metrics). */
  metrics?: Pick<GatewayMetrics, 'auditCommits' | 'auditStatements' | 'auditRecords' | 'auditCheckpoints'>;
  /** Counts refusals before authentication; the plugin writes its aggregates as each minute closes and at stop. */
  refusals?: RefusalTally;
}

/** The plugin, and the public keys of its checkpoints (published at /audit/checkpoint-keys; none when it signs none). */
export type AuditPlugin = ApolloServerPlugin<GatewayContext> & { checkpointKeys: Jwks };

/** Codes that mean the caller was turned away, not that something failed. */
const REFUSALS = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'PERSISTED_QUERY_REQUIRED', 'QUERY_TOO_COMPLEX', 'RATE_LIMITED']);

export function outcomeOf(result: Pick<FormattedExecutionResult, 'data' | 'errors'>): { outcome: AuditOutcome; errorCodes: string[] } {
  const codes = [
    ...new Set((result.errors ?? []).map((e) => storable(String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR').slice(0, 100)))),
  ];
  if (codes.length === 0) return { outcome: 'ok', errorCodes: codes };
  if (result.data) return { outcome: 'partial', errorCodes: codes };
  return { outcome: codes.every((c) => REFUSALS.has(c)) ? 'refused' : 'error', errorCodes: codes };
}

/** Whether the audit trail is on; throws on a setting that would run production unaudited. */
export function auditEnabled(env: NodeJS.ProcessEnv): boolean {
  const setting = (env.TAXGRAPH_AUDIT ?? 'on').trim().toLowerCase();
  if (setting === 'on' || setting === '') return true;
  if (setting !== 'off') throw new Error(`TAXGRAPH_AUDIT must be 'on' or 'off', got '${env.TAXGRAPH_AUDIT}'`);
  if (env.NODE_ENV !== 'development') {
    throw new Error(
      "TAXGRAPH_AUDIT=off is honoured only with NODE_ENV=development (for measuring the audit trail's cost): production never runs unaudited",
    );
  }
  return false;
}

const auditUnavailable = () =>
  taxgraphError(
    'AUDIT_UNAVAILABLE',
    'The audit store cannot record this operation right now, so it is refused rather than served unaudited; retry shortly.',
  ).toJSON();

const text = (s: string | null | undefined, max = 500): string | null => (s === null || s === undefined ? null : storable(s.slice(0, max)));

export function auditPlugin(options: AuditPluginOptions = {}): AuditPlugin {
  const env = options.env ?? process.env;
  const log = options.logger ?? defaultLogger;
  if (!auditEnabled(env)) {
    return {
      checkpointKeys: { keys: [] },
      async serverWillStart() {
        log.warn('audit trail OFF (TAXGRAPH_AUDIT=off, NODE_ENV=development): operations are not recorded');
      },
    };
  }
  const url = env[FEDERATION_DATABASE.urlVariable];
  if (!url) {
    throw new Error(
      `${FEDERATION_DATABASE.urlVariable} is not set: the gateway records every operation in the federation's own database (npm start sets it)`,
    );
  }
  const pool = openAuditPool({ url, onIdleError: (err) => log.warn({ err: err.message }, 'audit store connection lost') });
  // The gateway writes the audit table, so it brings the federation's database up to date first;
  // when it is (every start but the first after a release), that costs one SELECT on the audit pool.
  const migrate = async () => {
    if (!(await needsMigrating((sql) => pool.query(sql)))) return;
    await migrateFederationDbAt(url, { applicationName: 'taxgraph-gateway-migrate', connectTimeoutMs: 2000, statementTimeoutMs: 60_000 });
  };
  const writer = new AuditWriter(pool, migrate, {
    maxBatch: options.maxBatch,
    onCommit: (statements, records) => {
      options.metrics?.auditCommits.inc({ statements: String(statements), outcome: records > 0 ? 'committed' : 'failed' });
      options.metrics?.auditStatements.inc(statements);
      options.metrics?.auditRecords.inc(records);
    },
    onError: (err, entries) =>
      log.error(
        { err: (err as Error)?.message, code: (err as { code?: string })?.code, entries },
        'audit store unavailable: operations refused',
      ),
  });

  // Signed checkpoints of the chain's head (./checkpoint.ts): every interval, and at stop once the last records are committed.
  const checkpoints = checkpointSettingsFromEnv(env);
  const checkpointer = checkpoints.key
    ? new AuditCheckpointer({
        pool,
        key: checkpoints.key,
        intervalMs: checkpoints.intervalMs,
        dir: checkpoints.dir,
        prepare: () => writer.prepare(),
        logger: log,
        onCheckpoint: (outcome) => options.metrics?.auditCheckpoints.inc({ outcome }),
      })
    : undefined;

  return {
    checkpointKeys: { keys: checkpoints.key ? [checkpoints.key.publicJwk] : [] },
    async serverWillStart() {
      // Not awaited: the gateway starts (fast) even while the store is down; the first commit retries.
      writer
        .prepare()
        .catch((err: Error) => log.warn({ err: err.message }, 'federation database not migrated yet; will retry on the first operation'));
      if (checkpointer) {
        await checkpointer.start();
        log.info(
          { kid: checkpoints.key!.kid, intervalMs: checkpoints.intervalMs, dir: checkpoints.dir },
          'audit checkpoints signed (Ed25519); public key at /audit/checkpoint-keys',
        );
      } else {
        log.warn(
          'audit checkpoints OFF: no TAXGRAPH_AUDIT_SIGNING_KEY (or _FILE); the chain shows edited or deleted records, ' +
            'but nothing shows its newest records cut off (refused under NODE_ENV=production)',
        );
      }
      options.refusals?.start((entry) => writer.append(entry));
      return {
        async serverWillStop() {
          // The server has drained: every refusal is counted, and the open minute's aggregates are written before
          // the writer closes and before the shutdown checkpoint, which so covers them.
          await options.refusals?.close();
          await writer.close(checkpointer ? () => checkpointer.stop() : undefined);
        },
      };
    },

    async contextCreationDidFail({ error }) {
      if (isCounted(error)) return;
      const code = storable(
        String((error as { extensions?: { code?: unknown } }).extensions?.code ?? 'INTERNAL_SERVER_ERROR').slice(0, 100),
      );
      const entry = anonymousEntry({
        at: new Date().toISOString(),
        outcome: REFUSALS.has(code) ? 'refused' : 'error',
        errorCodes: [code],
        traceId: activeTraceIds()?.trace_id ?? null,
      });
      // A refusal carries no data, so it is answered even when it cannot be recorded.
      await writer.append(entry).catch(() => undefined);
    },

    async requestDidStart({ contextValue }) {
      const startedAt = Date.now();
      const started = process.hrtime.bigint();
      return {
        async willSendResponse(rc) {
          const { response } = rc;
          try {
            const result: FormattedExecutionResult =
              response.body.kind === 'single' ? response.body.singleResult : response.body.initialResult;
            const touched = touchedBy(result.data, rc.schema, rc.document, rc.operationName, rc.request.variables);
            const principal = contextValue.principal;
            const documentHash = rc.queryHash ?? (rc.source ? createHash('sha256').update(rc.source).digest('hex') : null);
            const entry: AuditEntry = {
              at: new Date(startedAt).toISOString(),
              requestId: text(contextValue.requestId, 100) ?? randomUUID(),
              subject: text(principal?.sub),
              role: text(principal?.role),
              bank: text(principal?.bank),
              purpose: text(contextValue.purpose),
              operationName: text(rc.operationName ?? rc.request.operationName, 200),
              documentHash: text(documentHash, 128),
              variables: auditVariables(rc.request.variables),
              taxpayers: touched.taxpayers,
              vouchers: touched.vouchers.map((v) => storable(v)),
              ...outcomeOf(result),
              durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e6),
              changes: writesOf(rc.document, rc.operationName ?? rc.request.operationName, rc.request.variables, result.data),
              traceId: activeTraceIds()?.trace_id ?? null,
            };
            await writer.append(entry);
          } catch {
            // Not recorded (or not recordable): the data is not served.
            response.body = { kind: 'single', singleResult: { errors: [auditUnavailable()] } };
            response.http.status = 503;
            response.http.headers.set('retry-after', '2');
          }
        },
      };
    },
  };
}
