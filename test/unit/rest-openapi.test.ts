/**
 * The banks' OpenAPI document is generated, not written: from the persisted operations' selection
 * sets read over the schema (gateway/rest/openapi.ts, json-schema.ts). A change to an operation or
 * to the schema changes the document; a route that does not fit its operation stops the gateway.
 */
import { Supergraph } from '@apollo/federation-internals';
import { buildSchema, GraphQLSchema } from 'graphql';
import { loadConfig } from '../../gateway/config';
import { OperationManifest, operationId } from '../../gateway/operations/manifest';
import { openApiDocument } from '../../gateway/rest/openapi';
import { RestResource } from '../../gateway/rest/resource';
import { REST_ROUTES, RestRoute } from '../../gateway/rest/routes';

const manifestOf = (...bodies: [string, string][]) =>
  new OperationManifest({
    format: 'apollo-persisted-query-manifest',
    version: 1,
    operations: bodies.map(([name, body]) => ({ id: operationId(body), name, type: 'query' as const, body })),
  });

const SDL = `
  "A point in time." scalar DateTime
  scalar Money
  type Query {
    payment(taxOfficeCode: String!, voucherNo: String!): Payment
    payments(filter: PaymentFilter, first: Int = 50, after: String): PaymentConnection!
  }
  input PaymentFilter { "Payments since then." since: DateTime }
  enum PaymentStatus { AWAITING_DEDUCTION DEDUCTED NEW_STATE }
  "A payment."
  type Payment { taxOfficeCode: String! voucherNo: String! status: PaymentStatus amount: Money! tags: [String]! payer: Payer }
  type Payer { name: String }
  type PaymentConnection { edges: [PaymentEdge!]! }
  type PaymentEdge { cursor: String! node: Payment! }
`;

const ROUTE: RestRoute = {
  path: '/payments/{taxOfficeCode}/{voucherNo}',
  operation: 'PaymentStatus',
  operationId: 'getPayment',
  schemaName: 'Payment',
  summary: 's',
};
const LIST: RestRoute = {
  path: '/payments',
  operation: 'PaymentsSince',
  operationId: 'listPaymentsSince',
  schemaName: 'PaymentPage',
  summary: 's',
};

function documentFor(schema: GraphQLSchema, manifest: OperationManifest, routes: RestRoute[]): any {
  return openApiDocument(
    schema,
    routes.map((r) => new RestResource(r, manifest)),
  );
}

describe('the banks OpenAPI document', () => {
  it('follows the committed operations over the committed supergraph', () => {
    const schema = Supergraph.build(loadConfig().supergraphSdl).apiSchema().toGraphQLJSSchema();
    const manifest = new OperationManifest();
    const doc = documentFor(schema, manifest, [...REST_ROUTES]);
    expect(doc.openapi).toBe('3.1.0');
    const selected = (manifest.operations.find((o) => o.name === 'PaymentStatus')!.body.match(/^ {4}(\w+)/gm) ?? []).map((f) => f.trim());
    expect(Object.keys(doc.components.schemas.Payment.properties)).toEqual(selected);
    expect(doc.components.schemas.PaymentPage.properties.edges.items.properties.node.properties.amount).toMatchObject({ type: 'string' });
    expect(doc.paths['/payments'].get['x-persisted-operation'].name).toBe('PaymentsSince');
  });

  it('changes with the operation: its fields, aliases and fragments', () => {
    const schema = buildSchema(SDL);
    const full = manifestOf([
      'PaymentStatus',
      'query PaymentStatus($taxOfficeCode: String!, $voucherNo: String!) { payment(taxOfficeCode: $taxOfficeCode, voucherNo: $voucherNo) { taxOfficeCode voucherNo status amount } }',
    ]);
    const trimmed = manifestOf([
      'PaymentStatus',
      `query PaymentStatus($taxOfficeCode: String!, $voucherNo: String!, $withPayer: Boolean!) {
         payment(taxOfficeCode: $taxOfficeCode, voucherNo: $voucherNo) { office: taxOfficeCode ...Rest payer @include(if: $withPayer) { name } }
       }
       fragment Rest on Payment { voucherNo tags }`,
    ]);
    const a = documentFor(schema, full, [ROUTE]).components.schemas.Payment;
    const b = documentFor(schema, trimmed, [ROUTE]).components.schemas.Payment;
    expect(Object.keys(a.properties)).toEqual(['taxOfficeCode', 'voucherNo', 'status', 'amount']);
    expect(a.required).toEqual(['taxOfficeCode', 'voucherNo', 'amount']);
    expect(a.properties.status).toEqual({ type: ['string', 'null'], enum: ['AWAITING_DEDUCTION', 'DEDUCTED', 'NEW_STATE', null] });
    expect(a.description).toBe('A payment.');
    expect(a.additionalProperties).toBe(false);
    expect(Object.keys(b.properties)).toEqual(['office', 'voucherNo', 'tags', 'payer']);
    // A field under @include may be absent: not required.
    expect(b.required).toEqual(['office', 'voucherNo', 'tags']);
    expect(b.properties.tags).toEqual({ type: 'array', items: { type: ['string', 'null'] } });
    expect(b.properties.payer).toEqual({
      type: ['object', 'null'],
      properties: { name: { type: ['string', 'null'] } },
      required: [],
      additionalProperties: false,
    });
    // A nullable root field answers 404 when null; the query variable not in the path is a query parameter.
    const path = documentFor(schema, trimmed, [ROUTE]).paths[ROUTE.path].get;
    expect(Object.keys(path.responses)).toContain('404');
    expect(path.parameters.map((p: any) => [p.name, p.in, p.required, p.schema.type])).toEqual([
      ['taxOfficeCode', 'path', true, 'string'],
      ['voucherNo', 'path', true, 'string'],
      ['withPayer', 'query', true, 'boolean'],
    ]);
  });

  it('changes with the schema: enum values, scalar formats, argument descriptions, defaults', () => {
    const body =
      'query PaymentsSince($since: DateTime!, $first: Int, $after: String) { payments(filter: { since: $since }, first: $first, after: $after) { edges { cursor node { status amount } } } }';
    const manifest = manifestOf(['PaymentsSince', body]);
    const before = documentFor(buildSchema(SDL), manifest, [LIST]);
    const after = documentFor(buildSchema(SDL.replace(' NEW_STATE', '')), manifest, [LIST]);
    const status = (d: any) => d.components.schemas.PaymentPage.properties.edges.items.properties.node.properties.status.enum;
    expect(status(before)).toContain('NEW_STATE');
    expect(status(after)).not.toContain('NEW_STATE');
    const get = before.paths['/payments'].get;
    expect(Object.keys(get.responses)).not.toContain('404'); // a non-null root field is never "not found"
    const since = get.parameters.find((p: any) => p.name === 'since');
    expect(since).toMatchObject({
      in: 'query',
      required: true,
      description: 'Payments since then.',
      schema: { type: 'string', format: 'date-time' },
    });
    expect(get.parameters.find((p: any) => p.name === 'first').schema.type).toBe('integer');
  });

  it('refuses a route its operation does not fit, when the gateway starts', () => {
    const manifest = manifestOf([
      'PaymentStatus',
      'query PaymentStatus($taxOfficeCode: String!, $voucherNo: String!) { payment(taxOfficeCode: $taxOfficeCode, voucherNo: $voucherNo) { voucherNo } }',
    ]);
    expect(() => new RestResource({ ...ROUTE, operation: 'Nope' }, manifest)).toThrow(
      /Nope, which is not in the persisted operation manifest/,
    );
    expect(() => new RestResource({ ...ROUTE, path: '/payments/{office}/{voucherNo}' }, manifest)).toThrow(/\{office\} is not a variable/);
    const resource = new RestResource(ROUTE, manifest);
    expect(resource.match('/payments/11100000000/A%2FB')).toEqual({ taxOfficeCode: '11100000000', voucherNo: 'A%2FB' });
    expect(resource.match('/payments/111/x/y')).toBeUndefined();
    expect(resource.match('/payments')).toBeUndefined();
  });
});
