/**
 * The committed manifest of persisted operations (gateway/operations/manifest.json): every id is
 * its body's SHA-256, every body is one named operation that validates against the supergraph the
 * gateway serves and fits the default limits at the largest page a bank may ask for.
 */
import { Supergraph } from '@apollo/federation-internals';
import { getOperationAST, GraphQLSchema, Kind, parse, validate } from 'graphql';
import { loadConfig } from '../../gateway/config';
import { DEFAULT_LIMITS, limitRefusal } from '../../gateway/limits/operation-limits';
import { usesIntrospection } from '../../gateway/limits/introspection';
import { manifestProblems, OperationManifest, operationId, PersistedQueryManifest } from '../../gateway/operations/manifest';
import committed from '../../gateway/operations/manifest.json';

const manifest = committed as PersistedQueryManifest;
let schema: GraphQLSchema;
beforeAll(() => {
  schema = Supergraph.build(loadConfig().supergraphSdl).apiSchema().toGraphQLJSSchema();
});

describe('persisted operation manifest', () => {
  it("is in Apollo's format and holds the banks' operations", () => {
    expect(manifest.format).toBe('apollo-persisted-query-manifest');
    expect(manifest.version).toBe(1);
    expect(manifest.operations.map((o) => o.name)).toEqual(expect.arrayContaining(['PaymentStatus', 'PaymentsSince']));
  });

  it.each(manifest.operations.map((o) => [o.name, o] as const))('%s: its id is the SHA-256 of its body', (_name, op) => {
    expect(op.id).toBe(operationId(op.body));
  });

  it.each(manifest.operations.map((o) => [o.name, o] as const))(
    '%s: one operation of its name and type, valid against the supergraph, no introspection',
    (name, op) => {
      const document = parse(op.body);
      expect(validate(schema, document)).toEqual([]);
      const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
      expect(operations).toHaveLength(1);
      const operation = getOperationAST(document)!;
      expect(operation.name?.value).toBe(name);
      expect(operation.operation).toBe(op.type);
      expect(usesIntrospection(document, operation)).toBe(false);
    },
  );

  it.each(manifest.operations.map((o) => [o.name, o] as const))(
    '%s: within the default limits for a bank at the largest page (500)',
    (_name, op) => {
      const document = parse(op.body);
      const operation = getOperationAST(document)!;
      const variables = { first: 500, since: '2016-01-01T00:00:00+08:00', taxOfficeCode: '12102020000', voucherNo: '1' };
      expect(limitRefusal(DEFAULT_LIMITS, 'bank', schema, document, operation, variables)).toBeUndefined();
    },
  );

  it('PaymentsSince polls with the treasury filter since, keyset-paged', () => {
    const body = manifest.operations.find((o) => o.name === 'PaymentsSince')!.body;
    expect(body).toMatch(/payments\(filter: \{ since: \$since \}, first: \$first, after: \$after\)/);
    expect(body).toMatch(/pageInfo \{\s+hasNextPage\s+endCursor\s+\}/);
  });

  it('refuses to load a manifest whose id is stale', () => {
    const stale: PersistedQueryManifest = {
      ...manifest,
      operations: [{ ...manifest.operations[0], body: `${manifest.operations[0].body}\n` }],
    };
    expect(manifestProblems(stale)).toEqual([expect.stringMatching(/PaymentStatus: id \w+ is not the SHA-256 of its body/)]);
    expect(() => new OperationManifest(stale)).toThrow(/manifest is invalid/);
    expect(new OperationManifest().has(manifest.operations[0].id.toUpperCase())).toBe(true);
  });
});
