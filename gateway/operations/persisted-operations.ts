import type { GraphQLRequest } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import { taxgraphError } from '../../shared/errors';
import type { Principal } from '../../shared/principal';
import { OperationManifest, operationId } from './manifest';

/**
 * Persisted operations in Apollo's format: `{"extensions":{"persistedQuery":{"version":1,
 * "sha256Hash":"<hex>"}},"variables":{...}}`, resolved from the committed manifest only. Nothing is
 * registered at run time (no automatic persisted queries): a writable cache would let any caller
 * grow the gateway's memory and would blur what banks may run.
 */
export type PersistedQuery =
  /** No persistedQuery extension: the request carries its query text. */
  | { kind: 'text' }
  /** A manifest operation, by hash (with or without its text). */
  | { kind: 'manifest'; id: string; name: string }
  /** A hash that names no manifest operation, a text that is not its hash, or another version. */
  | { kind: 'refused'; error: (principal: Principal) => GraphQLError };

const badInput = (message: string, extensions: Record<string, unknown> = {}) =>
  taxgraphError('BAD_USER_INPUT', message, { ...extensions, http: { status: 400 } });

/**
 * Reads and strips the request's persistedQuery extension, so Apollo Server's own APQ never sees
 * it, and puts the manifest body in place of a missing query. A request refused here keeps no
 * query of its own: the caller swaps in a stand-in document and raises the error once the
 * operation is resolved, where every plugin (metrics, audit) sees the refusal.
 */
export function readPersistedQuery(request: GraphQLRequest, manifest: OperationManifest): PersistedQuery {
  const extension = request.extensions?.persistedQuery as { version?: unknown; sha256Hash?: unknown } | undefined;
  if (extension === undefined) return { kind: 'text' };
  const { persistedQuery: _, ...others } = request.extensions!;
  request.extensions = others;

  if (extension?.version !== 1) {
    return {
      kind: 'refused',
      error: () => badInput(`Persisted operations use version 1 of Apollo's format, not ${String(extension?.version).slice(0, 20)}`),
    };
  }
  const hash = typeof extension.sha256Hash === 'string' ? extension.sha256Hash.toLowerCase() : '';
  const operation = manifest.get(hash);
  if (typeof request.query === 'string') {
    // Text and hash together (Apollo's APQ retry): the text runs, if the hash is truly its own.
    if (operationId(request.query) !== hash)
      return {
        kind: 'refused',
        error: () => badInput('The query is not the one its sha256Hash names: send the hash alone, or the hash of this exact text'),
      };
    return operation ? { kind: 'manifest', id: operation.id, name: operation.name } : { kind: 'text' };
  }
  if (!operation) {
    const named = /^[0-9a-f]{64}$/.test(hash) ? `the hash ${hash}` : 'that hash (not a SHA-256 hex digest)';
    return {
      kind: 'refused',
      error: (principal) =>
        principal.role === 'bank'
          ? persistedOperationRequired(
              `No operation in the manifest has ${named}; banks may run only the manifest's operations (gateway/operations/manifest.json)`,
            )
          : badInput(`No operation in the manifest has ${named}; send the query text instead (operations are not registered at run time)`),
    };
  }
  request.query = operation.body;
  return { kind: 'manifest', id: operation.id, name: operation.name };
}

/** Banks run the manifest's operations and nothing else; the document is known by its hash. */
export function bankOperationRefusal(
  principal: Principal,
  source: string | undefined,
  manifest: OperationManifest,
): GraphQLError | undefined {
  if (principal.role !== 'bank') return undefined;
  if (source !== undefined && manifest.has(operationId(source))) return undefined;
  return persistedOperationRequired(
    'Banks may run only persisted operations: send {"extensions":{"persistedQuery":{"version":1,"sha256Hash":"<id>"}},"variables":{...}} ' +
      `with an id from the manifest (${manifest.operations.map((o) => o.name).join(', ')})`,
  );
}

function persistedOperationRequired(message: string): GraphQLError {
  return taxgraphError('PERSISTED_QUERY_REQUIRED', message, { http: { status: 403 } });
}
