import { ClassType, Directive, Field, Int, ObjectType } from 'type-graphql';
import { badUserInput } from '../../shared/errors';

/** Relay connections with keyset cursors: the cursor carries the sort key of the last row, never an offset. */

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

// A value type every subgraph's connections share, identical everywhere.
@Directive('@shareable')
@ObjectType({ description: 'Where a page stands in its list (Relay).' })
export class PageInfo {
  @Field({ description: 'Whether more items follow this page.' })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: "The last item's cursor: pass it as `after` for the next page." })
  endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount?: number | null;
}

/** Builds the `XConnection` and `XEdge` object types for a node type. */
export function connectionType<T extends object>(node: ClassType<T>, name: string, description: string) {
  @ObjectType(`${name}Edge`, { description: `One ${name} in a page, with its cursor.` })
  class EdgeType {
    @Field({ description: 'Opaque keyset cursor of this item.' })
    cursor!: string;

    @Field(() => node, { description: `The ${name}.` })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description })
  class ConnectionType {
    @Field(() => [EdgeType], { description: 'The items of this page, in order.' })
    edges!: EdgeType[];

    @Field(() => PageInfo, { description: 'Whether more items follow, and the cursor to fetch them.' })
    pageInfo!: PageInfo;

    @Field(() => Int, { nullable: true, description: 'How many items the whole list holds, where counting is cheap; null otherwise.' })
    totalCount?: number | null;
  }
  return ConnectionType as ClassType<Connection<T>>;
}

/** Checks `first` (default 50, at most 500) and returns the page size. */
export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badUserInput(`first must be between 0 and ${MAX_PAGE_SIZE}, got ${first}`, { argument: 'first', max: MAX_PAGE_SIZE });
  }
  return first;
}

/** Encodes a keyset position (the sort key values of a row) as an opaque cursor. */
export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor made by encodeCursor with `parts` values; anything else is BAD_USER_INPUT, as is a
 * key that fails `valid` (a list whose key has a form, such as DJXH's digits, refuses a forged one).
 */
export function decodeCursor(
  cursor: string | null | undefined,
  parts: number,
  valid: (key: string[]) => boolean = () => true,
): string[] | null {
  if (cursor === null || cursor === undefined) return null;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const issued = Array.isArray(key) && key.length === parts && key.every((k) => typeof k === 'string') && cursor.length <= 400;
  if (!issued || !valid(key as string[])) {
    throw badUserInput('after is not a cursor this list issued (use pageInfo.endCursor of the previous page)', { argument: 'after' });
  }
  return key as string[];
}

/**
 * Makes a page from rows fetched with `limit + 1` (the extra row only says whether more follow).
 */
export function toConnection<R, T>(
  rows: R[],
  limit: number,
  keyOf: (row: R) => string[],
  map: (row: R) => T,
  totalCount?: number | null,
): Connection<T> {
  const page = rows.slice(0, limit);
  const edges = page.map((row) => ({ cursor: encodeCursor(keyOf(row)), node: map(row) }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    totalCount,
  };
}
