import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { inputErrorCode, isCatalogued } from '../shared/errors';
import type { Logger } from './logger';

/** Apollo Server's own codes, as the catalogue names them for clients. */
const APOLLO_CODES: Record<string, string> = {
  BAD_REQUEST: 'BAD_USER_INPUT',
  OPERATION_RESOLUTION_FAILURE: 'BAD_USER_INPUT',
};

/** graphql-js's parser, stopped at `parseOptions.maxTokens` (graphql 16 writes "more that"). */
const TOO_MANY_TOKENS = /^Syntax Error: Document contains more tha[nt] (\d+) tokens\. Parsing aborted\.$/;

/**
 * Every error leaving the gateway has a catalogued `extensions.code`, no stack trace and no
 * internal URL; anything unexpected is logged under the request id and answered as an internal error.
 * A document past MAX_TOKENS, which the parser reports as a syntax error, is QUERY_TOO_COMPLEX with the limit.
 */
export function formatGatewayError(logger: Logger, limits: { maxTokens?: number } = {}) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const tokens = formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED' ? TOO_MANY_TOKENS.exec(formatted.message) : null;
    if (tokens) {
      const limit = limits.maxTokens ?? Number(tokens[1]);
      return {
        message: `The document holds more than ${limit} tokens (MAX_TOKENS); send a smaller operation.`,
        extensions: { code: 'QUERY_TOO_COMPLEX', limit },
      };
    }
    const raw = formatted.extensions?.code as string | undefined;
    const code = inputErrorCode(formatted, error) ?? (raw && APOLLO_CODES[raw]) ?? raw;
    if (isCatalogued(code) && code !== 'INTERNAL_SERVER_ERROR') {
      const { stacktrace: _s, serviceName: _n, exception: _e, ...extensions } = formatted.extensions ?? {};
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { ...extensions, code } };
    }
    logger.error({ err: unwrapResolverError(error), code: raw }, formatted.message);
    return { message: 'Internal error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
