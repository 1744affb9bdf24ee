/**
 * A gateway fleet as processes: two gateways over the same subgraphs, the same federation database
 * and the same Redis. Under concurrent load of mixed roles they write one audit chain with exactly
 * one record per operation answered, and `audit:verify` passes; a bank's budget and an address's
 * budget of refusals are the fleet's, not each gateway's; a gateway killed with SIGKILL mid-load
 * loses no record of anything it answered while the other keeps answering. The tests run in order
 * and share the chain.
 */
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { Client } from 'pg';
import { stopProcess } from '../../dev/launch';
import { freePort } from '../../dev/ports';
import manifest from '../../gateway/operations/manifest.json';
import type { Principal } from '../../shared/principal';
import { runAuditVerify } from '../support/audit-verify';
import { Proc, requireBuild, Stack } from '../support/processes';
import { APP_PRINCIPAL, asPrincipal, Seeded, seededSources } from '../support/seeded';

const REDIS = 'redis://127.0.0.1:6379';
const READ = `query FleetRead($uscc: USCC!) { taxpayer(uscc: $uscc) { uscc name } }`;
const ANALYST: Principal = { sub: 'fleet-analyst', role: 'analyst', scopes: ['taxpayer:read'] };
/** The bank's budget across the fleet, per minute: small, so the load spends it. */
const BANK_LIMIT = 20;
/** Refusals before authentication per address and minute, across the fleet. */
const ADDRESS_LIMIT = 10;

const PAYMENT_STATUS = manifest.operations.find((o) => o.name === 'PaymentStatus')!.id;

interface Op {
  id: string;
  /** Which gateway the balancer picks. */
  gateway: number;
  kind: 'app' | 'analyst' | 'bank';
  headers: Record<string, string>;
  body: string;
}

interface Answer {
  op: Op;
  /** The gateway that answered (or was asked, when nothing came back). */
  gateway: number;
  /** 0: no answer (the connection failed). */
  status: number;
  /** The answer's error codes; with no answer, why. */
  codes: string[];
}

/**
 * Runs `ops` through `clients` concurrent clients, each taking the next operation when its last one
 * is answered. `route` may send an operation elsewhere than its gateway (a balancer that took one out).
 */
async function load(
  gateways: Proc[],
  ops: Op[],
  clients: number,
  route = (g: number) => g,
  onAnswer: (answered: number) => void = () => {},
): Promise<Answer[]> {
  const answers: Answer[] = [];
  let next = 0;
  const client = async () => {
    while (next < ops.length) {
      const op = ops[next++];
      const gateway = route(op.gateway);
      try {
        const res = await fetch(gateways[gateway].url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...op.headers, 'x-request-id': op.id },
          body: op.body,
        });
        const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
        answers.push({ op, gateway, status: res.status, codes: (body.errors ?? []).map((e) => String(e.extensions?.code)) });
      } catch (err) {
        answers.push({ op, gateway, status: 0, codes: [String((err as Error).cause ?? err)] });
      }
      onAnswer(answers.length);
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  return answers;
}

describe('a gateway fleet', () => {
  let seeded: Seeded;
  let stack: Stack;
  let gateways: Proc[];
  let db: Client;
  let redis: Redis;
  const prefix = `taxgraph-test:fleet:${randomUUID()}`;
  let usccs: string[];
  let payment: { taxOfficeCode: string; voucherNo: string; bankCode: string };
  let headers: Record<Op['kind'], Record<string, string>>;

  beforeAll(async () => {
    requireBuild();
    seeded = await seededSources('fleet', 300);
    usccs = seeded.manifest.identities.ENTERPRISE.map((e) => e.uscc!)
      .filter(Boolean)
      .slice(0, 30);
    stack = new Stack(seeded.urls);
    await stack.startSubgraphs();
    // The sources get a minute: this file tests the fleet, and a busy two-core machine can outrun the default 5 s.
    const env = {
      REDIS_URL: REDIS,
      RATE_LIMIT_PREFIX: prefix,
      RATE_LIMIT_BANK_PER_MINUTE: String(BANK_LIMIT),
      RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: String(ADDRESS_LIMIT),
      SUBGRAPH_TIMEOUT_MS: '60000',
    };
    gateways = await Promise.all([0, 1].map(() => stack.startGateway(env)));
    db = new Client({ connectionString: seeded.urls.federation });
    await db.connect();
    redis = new Redis(REDIS);
    const app = await asPrincipal(APP_PRINCIPAL);
    const found = await fetch(gateways[0].url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...app },
      body: JSON.stringify({ query: '{ payments(first: 1) { edges { node { taxOfficeCode voucherNo bankCode } } } }' }),
    });
    payment = ((await found.json()) as any).data.payments.edges[0].node;
    headers = {
      app,
      analyst: await asPrincipal(ANALYST),
      bank: await asPrincipal({ sub: 'fleet-bank', role: 'bank', bank: payment.bankCode, scopes: [] }),
    };
  });
  afterAll(async () => {
    await db?.end();
    await stack?.stop();
    if (redis) {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    }
  });

  /** `n` operations, the i-th through gateway i % 2; `kinds` picks each one's role. */
  function operations(label: string, n: number, kindOf: (i: number) => Op['kind']): Op[] {
    return Array.from({ length: n }, (_, i) => {
      const kind = kindOf(i);
      const body =
        kind === 'bank'
          ? { extensions: { persistedQuery: { version: 1, sha256Hash: PAYMENT_STATUS } }, variables: payment }
          : { query: READ, variables: { uscc: usccs[i % usccs.length] } };
      return { id: `${label}-${i}`, gateway: i % 2, kind, headers: headers[kind], body: JSON.stringify(body) };
    });
  }

  /** The audit records of the operations whose request ids start with `label-`, by request id. */
  async function recordsOf(label: string): Promise<Map<string, { n: number; outcome: string; codes: string[] }>> {
    const { rows } = await db.query<{ request_id: string; n: string; outcome: string; error_codes: string[] }>(
      `SELECT request_id, count(*) OVER (PARTITION BY request_id) AS n, outcome, error_codes FROM audit_log WHERE request_id LIKE $1`,
      [`${label}-%`],
    );
    return new Map(rows.map((r) => [r.request_id, { n: Number(r.n), outcome: r.outcome, codes: r.error_codes }]));
  }

  /** One chain: seq runs without a gap from 1, and the compiled audit:verify accepts it. */
  async function expectOneVerifiedChain(): Promise<void> {
    const { rows } = await db.query<{ min: string; max: string; n: string }>('SELECT min(seq), max(seq), count(*) AS n FROM audit_log');
    expect(rows[0].min).toBe('1');
    expect(rows[0].max).toBe(rows[0].n);
    const checked = await runAuditVerify(seeded.urls.federation);
    expect(checked.out).toMatch(new RegExp(`audit trail OK: ${rows[0].n} records`));
    expect(checked.code).toBe(0);
  }

  it('records concurrent mixed load through both gateways once per operation in one chain, and shares a bank budget', async () => {
    // 300 operations from 8 clients: 6 in 10 an app's read, 2 an analyst's, 2 the bank's persisted lookup (60 of them).
    const ops = operations('mixed', 300, (i) => (i % 10 < 6 ? 'app' : i % 10 < 8 ? 'analyst' : 'bank'));
    const answers = await load(gateways, ops, 8);
    expect(answers).toHaveLength(ops.length);

    for (const a of answers.filter((x) => x.op.kind !== 'bank')) {
      expect({ id: a.op.id, status: a.status, codes: a.codes }).toEqual({ id: a.op.id, status: 200, codes: [] });
    }
    // The bank's budget is the fleet's: BANK_LIMIT answers in all, whichever gateway gave them; the rest RATE_LIMITED.
    const bank = answers.filter((a) => a.op.kind === 'bank');
    const served = bank.filter((a) => a.status === 200);
    const limited = bank.filter((a) => a.status === 429);
    expect(served).toHaveLength(BANK_LIMIT);
    expect(limited).toHaveLength(bank.length - BANK_LIMIT);
    for (const a of served) expect(a.codes).toEqual([]);
    for (const a of limited) expect(a.codes).toEqual(['RATE_LIMITED']);
    // Both gateways got bank operations to answer (even i through one, odd through the other).
    expect(new Set(bank.map((a) => a.gateway))).toEqual(new Set([0, 1]));
    expect(await redis.keys(`${prefix}:bank:*`)).toEqual([`${prefix}:bank:${payment.bankCode}`]);

    // Exactly one record per operation answered, with its outcome.
    const records = await recordsOf('mixed');
    expect(records.size).toBe(ops.length);
    for (const a of answers) {
      const r = records.get(a.op.id);
      expect({ id: a.op.id, n: r?.n }).toEqual({ id: a.op.id, n: 1 });
      expect(r!.outcome).toBe(a.status === 200 ? 'ok' : 'refused');
      expect(r!.codes).toEqual(a.codes);
    }
    await expectOneVerifiedChain();
  });

  it("shares an address's budget of refusals before authentication across the fleet", async () => {
    // 30 requests without a token from this address, alternating gateways, in sequence.
    const statuses: number[] = [];
    for (let i = 0; i < 3 * ADDRESS_LIMIT; i++) {
      const res = await fetch(gateways[i % 2].url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    // One budget for the address, not one per gateway (which would have answered 2 x ADDRESS_LIMIT 401s).
    expect(statuses.filter((s) => s === 401)).toHaveLength(ADDRESS_LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2 * ADDRESS_LIMIT);
    expect(statuses.slice(0, ADDRESS_LIMIT).every((s) => s === 401)).toBe(true);
    expect(await redis.keys(`${prefix}:address:*`)).toEqual([`${prefix}:address:127.0.0.1`]);
  });

  it('counts an address in memory when Redis cannot be reached, rather than refusing or admitting everyone', async () => {
    const nowhere = await freePort();
    const alone = await stack.startGateway({
      REDIS_URL: `redis://127.0.0.1:${nowhere}`,
      RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: String(ADDRESS_LIMIT),
    });
    const statuses: number[] = [];
    for (let i = 0; i < ADDRESS_LIMIT + 3; i++) {
      const res = await fetch(alone.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"{ __typename }"}',
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array(ADDRESS_LIMIT).fill(401), 429, 429, 429]);
    expect(alone.output.join('')).toMatch(/Redis unreachable/);
    await stopProcess(alone);
  });

  it('loses no record of an answered operation when a gateway is killed mid-load; the other keeps answering', async () => {
    const ops = operations('kill', 300, (i) => (i % 4 === 3 ? 'analyst' : 'app'));
    let answered = 0;
    let killed = false;
    const victim = gateways[1];
    // Once a third is answered, gateway 1 dies the hard way; the balancer then sends everything to gateway 0.
    const killing = (async () => {
      while (answered < ops.length / 3) await new Promise((r) => setTimeout(r, 5));
      killed = true;
      await stopProcess(victim, { signal: 'SIGKILL' });
    })();
    const answers = await load(
      gateways,
      ops,
      8,
      (g) => (killed ? 0 : g),
      (n) => (answered = n),
    );
    await killing;
    expect(victim.child.exitCode ?? victim.child.signalCode).toBe('SIGKILL');

    const ok = answers.filter((a) => a.status === 200);
    const lost = answers.filter((a) => a.status !== 200);
    // Only requests in flight at gateway 1 when it died went unanswered; gateway 0 answered everything asked of it.
    for (const a of lost)
      expect({ id: a.op.id, gateway: a.gateway, status: a.status, why: a.codes }).toMatchObject({ id: a.op.id, gateway: 1, status: 0 });
    expect(lost.length).toBeLessThanOrEqual(8);
    for (const a of ok) expect(a.codes).toEqual([]);
    expect(ok.filter((a) => a.gateway === 1).length).toBeGreaterThan(0);
    const after = answers.filter((a) => a.gateway === 0 && a.op.gateway === 1);
    expect(after.length).toBeGreaterThan(50);
    expect(after.every((a) => a.status === 200)).toBe(true);

    // Every answered operation has its record, once; an unanswered one at most one (committed before the answer was lost).
    const records = await recordsOf('kill');
    for (const a of ok)
      expect({ id: a.op.id, n: records.get(a.op.id)?.n, outcome: records.get(a.op.id)?.outcome }).toEqual({
        id: a.op.id,
        n: 1,
        outcome: 'ok',
      });
    for (const a of lost) expect(records.get(a.op.id)?.n ?? 0).toBeLessThanOrEqual(1);
    expect(records.size).toBeGreaterThanOrEqual(ok.length);
    expect(records.size).toBeLessThanOrEqual(ops.length);
    await expectOneVerifiedChain();
  });
});
