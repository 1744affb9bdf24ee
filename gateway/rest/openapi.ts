import { GraphQLSchema, valueFromASTUntyped } from 'graphql';
import { ERROR_CATALOGUE } from '../../shared/errors';
import { JsonSchema, selectionSchema, variableSchema } from './json-schema';
import type { RestResource } from './resource';
import { REST_PREFIX } from './routes';

/** The error responses every resource can give, by HTTP status: which codes stand behind each. */
const ERROR_RESPONSES: Record<string, string> = {
  '400': 'A parameter is invalid (BAD_USER_INPUT), or the operation is refused by the limits (QUERY_TOO_COMPLEX).',
  '401': 'No valid bearer token (UNAUTHENTICATED).',
  '403': 'The token may not run this operation (FORBIDDEN, PERSISTED_QUERY_REQUIRED), e.g. an analyst without X-Purpose.',
  '429': "Over the bank's budget of operations per minute (RATE_LIMITED); retry after Retry-After seconds.",
  '500': 'An unexpected fault (INTERNAL_SERVER_ERROR); the server log has it under the request id.',
  '503':
    'The audit store cannot record the call, so it is refused (AUDIT_UNAVAILABLE), or the payments source is down (SOURCE_UNAVAILABLE).',
  '504': 'The payments source did not answer in time (SOURCE_TIMEOUT).',
};

const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'Every error: a code from the catalogue and what went wrong, in words.',
  properties: {
    code: { type: 'string', enum: Object.keys(ERROR_CATALOGUE), description: 'The error catalogue code (shared/errors.ts).' },
    message: { type: 'string' },
    source: { type: 'string', description: 'For SOURCE_UNAVAILABLE and SOURCE_TIMEOUT: which source.' },
    retryAfter: { type: 'integer', description: 'For RATE_LIMITED: seconds to wait (also the Retry-After header).' },
  },
  required: ['code', 'message'],
};

/** Without null: the response body of a resource whose null answers 404. */
function present(schema: JsonSchema): JsonSchema {
  const out = { ...schema };
  if (Array.isArray(out.type)) out.type = out.type.filter((t) => t !== 'null');
  if (Array.isArray(out.type) && out.type.length === 1) out.type = out.type[0];
  return out;
}

/**
 * The OpenAPI 3.1 document of the banks' REST resources, generated from the persisted operations and
 * the supergraph's API schema: each response schema is the operation's selection set read over the
 * schema (./json-schema.ts), each parameter an operation variable with the description of the
 * argument it feeds. Nothing here restates a field, so the document cannot drift from the graph.
 */
export function openApiDocument(schema: GraphQLSchema, resources: readonly RestResource[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const schemas: Record<string, JsonSchema> = { Error: ERROR_SCHEMA };
  for (const resource of resources) {
    const { route, operation } = resource;
    const rootField = schema.getQueryType()?.getFields()[resource.rootField];
    if (!rootField) throw new Error(`The supergraph has no Query.${resource.rootField}, which ${operation.name} selects`);
    const body = selectionSchema(schema, rootField.type, resource.root.selectionSet, resource.fragments);
    const nullable = Array.isArray(body.type) && body.type.includes('null');
    schemas[route.schemaName] = present(body);

    const descriptions = resource.variableDescriptions(schema);
    const parameters = resource.parameters.map((p) => {
      const v = variableSchema(schema, p.type);
      const definition = resource.definition.variableDefinitions?.find((d) => d.variable.name.value === p.name);
      const withDefault = definition?.defaultValue ? { ...v.schema, default: valueFromASTUntyped(definition.defaultValue) } : v.schema;
      return {
        name: p.name,
        in: p.in,
        required: p.in === 'path' || (v.required && !p.hasDefault),
        ...(descriptions.get(p.name) ? { description: descriptions.get(p.name) } : {}),
        schema: withDefault,
      };
    });

    const responses: Record<string, unknown> = {
      '200': {
        description: route.summary,
        content: { 'application/json': { schema: { $ref: `#/components/schemas/${route.schemaName}` } } },
      },
    };
    if (nullable) responses['404'] = errorResponse(route.notFound ?? 'Not found (code BAD_USER_INPUT).');
    for (const [status, description] of Object.entries(ERROR_RESPONSES)) responses[status] = errorResponse(description, status === '429');

    paths[route.path] = {
      ...paths[route.path],
      get: {
        operationId: route.operationId,
        summary: route.summary,
        description:
          `Runs the persisted operation ${operation.name} (sha256 ${operation.id}) through the gateway, as POST /graphql would: ` +
          'the same token, tenancy, rate limit and audit record.',
        tags: ['payments'],
        parameters,
        responses,
        'x-persisted-operation': { name: operation.name, id: operation.id },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'taxgraph: payments for partner banks',
      version: '1',
      description:
        "A partner bank's own tax payments (TIPS), as REST resources over the persisted operations of the taxgraph gateway. " +
        'Authenticate with the same bearer JWT as for GraphQL. Errors are JSON {"code", "message"} with the HTTP status of the code.',
    },
    servers: [{ url: REST_PREFIX, description: 'This gateway' }],
    security: [{ bearerAuth: [] }],
    tags: [{ name: 'payments', description: "The calling bank's payments" }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'The bank token: claim role "bank" and claim bank, the 12-digit bank code.',
        },
      },
      schemas,
      headers: {
        RetryAfter: { description: 'Seconds to wait before retrying.', schema: { type: 'integer', minimum: 0 } },
      },
    },
  };
}

function errorResponse(description: string, retry = false): Record<string, unknown> {
  return {
    description,
    ...(retry ? { headers: { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } } } : {}),
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  };
}
