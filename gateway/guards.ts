import type { ApolloServerPlugin } from '@apollo/server';
import { DocumentNode, GraphQLError, Kind } from 'graphql';
import { taxgraphError } from '../shared/errors';
import type { GatewayConfig } from './config';
import type { GatewayContext } from './context';
import { uncarriableInput } from './limits/carriable-input';
import { usesIntrospection } from './limits/introspection';
import { limitRefusal } from './limits/operation-limits';
import { PrincipalRateLimiter } from './limits/rate-limit';
import type { Logger } from './logger';
import { writeRefusal } from './writes';
import { OperationManifest } from './operations/manifest';
import { bankOperationRefusal, readPersistedQuery } from './operations/persisted-operations';

/**
 * What a refused request runs through parsing and validation in place of its own document: the
 * refusal then costs nothing to parse, and is raised at didResolveOperation, where Apollo Server
 * answers it through every plugin (metrics, audit) like any other outcome.
 */
const STAND_IN = 'query Refused { __typename }';

/** Why the document names no operation to run (graphql-js's own wording), as bad input. */
function unresolvedOperation(document: DocumentNode, operationName: string | null | undefined): GraphQLError {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length;
  const message =
    operationName === undefined || operationName === null
      ? operations === 0
        ? 'The document contains no operation'
        : 'Must provide operation name if query contains multiple operations'
      : `Unknown operation named "${operationName.slice(0, 100)}"`;
  return taxgraphError('BAD_USER_INPUT', message, { http: { status: 400 } });
}

/**
 * The gateway's guards on every operation, before any subgraph is called, in this order:
 * 1. the principal's rate limit (RATE_LIMITED, 429 with Retry-After), counting every request;
 * 2. persisted operations: a hash is resolved from the manifest, an unknown one refused;
 * 2b. the request itself: input the gateway cannot carry to a subgraph (BAD_USER_INPUT), no operation
 *    to run (BAD_USER_INPUT), a subscription (GRAPHQL_VALIDATION_FAILED), a mutation other than the
 *    graph's writes (./writes.ts: FORBIDDEN); a write then passes the same checks as a query (a bank's
 *    is not in its manifest, so PERSISTED_QUERY_REQUIRED; the limits count the Mutation root like Query);
 * 3. banks: no introspection (FORBIDDEN), manifest operations only (PERSISTED_QUERY_REQUIRED);
 * 4. limits: depth, aliases, estimated cost (QUERY_TOO_COMPLEX, 400).
 * The body size (413) and one operation per request are enforced before, at the HTTP layer.
 */
export function operationGuards(
  config: GatewayConfig,
  logger: Logger,
  manifest = new OperationManifest(),
): ApolloServerPlugin<GatewayContext> {
  let limiter: PrincipalRateLimiter | undefined;
  return {
    async serverWillStart() {
      limiter = await PrincipalRateLimiter.start(config.rateLimit, logger);
      return {
        async serverWillStop() {
          await limiter?.stop();
        },
      };
    },

    async requestDidStart({ request, contextValue }) {
      const { principal } = contextValue;
      const persisted = readPersistedQuery(request, manifest);
      const refusal: GraphQLError | undefined =
        (await limiter?.spend(principal)) ?? (persisted.kind === 'refused' ? persisted.error(principal) : undefined);
      if (refusal) request.query = STAND_IN;

      return {
        async didResolveOperation({ document, operation, source, schema }) {
          if (refusal) throw refusal;
          const uncarriable = uncarriableInput(document, request.variables);
          if (uncarriable) throw uncarriable;
          // Left to @apollo/gateway, these would throw uncoded errors (a 500) or run an operation Apollo Server did not resolve.
          if (!operation) throw unresolvedOperation(document, request.operationName);
          const closed = writeRefusal(schema, document, operation);
          if (closed) throw closed;
          if (principal.role === 'bank') {
            if (operation && usesIntrospection(document, operation)) {
              throw taxgraphError(
                'FORBIDDEN',
                'Introspection (__schema, __type) is off for banks: the manifest operations are their whole API',
                { http: { status: 403 } },
              );
            }
            const notPersisted = bankOperationRefusal(principal, source, manifest);
            if (notPersisted) throw notPersisted;
          }
          const tooComplex = operation && limitRefusal(config.limits, principal.role, schema, document, operation, request.variables);
          if (tooComplex) throw tooComplex;
        },
      };
    },
  };
}
