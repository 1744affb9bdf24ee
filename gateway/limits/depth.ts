import { DocumentNode, Kind, OperationDefinitionNode, SelectionSetNode } from 'graphql';
import { fragmentsOf } from './fragments';

/**
 * How many field levels an operation nests: `{ taxpayer { uscc } }` is 2. Fragments and inline
 * fragments add no level of their own but are followed. Introspection fields count like any other,
 * except `ofType` below `__schema`/`__type`: it only unwraps a list or non-null type (at most three
 * wrappers deep in this schema), so it cannot recurse, and counting it would put the standard
 * introspection query (its TypeRef fragment nests `ofType` eight times) beyond any useful limit.
 * Each fragment is measured once (validation has already refused cycles): linear time, not exponential.
 */
export function operationDepth(document: DocumentNode, operation: OperationDefinitionNode): number {
  const fragments = fragmentsOf(document);
  const memo = new Map<string, number>();

  const depthOf = (set: SelectionSetNode | undefined, introspection: boolean): number => {
    let max = 0;
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.FIELD) {
        const name = s.name.value;
        const inside = introspection || name === '__schema' || name === '__type';
        const level = introspection && name === 'ofType' ? 0 : 1;
        max = Math.max(max, level + depthOf(s.selectionSet, inside));
      } else if (s.kind === Kind.INLINE_FRAGMENT) max = Math.max(max, depthOf(s.selectionSet, introspection));
      else {
        const key = `${s.name.value}|${introspection}`;
        if (!memo.has(key)) {
          memo.set(key, 0); // a cycle (refused by validation anyway) ends here
          memo.set(key, depthOf(fragments.get(s.name.value)?.selectionSet, introspection));
        }
        max = Math.max(max, memo.get(key)!);
      }
    }
    return max;
  };
  return depthOf(operation.selectionSet, false);
}
