import { DocumentNode, Kind, OperationDefinitionNode, SelectionSetNode } from 'graphql';
import { fragmentsOf } from './fragments';

/**
 * How many aliased fields an operation runs, fragments expanded: a fragment with 10 aliases spread
 * 20 times runs 200. Aliases are how one request multiplies a root field (an "alias flood"), which
 * the depth and the per-field cost alone would not stop.
 */
export function aliasCount(document: DocumentNode, operation: OperationDefinitionNode): number {
  const fragments = fragmentsOf(document);
  const memo = new Map<string, number>();

  const countIn = (set: SelectionSetNode | undefined): number => {
    let n = 0;
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.FIELD) n += (s.alias ? 1 : 0) + countIn(s.selectionSet);
      else if (s.kind === Kind.INLINE_FRAGMENT) n += countIn(s.selectionSet);
      else {
        const name = s.name.value;
        if (!memo.has(name)) {
          memo.set(name, 0);
          memo.set(name, countIn(fragments.get(name)?.selectionSet));
        }
        n += memo.get(name)!;
      }
    }
    return n;
  };
  return countIn(operation.selectionSet);
}
