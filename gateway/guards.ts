import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import { taxgraphError } from '../subgraphs/kit/errors';
import type { GatewayConfig } from './config';
import type { GatewayContext } from './context';
import { usesIntrospection } from './limits/introspection';
import { limitRefusal } from './limits/operation-limits';
import { PrincipalRateLimiter } from './limits/rate-limit';
import type { Logger } from './logger';
import { OperationManifest } from './operations/manifest';
import { bankOperationRefusal, readPersistedQuery } from './operations/persisted-operations';

/**
 * What a refused request runs through parsing and validation in place of its own document: the
 * refusal then costs nothing to parse, and is raised at didResolveOperation, where Apollo Server
 * answers it through every plugin (metrics, audit) like any other outcome.
 */
const STAND_IN = 'query Refused { __typename }';

/**
 * The gateway's guards on every operation, before any subgraph is called, in this order:
 * 1. the principal's rate limit (RATE_LIMITED, 429 with Retry-After), counting every request;
 * 2. persisted operations: a hash is resolved from the manifest, an unknown one refused;
 * 3. banks: no introspection (FORBIDDEN), manifest operations only (PERSISTED_QUERY_REQUIRED);
 * 4. limits: depth, aliases, estimated cost (QUERY_TOO_COMPLEX, 400).
 * The body size (413) and one operation per request are enforced before, at the HTTP layer.
 */
export function operationGuards(config: GatewayConfig, logger: Logger, manifest = new OperationManifest()): ApolloServerPlugin<GatewayContext> {
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
      const refusal: GraphQLError | undefined = (await limiter?.spend(principal)) ?? (persisted.kind === 'refused' ? persisted.error(principal) : undefined);
      if (refusal) request.query = STAND_IN;

      return {
        async didResolveOperation({ document, operation, source, schema }) {
          if (refusal) throw refusal;
          if (principal.role === 'bank') {
            if (operation && usesIntrospection(document, operation)) {
              throw taxgraphError('FORBIDDEN', 'Introspection (__schema, __type) is off for banks: the manifest operations are their whole API', { http: { status: 403 } });
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
