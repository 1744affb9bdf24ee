import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { GraphQLSchema, parse } from 'graphql';
import { buildSchema, BuildSchemaOptions, createResolversMap, getMetadataStorage } from 'type-graphql';
import { enforceAccessRules, PERSONAL_DATA_SDL } from './access';

/**
 * The bridge from type-graphql classes to an Apollo Federation 2 subgraph. type-graphql builds the
 * schema (with `skipCheck`, since a subgraph may lack a Query of its own); graphql's printSchema
 * would drop `@key`, so it is printed with its directives, given the federation `@link`, and handed
 * to `@apollo/subgraph` with the reference resolvers merged in. Every subgraph also declares
 * `@personalData` (access.ts), and the fields annotated with it or `@requiresScopes` get their rule
 * enforced there.
 */
export const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@tag", "@inaccessible", "@authenticated", "@requiresScopes", "@composeDirective"])`;

export interface FederatedSchemaOptions extends Omit<BuildSchemaOptions, 'skipCheck'> {
  /** `__resolveReference` per entity type name. */
  referenceResolvers?: Record<string, { __resolveReference: (reference: never, context: never, info: never) => unknown }>;
}

export async function buildFederatedSubgraphSchema(options: FederatedSchemaOptions): Promise<GraphQLSchema> {
  const { referenceResolvers = {}, ...buildOptions } = options;
  const schema = await buildSchema({ ...buildOptions, skipCheck: true });
  const resolvers = createResolversMap(schema) as Record<string, Record<string, unknown>>;
  if (!buildOptions.globalMiddlewares?.length && !buildOptions.authChecker) dropPlainFieldResolvers(resolvers);
  for (const [typeName, reference] of Object.entries(referenceResolvers)) {
    resolvers[typeName] = { ...resolvers[typeName], ...reference };
  }
  return enforceAccessRules(
    buildSubgraphSchema({
      typeDefs: parse(`${FEDERATION_LINK}\n${PERSONAL_DATA_SDL}\n${printSchemaWithDirectives(schema)}`),
      resolvers: resolvers as never,
    }),
  );
}

/**
 * type-graphql gives every field of an object type a resolver of its own, even one that only reads
 * the property of the same name with no middleware or role on it: a closure call and an object per
 * field of every row, and graphql-jit cannot read such a field inline. With no global middleware and
 * no auth checker, those fields are left to graphql's default resolver, which reads the same
 * property. A field keeps its resolver when it has a @FieldResolver, a middleware or a role, or a
 * schema name other than its property's, in any class of that type name (the metadata is global,
 * shared by every subgraph built in the process).
 */
function dropPlainFieldResolvers(resolvers: Record<string, Record<string, unknown>>): void {
  const storage = getMetadataStorage();
  const resolved = new Set(storage.fieldResolvers.map((r) => r.getObjectType?.()).filter(Boolean));
  const plain = new Map<string, boolean>();
  for (const type of storage.objectTypes) {
    for (const field of type.fields ?? []) {
      const coordinate = `${type.name}.${field.schemaName}`;
      const hasResolver =
        resolved.has(field.target) &&
        storage.fieldResolvers.some((r) => r.methodName === field.name && r.getObjectType?.() === field.target);
      const isPlain = !hasResolver && !field.middlewares?.length && !field.roles?.length && field.name === field.schemaName;
      plain.set(coordinate, (plain.get(coordinate) ?? true) && isPlain);
    }
  }
  for (const [typeName, fields] of Object.entries(resolvers)) {
    if (typeName.startsWith('_') || typeof fields !== 'object') continue;
    for (const fieldName of Object.keys(fields)) {
      if (!fieldName.startsWith('__') && plain.get(`${typeName}.${fieldName}`) === true) delete fields[fieldName];
    }
  }
}
