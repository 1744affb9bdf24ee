import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { GraphQLSchema, parse } from 'graphql';
import { buildSchema, BuildSchemaOptions, createResolversMap } from 'type-graphql';
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
  const resolvers = createResolversMap(schema) as Record<string, object>;
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
