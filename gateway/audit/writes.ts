import { DocumentNode, valueFromASTUntyped } from 'graphql';
import { fragmentsOf, operationOf, rootFieldsOf } from '../limits/fragments';
import { storableJson } from './record';

/**
 * The writes a mutation asked for, as its audit record keeps them (`changes`): each mutation field
 * with its arguments verbatim, whether given as variables or as literals in the document, and whether
 * its answer came back. Verbatim, unlike the variables (redact.ts): a finding id carries a record's
 * internal key (a 20-digit national-tax number reads like an ID-TIN to the variables' scan), and a
 * case's note is not personal data by design (docs/app-developers.md says so to whoever writes one);
 * the record must say which case changed and why, exactly as the case's history does.
 */
export interface WriteRequest {
  /** The mutation field, e.g. `updateFindingCase`. */
  mutation: string;
  /** Its arguments as sent (a variable's value or the document's literal; an enum value by its name). */
  arguments: Record<string, unknown>;
  /** Whether its answer came back (non-null): false when it was refused or failed. */
  applied: boolean;
}

/**
 * The writes of the request's operation (WriteRequest[]), in document order, or null for anything but a mutation (and
 * for a mutation that asks only for `__typename`). `data` is the response's data (null when the whole
 * operation failed), to tell an applied write from a refused one.
 */
export function writesOf(
  document: DocumentNode | undefined,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  data: unknown,
): unknown {
  const operation = document && operationOf(document, operationName);
  if (!document || !operation || operation.operation !== 'mutation') return null;
  const answered = data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
  const writes = rootFieldsOf(operation.selectionSet, fragmentsOf(document))
    .filter((f) => f.name.value !== '__typename')
    .map((f) => {
      const answer = answered[f.alias?.value ?? f.name.value];
      return {
        mutation: f.name.value,
        arguments: Object.fromEntries(
          (f.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value, variables ?? {}) ?? null]),
        ),
        applied: answer !== null && answer !== undefined,
      };
    });
  // Made storable and capped like the variables (a note the subgraph refuses as too long may be huge).
  return writes.length === 0 ? null : storableJson(writes);
}
