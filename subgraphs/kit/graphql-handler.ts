import { ExecutionResult, GraphQLError, GraphQLFormattedError } from 'graphql';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphQLRoute, readGraphQLBody, sendError } from '../../shared/http';
import type { OperationRecord } from '../../shared/metrics';
import type { OperationCache } from './operations';

/**
 * A subgraph's POST /graphql, on node:http alone. Behind our gateway a subgraph needs none of what
 * Apollo Server adds for clients (landing page, CSRF checks, batching, persisted queries, cache
 * hints, plugins run per field), and its pipeline cost about a tenth of a subgraph's CPU per call.
 * What it did that callers rely on is kept: one JSON operation per request (413 beyond the size
 * limit, 400 for a body that is not JSON or holds a batch), the caller's context built first (a
 * refusal, e.g. 401 without the gateway's signature, answers with its status), 400 with
 * GRAPHQL_PARSE_FAILED / GRAPHQL_VALIDATION_FAILED for a bad document and BAD_USER_INPUT for bad
 * variables, 200 for everything that ran; every error passes through the subgraph's formatter.
 */
export interface GraphQLHandlerOptions<C> {
  /** Parses, validates and compiles each distinct document once. */
  operations: OperationCache;
  /** The request's context; throw a GraphQLError (with `extensions.http.status`) to refuse it. */
  context(req: IncomingMessage): C | Promise<C>;
  /** Formats each error as Apollo Server's `formatError` did (formatted first, then the error itself). */
  formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError;
  /** Told of every operation answered (metrics, log line). */
  observe(record: OperationRecord): void;
  /** Largest accepted request body, bytes. @default 1_000_000 */
  maxBodyBytes?: number;
}

interface GraphQLRequestBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

const JSON_TYPE = 'application/json; charset=utf-8';

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  // One write with its length: no chunked encoding, one syscall for headers and body.
  res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An HTTP status an error asks for (`extensions.http.status`), as Apollo Server honoured it. */
function statusOf(error: unknown): number | undefined {
  const http = (error as GraphQLError | undefined)?.extensions?.http as { status?: unknown } | undefined;
  return typeof http?.status === 'number' ? http.status : undefined;
}

export function graphqlHandler<C extends { requestId?: string }>(opts: GraphQLHandlerOptions<C>): GraphQLRoute {
  const maxBodyBytes = opts.maxBodyBytes ?? 1_000_000;

  /** Apollo Server's error normalisation, then the subgraph's formatter. */
  const format = (thrown: unknown): GraphQLFormattedError => {
    const error =
      thrown instanceof GraphQLError
        ? thrown
        : new GraphQLError(thrown instanceof Error ? thrown.message : `Unexpected error value: ${String(thrown)}`, {
            originalError: thrown instanceof Error ? thrown : undefined,
          });
    const { http: _http, ...rest } = error.extensions ?? {};
    const formatted = { ...error.toJSON(), extensions: { ...rest, code: rest.code ?? 'INTERNAL_SERVER_ERROR' } };
    try {
      return opts.formatError(formatted, thrown);
    } catch {
      return { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
  };

  const answer = (res: ServerResponse, status: number, result: ExecutionResult, record: Omit<OperationRecord, 'codes' | 'hasData'>) => {
    const errors = result.errors?.map(format);
    const body: Record<string, unknown> = {};
    if (errors) body.errors = errors;
    if (result.data !== undefined) body.data = result.data;
    if (result.extensions !== undefined) body.extensions = result.extensions;
    send(res, status, body);
    const codes = errors ? errors.map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR')) : [];
    opts.observe({ ...record, codes, hasData: !!result.data });
  };

  return async (req, res) => {
    const started = process.hrtime.bigint();
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return sendError(res, 405, 'BAD_USER_INPUT', 'A subgraph answers POST /graphql with a JSON body only');
    }
    const read = await readGraphQLBody(req, res, maxBodyBytes);
    if (!read) return;
    let context: C;
    try {
      context = await opts.context(req);
    } catch (err) {
      return answer(res, statusOf(err) ?? 500, { errors: [err as GraphQLError] }, { started });
    }
    const requestId = context.requestId;
    const request = read.body as GraphQLRequestBody | undefined;
    const bad = (message: string) =>
      answer(res, 400, { errors: [new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } })] }, { requestId, started });
    if (!isObject(request)) return bad('The request body must be a JSON object with a query (content type application/json)');
    const { query, variables, operationName } = request;
    if (typeof query !== 'string' || query === '') return bad('The request must carry a non-empty query string');
    if (variables != null && !isObject(variables)) return bad('variables must be an object');
    if (operationName != null && typeof operationName !== 'string') return bad('operationName must be a string');
    const prepared = opts.operations.prepare(query, operationName ?? undefined);
    if (prepared.kind === 'invalid') {
      return answer(res, 400, { errors: prepared.errors }, { requestId, operation: operationName ?? undefined, started });
    }
    const operation = prepared.operation.name?.value;
    let result: ExecutionResult;
    try {
      result = await prepared.run(context, (variables ?? undefined) as Record<string, unknown> | undefined);
    } catch (err) {
      result = { errors: [err as GraphQLError], data: null };
    }
    if (result.data === undefined && result.errors) {
      // Variables that do not fit the operation: nothing ran, the caller's input is at fault.
      const errors = result.errors.map(
        (e) =>
          new GraphQLError(e.message, {
            nodes: e.nodes,
            originalError: e.originalError ?? e,
            extensions: { ...e.extensions, code: 'BAD_USER_INPUT' },
          }),
      );
      return answer(res, 400, { errors }, { requestId, operation, started });
    }
    answer(res, 200, result, { requestId, operation, started });
  };
}
