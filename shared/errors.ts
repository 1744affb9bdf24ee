import { GraphQLError, GraphQLFormattedError } from 'graphql';

/**
 * The one error catalogue of taxgraph: every code a client can see is defined here once, with
 * what it means; each builds its own GraphQLError with `extensions.code`.
 */
export const ERROR_CATALOGUE = {
  BAD_USER_INPUT: 'The request is well-formed GraphQL but an argument is invalid (a bad identifier, page size, cursor or enum value).',
  UNAUTHENTICATED: 'No valid credentials: the token or the gateway signature is missing, forged or expired.',
  FORBIDDEN: 'The caller is known but may not see this data.',
  SOURCE_UNAVAILABLE: 'A source system (subgraph or its database) is down or failing; its fields are null, the rest of the answer stands.',
  SOURCE_TIMEOUT: 'A source system did not answer in time; its fields are null, the rest of the answer stands.',
  QUERY_TOO_COMPLEX: 'The operation is too deep, too costly or has too many aliases or operations.',
  PERSISTED_QUERY_REQUIRED: 'This caller may run only operations from the persisted manifest.',
  RATE_LIMITED: 'Too many requests from this principal, or refusals from this client address before authentication; retry later.',
  AUDIT_UNAVAILABLE: 'The audit store cannot record this operation, so it is refused rather than served unaudited.',
  GRAPHQL_PARSE_FAILED: 'The document is not valid GraphQL syntax.',
  GRAPHQL_VALIDATION_FAILED: 'The document does not match the schema.',
  INTERNAL_SERVER_ERROR: 'An unexpected fault; the details are in the server log under the request id, never in the response.',
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** Builds the error for a catalogue code; `extensions` adds context such as the source's name. */
export function taxgraphError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

export const badUserInput = (message: string, extensions: Record<string, unknown> = {}) =>
  taxgraphError('BAD_USER_INPUT', message, extensions);

export const sourceUnavailable = (source: string) =>
  taxgraphError('SOURCE_UNAVAILABLE', `The ${source} source is unavailable; its fields are missing from this answer.`, { source });

export const sourceTimeout = (source: string) =>
  taxgraphError('SOURCE_TIMEOUT', `The ${source} source did not answer in time; its fields are missing from this answer.`, { source });

export function isCatalogued(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CATALOGUE, code);
}

/**
 * graphql-js reports a bad argument literal (a USCC with a wrong check character, an unknown enum
 * value) as a validation failure; to the client it is bad input, so it gets BAD_USER_INPUT.
 */
export function inputErrorCode(formatted: GraphQLFormattedError, error: unknown): 'BAD_USER_INPUT' | undefined {
  if (formatted.extensions?.code !== 'GRAPHQL_VALIDATION_FAILED') return undefined;
  const original = (error as { originalError?: { extensions?: { code?: unknown } } })?.originalError;
  if (original?.extensions?.code === 'BAD_USER_INPUT') return 'BAD_USER_INPUT';
  return /^(Expected value of type|Value ".*" does not exist in ".*" enum|Enum ".*" cannot represent|Int cannot represent|Float cannot represent|String cannot represent|Boolean cannot represent|ID cannot represent)/.test(
    formatted.message,
  )
    ? 'BAD_USER_INPUT'
    : undefined;
}
