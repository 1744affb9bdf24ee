import { ApolloServer, HeaderMap, HTTPGraphQLResponse } from '@apollo/server';
import type { GraphQLSchema, TypeNode } from 'graphql';
import type { IncomingMessage } from 'node:http';
import { ErrorCode, isCatalogued } from '../../shared/errors';
import type { RouteResult } from '../../shared/http';
import type { GatewayContext } from '../context';
import type { Logger } from '../logger';
import { OperationManifest } from '../operations/manifest';
import { openApiDocument } from './openapi';
import { RestResource } from './resource';
import { REST_PREFIX, REST_ROUTES, RestRoute } from './routes';
import { ERROR_STATUS } from './status';

export interface RestApiOptions {
  /** The gateway's Apollo Server: every REST call runs through it, as a GraphQL request would. */
  apollo: ApolloServer<GatewayContext>;
  /** The gateway's context builder (token, purpose, request id), given the REST call's own request. */
  context: (req: IncomingMessage) => Promise<GatewayContext>;
  /** Tells the current API schema, at start and at every supergraph update (ApolloGateway's onSchemaLoadOrUpdate). */
  onSchema: (listener: (schema: GraphQLSchema) => void) => void;
  logger: Logger;
  /** @default the committed manifest */
  manifest?: OperationManifest;
  /** @default ./routes.ts */
  routes?: readonly RestRoute[];
}

/** Headers of the GraphQL answer a REST client needs too. */
const PASSED_BACK = ['retry-after', 'www-authenticate'];

const NO_STORE = { 'cache-control': 'no-store' };

const error = (
  status: number,
  code: ErrorCode,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): RouteResult => ({
  status,
  body: { code, message, ...extra },
  headers: { ...NO_STORE, ...headers },
});

interface GraphQLAnswer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/**
 * The banks' REST resources (API.md "REST for partner banks"): GET /rest/v1/... runs a persisted
 * operation through the gateway's own Apollo Server, exactly as a bank's POST /graphql with the
 * operation's hash does (`executeHTTPGraphQLRequest` with the call's headers), so the token,
 * tenancy, rate limit, guards, audit record and metrics are the GraphQL path's own; then the
 * GraphQL answer becomes the root field's value as JSON, or `{code, message}` with the code's status.
 * `/rest/v1/openapi.json` is the generated document (./openapi.ts), public like a schema.
 */
export function restApi(options: RestApiOptions) {
  const manifest = options.manifest ?? new OperationManifest();
  const resources = (options.routes ?? REST_ROUTES).map((r) => new RestResource(r, manifest));
  let schema: GraphQLSchema | undefined;
  let document: Record<string, unknown> | undefined;
  options.onSchema((next) => {
    schema = next;
    document = undefined;
  });

  function openApi(): RouteResult {
    if (!schema) return error(503, 'SOURCE_UNAVAILABLE', 'The gateway has not loaded its supergraph yet');
    try {
      document ??= openApiDocument(schema, resources);
    } catch (err) {
      options.logger.error({ err }, 'the REST OpenAPI document cannot be generated from this supergraph');
      return error(500, 'INTERNAL_SERVER_ERROR', 'Internal error');
    }
    return { status: 200, body: document, headers: { 'cache-control': 'public, max-age=60' } };
  }

  async function call(
    resource: RestResource,
    raw: Record<string, string>,
    req: IncomingMessage,
    search: URLSearchParams,
  ): Promise<RouteResult> {
    const variables: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(raw)) {
      try {
        variables[name] = decodeURIComponent(value);
      } catch {
        return error(400, 'BAD_USER_INPUT', `The path parameter ${name} is not valid percent-encoding`);
      }
    }
    const accepted = resource.parameters.filter((p) => p.in === 'query');
    for (const key of new Set(search.keys())) {
      const parameter = accepted.find((p) => p.name === key);
      if (!parameter) {
        const names = accepted.map((p) => p.name).join(', ') || 'none';
        return error(400, 'BAD_USER_INPUT', `Unknown query parameter '${key.slice(0, 50)}' (this resource takes: ${names})`);
      }
      const values = search.getAll(key);
      if (values.length > 1) return error(400, 'BAD_USER_INPUT', `The query parameter ${key} is given ${values.length} times`);
      variables[key] = fromQuery(values[0], parameter.type);
    }

    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined && !['content-length', 'content-type', 'transfer-encoding', 'accept'].includes(key)) {
        headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
    }
    headers.set('content-type', 'application/json');
    headers.set('accept', 'application/json');
    const answer = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: 'POST',
        headers,
        search: '',
        // What a bank sends to POST /graphql: the persisted operation's hash, never a document.
        body: { extensions: { persistedQuery: { version: 1, sha256Hash: resource.operation.id } }, variables },
      },
      context: () => options.context(req),
    });
    return toRest(resource, answer, await bodyOf(answer));
  }

  return {
    resources,
    /** Answers a GET below /rest/v1, or undefined for any other path. */
    async handle(path: string, req: IncomingMessage): Promise<RouteResult | undefined> {
      if (path !== REST_PREFIX && !path.startsWith(`${REST_PREFIX}/`)) return undefined;
      const below = path.slice(REST_PREFIX.length);
      if (below === '/openapi.json') return openApi();
      const search = new URL(req.url ?? '/', 'http://localhost').searchParams;
      for (const resource of resources) {
        const raw = resource.match(below);
        if (raw) return call(resource, raw, req, search);
      }
      return error(404, 'BAD_USER_INPUT', `No resource ${path.slice(0, 200)}; the resources are described at ${REST_PREFIX}/openapi.json`);
    },
  };
}

/** A query parameter's text as its variable's type wants it; text that is no such value goes as it came, for GraphQL's own refusal. */
function fromQuery(value: string, type: TypeNode): unknown {
  const named = type.kind === 'NonNullType' ? type.type : type;
  const name = named.kind === 'NamedType' ? named.name.value : undefined;
  if ((name === 'Int' || name === 'Float') && /^[+-]?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (name === 'Boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

async function bodyOf(answer: HTTPGraphQLResponse): Promise<GraphQLAnswer> {
  let text = '';
  if (answer.body.kind === 'complete') text = answer.body.string;
  else for await (const chunk of answer.body.asyncIterator) text += chunk;
  try {
    return JSON.parse(text) as GraphQLAnswer;
  } catch {
    return { errors: [{ message: 'Internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] };
  }
}

/**
 * The GraphQL answer as a REST one: the root field's value (200), 404 when it is null without an
 * error (none, or not the calling bank's: the graph does not tell them apart, and neither does this),
 * else the first error's code with its status. A value that came with errors (a source that lent a
 * nested field is down) is served, and the codes are named in X-Taxgraph-Partial.
 */
function toRest(resource: RestResource, answer: HTTPGraphQLResponse, body: GraphQLAnswer): RouteResult {
  const passed: Record<string, string> = {};
  for (const name of PASSED_BACK) {
    const value = answer.headers.get(name);
    if (value) passed[name] = value;
  }
  const value = body.data?.[resource.rootKey];
  const errors = body.errors ?? [];
  if (value !== undefined && value !== null) {
    const partial = errors.map((e) => {
      const source = e.extensions?.source;
      return `${String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR')}${typeof source === 'string' ? ` (${source})` : ''}`;
    });
    return {
      status: 200,
      body: value,
      headers: { ...NO_STORE, ...(partial.length ? { 'x-taxgraph-partial': [...new Set(partial)].join(', ') } : {}) },
    };
  }
  if (errors.length === 0) {
    return error(404, 'BAD_USER_INPUT', resource.route.notFound ?? `${resource.operation.name} found nothing`);
  }
  const first = errors[0];
  const raw = first.extensions?.code;
  const code: ErrorCode = isCatalogued(raw) ? raw : 'INTERNAL_SERVER_ERROR';
  const extra: Record<string, unknown> = {};
  if (typeof first.extensions?.source === 'string') extra.source = first.extensions.source;
  if (typeof first.extensions?.retryAfter === 'number') extra.retryAfter = first.extensions.retryAfter;
  const message = code === 'INTERNAL_SERVER_ERROR' ? 'Internal error' : first.message;
  return error(ERROR_STATUS[code] ?? answer.status ?? 500, code, message, extra, passed);
}
