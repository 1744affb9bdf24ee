/**
 * subgraphs/kit/operations.ts: each distinct document is parsed, validated and compiled once, and a
 * bad one answers with the codes Apollo Server gave (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED).
 * Both executors give the same results over the same schema.
 */
import { GraphQLError, GraphQLInt, GraphQLNonNull, GraphQLObjectType, GraphQLScalarType, GraphQLSchema, GraphQLString } from 'graphql';
import { Executor, OperationCache } from '../../subgraphs/kit/operations';

/** A scalar that says why it refuses a value, as the USCC scalar does. */
const Even = new GraphQLScalarType({
  name: 'Even',
  parseValue: (value) => {
    if (typeof value !== 'number' || value % 2 !== 0)
      throw new GraphQLError(`${String(value)} is not even`, { extensions: { code: 'BAD_USER_INPUT' } });
    return value;
  },
});

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      hello: { type: GraphQLString, args: { name: { type: GraphQLString } }, resolve: (_s, { name }) => `hello ${name ?? 'world'}` },
      half: { type: GraphQLInt, args: { n: { type: Even } }, resolve: (_s, { n }) => n / 2 },
      count: { type: new GraphQLNonNull(GraphQLInt), resolve: (_s, _a, context: { count: number }) => context.count },
      fails: {
        type: GraphQLString,
        resolve: () => {
          throw new GraphQLError('refused', { extensions: { code: 'FORBIDDEN' } });
        },
      },
    },
  }),
});

describe.each<Executor>(['graphql-js', 'jit'])('operations run by %s', (executor) => {
  it('prepares a document once and runs it with each request’s context and variables', async () => {
    const cache = new OperationCache(schema, executor);
    const query = 'query Greet($name: String) { hello(name: $name) count }';
    const first = cache.prepare(query, undefined);
    expect(cache.prepare(query, undefined)).toBe(first);
    if (first.kind !== 'ready') throw new Error('not ready');
    expect(first.operation.name?.value).toBe('Greet');
    expect(await first.run({ count: 2 }, { name: 'tax' })).toEqual({ data: { hello: 'hello tax', count: 2 } });
    expect(await first.run({ count: 3 }, undefined)).toEqual({ data: { hello: 'hello world', count: 3 } });
  });

  it('keeps a resolver’s error with its code and path, and refuses variables that do not fit', async () => {
    const cache = new OperationCache(schema, executor);
    const prepared = cache.prepare('query F($n: String) { fails hello(name: $n) }', undefined);
    if (prepared.kind !== 'ready') throw new Error('not ready');
    const result = await prepared.run({}, { n: 'x' });
    expect(result.data).toEqual({ fails: null, hello: 'hello x' });
    expect(result.errors?.map((e) => ({ message: e.message, path: e.path, code: e.extensions?.code }))).toEqual([
      { message: 'refused', path: ['fails'], code: 'FORBIDDEN' },
    ]);
    const badVariables = await prepared.run({}, { n: { not: 'a string' } });
    expect(badVariables.data).toBeUndefined();
    expect(badVariables.errors?.length).toBe(1);
  });

  it('says why a custom scalar refuses a variable', async () => {
    const prepared = new OperationCache(schema, executor).prepare('query H($n: Even) { half(n: $n) }', undefined);
    if (prepared.kind !== 'ready') throw new Error('not ready');
    expect(await prepared.run({}, { n: 4 })).toEqual({ data: { half: 2 } });
    const refused = await prepared.run({}, { n: 3 });
    expect(refused.data).toBeUndefined();
    expect(refused.errors?.[0]?.message).toMatch(/3 is not even/);
  });
});

describe('bad documents', () => {
  const cache = new OperationCache(schema);
  const codes = (query: string, operationName?: string) => {
    const prepared = cache.prepare(query, operationName);
    return prepared.kind === 'invalid' ? prepared.errors.map((e) => e.extensions.code) : [];
  };

  it('answer with the codes clients know', () => {
    expect(codes('{ hello(')).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(codes('{ nope }')).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(codes('query A { hello } query B { count }')).toEqual(['BAD_USER_INPUT']);
    expect(codes('query A { hello }', 'B')).toEqual(['BAD_USER_INPUT']);
    expect(codes('query A { hello } query B { count }', 'B')).toEqual([]);
  });

  it('are kept to a bounded number, least recently used first out', () => {
    const small = new OperationCache(schema, 'graphql-js', 2);
    const a = small.prepare('{ hello }', undefined);
    const c = small.prepare('{ count }', undefined);
    expect(small.prepare('{ hello }', undefined)).toBe(a);
    small.prepare('{ fails }', undefined);
    expect(small.prepare('{ hello }', undefined)).toBe(a);
    expect(small.prepare('{ count }', undefined)).not.toBe(c);
  });
});
