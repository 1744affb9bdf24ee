/**
 * The operation limits on documents, against the committed supergraph's API schema (the schema the
 * gateway serves): depth with fragments followed, the cost estimate with list sizes multiplied
 * through the query, aliases with fragments expanded, and introspection's own bounds.
 */
import { Supergraph } from '@apollo/federation-internals';
import { getIntrospectionQuery, getOperationAST, GraphQLSchema, parse, validate } from 'graphql';
import { loadConfig } from '../../gateway/config';
import { aliasCount } from '../../gateway/limits/aliases';
import { DEFAULT_LIST_SIZE, DEFAULT_PAGE_SIZE, operationCost } from '../../gateway/limits/cost';
import { operationDepth } from '../../gateway/limits/depth';
import { usesIntrospection } from '../../gateway/limits/introspection';
import { DEFAULT_LIMITS, limitRefusal } from '../../gateway/limits/operation-limits';

let schema: GraphQLSchema;
beforeAll(() => {
  schema = Supergraph.build(loadConfig().supergraphSdl).apiSchema().toGraphQLJSSchema();
});

/** A document checked against the schema first, so every figure below is for a valid operation. */
function op(query: string) {
  const document = parse(query);
  expect(validate(schema, document)).toEqual([]);
  return { document, operation: getOperationAST(document)! };
}
const depth = (q: string) => {
  const { document, operation } = op(q);
  return operationDepth(document, operation);
};
const cost = (q: string, variables: Record<string, unknown> = {}) => {
  const { document, operation } = op(q);
  return operationCost(schema, document, operation, variables);
};
const USCC = '91350100M000100Y43';

describe('depth', () => {
  it('counts field levels', () => {
    expect(depth(`{ taxpayer(uscc: "${USCC}") { uscc } }`)).toBe(2);
    expect(depth(`{ payments(first: 1) { edges { node { taxpayer { nationalTax { taxOffice { name } } } } } } }`)).toBe(7);
  });

  it('follows fragments and inline fragments without counting them as levels', () => {
    const q = `query Q { taxpayer(uscc: "${USCC}") { ...Outer } }
      fragment Outer on Taxpayer { uscc ... on Taxpayer { nationalTax { ...Inner } } }
      fragment Inner on NationalTaxAccount { taxOffice { name } }`;
    expect(depth(q)).toBe(4);
  });

  it('takes the deepest branch, and a fragment spread twice is measured once (the same answer)', () => {
    const q = `{ a: taxpayer(uscc: "${USCC}") { ...T } b: taxpayer(uscc: "${USCC}") { uscc } }
      fragment T on Taxpayer { payments { edges { node { voucherNo } } } }`;
    expect(depth(q)).toBe(5);
  });

  it('counts introspection fields, except the ofType unwrapping', () => {
    expect(depth(`{ __schema { types { name } } }`)).toBe(3);
    expect(depth(`{ __type(name: "Payment") { fields { type { ofType { ofType { name } } } } } }`)).toBe(4);
    // The standard introspection query (GraphiQL's) fits well under the default.
    expect(depth(getIntrospectionQuery({ inputValueDeprecation: true, schemaDescription: true, specifiedByUrl: true }))).toBe(6);
  });
});

describe('cost', () => {
  it('charges 1 per leaf and nothing for __typename', () => {
    expect(cost(`{ taxpayer(uscc: "${USCC}") { uscc name __typename } }`)).toBe(1 + 2);
  });

  it('multiplies a page by its first, and does not count its edges twice', () => {
    // payments: 1 + 10 x (edges: 1 + 1 x (node: 1 + 1 leaf) + pageInfo: 1 + 1 leaf)
    expect(cost(`{ payments(first: 10) { edges { node { voucherNo } } pageInfo { hasNextPage } } }`)).toBe(
      1 + 10 * (1 + (1 + 1) + (1 + 1)),
    );
  });

  it('takes first from variables and variable defaults, and the API default page size when absent', () => {
    const q = `query P($first: Int) { payments(first: $first) { edges { node { voucherNo } } } }`;
    expect(cost(q, { first: 100 })).toBe(1 + 100 * 3);
    expect(cost(q)).toBe(1 + DEFAULT_PAGE_SIZE * 3);
    expect(cost(`query P($first: Int = 7) { payments(first: $first) { edges { node { voucherNo } } } }`)).toBe(1 + 7 * 3);
    expect(cost(`{ payments { edges { node { voucherNo } } } }`)).toBe(1 + DEFAULT_PAGE_SIZE * 3);
    expect(cost(`{ payments(first: null) { edges { node { voucherNo } } } }`)).toBe(1 + DEFAULT_PAGE_SIZE * 3);
  });

  it('counts a plain list with the default list size, and multiplies nested lists through the query', () => {
    expect(cost(`{ taxpayer(uscc: "${USCC}") { nationalTaxRecords { tin } } }`)).toBe(1 + (1 + DEFAULT_LIST_SIZE * 1));
    const nested = `{ payments(first: 100) { edges { node { taxpayer { nationalTaxRecords { returns { periodFrom } } } } } } }`;
    // payments: 1 + 100 x (edges 1 + (node 1 + (taxpayer 1 + (records 1 + 10 x (returns 1 + 10 x 1)))))
    const records = 1 + DEFAULT_LIST_SIZE * (1 + DEFAULT_LIST_SIZE * 1);
    expect(cost(nested)).toBe(1 + 100 * (1 + (1 + (1 + records))));
    expect(cost(nested)).toBeGreaterThan(100 * DEFAULT_LIST_SIZE * DEFAULT_LIST_SIZE);
  });

  it('counts a fragment each time it is spread, and every type-conditioned branch', () => {
    const once = cost(`{ taxpayer(uscc: "${USCC}") { ...N } } fragment N on Taxpayer { nationalTaxRecords { tin status } }`);
    const twice = cost(
      `{ a: taxpayer(uscc: "${USCC}") { ...N } b: taxpayer(uscc: "${USCC}") { ...N } } fragment N on Taxpayer { nationalTaxRecords { tin status } }`,
    );
    expect(twice).toBe(2 * once);
    expect(cost(`{ taxpayer(uscc: "${USCC}") { ... on Taxpayer { uscc } ... on Taxpayer { name } } }`)).toBe(1 + 2);
  });

  it('stays finite when fragments multiply through fragments', () => {
    const levels = 30;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i === levels - 1
        ? `fragment F${i} on PaymentConnection { totalCount }`
        : `fragment F${i} on PaymentConnection { edges { node { taxpayer { payments(first: 500) { ...F${i + 1} } } } } }`,
    ).join('\n');
    const c = cost(`{ payments(first: 500) { ...F0 } } ${fragments}`);
    expect(Number.isFinite(c)).toBe(true);
    expect(c).toBeGreaterThan(DEFAULT_LIMITS.maxCost);
  });

  it('counts introspection fields once each, without multiplying its lists', () => {
    expect(cost(`{ __schema { types { name fields { name } } } }`)).toBe(1 + (1 + (1 + (1 + 1))));
    const standard = cost(getIntrospectionQuery({ inputValueDeprecation: true, schemaDescription: true, specifiedByUrl: true }));
    expect(standard).toBeLessThan(1000);
  });

  it('prices the persisted bank poll at its largest page well under the limit', () => {
    const poll = `query ($since: DateTime!, $first: Int) { payments(filter: { since: $since }, first: $first) {
      edges { cursor node { taxOfficeCode voucherNo status amount taxType bankCode payerAccount entrustedOn deductedAt inTreasuryAt taxpayer { uscc name } } }
      pageInfo { hasNextPage endCursor } } }`;
    expect(cost(poll, { since: '2016-01-01T00:00:00+08:00', first: 500 })).toBe(1 + 500 * (1 + 1 + (1 + 10 + (1 + 2)) + (1 + 2)));
  });
});

describe('aliases and introspection', () => {
  it('counts aliases with fragments expanded', () => {
    const { document, operation } = op(
      `{ a: taxpayer(uscc: "${USCC}") { ...F } b: taxpayer(uscc: "${USCC}") { ...F } } fragment F on Taxpayer { x: uscc y: name }`,
    );
    expect(aliasCount(document, operation)).toBe(2 + 2 * 2);
  });

  it('finds __schema and __type through fragments, not __typename', () => {
    const found = (q: string) => {
      const { document, operation } = op(q);
      return usesIntrospection(document, operation);
    };
    expect(found(`{ __schema { queryType { name } } }`)).toBe(true);
    expect(found(`query { ...R } fragment R on Query { __type(name: "Payment") { name } }`)).toBe(true);
    expect(found(`{ __typename payment(taxOfficeCode: "1", voucherNo: "2") { __typename } }`)).toBe(false);
  });
});

describe('refusals', () => {
  const refusal = (q: string, role: 'app' | 'analyst' | 'bank' = 'app', variables?: Record<string, unknown>, limits = DEFAULT_LIMITS) => {
    const { document, operation } = op(q);
    return limitRefusal(limits, role, schema, document, operation, variables);
  };

  it('states the figure and the limit', () => {
    const loop = (inner: string) => `payments(first: 1) { edges { node { taxpayer { ${inner} } } } }`;
    const deep = refusal(`{ taxpayer(uscc: "${USCC}") { ${loop(loop('payments(first: 1) { edges { node { voucherNo } } }'))} } }`);
    expect(deep?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', depth: 13, limit: 12 });
    expect(deep?.message).toMatch(/13 levels deep; the limit is 12/);

    const costly = refusal(`{ payments(first: 500) { edges { node { taxpayer { nationalTaxRecords { returns { periodFrom } } } } } } }`);
    expect(costly?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', cost: 1 + 500 * (1 + 1 + 1 + 1 + 10 * 11), limit: 50_000 });
    expect(costly?.message).toMatch(/estimated cost is 57001; the limit is 50000/);

    const aliases = Array.from({ length: 31 }, (_, i) => `t${i}: taxpayer(uscc: "${USCC}") { uscc }`).join(' ');
    expect(refusal(`{ ${aliases} }`)?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', aliases: 31, limit: 30 });
  });

  it('gives analysts a smaller cost budget than apps', () => {
    const q = `query P($first: Int) { payments(first: $first) { edges { node { taxpayer { nationalTaxRecords { tin } } } } } }`;
    // 1 + 1000 x (1 + 1 + 1 + 11) = 14001 at first 1000 -> within both; 2000 -> analysts only refused
    expect(refusal(q, 'app', { first: 2000 })).toBeUndefined();
    expect(refusal(q, 'analyst', { first: 2000 })?.extensions).toMatchObject({ cost: 28_001, limit: 20_000 });
    expect(refusal(q, 'analyst', { first: 1000 })).toBeUndefined();
  });

  it('lets the standard introspection query and ordinary queries through', () => {
    expect(
      refusal(getIntrospectionQuery({ inputValueDeprecation: true, schemaDescription: true, specifiedByUrl: true }), 'analyst'),
    ).toBeUndefined();
    expect(refusal(`{ payments(first: 500) { edges { node { voucherNo amount taxpayer { uscc name } } } } }`, 'analyst')).toBeUndefined();
  });
});

describe('configuration', () => {
  const load = (env: Record<string, string>) => loadConfig({ ...process.env, ...env });

  it('has the documented defaults', () => {
    const config = loadConfig({ TAXGRAPH_PRINCIPAL_SECRET: process.env.TAXGRAPH_PRINCIPAL_SECRET });
    expect(config.limits).toEqual({ maxDepth: 12, maxAliases: 30, maxCost: 50_000, analystMaxCost: 20_000 });
    expect(config.rateLimit).toEqual({
      perMinute: { app: 60_000, analyst: 600, bank: 1_200, officer: 600 },
      redisUrl: undefined,
      keyPrefix: 'taxgraph:rate',
    });
  });

  it('reads the limits from the environment, and never gives analysts more than apps by default', () => {
    const config = load({
      MAX_DEPTH: '8',
      MAX_ALIASES: '0',
      MAX_COST: '5000',
      RATE_LIMIT_BANK_PER_MINUTE: '0',
      REDIS_URL: 'redis://127.0.0.1:6379/2',
      RATE_LIMIT_PREFIX: 'p',
    });
    expect(config.limits).toEqual({ maxDepth: 8, maxAliases: 0, maxCost: 5000, analystMaxCost: 5000 });
    expect(config.rateLimit).toMatchObject({ perMinute: { bank: 0 }, redisUrl: 'redis://127.0.0.1:6379/2', keyPrefix: 'p' });
    expect(load({ ANALYST_MAX_COST: '90000' }).limits.analystMaxCost).toBe(90_000);
  });

  it('stops at start on a bad value, naming the variable', () => {
    expect(() => load({ MAX_DEPTH: '0' })).toThrow(/MAX_DEPTH must be an integer between 1 and 1000/);
    expect(() => load({ MAX_COST: 'lots' })).toThrow(/MAX_COST/);
    expect(() => load({ RATE_LIMIT_ANALYST_PER_MINUTE: '-1' })).toThrow(/RATE_LIMIT_ANALYST_PER_MINUTE/);
    expect(() => load({ REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(/REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/);
  });
});
