import { DocumentNode, GraphQLError, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { taxgraphError } from '../shared/errors';
import { fragmentsOf, rootFieldsOf } from './limits/fragments';

/**
 * The writes the gateway lets through: the graph is read-only but for these mutations. A mutation a
 * subgraph adds later stays closed at the gateway until it is named here, its audit record reviewed
 * (gateway/audit/writes.ts keeps every argument of a write, verbatim).
 * - `updateFindingCase`: an officer changes a case its office owns (API.md "Cases"). Who may change
 *   which case is the cooperation subgraph's decision, so it holds behind any gateway; the gateway
 *   passes its FORBIDDEN and BAD_USER_INPUT through unchanged.
 */
export const WRITES: ReadonlySet<string> = new Set(['updateFindingCase']);

/**
 * Why the gateway will not run this operation, or undefined: an operation type the schema has no root
 * for (subscriptions; left to @apollo/gateway, an uncoded error, a 500), or a mutation field that is
 * not one of WRITES (FORBIDDEN: a subgraph has it, the gateway has not opened it).
 */
export function writeRefusal(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): GraphQLError | undefined {
  if (operation.operation === 'query') return undefined;
  if (!schema.getRootType(operation.operation)) {
    return taxgraphError(
      'GRAPHQL_VALIDATION_FAILED',
      `The graph has no ${operation.operation} operations: queries, and the mutations ${[...WRITES].join(', ')}`,
      { http: { status: 400 } },
    );
  }
  const closed = rootFieldsOf(operation.selectionSet, fragmentsOf(document))
    .map((f) => f.name.value)
    .filter((name) => name !== '__typename' && !WRITES.has(name));
  if (closed.length === 0) return undefined;
  return taxgraphError(
    'FORBIDDEN',
    `The gateway does not open the mutation ${closed[0]}: the graph's only writes are ${[...WRITES].join(', ')}`,
    { http: { status: 403 } },
  );
}
