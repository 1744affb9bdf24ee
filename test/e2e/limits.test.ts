/**
 * The gateway's guards as processes, over the real subgraphs: depth, cost and alias limits refused
 * with their figures before any subgraph is called; one operation per request; the body-size
 * limit; banks held to the persisted manifest and kept out of introspection; the per-principal
 * rate limit, counted in memory, in Redis shared by two gateways, and in memory again when Redis
 * cannot be reached.
 */
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { getIntrospectionQuery } from 'graphql';
import { freePort } from '../../dev/ports';
import type { Principal } from '../../shared/principal';
import manifest from '../../gateway/operations/manifest.json';
import { asPrincipal, GraphQLResponse, Seeded, seededSources, sqlRows } from '../support/seeded';
import { subgraphCalls } from '../support/gateway-metrics';
import { Proc, requireBuild, Stack } from '../support/processes';
import { DEFAULT_RATE_LIMITS } from '../../gateway/limits/rate-limit';

type Reply = GraphQLResponse<any> & { headers: Headers };

async function post(url: string, body: unknown, headers: Record<string, string>): Promise<Reply> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, ...((await res.json()) as Omit<GraphQLResponse, 'status'>) };
}

const idOf = (name: string) => manifest.operations.find((o) => o.name === name)!.id;
const persisted = (name: string, variables: Record<string, unknown>) => ({
  extensions: { persistedQuery: { version: 1, sha256Hash: idOf(name) } },
  variables,
});

const APP: Principal = { sub: 'limits-app', role: 'app', scopes: ['taxpayer:read'] };
const ANALYST: Principal = { sub: 'limits-analyst', role: 'analyst', scopes: ['taxpayer:read'] };
const bank = (code: string, sub = 'limits-bank'): Principal => ({ sub, role: 'bank', bank: code, scopes: [] });

/** Sends one cheap operation `times` times in a row (a bank's must be a persisted one); the replies in order. */
async function spend(
  url: string,
  headers: Record<string, string>,
  times: number,
  body: unknown = { query: '{ __typename }' },
): Promise<Reply[]> {
  const replies: Reply[] = [];
  for (let i = 0; i < times; i++) replies.push(await post(url, body, headers));
  return replies;
}

function expectRateLimited(reply: Reply, limit: number): void {
  expect(reply.status).toBe(429);
  expect(reply.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit });
  const retryAfter = Number(reply.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(reply.data).toBeUndefined();
}

describe('limits, persisted operations and rate limits end to end', () => {
  let stack: Stack;
  let gateway: Proc;
  let app: Record<string, string>;
  let analyst: Record<string, string>;
  let seeded: Seeded;
  let payment: { taxOfficeCode: string; voucherNo: string; bankCode: string };

  beforeAll(async () => {
    requireBuild();
    seeded = await seededSources('limits', 300);
    stack = new Stack(seeded.urls);
    await stack.startSubgraphs();
    gateway = await stack.startGateway();
    app = await asPrincipal(APP);
    analyst = await asPrincipal(ANALYST);
    const found = await post(gateway.url, { query: '{ payments(first: 1) { edges { node { taxOfficeCode voucherNo bankCode } } } }' }, app);
    expect(found.errors).toBeUndefined();
    payment = found.data.payments.edges[0].node;
  });
  afterAll(async () => stack?.stop());

  describe('operation limits', () => {
    it('refuses a deep query with its depth and the limit, before calling any subgraph', async () => {
      const loop = (inner: string) => `payments(first: 1) { edges { node { taxpayer { ${inner} } } } }`;
      const query = `query Deep { payments(first: 1) { edges { node { taxpayer { ${loop(loop('uscc'))} } } } } }`;
      const before = await subgraphCalls(gateway);
      const res = await post(gateway.url, { query }, app);
      expect(res.status).toBe(400);
      expect(res.data).toBeUndefined();
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', depth: 13, limit: 12 });
      expect(res.errors![0].message).toMatch(/13 levels deep; the limit is 12/);
      expect(await subgraphCalls(gateway)).toBe(before);
    });

    it('refuses a costly query with its estimated cost and the limit, before calling any subgraph', async () => {
      const query = `query Costly { payments(first: 500) { edges { node { taxpayer { nationalTaxRecords { returns { periodFrom taxDue } } } } } } }`;
      const before = await subgraphCalls(gateway);
      const res = await post(gateway.url, { query }, app);
      expect(res.status).toBe(400);
      // 1 + 500 x (edges 1 + node 1 + taxpayer 1 + records (1 + 10 x (returns 1 + 10 x 2)))
      expect(res.errors![0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', cost: 1 + 500 * (3 + 1 + 10 * 21), limit: 50_000 });
      expect(res.errors![0].message).toMatch(/estimated cost is 107001; the limit is 50000/);
      expect(await subgraphCalls(gateway)).toBe(before);
    });

    it('gives analysts a smaller cost budget than apps', async () => {
      const query = `query Records($first: Int) { payments(first: $first) { edges { node { taxpayer { nationalTaxRecords { tin status taxOffice { name } } } } } } }`;
      const cost = 1 + 500 * (3 + (1 + 10 * (2 + 2)));
      const refused = await post(gateway.url, { query, variables: { first: 500 } }, analyst);
      expect(refused.status).toBe(400);
      expect(refused.errors![0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', cost, limit: 20_000 });
      const served = await post(gateway.url, { query, variables: { first: 500 } }, app);
      expect(served.status).toBe(200);
      expect(served.errors).toBeUndefined();
      expect(served.data.payments.edges.length).toBeGreaterThan(0);
      const smaller = await post(gateway.url, { query, variables: { first: 100 } }, analyst);
      expect(smaller.errors).toBeUndefined();
    });

    it('refuses an alias flood with its count and the limit', async () => {
      const fields = Array.from(
        { length: 200 },
        (_, i) => `p${i}: payment(taxOfficeCode: "${payment.taxOfficeCode}", voucherNo: "${payment.voucherNo}") { amount }`,
      );
      const res = await post(gateway.url, { query: `query Flood { ${fields.join(' ')} }` }, app);
      expect(res.status).toBe(400);
      expect(res.errors![0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', aliases: 200, limit: 30 });
      const few = await post(gateway.url, { query: `{ ${fields.slice(0, 3).join(' ')} }` }, app);
      expect(few.errors).toBeUndefined();
      expect(few.data.p2.amount).toMatch(/^\d+\.\d{2}$/);
    });

    it('refuses a batched (array) body with a code, not a 500', async () => {
      const res = await post(gateway.url, [{ query: '{ __typename }' }, { query: '{ __typename }' }], app);
      expect(res.status).toBe(400);
      expect(res.errors![0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', operations: 2, limit: 1 });
      expect(res.errors![0].message).toMatch(/one operation per request/);
    });

    it('refuses an oversized body with 413', async () => {
      const res = await post(gateway.url, { query: '{ __typename }', variables: { pad: 'x'.repeat(1_100_000) } }, app);
      expect(res.status).toBe(413);
      expect(res.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('persisted operations and introspection', () => {
    it("runs a bank's manifest operations by hash: its own payment, field by field, and nothing of another bank's", async () => {
      // A voucher of the seeded data and its bank, and one of another bank, as TIPS holds them.
      const [own, theirs] = await sqlRows<{
        taxOfficeCode: string;
        voucherNo: string;
        bankCode: string;
        amount: string;
        taxType: string;
        entrustDate: string;
        payerAccount: string | null;
      }>(
        seeded.urls['treasury-bank'],
        `SELECT DISTINCT ON ("PayBkCode") TRIM("TaxOrgCode") AS "taxOfficeCode", TRIM("TaxVouNo") AS "voucherNo", "PayBkCode" AS "bankCode",
                "TraAmt"::text AS amount, TRIM("TaxTypeCode") AS "taxType", "EntrustDate" AS "entrustDate", TRIM("PayAcct") AS "payerAccount"
           FROM "TaxPayment" WHERE "PayAcct" IS NOT NULL ORDER BY "PayBkCode", "TaxOrgCode", "TaxVouNo" LIMIT 2`,
      );
      expect(theirs.bankCode).not.toBe(own.bankCode);
      const headers = await asPrincipal(bank(own.bankCode));
      const variables = { taxOfficeCode: own.taxOfficeCode, voucherNo: own.voucherNo };
      const status = await post(gateway.url, persisted('PaymentStatus', variables), headers);
      expect(status.status).toBe(200);
      expect(status.errors).toBeUndefined();
      const { taxpayer: _taxpayer, ...payment } = status.data.payment;
      expect(payment).toEqual({
        taxOfficeCode: own.taxOfficeCode,
        voucherNo: own.voucherNo,
        status: expect.stringMatching(/^(AWAITING_DEDUCTION|DEDUCTED|FAILED|IN_TREASURY|REFUNDED)$/),
        amount: own.amount,
        taxType: own.taxType,
        bankCode: own.bankCode,
        // No pii:read in a bank token: the account it deducted from comes masked.
        payerAccount: own.payerAccount!.slice(0, 4) + '*'.repeat(own.payerAccount!.length - 8) + own.payerAccount!.slice(-4),
        entrustedOn: `${own.entrustDate.slice(0, 4)}-${own.entrustDate.slice(4, 6)}-${own.entrustDate.slice(6, 8)}`,
        deductedAt:
          payment.status === 'AWAITING_DEDUCTION' || payment.status === 'FAILED' ? null : expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        inTreasuryAt: payment.status === 'IN_TREASURY' || payment.status === 'REFUNDED' ? expect.stringMatching(/^\d{4}-\d\d-\d\dT/) : null,
      });
      // An app without pii:read sees the very same payment.
      const asApp = await post(gateway.url, { query: manifest.operations.find((o) => o.name === 'PaymentStatus')!.body, variables }, app);
      expect(asApp.errors).toBeUndefined();
      expect(status.data.payment).toEqual(asApp.data.payment);

      // Another bank's voucher: nothing of it (API.md: banks, own payments only; the schema: null when it went through another bank).
      const other = await post(
        gateway.url,
        persisted('PaymentStatus', { taxOfficeCode: theirs.taxOfficeCode, voucherNo: theirs.voucherNo }),
        headers,
      );
      expect(other).toMatchObject({ status: 200, data: { payment: null } });
      expect(other.errors).toBeUndefined();
      expect(JSON.stringify(other)).not.toContain(theirs.voucherNo);

      const since = await post(gateway.url, persisted('PaymentsSince', { since: '2000-01-01T00:00:00+08:00', first: 5 }), headers);
      expect(since.status).toBe(200);
      expect(since.errors).toBeUndefined();
      expect(since.data.payments.edges.length).toBeGreaterThan(0);
      expect(since.data.payments.edges.filter((e: { node: { bankCode: string } }) => e.node.bankCode !== own.bankCode)).toEqual([]);
      // The exact text of a manifest operation is that operation.
      const body = manifest.operations.find((o) => o.name === 'PaymentStatus')!.body;
      const text = await post(gateway.url, { query: body, variables }, headers);
      expect(text.status).toBe(200);
      expect(text.data).toEqual(status.data);
    });

    it("refuses a bank's ad-hoc document and unknown hash with PERSISTED_QUERY_REQUIRED", async () => {
      const headers = await asPrincipal(bank(payment.bankCode));
      const before = await subgraphCalls(gateway);
      const adHoc = await post(
        gateway.url,
        { query: `{ payment(taxOfficeCode: "${payment.taxOfficeCode}", voucherNo: "${payment.voucherNo}") { amount } }` },
        headers,
      );
      expect(adHoc.status).toBe(403);
      expect(adHoc.data).toBeUndefined();
      expect(adHoc.errors![0].extensions).toEqual({ code: 'PERSISTED_QUERY_REQUIRED' });
      const unknown = await post(
        gateway.url,
        { operationName: 'PaymentStatus', extensions: { persistedQuery: { version: 1, sha256Hash: 'ab'.repeat(32) } }, variables: {} },
        headers,
      );
      expect(unknown.status).toBe(403);
      expect(unknown.errors![0].extensions).toEqual({ code: 'PERSISTED_QUERY_REQUIRED' });
      // Text with its own (non-manifest) hash is still ad hoc.
      const query = '{ payments(first: 1) { edges { node { amount } } } }';
      const { createHash } = await import('node:crypto');
      const hashed = await post(
        gateway.url,
        { query, extensions: { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } } },
        headers,
      );
      expect(hashed.errors![0].extensions).toEqual({ code: 'PERSISTED_QUERY_REQUIRED' });
      expect(await subgraphCalls(gateway)).toBe(before);
    });

    it('lets apps and analysts use either text or a manifest hash; an unknown hash or a wrong one is bad input', async () => {
      const byHash = await post(
        gateway.url,
        persisted('PaymentStatus', { taxOfficeCode: payment.taxOfficeCode, voucherNo: payment.voucherNo }),
        analyst,
      );
      expect(byHash.errors).toBeUndefined();
      expect(byHash.data.payment.voucherNo).toBe(payment.voucherNo);
      const unknown = await post(gateway.url, { extensions: { persistedQuery: { version: 1, sha256Hash: 'cd'.repeat(32) } } }, app);
      expect(unknown.status).toBe(400);
      expect(unknown.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT' });
      const mismatch = await post(
        gateway.url,
        { query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: idOf('PaymentStatus') } } },
        app,
      );
      expect(mismatch.status).toBe(400);
      expect(mismatch.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT' });
    });

    it('refuses introspection to banks and serves it to apps and analysts', async () => {
      const headers = await asPrincipal(bank(payment.bankCode));
      const refused = await post(gateway.url, { query: '{ __schema { queryType { name } } }' }, headers);
      expect(refused.status).toBe(403);
      expect(refused.errors![0].extensions).toEqual({ code: 'FORBIDDEN' });
      expect(refused.errors![0].message).toMatch(/Introspection .* off for banks/);
      const typeRefused = await post(gateway.url, { query: '{ __type(name: "Payment") { name } }' }, headers);
      expect(typeRefused.errors![0].extensions).toEqual({ code: 'FORBIDDEN' });

      const forApp = await post(gateway.url, { query: '{ __schema { queryType { name } } }' }, app);
      expect(forApp.errors).toBeUndefined();
      expect(forApp.data.__schema.queryType.name).toBe('Query');
      // The explorer's full introspection query fits an analyst's limits.
      const full = await post(
        gateway.url,
        { query: getIntrospectionQuery({ inputValueDeprecation: true, schemaDescription: true, specifiedByUrl: true }) },
        analyst,
      );
      expect(full.errors).toBeUndefined();
      expect(full.data.__schema.types.some((t: { name: string }) => t.name === 'Payment')).toBe(true);
    });
  });

  describe('rate limit per principal', () => {
    const tiny = { RATE_LIMIT_ANALYST_PER_MINUTE: '3', RATE_LIMIT_BANK_PER_MINUTE: '2' };

    it('answers 429 with Retry-After once the budget is spent, per principal, counted in memory', async () => {
      const limited = await stack.startGateway(tiny);
      const replies = await spend(limited.url, analyst, 4);
      expect(replies.slice(0, 3).map((r) => r.status)).toEqual([200, 200, 200]);
      expectRateLimited(replies[3], 3);
      // Another analyst has a budget of its own; apps keep their (default) budget.
      expect((await spend(limited.url, await asPrincipal({ ...ANALYST, sub: 'another-analyst' }), 1))[0].status).toBe(200);
      expect((await spend(limited.url, app, 5)).map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      // A bank's budget is its bank code's: two of its tokens share it.
      const poll = persisted('PaymentStatus', { taxOfficeCode: payment.taxOfficeCode, voucherNo: payment.voucherNo });
      const first = await spend(limited.url, await asPrincipal(bank(payment.bankCode, 'bank-teller-1')), 2, poll);
      expect(first.map((r) => r.status)).toEqual([200, 200]);
      expectRateLimited((await spend(limited.url, await asPrincipal(bank(payment.bankCode, 'bank-teller-2')), 1, poll))[0], 2);
    });

    it("switches a role's limit off with 0, while another role's small limit still holds", async () => {
      // More analyst operations than the analysts' default budget: a 0 read as the default would refuse the last of them.
      const many = DEFAULT_RATE_LIMITS.analyst + 50;
      const unlimited = await stack.startGateway({ RATE_LIMIT_ANALYST_PER_MINUTE: '0', RATE_LIMIT_APP_PER_MINUTE: '3' });
      const statuses = new Map<number, number>();
      const codes = new Set<unknown>();
      for (let sent = 0; sent < many; sent += 25) {
        const replies = await Promise.all(
          Array.from({ length: Math.min(25, many - sent) }, () => post(unlimited.url, { query: '{ __typename }' }, analyst)),
        );
        for (const r of replies) {
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
          for (const e of r.errors ?? []) codes.add(e.extensions?.code);
        }
      }
      expect(Object.fromEntries(statuses)).toEqual({ 200: many });
      expect([...codes]).toEqual([]);
      const replies = await spend(unlimited.url, app, 4);
      expect(replies.slice(0, 3).map((r) => r.status)).toEqual([200, 200, 200]);
      expectRateLimited(replies[3], 3);
    });

    it('shares the budget between gateways through Redis (REDIS_URL)', async () => {
      const prefix = `taxgraph-test:${randomUUID()}`;
      const env = { ...tiny, REDIS_URL: 'redis://127.0.0.1:6379', RATE_LIMIT_PREFIX: prefix };
      const [a, b] = await Promise.all([stack.startGateway(env), stack.startGateway(env)]);
      const redis = new Redis('redis://127.0.0.1:6379');
      try {
        expect((await spend(a.url, analyst, 2)).map((r) => r.status)).toEqual([200, 200]);
        expect((await spend(b.url, analyst, 1))[0].status).toBe(200);
        expectRateLimited((await spend(b.url, analyst, 1))[0], 3);
        expectRateLimited((await spend(a.url, analyst, 1))[0], 3);
        expect(await redis.keys(`${prefix}:analyst:*`)).toEqual([`${prefix}:analyst:${ANALYST.sub}`]);
      } finally {
        const keys = await redis.keys(`${prefix}:*`);
        if (keys.length) await redis.del(...keys);
        redis.disconnect();
      }
    });

    it('falls back to memory (and says so) when Redis cannot be reached, rather than refusing everyone', async () => {
      const nowhere = await freePort();
      const fallback = await stack.startGateway({
        ...tiny,
        REDIS_URL: `redis://127.0.0.1:${nowhere}`,
        RATE_LIMIT_PREFIX: `taxgraph-test:${randomUUID()}`,
      });
      const replies = await spend(fallback.url, analyst, 4);
      expect(replies.slice(0, 3).map((r) => r.status)).toEqual([200, 200, 200]);
      expectRateLimited(replies[3], 3);
      expect(fallback.output.join('')).toMatch(/Redis unreachable: rate limits are counted in this process's memory/);
    });
  });
});
