import { sourceTimeout, sourceUnavailable } from '../../../shared/errors';
import type { LegacySource } from '../../../shared/sources';
import type { Call } from '../facts/source-calls';

/** A list that cannot be read whole: SOURCE_UNAVAILABLE (SOURCE_TIMEOUT when it did not answer in time), naming the sources. */
export function listUnavailable(sources: readonly LegacySource[], timedOut = false): Error {
  const error = timedOut ? sourceTimeout(sources[0]) : sourceUnavailable(sources[0]);
  error.extensions.sources = [...sources];
  return error;
}

/** Pages a source asks for at once: the sources' own maximum. */
export const LIST_PAGE = 500;

interface Connection<T> {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: T }[];
}

/**
 * Every item of a source's list connection (`field(first, after, filter)`), page after page: the
 * publication lists read a whole area (a province at most), a few hundred records a call. A source
 * that fails costs the whole list (SOURCE_UNAVAILABLE / SOURCE_TIMEOUT naming it): a published list
 * is never partial.
 */
export async function listAll<T>(
  call: Call,
  source: LegacySource,
  operation: string,
  field: string,
  filter: { type: string; value: Record<string, unknown> } | null,
  selection: string,
): Promise<T[]> {
  const out: T[] = [];
  let after: string | null = null;
  const filterDef = filter ? `, $filter: ${filter.type}` : '';
  const filterArg = filter ? ', filter: $filter' : '';
  const query = `query ${operation}($first: Int!, $after: String${filterDef}) { ${field}(first: $first, after: $after${filterArg}) {
    pageInfo { hasNextPage endCursor } edges { node { ${selection} } } } }`;
  for (;;) {
    const answer = await call(source, { query, variables: { first: LIST_PAGE, after, ...(filter ? { filter: filter.value } : {}) } });
    const page = answer.ok && !answer.errors.length ? (answer.data[field] as Connection<T> | null) : null;
    if (!page) {
      throw listUnavailable([source], !answer.ok && answer.timedOut);
    }
    for (const e of page.edges) out.push(e.node);
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return out;
    after = page.pageInfo.endCursor;
  }
}
