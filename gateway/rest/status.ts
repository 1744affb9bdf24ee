import type { ErrorCode } from '../../shared/errors';

/**
 * The HTTP status a REST answer gives for each catalogue code. GraphQL answers a source that is
 * down with 200 and a partial result; a REST resource has no partial form for its one object, so
 * a missing source is the server's failure (503, 504).
 */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  GRAPHQL_PARSE_FAILED: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  QUERY_TOO_COMPLEX: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  PERSISTED_QUERY_REQUIRED: 403,
  RATE_LIMITED: 429,
  INTERNAL_SERVER_ERROR: 500,
  AUDIT_UNAVAILABLE: 503,
  SOURCE_UNAVAILABLE: 503,
  SOURCE_TIMEOUT: 504,
};
