import { BREAK, DocumentNode, GraphQLError, visit } from 'graphql';
import { taxgraphError } from '../../shared/errors';

/**
 * Input the gateway cannot carry to a subgraph, refused as bad input before any subgraph is called.
 * JSON.parse and graphql-js accept more than the gateway can pass on: JSON.stringify (the call to a
 * subgraph) overflows the stack on a variable nested a few thousand levels deep, which would surface
 * as the subgraph being unavailable and count against its circuit breaker for every caller; a number
 * beyond a double (1e999, or 400 digits) reads as Infinity, which the query planner cannot write back
 * into a subgraph's document (an uncoded error, a 500) and JSON writes as null. No input of this graph
 * nests more than a few levels or needs such a number.
 */
export const MAX_VARIABLES_DEPTH = 32;

/** The nesting depth of `value` (a scalar is 0, `[]` and `{}` are 1), or `limit + 1` once it is deeper than `limit`; no recursion. */
export function variablesDepth(value: unknown, limit = MAX_VARIABLES_DEPTH): number {
  let max = 0;
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [v, depth] = pending.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > limit) return limit + 1;
    max = Math.max(max, depth + 1);
    for (const child of Array.isArray(v) ? v : Object.values(v)) pending.push([child, depth + 1]);
  }
  return max;
}

/** Whether any number in `value` (already known to be shallow) is not finite. */
function hasNonFinite(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (value === null || typeof value !== 'object') return false;
  return (Array.isArray(value) ? value : Object.values(value)).some(hasNonFinite);
}

/** The number literal in the document that is beyond a double, if any. */
function nonFiniteLiteral(document: DocumentNode): string | undefined {
  let found: string | undefined;
  const check = (node: { value: string }) => {
    if (Number.isFinite(Number(node.value))) return undefined;
    found = node.value;
    return BREAK;
  };
  visit(document, { IntValue: check, FloatValue: check });
  return found;
}

/** The error for input the gateway cannot carry to a subgraph, or undefined. */
export function uncarriableInput(document: DocumentNode, variables: Record<string, unknown> | undefined): GraphQLError | undefined {
  const badInput = (message: string, extensions: Record<string, unknown> = {}) =>
    taxgraphError('BAD_USER_INPUT', message, { ...extensions, http: { status: 400 } });
  if (variablesDepth(variables) > MAX_VARIABLES_DEPTH) {
    return badInput(`The variables nest more than ${MAX_VARIABLES_DEPTH} levels deep; no input of this graph nests that deep`, {
      limit: MAX_VARIABLES_DEPTH,
    });
  }
  if (hasNonFinite(variables)) return badInput('A number in the variables is beyond the range of a double (e.g. 1e999)');
  const literal = nonFiniteLiteral(document);
  if (literal !== undefined)
    return badInput(`The number ${literal.slice(0, 40)}${literal.length > 40 ? '...' : ''} is beyond the range of a double`);
  return undefined;
}
