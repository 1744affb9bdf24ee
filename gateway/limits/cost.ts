import {
  DocumentNode,
  FieldNode,
  getNamedType,
  getNullableType,
  getVariableValues,
  GraphQLField,
  GraphQLInt,
  GraphQLNamedType,
  GraphQLSchema,
  isInterfaceType,
  isLeafType,
  isListType,
  isObjectType,
  Kind,
  OperationDefinitionNode,
  SchemaMetaFieldDef,
  SelectionSetNode,
  TypeMetaFieldDef,
  valueFromAST,
} from 'graphql';
import { fragmentsOf } from './fragments';

/** A page without `first` holds this many items: the API's default page size (API.md). */
export const DEFAULT_PAGE_SIZE = 50;

/**
 * What a plain list (no `first` argument) is assumed to hold: a taxpayer's returns, changes,
 * registration records, a payment's status history, an introspection type list. The seeded lists
 * are short (a few returns per tax and year, at most five status steps), so 10 is generous for most
 * and the estimate still grows with every nested list.
 */
export const DEFAULT_LIST_SIZE = 10;

export interface CostOptions {
  /** @default DEFAULT_PAGE_SIZE */
  defaultPageSize?: number;
  /** @default DEFAULT_LIST_SIZE */
  defaultListSize?: number;
}

/**
 * An estimate of what an operation asks of the sources, before any is called, on the gateway's
 * API schema:
 * - a leaf (scalar or enum) costs 1; `__typename` costs nothing (the gateway answers it);
 * - an object field costs 1 plus its selection, times its size:
 *   - a field with a `first` argument (a page) has the size `first`, or DEFAULT_PAGE_SIZE when it
 *     is absent or null; the list directly inside a page (its `edges`) adds no second factor;
 *   - any other list field has the size DEFAULT_LIST_SIZE;
 * - so sizes multiply through nesting: `payments(first: 100) { edges { node { taxpayer {
 *   nationalTaxRecords { returns { period } } } } } }` costs about 100 x 10 x 10.
 * Fragments count where they are spread; fragments on several types all count (an upper bound);
 * `@skip`/`@include` are ignored (an upper bound too). Below `__schema`/`__type` every field counts
 * once and lists do not multiply: introspection is answered from the schema in the gateway's
 * memory and reaches no source; its recursion through the schema's type graph is bounded by the
 * depth limit and by graphql-js's MaxIntrospectionDepthRule (in the validation Apollo Server runs:
 * at most two `fields`/`inputFields`/`interfaces`/`possibleTypes` lists nested in one another).
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
  options: CostOptions = {},
): number {
  const pageDefault = options.defaultPageSize ?? DEFAULT_PAGE_SIZE;
  const listDefault = options.defaultListSize ?? DEFAULT_LIST_SIZE;
  const fragments = fragmentsOf(document);
  const memo = new Map<string, number>();
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  const variableValues = coerced.coerced ?? {};
  const root =
    operation.operation === 'mutation'
      ? schema.getMutationType()
      : operation.operation === 'subscription'
        ? schema.getSubscriptionType()
        : schema.getQueryType();

  const fieldDef = (parent: GraphQLNamedType, name: string): GraphQLField<unknown, unknown> | undefined => {
    if (name === '__schema' && parent === root) return SchemaMetaFieldDef;
    if (name === '__type' && parent === root) return TypeMetaFieldDef;
    return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
  };

  const pageSize = (node: FieldNode): number => {
    const arg = node.arguments?.find((a) => a.name.value === 'first');
    const value = arg ? valueFromAST(arg.value, GraphQLInt, variableValues) : undefined;
    return typeof value === 'number' ? Math.max(0, value) : pageDefault;
  };

  /** `page`: directly inside a paged field, whose `first` already counts the list's items. */
  type Place = 'data' | 'page' | 'introspection';

  const costOfField = (node: FieldNode, parent: GraphQLNamedType, place: Place): number => {
    const name = node.name.value;
    if (name === '__typename') return 0;
    const def = fieldDef(parent, name);
    if (!def) return 1;
    const type = getNamedType(def.type);
    if (!node.selectionSet || isLeafType(type)) return 1;
    if (place === 'introspection' || name === '__schema' || name === '__type')
      return 1 + costOfSet(node.selectionSet, type, 'introspection');
    const paged = def.args.some((a) => a.name === 'first');
    const size = paged ? pageSize(node) : isListType(getNullableType(def.type)) ? (place === 'page' ? 1 : listDefault) : 1;
    return 1 + size * costOfSet(node.selectionSet, type, paged ? 'page' : 'data');
  };

  const costOfSet = (set: SelectionSetNode, parent: GraphQLNamedType, place: Place): number => {
    let cost = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) cost += costOfField(s, parent, place);
      else if (s.kind === Kind.INLINE_FRAGMENT) {
        const type = s.typeCondition ? schema.getType(s.typeCondition.name.value) : parent;
        cost += costOfSet(s.selectionSet, type ?? parent, place);
      } else {
        const key = `${s.name.value}|${place}`;
        if (!memo.has(key)) {
          const fragment = fragments.get(s.name.value);
          memo.set(key, 0); // a cycle (refused by validation anyway) ends here
          if (fragment) memo.set(key, costOfSet(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) ?? parent, place));
        }
        cost += memo.get(key)!;
      }
    }
    return cost;
  };

  // Fragments spread into fragments can multiply past any float; the figure stays printable.
  return root ? Math.min(costOfSet(operation.selectionSet, root, 'data'), Number.MAX_SAFE_INTEGER) : 0;
}
