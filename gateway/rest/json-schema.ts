import {
  FieldNode,
  FragmentDefinitionNode,
  getNamedType,
  GraphQLEnumType,
  GraphQLInputType,
  GraphQLOutputType,
  GraphQLScalarType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  Kind,
  SelectionSetNode,
  TypeNode,
  typeFromAST,
} from 'graphql';

/** A JSON Schema (2020-12, the dialect of OpenAPI 3.1), as plain data. */
export type JsonSchema = Record<string, unknown>;

/**
 * What each of the graph's scalars is in JSON: the built-in ones by their JSON type, ours as strings
 * with the format or pattern their GraphQL parser checks (subgraphs/kit/scalars.ts; API.md "Scalars").
 * A scalar not named here is a string described by its own description.
 */
const SCALARS: Record<string, JsonSchema> = {
  String: { type: 'string' },
  ID: { type: 'string' },
  Int: { type: 'integer', minimum: -2147483648, maximum: 2147483647 },
  Float: { type: 'number' },
  Boolean: { type: 'boolean' },
  Date: { type: 'string', format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
  DateTime: { type: 'string', format: 'date-time' },
  Money: { type: 'string', pattern: '^-?\\d{1,16}\\.\\d{2}$' },
  YearMonth: { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' },
  USCC: { type: 'string', minLength: 18, maxLength: 18, pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$' },
};

function scalarSchema(type: GraphQLScalarType): JsonSchema {
  const known = SCALARS[type.name];
  const schema: JsonSchema = known ? { ...known } : { type: 'string' };
  // The built-in scalars' descriptions are graphql-js's, about GraphQL; ours say what the value is.
  if (!['String', 'ID', 'Int', 'Float', 'Boolean'].includes(type.name) && type.description) schema.description = type.description;
  return schema;
}

function enumSchema(type: GraphQLEnumType): JsonSchema {
  return { type: 'string', enum: type.getValues().map((v) => v.name), ...(type.description ? { description: type.description } : {}) };
}

/** `schema` admitting null too, the OpenAPI 3.1 way (a type list; an enum lists null among its values). */
function nullable(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = { ...schema };
  if (typeof out.type === 'string') out.type = [out.type, 'null'];
  if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  return out;
}

function withDescription(schema: JsonSchema, description: string | null | undefined): JsonSchema {
  if (!description) return schema;
  // The field's own words first; the type's, when it has some, stay after them.
  const own = schema.description ? `${description}\n\n${String(schema.description)}` : description;
  return { ...schema, description: own };
}

/**
 * The JSON Schema of what a field answers for a selection: objects keep exactly the selected
 * fields (by response key, aliases included), a non-null field is required and does not admit null,
 * a list is an array. Fragments (inline and spread) add their fields, as optional when they apply
 * to some types only. The schema follows the supergraph, so a change to an operation's selection or
 * to a type's fields or values changes it.
 */
export function selectionSchema(
  schema: GraphQLSchema,
  type: GraphQLOutputType,
  selection: SelectionSetNode | undefined,
  fragments: Map<string, FragmentDefinitionNode>,
): JsonSchema {
  if (isNonNullType(type)) return strict(selectionSchema(schema, type.ofType, selection, fragments));
  if (isListType(type)) return nullable({ type: 'array', items: selectionSchema(schema, type.ofType, selection, fragments) });
  if (isScalarType(type)) return nullable(scalarSchema(type));
  if (isEnumType(type)) return nullable(enumSchema(type));
  if (!selection) throw new Error(`The selection of ${type.name} has no fields`);
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  collect(schema, type, selection, fragments, properties, required, true, new Set());
  return nullable({
    type: 'object',
    ...(type.description ? { description: type.description } : {}),
    properties,
    required: [...new Set(required)],
    additionalProperties: false,
  });
}

/** The non-null form of a schema `selectionSchema` built nullable. */
function strict(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = { ...schema };
  if (Array.isArray(out.type)) out.type = out.type.filter((t) => t !== 'null');
  if (Array.isArray(out.type) && out.type.length === 1) out.type = out.type[0];
  if (Array.isArray(out.enum)) out.enum = out.enum.filter((v) => v !== null);
  return out;
}

function collect(
  schema: GraphQLSchema,
  type: GraphQLOutputType,
  set: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  properties: Record<string, JsonSchema>,
  required: string[],
  always: boolean,
  seen: Set<string>,
): void {
  const named = getNamedType(type);
  for (const s of set.selections) {
    const present = always && !s.directives?.some((d) => d.name.value === 'include' || d.name.value === 'skip');
    if (s.kind === Kind.FIELD) {
      const key = s.alias?.value ?? s.name.value;
      const field = fieldSchema(schema, named, s, fragments);
      properties[key] = key in properties ? properties[key] : field;
      if (present && !isNullable(field)) required.push(key);
      continue;
    }
    const condition = s.kind === Kind.INLINE_FRAGMENT ? s.typeCondition?.name.value : fragments.get(s.name.value)?.typeCondition.name.value;
    const set2 = s.kind === Kind.INLINE_FRAGMENT ? s.selectionSet : fragments.get(s.name.value)?.selectionSet;
    if (!set2 || (s.kind === Kind.FRAGMENT_SPREAD && seen.has(s.name.value))) continue;
    if (s.kind === Kind.FRAGMENT_SPREAD) seen.add(s.name.value);
    const on = condition ? schema.getType(condition) : named;
    const everyTime = present && (!condition || condition === named.name);
    collect(schema, (on ?? named) as GraphQLOutputType, set2, fragments, properties, required, everyTime, seen);
  }
}

function isNullable(s: JsonSchema): boolean {
  return Array.isArray(s.type) && s.type.includes('null');
}

function fieldSchema(
  schema: GraphQLSchema,
  parent: ReturnType<typeof getNamedType>,
  node: FieldNode,
  fragments: Map<string, FragmentDefinitionNode>,
): JsonSchema {
  if (node.name.value === '__typename') return { type: 'string', description: 'The GraphQL type of this object.' };
  if (!isObjectType(parent) && !isInterfaceType(parent)) {
    if (isUnionType(parent)) throw new Error(`Only __typename can be selected on the union ${parent.name}`);
    throw new Error(`${String(parent)} has no fields to select`);
  }
  const field = parent.getFields()[node.name.value];
  if (!field) throw new Error(`${parent.name} has no field ${node.name.value}`);
  return withDescription(selectionSchema(schema, field.type, node.selectionSet, fragments), field.description);
}

/** The JSON Schema of an operation variable's type, for a path or query parameter (scalars and enums only). */
export function variableSchema(
  schema: GraphQLSchema,
  typeNode: TypeNode,
): { schema: JsonSchema; required: boolean; type: GraphQLInputType } {
  const type = typeFromAST(schema, typeNode as Parameters<typeof typeFromAST>[1]) as GraphQLInputType | undefined;
  if (!type) throw new Error(`The variable type ${JSON.stringify(typeNode)} is not in the schema`);
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner) || isInputObjectType(inner)) {
    throw new Error(`A REST parameter must be a scalar or an enum, not ${String(inner)}`);
  }
  const base = isScalarType(inner) ? scalarSchema(inner) : enumSchema(inner as GraphQLEnumType);
  return { schema: base, required: isNonNullType(type), type };
}
