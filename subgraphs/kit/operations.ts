import {
  DocumentNode,
  execute,
  ExecutionResult,
  getOperationAST,
  GraphQLError,
  GraphQLSchema,
  OperationDefinitionNode,
  parse,
  validate,
} from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';

/**
 * What a subgraph does with an operation's text before it runs, done once per distinct text: the
 * gateway sends the same few documents (its query plans' fetches) over and over, so parsing,
 * validating and (with graphql-jit) compiling them again per request is CPU spent for nothing.
 * Entries are kept least-recently-used, a bounded number, so a caller sending ever new documents
 * costs memory no more than that.
 */

/** How operations run: graphql-js's `execute`, or graphql-jit's compiled query over the same schema. */
export type Executor = 'graphql-js' | 'jit';

/** The outcome of preparing one request's operation. */
export type Prepared =
  | { kind: 'ready'; operation: OperationDefinitionNode; run: RunOperation }
  /** Not valid GraphQL (code GRAPHQL_PARSE_FAILED), not valid against the schema (GRAPHQL_VALIDATION_FAILED), or no such operation. */
  | { kind: 'invalid'; errors: readonly GraphQLError[] };

export type RunOperation = (
  contextValue: unknown,
  variables: Record<string, unknown> | undefined,
) => Promise<ExecutionResult> | ExecutionResult;

interface Document {
  document?: DocumentNode;
  /** Parse or validation errors, already coded as Apollo Server coded them. */
  errors?: readonly GraphQLError[];
  /** Operation name ('' for none) -> its prepared run. */
  operations: Map<string, Prepared>;
}

/** Distinct documents kept. @default 1000 */
export const DEFAULT_OPERATION_CACHE_SIZE = 1000;

export class OperationCache {
  private readonly documents = new Map<string, Document>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly executor: Executor = 'graphql-js',
    private readonly size = DEFAULT_OPERATION_CACHE_SIZE,
  ) {}

  prepare(query: string, operationName: string | undefined): Prepared {
    const doc = this.documentOf(query);
    if (doc.errors) return { kind: 'invalid', errors: doc.errors };
    const key = operationName ?? '';
    let prepared = doc.operations.get(key);
    if (!prepared) {
      prepared = this.prepareOperation(doc.document!, operationName);
      doc.operations.set(key, prepared);
    }
    return prepared;
  }

  private documentOf(query: string): Document {
    let doc = this.documents.get(query);
    if (doc) {
      // Most recently used last: the first key is the one to evict.
      this.documents.delete(query);
      this.documents.set(query, doc);
      return doc;
    }
    doc = this.parseAndValidate(query);
    this.documents.set(query, doc);
    if (this.documents.size > this.size) this.documents.delete(this.documents.keys().next().value!);
    return doc;
  }

  private parseAndValidate(query: string): Document {
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (err) {
      const error = err as GraphQLError;
      const coded = new GraphQLError(error.message, {
        source: error.source,
        positions: error.positions,
        originalError: error,
        extensions: { ...error.extensions, code: 'GRAPHQL_PARSE_FAILED' },
      });
      return { errors: [coded], operations: new Map() };
    }
    const invalid = validate(this.schema, document);
    if (invalid.length > 0) {
      const errors = invalid.map(
        (error) =>
          new GraphQLError(error.message, {
            nodes: error.nodes,
            originalError: error.originalError ?? error,
            extensions: { ...error.extensions, code: 'GRAPHQL_VALIDATION_FAILED' },
          }),
      );
      return { errors, operations: new Map() };
    }
    return { document, operations: new Map() };
  }

  private prepareOperation(document: DocumentNode, operationName: string | undefined): Prepared {
    const operation = getOperationAST(document, operationName);
    if (!operation) {
      const message = operationName
        ? `Unknown operation named "${operationName}".`
        : 'Must provide operation name if query contains multiple operations.';
      return { kind: 'invalid', errors: [new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } })] };
    }
    const schema = this.schema;
    if (this.executor === 'jit') {
      const compiled = compileQuery(schema, document, operationName, { disablingCapturingStackErrors: true });
      if (isCompiledQuery(compiled)) {
        const run: RunOperation = (contextValue, variableValues) => {
          const result = compiled.query(undefined, contextValue, variableValues);
          // Variables that do not fit: graphql-jit's errors drop a custom scalar's own message (the check
          // character a USCC should have), so graphql-js, which runs nothing when variables fail, says it.
          if (!isPromise(result) && result.data === undefined && result.errors) {
            return execute({ schema, document, contextValue, variableValues, operationName });
          }
          return result;
        };
        return { kind: 'ready', operation, run };
      }
      // What graphql-jit cannot compile runs through graphql-js (its errors are then graphql-js's own).
    }
    return {
      kind: 'ready',
      operation,
      run: (contextValue, variableValues) => execute({ schema, document, contextValue, variableValues, operationName }),
    };
  }
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as Promise<T>)?.then === 'function';
}
