/**
 * The whole system as processes: four subgraphs and the gateway over seeded PostgreSQL. The 360
 * view joins all four sources; a dead subgraph costs only its own fields and comes back without a
 * gateway restart; a slow one is cut off at its timeout. Who may see what: a bank its own payments,
 * an analyst masked personal data and only with a stated purpose; tokens from an identity provider
 * (RS256, by a PEM key or a JWKS endpoint) with their issuer and audience checked.
 */
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, KeyLike, SignJWT } from 'jose';
import manifest from '../../gateway/operations/manifest.json';
import type { IdentityEntry } from '../../seeds/manifest';
import { CountingProxy } from '../support/counting-proxy';
import { circuitState, subgraphCalls } from '../support/gateway-metrics';
import { graphql, GraphQLResponse, Seeded, seededSources, sqlRows, tokenFor } from '../support/seeded';
import { requireBuild, Stack, Proc } from '../support/processes';
import { fullTaxpayers, Q360 } from '../support/taxpayers';

describe('gateway end to end', () => {
  let seeded: Seeded;
  let stack: Stack;
  let gateway: Proc;
  let taxpayer: IdentityEntry;
  const proxies: CountingProxy[] = [];

  beforeAll(async () => {
    requireBuild();
    seeded = await seededSources('e2e', 2000);
    [taxpayer] = fullTaxpayers(seeded, 1);
    stack = new Stack(seeded.urls);
    await stack.startSubgraphs();
    gateway = await stack.startGateway({ SUBGRAPH_TIMEOUT_MS: '3000', BREAKER_RESET_MS: '500' });
  });
  afterAll(async () => {
    await stack?.stop();
    for (const p of proxies) p.close();
  });

  /** The 360 view with local-tax down: the other sources' fields, localTax null, and local-tax's error naming it. */
  function expectPartialWithoutLocalTax(res: GraphQLResponse<any>): void {
    expect(res.status).toBe(200);
    expect(res.data!.taxpayer.registration.id).toBe(taxpayer.registryKey);
    expect(res.data!.taxpayer.nationalTax.id).toBe(taxpayer.nationalKey);
    expect(res.data!.taxpayer.localTax).toBeNull();
    expect(res.errors!.map((e) => e.extensions)).toEqual([expect.objectContaining({ code: 'SOURCE_UNAVAILABLE', source: 'local-tax' })]);
  }

  it('answers the 360 view of a planted taxpayer with data from all four sources', async () => {
    const res = await graphql(gateway.url, Q360, { uscc: taxpayer.uscc });
    expect(res.errors).toBeUndefined();
    const t = res.data!.taxpayer;
    expect(t.uscc).toBe(taxpayer.uscc);
    expect(t.name).toBe(taxpayer.name);
    expect(t.registration.id).toBe(taxpayer.registryKey);
    expect(t.nationalTax.id).toBe(taxpayer.nationalKey);
    expect(t.nationalTax.tin).toBe(taxpayer.nationalTin);
    expect(t.localTax.id).toBe(taxpayer.localKey);
    expect(t.localTax.tin).toBe(taxpayer.localTin);
    expect(t.payments.edges.length).toBeGreaterThan(0);
    for (const e of t.payments.edges) expect(e.node.amount).toMatch(/^\d+\.\d{2}$/);
  });

  it('costs a dead subgraph only its own fields, and recovers without a gateway restart', async () => {
    // A second gateway reaches local-tax through a counting proxy, and an open circuit of its stays open for
    // ten minutes: within this test its breaker cannot turn half-open, so its state is read, not raced.
    const counted = await CountingProxy.inFrontOf(stack.subgraphs.get('local-tax')!.url);
    proxies.push(counted);
    const held = await stack.startGateway({ SUBGRAPH_TIMEOUT_MS: '3000', BREAKER_RESET_MS: '600000' }, { 'local-tax': counted.url });

    await stack.killSubgraph('local-tax');
    const partial = await graphql(gateway.url, Q360, { uscc: taxpayer.uscc });
    expectPartialWithoutLocalTax(partial);
    expect(JSON.stringify(partial.errors)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|\bat [\w.]+ \(/);
    // Readiness says so, and keeps the gateway in rotation: it still serves the other sources (docs/operating.md, Probes).
    const ready = await fetch(gateway.url.replace('/graphql', '/ready'));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'degraded', subgraphs: { 'local-tax': { state: 'down' } } });

    // Hammering the dead source opens its circuit: three calls, all failing (the breaker's volume threshold) ...
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await graphql(held.url, Q360, { uscc: taxpayer.uscc }));
    expect(counted.calls).toBe(3);
    expect(await circuitState(held, 'local-tax')).toBe(2);
    // ... and from then on the answers stay partial without one more call reaching the source.
    for (let i = 0; i < 5; i++) answers.push(await graphql(held.url, Q360, { uscc: taxpayer.uscc }));
    for (const answer of answers) expectPartialWithoutLocalTax(answer);
    expect(counted.calls).toBe(3);
    const heldReady = await fetch(held.url.replace('/graphql', '/ready'));
    expect(heldReady.status).toBe(200);
    expect(((await heldReady.json()) as any).subgraphs['local-tax']).toMatchObject({ state: 'down', circuit: 'open' });

    await stack.restartSubgraph('local-tax');
    let full: Awaited<ReturnType<typeof graphql<any>>> | undefined;
    for (let attempt = 0; attempt < 50; attempt++) {
      full = await graphql(gateway.url, Q360, { uscc: taxpayer.uscc });
      if (!full.errors) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(full!.errors).toBeUndefined();
    expect(full!.data!.taxpayer.localTax.id).toBe(taxpayer.localKey);
    // Readiness follows within its cache's second.
    let readyAgain: any;
    for (let attempt = 0; attempt < 50 && readyAgain?.status !== 'ready'; attempt++) {
      if (attempt) await new Promise((r) => setTimeout(r, 100));
      readyAgain = await (await fetch(gateway.url.replace('/graphql', '/ready'))).json();
    }
    expect(readyAgain.status).toBe('ready');
    // The held gateway's circuit is still open: the source is back, and still no call goes to it before the reset time.
    const calls = counted.calls;
    expectPartialWithoutLocalTax(await graphql(held.url, Q360, { uscc: taxpayer.uscc }));
    expect(await circuitState(held, 'local-tax')).toBe(2);
    expect(counted.calls).toBe(calls);
  });

  it('cuts a slow source off at its timeout with SOURCE_TIMEOUT and keeps the rest', async () => {
    const slow = await stack.slowProxy('national-tax', 10_000);
    const timed = await stack.startGateway({ SUBGRAPH_NATIONAL_TAX_TIMEOUT_MS: '700' }, { 'national-tax': slow });
    const res = await graphql(timed.url, Q360, { uscc: taxpayer.uscc });
    expect(res.data!.taxpayer.registration.id).toBe(taxpayer.registryKey);
    expect(res.data!.taxpayer.nationalTax).toBeNull();
    expect(res.errors!.find((e) => e.extensions?.source === 'national-tax')?.extensions?.code).toBe('SOURCE_TIMEOUT');
    // SOURCE_TIMEOUT comes only from the gateway's own deadline (the proxy holds the request for 10 s
    // and never fails it), so the answer above was cut at the timeout, not waited out; no clock needed.
  });

  it('drains in-flight requests on SIGTERM before it exits', async () => {
    const slow = await stack.slowProxy('business-registry', 1500);
    const draining = await stack.startGateway({}, { 'business-registry': slow });
    const inFlight = graphql(draining.url, Q360, { uscc: taxpayer.uscc });
    await new Promise((r) => setTimeout(r, 300)); // the request is now waiting on the slow source
    const exited = new Promise<number | null>((r) => draining.child.once('exit', (code) => r(code)));
    draining.child.kill('SIGTERM');
    const res = await inFlight;
    expect(res.errors).toBeUndefined();
    expect(res.data!.taxpayer.registration.id).toBe(taxpayer.registryKey);
    expect(await exited).toBe(0);
    await expect(fetch(draining.url.replace('/graphql', '/health'))).rejects.toThrow();
  });

  it('answers bad input with a code and never a 500 or a stack trace', async () => {
    // A bad argument is the source's answer (200, the rest of a document would still be served); a document
    // that does not parse or does not match the schema is refused whole (400).
    const bad: [query: string, status: number, code: string][] = [
      ['{ taxpayer(uscc: "91350100M000100Y4Z") { uscc } }', 200, 'BAD_USER_INPUT'],
      ['{ taxpayer(uscc: ', 400, 'GRAPHQL_PARSE_FAILED'],
      ['{ nope }', 400, 'GRAPHQL_VALIDATION_FAILED'],
    ];
    for (const [query, status, code] of bad) {
      const res = await graphql(gateway.url, query);
      expect({ query, status: res.status, codes: res.errors?.map((e) => e.extensions?.code) }).toEqual({ query, status, codes: [code] });
      expect(JSON.stringify(res)).not.toMatch(/\bat [\w.<>]+ \(|node_modules/);
    }
    const notJson = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": "{ x' });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as any).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const huge = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ __typename }`, pad: 'x'.repeat(2_000_000) }),
    });
    expect(huge.status).toBe(413);
  });

  it('serves health, readiness and metrics for load balancers and operators', async () => {
    const base = gateway.url.replace('/graphql', '');
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const ready = (await (await fetch(`${base}/ready`)).json()) as any;
    expect(Object.keys(ready.subgraphs).sort()).toEqual([
      'audit',
      'business-registry',
      'cooperation',
      'local-tax',
      'national-tax',
      'treasury-bank',
    ]);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/taxgraph_requests_total\{operation="Taxpayer360",outcome="ok"\} \d+/);
    expect(metrics).toMatch(/taxgraph_subgraph_request_duration_seconds_bucket\{[^}]*subgraph="business-registry"/);
    expect(metrics).toMatch(/taxgraph_errors_total\{code="SOURCE_UNAVAILABLE"\} \d+/);
  });

  it('enforces the access rules through the gateway: a bank sees only its own payments, an analyst gets masked citizen IDs', async () => {
    const perBank = await sqlRows<{ bank: string; n: number }>(
      seeded.urls['treasury-bank'],
      'SELECT "PayBkCode" AS bank, COUNT(*)::int AS n FROM "TaxPayment" GROUP BY 1 ORDER BY 2 DESC, 1',
    );
    const [own, other] = perBank;
    expect(other).toBeDefined();

    // Banks run the committed manifest's operations only; PaymentsSince is sent by its hash (with its text).
    const paymentsSince = manifest.operations.find((o) => o.name === 'PaymentsSince')!;
    const authorization = `Bearer ${await tokenFor({ role: 'bank', bank: own.bank })}`;
    const seen: { bankCode: string; payerAccount: string | null; taxpayer: { uscc: string; name: string | null } | null }[] = [];
    let after: string | null = null;
    for (;;) {
      const res = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({
          query: paymentsSince.body,
          extensions: { persistedQuery: { version: 1, sha256Hash: paymentsSince.id } },
          variables: { since: '1990-01-01T00:00:00+08:00', first: 500, after },
        }),
      });
      const body = (await res.json()) as any;
      expect(body.errors).toBeUndefined();
      seen.push(...body.data.payments.edges.map((e: any) => e.node));
      if (!body.data.payments.pageInfo.hasNextPage) break;
      after = body.data.payments.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(own.n);
    expect(seen.filter((p) => p.bankCode !== own.bank)).toHaveLength(0);
    // No pii:read in a bank token: payer accounts come masked; the taxpayer's name comes through.
    expect(seen.filter((p) => p.payerAccount !== null && !p.payerAccount.includes('*'))).toHaveLength(0);
    expect(seen.some((p) => p.taxpayer?.name)).toBe(true);

    // The other bank's payment, asked for by PaymentStatus's hash: its bank gets it; this bank gets nothing of it
    // (API.md: banks, own payments only; the schema: null when the payment went through another bank).
    const [theirs] = await sqlRows<{ taxOfficeCode: string; voucherNo: string }>(
      seeded.urls['treasury-bank'],
      'SELECT TRIM("TaxOrgCode") AS "taxOfficeCode", TRIM("TaxVouNo") AS "voucherNo" FROM "TaxPayment" WHERE "PayBkCode" = $1 ORDER BY 1, 2 LIMIT 1',
      [other.bank],
    );
    const paymentStatus = manifest.operations.find((o) => o.name === 'PaymentStatus')!;
    const askAs = async (bank: string) => {
      const res = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor({ role: 'bank', bank })}` },
        body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: paymentStatus.id } }, variables: theirs }),
      });
      return { status: res.status, ...((await res.json()) as Omit<GraphQLResponse<any>, 'status'>) };
    };
    const byItsBank = await askAs(other.bank);
    expect(byItsBank.errors).toBeUndefined();
    expect(byItsBank.data.payment).toMatchObject({ ...theirs, bankCode: other.bank });
    const byAnotherBank = await askAs(own.bank);
    expect(byAnotherBank).toEqual({ status: 200, data: { payment: null } });

    // Analysts never see personal data: not with a plain token, and not with one that claims pii:read.
    const idNumbers = `query Representatives($uscc: USCC!) { taxpayer(uscc: $uscc) { registration { legalRepresentative { idNumber } } nationalTax { legalRepresentative { idNumber } } } }`;
    const whole = await graphql(gateway.url, idNumbers, { uscc: taxpayer.uscc });
    expect(whole.errors).toBeUndefined();
    const claimingPii = await new SignJWT({ role: 'analyst', scope: 'pii:read' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject('test-analyst-claiming-pii')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(process.env.JWT_SECRET!));
    for (const token of [await tokenFor({ role: 'analyst' }), claimingPii]) {
      const analyst = await graphql(
        gateway.url,
        idNumbers,
        { uscc: taxpayer.uscc },
        { authorization: `Bearer ${token}`, 'x-purpose': 'e2e access check' },
      );
      expect(analyst.errors).toBeUndefined();
      for (const record of ['registration', 'nationalTax']) {
        const id: string = whole.data!.taxpayer[record].legalRepresentative.idNumber;
        const masked: string = analyst.data!.taxpayer[record].legalRepresentative.idNumber;
        expect(id).not.toContain('*');
        expect(masked).toBe(id.slice(0, 4) + '*'.repeat(id.length - 8) + id.slice(-4));
      }
    }
  });

  it('refuses an analyst without a stated purpose (X-Purpose) with 403 FORBIDDEN, before any source is asked', async () => {
    const token = await tokenFor({ role: 'analyst' });
    const before = await subgraphCalls(gateway);
    for (const purpose of [undefined, '', '   ']) {
      const headers: Record<string, string> = {
        authorization: `Bearer ${token}`,
        ...(purpose === undefined ? {} : { 'x-purpose': purpose }),
      };
      const res = await graphql(gateway.url, Q360, { uscc: taxpayer.uscc }, headers);
      expect(res.status).toBe(403);
      expect(res.data ?? null).toBeNull();
      expect(res.errors!.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(res.errors![0].message).toMatch(/X-Purpose/);
    }
    expect(await subgraphCalls(gateway)).toBe(before);
  });

  describe("tokens from an identity provider: RS256, with the issuer's and audience's checks", () => {
    const ISSUER = 'https://idp.example.test/realms/taxgraph';
    const AUDIENCE = 'taxgraph-gateway';
    let keys: { publicKey: KeyLike; privateKey: KeyLike };
    let stranger: KeyLike;
    let jwks: Server;
    let jwksCalls = 0;

    beforeAll(async () => {
      keys = await generateKeyPair('RS256');
      stranger = (await generateKeyPair('RS256')).privateKey;
      const published = { keys: [{ ...(await exportJWK(keys.publicKey)), kid: 'taxgraph-test-1', alg: 'RS256', use: 'sig' }] };
      jwks = createServer((req, res) => {
        jwksCalls++;
        if (req.url !== '/realms/taxgraph/jwks.json') return void res.writeHead(404).end();
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(published));
      });
      await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', () => r()));
    });
    afterAll(() => {
      jwks?.closeAllConnections();
      jwks?.close();
    });

    const sign = (claims: { iss?: string; aud?: string }, key: KeyLike = keys.privateKey, kid = 'taxgraph-test-1') => {
      let jwt = new SignJWT({ role: 'app' })
        .setProtectedHeader({ alg: 'RS256', kid })
        .setSubject('test-idp-app')
        .setIssuedAt()
        .setExpirationTime('1h');
      if (claims.iss !== undefined) jwt = jwt.setIssuer(claims.iss);
      if (claims.aud !== undefined) jwt = jwt.setAudience(claims.aud);
      return jwt.sign(key);
    };

    /** The 360 view with `token`: the taxpayer when it is accepted, else the status and codes of the refusal. */
    const answerTo = async (url: string, token: string) => {
      const res = await graphql(url, Q360, { uscc: taxpayer.uscc }, { authorization: `Bearer ${token}` });
      return res.status === 200 && !res.errors
        ? { status: 200, uscc: res.data!.taxpayer.uscc }
        : { status: res.status, codes: res.errors?.map((e) => e.extensions?.code) };
    };

    async function expectIssuerAndAudienceChecked(url: string): Promise<void> {
      const refused = { status: 401, codes: ['UNAUTHENTICATED'] };
      expect(await answerTo(url, await sign({ iss: ISSUER, aud: AUDIENCE }))).toEqual({ status: 200, uscc: taxpayer.uscc });
      expect(await answerTo(url, await sign({ iss: 'https://idp.example.test/realms/other', aud: AUDIENCE }))).toEqual(refused);
      expect(await answerTo(url, await sign({ iss: ISSUER, aud: 'another-service' }))).toEqual(refused);
      expect(await answerTo(url, await sign({ aud: AUDIENCE }))).toEqual(refused);
      expect(await answerTo(url, await sign({ iss: ISSUER }))).toEqual(refused);
      // Signed by a key the gateway does not trust, and a development HS256 token: neither is the provider's.
      expect(await answerTo(url, await sign({ iss: ISSUER, aud: AUDIENCE }, stranger))).toEqual(refused);
      expect(await answerTo(url, await tokenFor({ role: 'app' }))).toEqual(refused);
    }

    it('verifies tokens with a PEM public key (JWT_PUBLIC_KEY)', async () => {
      const pem = await stack.startGateway({
        JWT_PUBLIC_KEY: await exportSPKI(keys.publicKey),
        JWT_ISSUER: ISSUER,
        JWT_AUDIENCE: AUDIENCE,
      });
      await expectIssuerAndAudienceChecked(pem.url);
    });

    it('verifies tokens with the keys a JWKS endpoint publishes (JWT_JWKS_URL)', async () => {
      const url = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/realms/taxgraph/jwks.json`;
      const byJwks = await stack.startGateway({ JWT_JWKS_URL: url, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE });
      await expectIssuerAndAudienceChecked(byJwks.url);
      // The keys came from the endpoint; a key id it does not publish is refused too.
      expect(jwksCalls).toBeGreaterThan(0);
      expect(await answerTo(byJwks.url, await sign({ iss: ISSUER, aud: AUDIENCE }, keys.privateKey, 'not-published'))).toEqual({
        status: 401,
        codes: ['UNAUTHENTICATED'],
      });
    });
  });
});
