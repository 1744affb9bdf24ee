import { DocumentNode, Kind, OperationDefinitionNode, SelectionSetNode } from 'graphql';
import { fragmentsOf } from './fragments';

/** The schema-revealing meta fields; `__typename` is not one of them (clients add it everywhere). */
const INTROSPECTION_FIELDS = new Set(['__schema', '__type']);

/** Whether the operation asks for `__schema` or `__type`, directly or through its fragments. */
export function usesIntrospection(document: DocumentNode, operation: OperationDefinitionNode): boolean {
  const fragments = fragmentsOf(document);
  const seen = new Set<string>();
  const search = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).some((s) => {
      if (s.kind === Kind.FIELD) return INTROSPECTION_FIELDS.has(s.name.value) || search(s.selectionSet);
      if (s.kind === Kind.INLINE_FRAGMENT) return search(s.selectionSet);
      if (seen.has(s.name.value)) return false;
      seen.add(s.name.value);
      return search(fragments.get(s.name.value)?.selectionSet);
    });
  return search(operation.selectionSet);
}
