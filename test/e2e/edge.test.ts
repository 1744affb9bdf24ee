/**
 * The edge as processes, over the real subgraphs and the federation's database: a flood of
 * unauthenticated requests costs the audit table one aggregate row per address and minute (written
 * when the gateway stops, none lost), past its budget an address is answered 429, and an
 * authenticated client on the same address keeps being served; X-Forwarded-For counts only behind a
 * trusted proxy; a document past MAX_TOKENS is refused with a code; a subgraph answer past
 * MAX_SUBGRAPH_RESPONSE_BYTES costs that subgraph's fields only.
 */
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { stopProcess } from '../../dev/launch';
import type { RefusalAggregate } from '../../gateway/audit/record';
import { APP_PRINCIPAL, asPrincipal, Seeded, seededSources } from '../support/seeded';
import { Proc, requireBuild, Stack } from '../support/processes';
import { fullTaxpayers, Q360 } from '../support/taxpayers';
import { runAuditVerify } from '../support/audit-verify';

const READ = `query EdgeRead($uscc: USCC!) { taxpayer(uscc: $uscc) { uscc name } }`;

interface Reply {
  status: number;
  headers: Headers;
  data?: any;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

async function post(url: string, body: unknown, headers: Record<string, string>): Promise<Reply> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, headers: res.headers, ...((await res.json()) as object) };
}

/** A metric's value on a gateway's /metrics (0 when the series is not there yet). */
async function metric(gateway: Proc, series: string): Promise<number> {
  const text = await (await fetch(gateway.url.replace(/\/graphql$/, '/metrics'))).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.split(' ')[1]) : 0;
}

const sum = (rows: RefusalAggregate[], pick: (a: RefusalAggregate) => number | undefined) => rows.reduce((n, a) => n + (pick(a) ?? 0), 0);

describe('the edge end to end', () => {
  let seeded: Seeded;
  let stack: Stack;
  let db: Client;
  let app: Record<string, string>;
  let usccs: string[];

  beforeAll(async () => {
    requireBuild();
    seeded = await seededSources('edge', 200);
    usccs = fullTaxpayers(seeded, 5).map((e) => e.uscc!);
    stack = new Stack(seeded.urls);
    await stack.startSubgraphs();
    db = new Client({ connectionString: seeded.urls.federation });
    await db.connect();
    app = await asPrincipal(APP_PRINCIPAL);
  });
  afterAll(async () => {
    await db?.end();
    await stack?.stop();
  });

  /** The audit chain's head now (0 before the first record). */
  const head = async () => Number((await db.query<{ n: string }>('SELECT coalesce(max(seq), 0) AS n FROM audit_log')).rows[0].n);

  /** The aggregate records written after `after`. */
  const aggregatesAfter = async (after: number) =>
    (
      await db.query<{ refusals: RefusalAggregate; outcome: string; subject: string | null; error_codes: string[]; at: Date }>(
        'SELECT refusals, outcome, subject, error_codes, at FROM audit_log WHERE seq > $1 AND refusals IS NOT NULL ORDER BY seq',
        [after],
      )
    ).rows;

  it('answers a flood of 2,000 unauthenticated requests with aggregate rows only, 429 past the budget, while a token holder keeps its pace', async () => {
    const LIMIT = 200;
    const gateway = await stack.startGateway({ RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: String(LIMIT) });
    // The gateway has migrated and written nothing yet: one authenticated read makes sure the store is ready.
    expect((await post(gateway.url, { query: READ, variables: { uscc: usccs[0] } }, app)).status).toBe(200);
    const before = await head();

    // The flood: 1,500 without a token, 500 with a forged one; each claims an address in X-Forwarded-For, which no proxy vouches for.
    const FLOOD = 2000;
    const flood: Reply[] = [];
    let flooding = true;
    const floodDone = (async () => {
      for (let start = 0; start < FLOOD; start += 100) {
        const batch = Array.from({ length: Math.min(100, FLOOD - start) }, (_, j) => {
          const i = start + j;
          const headers: Record<string, string> = { 'x-forwarded-for': `198.51.100.${i % 250}` };
          if (i % 4 === 3) headers.authorization = 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.forged';
          return post(gateway.url, { query: READ, variables: { uscc: usccs[0] } }, headers);
        });
        flood.push(...(await Promise.all(batch)));
      }
      flooding = false;
    })();
    // Meanwhile, from the same address, an app with a valid token: 5 at a time until the flood is over (at least 100).
    const served: Reply[] = [];
    const client = async (k: number) => {
      for (let i = 0; flooding || served.length < 100; i++) {
        served.push(await post(gateway.url, { query: READ, variables: { uscc: usccs[(k + i) % usccs.length] } }, app));
      }
    };
    await Promise.all([floodDone, ...[0, 1, 2, 3, 4].map(client)]);

    // The token holder: every request served, none refused.
    expect(served.length).toBeGreaterThanOrEqual(100);
    for (const r of served) {
      expect(r.status).toBe(200);
      expect(r.errors).toBeUndefined();
      expect(usccs).toContain(r.data.taxpayer.uscc);
    }
    // The flood: 401 within the budget (it refills by 200 a minute while the flood runs), 429 with Retry-After past it.
    expect(flood).toHaveLength(FLOOD);
    const unauthenticated = flood.filter((r) => r.status === 401);
    const limited = flood.filter((r) => r.status === 429);
    expect(unauthenticated.length + limited.length).toBe(FLOOD);
    expect(unauthenticated.length).toBeGreaterThanOrEqual(LIMIT);
    expect(limited.length).toBeGreaterThan(0);
    for (const r of unauthenticated) expect(r.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    for (const r of limited) {
      expect(r.errors![0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: LIMIT });
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(r.data).toBeUndefined();
    }
    // A forged token past the budget is 429 too (verified, failed, not served); so is a request with none.
    expect(flood.some((r, i) => i % 4 === 3 && r.status === 429)).toBe(true);
    expect(await metric(gateway, 'taxgraph_unauthenticated_refusals_total{code="RATE_LIMITED"}')).toBe(limited.length);
    expect(await metric(gateway, 'taxgraph_unauthenticated_refusals_total{code="UNAUTHENTICATED"}')).toBe(unauthenticated.length);

    // While it runs: one record per served operation and no record per refusal (the minute may have closed once meanwhile).
    const during = await db.query<{ kind: string; n: string }>(
      `SELECT CASE WHEN refusals IS NOT NULL THEN 'aggregate' WHEN subject IS NULL THEN 'anonymous' ELSE 'served' END AS kind, count(*) AS n
         FROM audit_log WHERE seq > $1 GROUP BY 1`,
      [before],
    );
    const kinds = Object.fromEntries(during.rows.map((r) => [r.kind, Number(r.n)]));
    expect(kinds.served).toBe(served.length);
    expect(kinds.anonymous).toBeUndefined();

    // Stopping the gateway writes the open minute's aggregate: now every refusal is counted, in one row per minute.
    await stopProcess(gateway);
    const rows = await aggregatesAfter(before);
    const aggregates = rows.map((r) => r.refusals);
    // One row per minute the flood lasted (a minute that closed meanwhile was written then).
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(new Set(aggregates.map((a) => a.minute)).size).toBe(rows.length);
    for (const r of rows) {
      // X-Forwarded-For is not believed without TRUST_PROXY_HOPS: the address is the socket's.
      expect(r.refusals.address).toBe('127.0.0.1');
      expect(r).toMatchObject({ outcome: 'refused', subject: null });
      expect(r.at.toISOString()).toBe(r.refusals.minute);
      expect(r.error_codes).toEqual(Object.keys(r.refusals.codes).sort());
    }
    expect(sum(aggregates, (a) => a.count)).toBe(FLOOD);
    expect(sum(aggregates, (a) => a.codes.UNAUTHENTICATED)).toBe(unauthenticated.length);
    expect(sum(aggregates, (a) => a.codes.RATE_LIMITED)).toBe(limited.length);
    expect(sum(aggregates, (a) => a.reasons['no token'])).toBe(1500);
    expect(sum(aggregates, (a) => a.reasons['invalid token'])).toBe(500);
    // The table grew by the served operations and the aggregates, nothing else.
    expect((await head()) - before).toBe(served.length + rows.length);

    // The aggregates are links of the one chain.
    const checked = await runAuditVerify(seeded.urls.federation);
    expect(checked.out).toMatch(/audit trail OK/);
    expect(checked.code).toBe(0);
  });

  it('behind a trusted proxy counts each X-Forwarded-For client on its own budget', async () => {
    const gateway = await stack.startGateway({ RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: '3', TRUST_PROXY_HOPS: '1' });
    const before = await head();
    const from = (address: string) => post(gateway.url, { query: '{ __typename }' }, { 'x-forwarded-for': `10.9.9.9, ${address}` });
    const first: number[] = [];
    for (let i = 0; i < 5; i++) first.push((await from('203.0.113.50')).status);
    const other = (await from('203.0.113.51')).status;
    expect(first).toEqual([401, 401, 401, 429, 429]);
    expect(other).toBe(401);
    // A valid token is served from the exhausted address.
    const served = await post(gateway.url, { query: READ, variables: { uscc: usccs[1] } }, { ...app, 'x-forwarded-for': '203.0.113.50' });
    expect(served.status).toBe(200);
    expect(served.data.taxpayer.uscc).toBe(usccs[1]);

    await stopProcess(gateway);
    const byAddress = Object.fromEntries((await aggregatesAfter(before)).map((r) => [r.refusals.address, r.refusals]));
    expect(byAddress['203.0.113.50']).toMatchObject({
      count: 5,
      codes: { UNAUTHENTICATED: 3, RATE_LIMITED: 2 },
      reasons: { 'no token': 5 },
    });
    expect(byAddress['203.0.113.51']).toMatchObject({ count: 1, codes: { UNAUTHENTICATED: 1 } });
  });

  it('refuses a document past MAX_TOKENS with QUERY_TOO_COMPLEX, audited as a refusal; one under it runs', async () => {
    const gateway = await stack.startGateway({ MAX_TOKENS: '100' });
    const big = await post(gateway.url, { query: `{ ${'__typename '.repeat(200)}}` }, { ...app, 'x-request-id': 'edge-tokens-1' });
    expect(big.status).toBe(400);
    expect(big.errors).toEqual([
      { message: expect.stringMatching(/more than 100 tokens/), extensions: { code: 'QUERY_TOO_COMPLEX', limit: 100 } },
    ]);
    const record = await db.query(`SELECT outcome, error_codes, subject FROM audit_log WHERE request_id = 'edge-tokens-1'`);
    expect(record.rows).toEqual([{ outcome: 'refused', error_codes: ['QUERY_TOO_COMPLEX'], subject: APP_PRINCIPAL.sub }]);
    // The 360 view (58 tokens) fits.
    const fits = await post(gateway.url, { query: Q360, variables: { uscc: usccs[3] } }, app);
    expect(fits.errors).toBeUndefined();
    expect(fits.data.taxpayer.uscc).toBe(usccs[3]);
  });

  describe('a subgraph answer past MAX_SUBGRAPH_RESPONSE_BYTES', () => {
    let padder: Server;
    /** Bytes of whitespace the stand-in adds after business-registry's answer (valid JSON either way). */
    let padding = 0;

    beforeAll(async () => {
      // Stands in for business-registry at its URL: passes each call on to the real one and pads the answer.
      const target = stack.subgraphs.get('business-registry')!.url;
      padder = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', async () => {
          const headers = Object.fromEntries(
            Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k)) as [string, string][],
          );
          const upstream = await fetch(target, { method: 'POST', headers, body: Buffer.concat(chunks) });
          const body = (await upstream.text()) + ' '.repeat(padding);
          res.writeHead(upstream.status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
          res.end(body);
        });
      });
      await new Promise<void>((r) => padder.listen(0, '127.0.0.1', () => r()));
    });
    afterAll(() => {
      padder.closeAllConnections();
      padder.close();
    });

    it("costs that subgraph's fields only, is counted, and does not open its circuit", async () => {
      const url = `http://127.0.0.1:${(padder.address() as AddressInfo).port}/graphql`;
      const gateway = await stack.startGateway({ MAX_SUBGRAPH_RESPONSE_BYTES: String(64 * 1024) }, { 'business-registry': url });
      const ask = () => post(gateway.url, { query: Q360, variables: { uscc: usccs[2] } }, app);

      padding = 60 * 1024; // under the cap
      const whole = await ask();
      expect(whole.errors).toBeUndefined();
      expect(whole.data.taxpayer.registration).not.toBeNull();

      padding = 100 * 1024; // past it
      for (let i = 0; i < 5; i++) {
        const cut = await ask();
        expect(cut.status).toBe(200);
        expect(cut.errors!.map((e) => e.extensions)).toEqual([
          expect.objectContaining({ code: 'SOURCE_UNAVAILABLE', source: 'business-registry' }),
        ]);
        expect(cut.data.taxpayer.registration).toBeNull();
        // The other sources' fields stand.
        expect(cut.data.taxpayer).toMatchObject({
          uscc: usccs[2],
          nationalTax: whole.data.taxpayer.nationalTax,
          localTax: whole.data.taxpayer.localTax,
          payments: whole.data.taxpayer.payments,
        });
      }
      expect(await metric(gateway, 'taxgraph_subgraph_responses_too_large_total{subgraph="business-registry"}')).toBe(5);
      expect(await metric(gateway, 'taxgraph_circuit_state{subgraph="business-registry"}')).toBe(0);
      // Back under the cap, the next answer is whole at once.
      padding = 0;
      expect((await ask()).data.taxpayer.registration).toEqual(whole.data.taxpayer.registration);
    });
  });
});
