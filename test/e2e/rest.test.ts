/**
 * REST for partner banks as processes (API.md "REST for partner banks"): the compiled gateway over
 * the real subgraphs and a seeded treasury database. A bank reads its own payment through
 * GET /rest/v1/payments/{taxOfficeCode}/{voucherNo} exactly as the persisted PaymentStatus answers
 * it over GraphQL, and nothing of another bank's; errors are {code, message} with the code's status;
 * paging through ?since= reaches every payment of the bank; each call leaves the GraphQL call's audit
 * record; /rest/v1/openapi.json validates as OpenAPI 3.1, the answers match its schemas, and a
 * client built from it at run time (openapi-client-axios) calls both resources.
 * The last test kills subgraphs: it stays last.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import OpenAPIClientAxios from 'openapi-client-axios';
import { Client } from 'pg';
import committed from '../../gateway/operations/manifest.json';
import type { PersistedQueryManifest } from '../../gateway/operations/manifest';
import { Proc, requireBuild, Stack } from '../support/processes';
import { Seeded, seededSources, sqlRows, tokenFor } from '../support/seeded';

// Seeding and starting six processes beside another test file's on two cores outlasts Jest's default.
jest.setTimeout(300_000);

const manifest = committed as PersistedQueryManifest;
const PAYMENT_STATUS = manifest.operations.find((o) => o.name === 'PaymentStatus')!;
const PAYMENTS_SINCE = manifest.operations.find((o) => o.name === 'PaymentsSince')!;
const SINCE = '1990-01-01T00:00:00+08:00';
/** The bank budget of this file's gateway: above what the other tests spend, low enough to reach. */
const BANK_BUDGET = 150;

/** A JSON Schema 2020-12 validator (Ajv 8, the one the OpenAPI validator itself runs on). */
const fromValidator = createRequire(require.resolve('@seriousme/openapi-schema-validator'));
const Ajv2020 = fromValidator('ajv/dist/2020').default;
const addFormats = fromValidator('ajv-formats').default;

/** Validates a document with @seriousme/openapi-schema-validator (ESM only, so in a node child process). */
function validateOpenApi(document: unknown): Promise<{ valid: boolean; version?: string; errors?: unknown }> {
  const script = `
    import { Validator } from '@seriousme/openapi-schema-validator';
    let text = '';
    for await (const chunk of process.stdin) text += chunk;
    const validator = new Validator();
    const res = await validator.validate(JSON.parse(text));
    process.stdout.write(JSON.stringify({ valid: res.valid, version: validator.version, errors: res.errors }));`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`validator exited ${code}: ${err}`))));
    child.stdin.end(JSON.stringify(document));
  });
}

interface Rest {
  status: number;
  headers: Headers;
  body: any;
}

describe('REST for partner banks', () => {
  let seeded: Seeded;
  let stack: Stack;
  let gateway: Proc;
  let base: string;
  let db: Client;
  let own: { bank: string; n: number };
  let other: { bank: string; n: number };
  let mine: { taxOfficeCode: string; voucherNo: string };
  let theirs: { taxOfficeCode: string; voucherNo: string };
  let ownAuth: string;
  let document: any;

  beforeAll(async () => {
    requireBuild();
    seeded = await seededSources('rest', 300);
    stack = new Stack(seeded.urls);
    await stack.startSubgraphs();
    gateway = await stack.startGateway({ RATE_LIMIT_BANK_PER_MINUTE: String(BANK_BUDGET) });
    base = `http://127.0.0.1:${gateway.port}`;
    db = new Client({ connectionString: seeded.urls.federation });
    await db.connect();
    [own, other] = await sqlRows<{ bank: string; n: number }>(
      seeded.urls['treasury-bank'],
      'SELECT "PayBkCode" AS bank, COUNT(*)::int AS n FROM "TaxPayment" GROUP BY 1 ORDER BY 2 DESC, 1',
    );
    const first = (bank: string) =>
      sqlRows<{ taxOfficeCode: string; voucherNo: string }>(
        seeded.urls['treasury-bank'],
        'SELECT TRIM("TaxOrgCode") AS "taxOfficeCode", TRIM("TaxVouNo") AS "voucherNo" FROM "TaxPayment" WHERE "PayBkCode" = $1 ORDER BY 1, 2 LIMIT 1',
        [bank],
      ).then((rows) => rows[0]);
    mine = await first(own.bank);
    theirs = await first(other.bank);
    ownAuth = `Bearer ${await tokenFor({ role: 'bank', bank: own.bank })}`;
  });
  afterAll(async () => {
    await db?.end();
    await stack?.stop();
  });

  async function get(path: string, headers: Record<string, string> = { authorization: ownAuth }): Promise<Rest> {
    const res = await fetch(`${base}${path}`, { headers });
    const text = await res.text();
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    return { status: res.status, headers: res.headers, body: JSON.parse(text) };
  }

  /** The persisted operation over GraphQL, as a bank sends it: the hash and the variables. */
  async function persisted(id: string, variables: Record<string, unknown>, headers: Record<string, string> = { authorization: ownAuth }) {
    const res = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: id } }, variables }),
    });
    return (await res.json()) as { data?: any; errors?: { message: string; extensions: { code: string } }[] };
  }

  const paymentPath = (p: { taxOfficeCode: string; voucherNo: string }) =>
    `/rest/v1/payments/${encodeURIComponent(p.taxOfficeCode)}/${encodeURIComponent(p.voucherNo)}`;

  it('serves the OpenAPI 3.1 document without a token, valid, describing both resources by operationId', async () => {
    const res = await get('/rest/v1/openapi.json', {});
    expect(res.status).toBe(200);
    document = res.body;
    expect(document.openapi).toBe('3.1.0');
    expect(document.paths['/payments/{taxOfficeCode}/{voucherNo}'].get.operationId).toBe('getPayment');
    expect(document.paths['/payments'].get.operationId).toBe('listPaymentsSince');
    expect(document.paths['/payments'].get.parameters.map((p: any) => [p.name, p.in, p.required])).toEqual([
      ['since', 'query', true],
      ['first', 'query', false],
      ['after', 'query', false],
    ]);
    // Generated from the operations over the supergraph: the selection's fields, the enum's values, nullability.
    const payment = document.components.schemas.Payment;
    expect(Object.keys(payment.properties).sort()).toEqual(
      [
        'amount',
        'bankCode',
        'deductedAt',
        'entrustedOn',
        'inTreasuryAt',
        'payerAccount',
        'status',
        'taxOfficeCode',
        'taxType',
        'taxpayer',
        'voucherNo',
      ].sort(),
    );
    expect(payment.properties.status.enum).toEqual(['AWAITING_DEDUCTION', 'DEDUCTED', 'FAILED', 'IN_TREASURY', 'REFUNDED']);
    expect(payment.properties.deductedAt.type).toEqual(['string', 'null']);
    expect(payment.required).toEqual(expect.arrayContaining(['taxOfficeCode', 'voucherNo', 'status', 'amount']));
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });

    const checked = await validateOpenApi(document);
    expect(checked).toMatchObject({ valid: true, version: '3.1' });
    // The validator is not a rubber stamp: the same document with a response lacking its description fails.
    const broken = JSON.parse(JSON.stringify(document));
    delete broken.paths['/payments'].get.responses['200'].description;
    expect((await validateOpenApi(broken)).valid).toBe(false);
  });

  it("reads the bank's own payment: the PaymentStatus answer, as JSON matching the document's schema", async () => {
    const rest = await get(paymentPath(mine));
    expect(rest.status).toBe(200);
    expect(rest.headers.get('x-taxgraph-partial')).toBeNull();
    const graphql = await persisted(PAYMENT_STATUS.id, mine);
    expect(graphql.errors).toBeUndefined();
    expect(graphql.data.payment).toMatchObject({ ...mine, bankCode: own.bank });
    expect(rest.body).toEqual(graphql.data.payment);

    const ajv = addFormats(new Ajv2020({ strict: false }));
    ajv.addSchema(document, 'openapi.json');
    const valid = ajv.validate({ $ref: 'openapi.json#/components/schemas/Payment' }, rest.body);
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // The schema refuses what the graph would never send (so the check above means something).
    expect(ajv.validate({ $ref: 'openapi.json#/components/schemas/Payment' }, { ...rest.body, amount: 12.5 })).toBe(false);
  });

  it("answers 404 for another bank's payment and for one that does not exist, with a catalogue code", async () => {
    const graphql = await persisted(PAYMENT_STATUS.id, theirs);
    expect(graphql).toEqual({ data: { payment: null } });
    const foreign = await get(paymentPath(theirs));
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/no payment of this bank/i) });
    const none = await get(paymentPath({ taxOfficeCode: mine.taxOfficeCode, voucherNo: '999999999999999' }));
    expect(none.status).toBe(404);
    expect(none.body.code).toBe('BAD_USER_INPUT');
    // The same payment, asked for by its own bank, is there: the 404 was tenancy, not absence.
    const byItsBank = await get(paymentPath(theirs), { authorization: `Bearer ${await tokenFor({ role: 'bank', bank: other.bank })}` });
    expect(byItsBank.status).toBe(200);
    expect(byItsBank.body).toMatchObject({ ...theirs, bankCode: other.bank });
  });

  it('refuses without a valid token (401), and bad parameters with the GraphQL path own BAD_USER_INPUT (400)', async () => {
    const anonymous = await get(paymentPath(mine), {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({ code: 'UNAUTHENTICATED', message: expect.any(String) });
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const forged = await get(paymentPath(mine), { authorization: 'Bearer not-a-token' });
    expect(forged.status).toBe(401);
    expect(forged.body.code).toBe('UNAUTHENTICATED');

    // A bad tax office code: the same refusal, word for word, as the persisted operation's over GraphQL.
    const bad = { taxOfficeCode: '12AB', voucherNo: mine.voucherNo };
    const rest = await get(paymentPath(bad));
    expect(rest.status).toBe(400);
    expect(rest.body.code).toBe('BAD_USER_INPUT');
    const graphql = await persisted(PAYMENT_STATUS.id, bad);
    expect(graphql.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(rest.body.message).toBe(graphql.errors?.[0].message);

    // Each refused the GraphQL path's way: its own code (a page past the cost limit is QUERY_TOO_COMPLEX there too).
    const since = `since=${encodeURIComponent(SINCE)}`;
    for (const [query, code] of [
      ['since=yesterday', 'BAD_USER_INPUT'],
      ['since=2016-02-30T00:00:00%2B08:00', 'BAD_USER_INPUT'],
      [`${since}&first=abc`, 'BAD_USER_INPUT'],
      [`${since}&first=-1`, 'BAD_USER_INPUT'],
      [`${since}&first=100000`, 'QUERY_TOO_COMPLEX'],
      [`${since}&after=not-a-cursor`, 'BAD_USER_INPUT'],
      ['', 'BAD_USER_INPUT'], // since is required
      [`${since}&bankCode=${other.bank}`, 'BAD_USER_INPUT'], // no such parameter: no way round tenancy
      [`${since}&first=1&first=2`, 'BAD_USER_INPUT'],
    ]) {
      const res = await get(`/rest/v1/payments?${query}`);
      expect([query, res.status, res.body.code]).toEqual([query, 400, code]);
      expect(res.body.message).toEqual(expect.any(String));
      expect(res.body.message).not.toMatch(/\bat .*\.js:\d+/); // no stack trace
    }
    const unknown = await get('/rest/v1/nothing-here');
    expect([unknown.status, unknown.body.code]).toEqual([404, 'BAD_USER_INPUT']);
  });

  it("pages through ?since= with the cursor to every one of the bank's payments, as GraphQL pages them", async () => {
    expect(own.n).toBeGreaterThanOrEqual(3);
    const first = Math.ceil(own.n / 3);
    const restKeys: string[] = [];
    const graphqlKeys: string[] = [];
    const ajv = addFormats(new Ajv2020({ strict: false }));
    ajv.addSchema(document, 'openapi.json');
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const query = new URLSearchParams({ since: SINCE, first: String(first), ...(after ? { after } : {}) });
      const res = await get(`/rest/v1/payments?${query}`);
      expect(res.status).toBe(200);
      expect(ajv.validate({ $ref: 'openapi.json#/components/schemas/PaymentPage' }, res.body)).toBe(true);
      restKeys.push(...res.body.edges.map((e: any) => `${e.node.taxOfficeCode}:${e.node.voucherNo}`));
      expect(res.body.edges.every((e: any) => e.node.bankCode === own.bank)).toBe(true);
      const graphql = await persisted(PAYMENTS_SINCE.id, { since: SINCE, first, after });
      expect(graphql.errors).toBeUndefined();
      expect(res.body).toEqual(graphql.data.payments);
      graphqlKeys.push(...graphql.data.payments.edges.map((e: any) => `${e.node.taxOfficeCode}:${e.node.voucherNo}`));
      pages++;
      if (!res.body.pageInfo.hasNextPage) break;
      after = res.body.pageInfo.endCursor;
    }
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(restKeys).toEqual(graphqlKeys);
    expect(new Set(restKeys).size).toBe(own.n);
  });

  it("leaves the GraphQL call's audit record: operation PaymentStatus, the bank, the voucher it touched", async () => {
    const rest = await get(paymentPath(mine), { authorization: ownAuth, 'x-request-id': 'rest-audit-1' });
    expect(rest.status).toBe(200);
    await persisted(PAYMENT_STATUS.id, mine, { authorization: ownAuth, 'x-request-id': 'graphql-audit-1' });
    const foreign = await get(paymentPath(theirs), { authorization: ownAuth, 'x-request-id': 'rest-audit-2' });
    expect(foreign.status).toBe(404);
    const { rows } = await db.query(
      `SELECT request_id, operation_name, document_hash, role, bank, vouchers, outcome, variables
         FROM audit_log WHERE request_id IN ('rest-audit-1', 'graphql-audit-1', 'rest-audit-2') ORDER BY request_id`,
    );
    const byId = Object.fromEntries(rows.map((r) => [r.request_id, r]));
    expect(byId['rest-audit-1']).toMatchObject({
      operation_name: 'PaymentStatus',
      document_hash: PAYMENT_STATUS.id,
      role: 'bank',
      bank: own.bank,
      vouchers: [`${mine.taxOfficeCode}:${mine.voucherNo}`],
      outcome: 'ok',
    });
    const { request_id: _a, ...restRecord } = byId['rest-audit-1'];
    const { request_id: _b, ...graphqlRecord } = byId['graphql-audit-1'];
    expect(restRecord).toEqual(graphqlRecord);
    // Nothing of the other bank's payment was served, and the record says so.
    expect(byId['rest-audit-2']).toMatchObject({ operation_name: 'PaymentStatus', vouchers: [], outcome: 'ok' });
  });

  it('is called by a client generated at run time from the document (openapi-client-axios)', async () => {
    const api = new OpenAPIClientAxios({
      definition: document,
      withServer: { url: `${base}/rest/v1` },
      axiosConfigDefaults: { headers: { authorization: ownAuth } },
    });
    const client = await api.init();
    const payment = await client.getPayment({ taxOfficeCode: mine.taxOfficeCode, voucherNo: mine.voucherNo });
    expect(payment.status).toBe(200);
    expect(payment.data).toMatchObject({ ...mine, bankCode: own.bank });
    const page = await client.listPaymentsSince({ since: SINCE, first: 2 });
    expect(page.data.edges).toHaveLength(2);
    const next = await client.listPaymentsSince({ since: SINCE, first: 2, after: page.data.pageInfo.endCursor });
    expect(next.data.edges[0].cursor).not.toBe(page.data.edges[0].cursor);
    await expect(client.getPayment({ taxOfficeCode: theirs.taxOfficeCode, voucherNo: theirs.voucherNo })).rejects.toMatchObject({
      response: { status: 404, data: { code: 'BAD_USER_INPUT' } },
    });
  });

  it("spends the bank's rate budget like GraphQL: 429 RATE_LIMITED with Retry-After beyond it", async () => {
    // A bank of its own, so the budget spent here is nobody else's.
    const auth = { authorization: `Bearer ${await tokenFor({ role: 'bank', bank: '999999999999' })}` };
    const statuses: number[] = [];
    let limited: Rest | undefined;
    for (let sent = 0; sent < BANK_BUDGET + 1 && !limited; sent += 10) {
      const batch = await Promise.all(Array.from({ length: 10 }, () => get(paymentPath(mine), auth)));
      statuses.push(...batch.map((r) => r.status));
      limited = batch.find((r) => r.status === 429);
    }
    expect(statuses.filter((s) => s === 404).length).toBeGreaterThan(0);
    expect(limited).toBeDefined();
    expect(limited!.body.code).toBe('RATE_LIMITED');
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set([404, 429]));
  });

  it('serves a payment whose taxpayer name is missing (named in X-Taxgraph-Partial); 503 SOURCE_UNAVAILABLE when payments are', async () => {
    // A payment whose taxpayer has a name: the business registry lends it.
    const all = await get(`/rest/v1/payments?since=${encodeURIComponent(SINCE)}&first=500`);
    const named = all.body.edges.map((e: any) => e.node).find((p: any) => p.taxpayer?.name);
    expect(named).toBeDefined();
    const key = { taxOfficeCode: named.taxOfficeCode, voucherNo: named.voucherNo };
    await stack.killSubgraph('business-registry');
    const partial = await get(paymentPath(key));
    expect(partial.status).toBe(200);
    expect(partial.body).toMatchObject({ ...key, taxpayer: { uscc: named.taxpayer.uscc, name: null } });
    expect(partial.headers.get('x-taxgraph-partial')).toMatch(/SOURCE_UNAVAILABLE \(business-registry\)/);

    await stack.killSubgraph('treasury-bank');
    const down = await get(paymentPath(key));
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ code: 'SOURCE_UNAVAILABLE', source: 'treasury-bank' });
    const list = await get(`/rest/v1/payments?since=${encodeURIComponent(SINCE)}`);
    expect([list.status, list.body.code]).toEqual([503, 'SOURCE_UNAVAILABLE']);
  });
});
