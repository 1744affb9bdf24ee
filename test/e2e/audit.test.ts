/**
 * The audit trail as processes: gateways over the four subgraphs write every operation into the
 * federation's database (through a TCP proxy the test can take away), the audit subgraph serves
 * `accessLog`, and `audit:verify` (the compiled script, as a child process) checks the chain.
 * The tests run in order: the last two tamper with a chain (the shared one, then one of their own).
 */
import { Client } from 'pg';
import { AuditEntry, seal } from '../../gateway/audit/record';
import { createTestDatabases } from '../support/db';
import { APP_PRINCIPAL, asPrincipal, GraphQLResponse, Seeded, seededSources, tokenFor } from '../support/seeded';
import { stopProcess } from '../../dev/launch';
import { Proc, requireBuild, Stack } from '../support/processes';
import { TcpProxy } from '../support/tcp-proxy';
import { runAuditVerify } from '../support/audit-verify';

const READ = `query AuditedRead($uscc: USCC!) { taxpayer(uscc: $uscc) { uscc name } }`;
const ACCESS_LOG = `query AccessLog($uscc: USCC!, $from: DateTime, $to: DateTime) {
  accessLog(uscc: $uscc, from: $from, to: $to) { at subject role bank purpose operationName requestId outcome }
}`;

async function post(url: string, body: unknown, headers: Record<string, string>): Promise<GraphQLResponse> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, ...((await res.json()) as Omit<GraphQLResponse, 'status'>) };
}

describe('audit trail end to end', () => {
  let seeded: Seeded;
  let stack: Stack;
  let proxy: TcpProxy;
  let gateways: Proc[];
  let db: Client;
  let usccs: string[];
  let appHeaders: Record<string, string>;

  beforeAll(async () => {
    requireBuild();
    seeded = await seededSources('audit', 300);
    usccs = seeded.manifest.identities.ENTERPRISE.map((e) => e.uscc!)
      .filter(Boolean)
      .slice(0, 20);
    const proxied = await TcpProxy.inFrontOf(seeded.urls.federation);
    proxy = proxied.proxy;
    stack = new Stack(seeded.urls);
    await stack.startSubgraphs();
    // Two gateway processes share the table (and its one chain), both through the proxy. The sources get a minute:
    // this file tests the trail, and 500 requests at once on a busy machine outran the default 5 s (a SOURCE_TIMEOUT).
    gateways = await Promise.all(
      [0, 1].map(() => stack.startGateway({ TAXGRAPH_DATABASE_URL: proxied.url, SUBGRAPH_TIMEOUT_MS: '60000' })),
    );
    db = new Client({ connectionString: seeded.urls.federation });
    await db.connect();
    const { authorization } = await asPrincipal(APP_PRINCIPAL);
    appHeaders = { authorization, 'x-purpose': 'automated test' };
  });
  afterAll(async () => {
    await db?.end();
    await stack?.stop();
    await proxy?.close();
  });

  it('records 500 concurrent operations through two gateways as exactly 500 records in one intact chain', async () => {
    expect(usccs.length).toBeGreaterThan(5);
    const responses = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        post(
          gateways[i % 2].url,
          { query: READ, variables: { uscc: usccs[i % usccs.length] } },
          { ...appHeaders, 'x-request-id': `burst-${i}` },
        ),
      ),
    );
    for (const r of responses) {
      expect(r.status).toBe(200);
      expect(r.errors).toBeUndefined();
    }
    // Each response was sent after its record was committed: all 500 are there now, without waiting.
    const { rows } = await db.query<{
      request_id: string;
      taxpayers: string[];
      outcome: string;
      subject: string;
      role: string;
      purpose: string;
      operation_name: string;
      document_hash: string;
      variables: { uscc: string };
    }>(
      `SELECT request_id, taxpayers, outcome, subject, role, purpose, operation_name, document_hash, variables FROM audit_log WHERE request_id LIKE 'burst-%'`,
    );
    expect(rows).toHaveLength(500);
    expect(new Set(rows.map((r) => r.request_id)).size).toBe(500);
    for (const r of rows) {
      const i = Number(r.request_id.slice('burst-'.length));
      expect(r).toMatchObject({
        outcome: 'ok',
        subject: APP_PRINCIPAL.sub,
        role: 'app',
        purpose: 'automated test',
        operation_name: 'AuditedRead',
      });
      expect(r.taxpayers).toEqual([usccs[i % usccs.length]]);
      expect(r.variables).toEqual({ uscc: usccs[i % usccs.length] });
      expect(r.document_hash).toMatch(/^[0-9a-f]{64}$/);
    }
    // Commits are shared: rows inserted by one transaction share its xmin.
    const commits = await db.query<{ n: string }>(`SELECT count(DISTINCT xmin::text) AS n FROM audit_log WHERE request_id LIKE 'burst-%'`);
    expect(Number(commits.rows[0].n)).toBeLessThan(500);
    const seqs = await db.query<{ min: string; max: string; n: string }>('SELECT min(seq), max(seq), count(*) AS n FROM audit_log');
    expect(Number(seqs.rows[0].max) - Number(seqs.rows[0].min) + 1).toBe(Number(seqs.rows[0].n));

    const checked = await runAuditVerify(seeded.urls.federation);
    expect(checked.out).toMatch(new RegExp(`audit trail OK: ${seqs.rows[0].n} records`));
    expect(checked.code).toBe(0);
    process.stdout.write(`500 records in ${commits.rows[0].n} commits; ${checked.out}`);
  });

  it('records refused and failed operations with their codes, and never personal data in the variables', async () => {
    // Refusals before authentication are audited in aggregate, per client address and minute, written as the minute
    // closes or the gateway stops (test/e2e/edge.test.ts floods them): a gateway of its own, stopped, shows its row.
    const own = await stack.startGateway({ TAXGRAPH_DATABASE_URL: seeded.urls.federation });
    const before = Number((await db.query<{ n: string }>('SELECT coalesce(max(seq), 0) AS n FROM audit_log')).rows[0].n);
    const anonymous = await post(own.url, { query: READ, variables: { uscc: usccs[0] } }, {});
    expect(anonymous.status).toBe(401);
    await stopProcess(own);
    const refused = await db.query(`SELECT outcome, error_codes, subject, refusals FROM audit_log WHERE seq > $1`, [before]);
    expect(refused.rows).toEqual([
      {
        outcome: 'refused',
        error_codes: ['UNAUTHENTICATED'],
        subject: null,
        refusals: expect.objectContaining({ address: '127.0.0.1', count: 1, codes: { UNAUTHENTICATED: 1 }, reasons: { 'no token': 1 } }),
      },
    ]);

    const broken = await post(gateways[0].url, { query: '{ taxpayer(uscc: ' }, { ...appHeaders, 'x-request-id': 'broken-1' });
    expect(broken.status).toBe(400);
    const failed = await db.query(`SELECT outcome, error_codes, taxpayers FROM audit_log WHERE request_id = 'broken-1'`);
    expect(failed.rows).toEqual([{ outcome: 'error', error_codes: ['GRAPHQL_PARSE_FAILED'], taxpayers: [] }]);

    const individual = seeded.manifest.identities.INDIVIDUAL_BUSINESS.find((e) => e.localTin?.length === 20)!;
    expect(individual).toBeDefined();
    const query = `query ByTin($tin: String) { localTaxAccount(tin: $tin) { id } }`;
    const variables = {
      tin: individual.localTin,
      contactPhone: '13812345678',
      note: `card 6222021234567890123, id ${individual.citizenId}`,
      uscc: usccs[0],
    };
    const res = await post(gateways[1].url, { query, variables }, { ...appHeaders, 'x-request-id': 'pii-1' });
    expect(res.status).toBe(200);
    const stored = await db.query<{ variables: Record<string, string> }>(`SELECT variables FROM audit_log WHERE request_id = 'pii-1'`);
    const kept = stored.rows[0].variables;
    expect(kept.tin).toBe(`${individual.localTin!.slice(0, 4)}${'*'.repeat(12)}${individual.localTin!.slice(-4)}`);
    expect(kept.contactPhone).toBe('1381***5678');
    expect(kept.note).toMatch(/^card 6222\*{11}0123, id \d{4}\*{10}[\dX]{4}$/);
    expect(kept.uscc).toBe(usccs[0]);
    expect(JSON.stringify(kept)).not.toContain(individual.citizenId!);

    // Values the database would otherwise alter are stored so that the chain still verifies.
    const x = String.raw`{"emoji":"\ud83d\ude00","nul":"a\u0000b","lone":"\ud800x","big":12345678901234567890,"small":1e-7,"negZero":-0,"deep":[[[1.50]]],"__proto__":{"k":1},"q\"uote":true}`;
    const tricky = `{"query":${JSON.stringify(READ)},"variables":{"uscc":"${usccs[1]}","x":${x}}}`;
    const weird = await fetch(gateways[0].url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...appHeaders, 'x-request-id': 'tricky-1' },
      body: tricky,
    });
    expect(weird.status).toBe(200);
    const trickyRow = await db.query<{ variables: { x: Record<string, unknown> } }>(
      `SELECT variables FROM audit_log WHERE request_id = 'tricky-1'`,
    );
    expect(trickyRow.rows[0].variables.x).toMatchObject({ emoji: '\u{1F600}', nul: 'a\uFFFDb', lone: '\uFFFDx', small: 1e-7 });
    expect((await runAuditVerify(seeded.urls.federation)).code).toBe(0);
  });

  it("tells, through accessLog, who read a taxpayer's data, when and why; only to callers with audit:read", async () => {
    const uscc = usccs[3];
    const analyst = {
      authorization: `Bearer ${await tokenFor({ role: 'analyst', subject: 'analyst-wang' })}`,
      'x-purpose': '2016 Q1 joint audit selection',
    };
    const read = await post(gateways[0].url, { query: READ, variables: { uscc } }, { ...analyst, 'x-request-id': 'analyst-read-1' });
    expect(read.errors).toBeUndefined();

    const log = await post(gateways[1].url, { query: ACCESS_LOG, variables: { uscc } }, appHeaders);
    expect(log.errors).toBeUndefined();
    const entries = log.data!.accessLog as Record<string, string | null>[];
    expect(entries[0]).toEqual({
      at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      subject: 'analyst-wang',
      role: 'analyst',
      bank: null,
      purpose: '2016 Q1 joint audit selection',
      operationName: 'AuditedRead',
      requestId: 'analyst-read-1',
      outcome: 'ok',
    });
    // The burst read this taxpayer too, as the test app.
    expect(
      entries.filter((e) => e.subject === APP_PRINCIPAL.sub && e.purpose === 'automated test' && e.requestId!.startsWith('burst-')).length,
    ).toBeGreaterThan(0);
    for (let k = 1; k < entries.length; k++) expect(entries[k - 1].at! >= entries[k].at!).toBe(true);

    const future = await post(gateways[1].url, { query: ACCESS_LOG, variables: { uscc, from: '2999-01-01T00:00:00Z' } }, appHeaders);
    expect(future.data!.accessLog).toEqual([]);
    const past = await post(gateways[1].url, { query: ACCESS_LOG, variables: { uscc, to: '2000-01-01T00:00:00+08:00' } }, appHeaders);
    expect(past.data!.accessLog).toEqual([]);

    const noScope = { authorization: `Bearer ${await tokenFor({ role: 'app', subject: 'app-without-audit', scopes: ['pii:read'] })}` };
    const refused = await post(gateways[1].url, { query: ACCESS_LOG, variables: { uscc } }, noScope);
    expect(refused.data ?? null).toBeNull();
    expect(refused.errors!.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    const bank = { authorization: `Bearer ${await tokenFor({ role: 'bank', bank: '102651000019' })}` };
    // A bank runs the manifest's operations only, and accessLog is none of them.
    const bankRefused = await post(gateways[1].url, { query: ACCESS_LOG, variables: { uscc } }, bank);
    expect(bankRefused.status).toBe(403);
    expect(bankRefused.data).toBeUndefined();
    expect(bankRefused.errors!.map((e) => e.extensions?.code)).toEqual(['PERSISTED_QUERY_REQUIRED']);
  });

  it('refuses with AUDIT_UNAVAILABLE and no data while the audit store is down, and serves again once it is back', async () => {
    await proxy.close();
    for (const gateway of gateways) {
      const res = await post(gateway.url, { query: READ, variables: { uscc: usccs[0] } }, { ...appHeaders, 'x-request-id': 'while-down' });
      expect(res.status).toBe(503);
      expect(res.data).toBeUndefined();
      expect(res.errors).toEqual([expect.objectContaining({ extensions: { code: 'AUDIT_UNAVAILABLE' } })]);
      expect(JSON.stringify(res)).not.toContain(usccs[0]);
      expect((await fetch(gateway.url.replace('/graphql', '/health'))).status).toBe(200);
    }

    await proxy.open();
    for (const gateway of gateways) {
      let res: GraphQLResponse | undefined;
      for (let attempt = 0; attempt < 50; attempt++) {
        res = await post(gateway.url, { query: READ, variables: { uscc: usccs[0] } }, { ...appHeaders, 'x-request-id': 'after-recovery' });
        if (res.status === 200) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(res!.errors).toBeUndefined();
      expect(res!.data!.taxpayer).toMatchObject({ uscc: usccs[0] });
    }
    const recorded = await db.query(`SELECT request_id FROM audit_log WHERE request_id IN ('while-down', 'after-recovery')`);
    expect(recorded.rows.map((r) => r.request_id)).toEqual(['after-recovery', 'after-recovery']);
    expect((await runAuditVerify(seeded.urls.federation)).code).toBe(0);
  });

  it('makes audit:verify fail and name the record when one is changed, and name the gap when one is deleted', async () => {
    // The table refuses changes outright; someone with the rights to lift that is caught by the chain.
    await expect(db.query(`UPDATE audit_log SET purpose = 'x' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM audit_log WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    try {
      const { rows } = await db.query<{ seq: string; purpose: string }>(
        `SELECT seq, purpose FROM audit_log WHERE request_id = 'burst-250'`,
      );
      const target = rows[0];
      await db.query(`UPDATE audit_log SET purpose = 'nothing to see here' WHERE seq = $1`, [target.seq]);
      const changed = await runAuditVerify(seeded.urls.federation);
      expect(changed.code).toBe(1);
      expect(changed.out).toContain(`BROKEN at record ${target.seq} (changed)`);
      expect(changed.out).toContain('burst-250');

      // Put back as it was, the record verifies again: the hash is over the contents, nothing else.
      await db.query(`UPDATE audit_log SET purpose = $2 WHERE seq = $1`, [target.seq, target.purpose]);
      expect((await runAuditVerify(seeded.urls.federation)).code).toBe(0);

      const victim = String(Number(target.seq) + 7);
      await db.query(`DELETE FROM audit_log WHERE seq = $1`, [victim]);
      const deleted = await runAuditVerify(seeded.urls.federation);
      expect(deleted.code).toBe(1);
      expect(deleted.out).toContain(`BROKEN at record ${victim} (deleted)`);
      expect(deleted.out).toContain(`record ${victim} is missing`);
      process.stdout.write(`${changed.out}${deleted.out}`);
    } finally {
      await db.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    }
  });

  it('makes audit:verify fail and name the record when two records trade places, in a throwaway database', async () => {
    // A chain of its own, written by a gateway of its own, so the tampering touches nothing the other tests read.
    const url = (await createTestDatabases('audit-reorder', ['federation'])).federation;
    const writer = await stack.startGateway({ TAXGRAPH_DATABASE_URL: url });
    for (let i = 1; i <= 8; i++) {
      const res = await post(writer.url, { query: READ, variables: { uscc: usccs[i] } }, { ...appHeaders, 'x-request-id': `reorder-${i}` });
      expect(res.status).toBe(200);
    }
    const scratch = new Client({ connectionString: url });
    await scratch.connect();
    try {
      const chain = await scratch.query<{ seq: string; request_id: string }>('SELECT seq, request_id FROM audit_log ORDER BY seq');
      expect(chain.rows.map((r) => r.request_id)).toEqual(Array.from({ length: 8 }, (_, i) => `reorder-${i + 1}`));
      expect((await runAuditVerify(url)).code).toBe(0);
      await scratch.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');

      // Records 4 and 5 trade their numbers (each keeps its contents and hashes).
      const swapSeq = async () => {
        await scratch.query('UPDATE audit_log SET seq = -seq WHERE seq IN (4, 5)');
        await scratch.query('UPDATE audit_log SET seq = CASE seq WHEN -4 THEN 5 ELSE 4 END WHERE seq IN (-4, -5)');
      };
      await swapSeq();
      const swapped = await runAuditVerify(url);
      expect(swapped.code).toBe(1);
      expect(swapped.out).toContain('BROKEN at record 4 (changed)');
      expect(swapped.out).toContain('record 4 (request reorder-5,');
      expect(swapped.out).toContain('3 records before it verified');
      await swapSeq();
      expect((await runAuditVerify(url)).code).toBe(0);

      // Trading places with each record sealed again in its new place (hashes recomputed from record 3's on):
      // the two verify, and the record after them does not follow them.
      const rows = (await scratch.query('SELECT * FROM audit_log WHERE seq IN (3, 4, 5) ORDER BY seq')).rows;
      const entryOf = (row: Record<string, unknown>) =>
        Object.fromEntries(
          Object.entries(row).map(([k, v]) => [
            k.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase()),
            v instanceof Date ? v.toISOString() : v,
          ]),
        ) as unknown as AuditEntry;
      const fourth = seal(entryOf(rows[2]), '4', rows[0].hash);
      const fifth = seal(entryOf(rows[1]), '5', fourth.hash);
      // One statement: the join reads both rows as they were before it.
      await scratch.query(
        `UPDATE audit_log a SET at = b.at, request_id = b.request_id, subject = b.subject, role = b.role, bank = b.bank, purpose = b.purpose,
           operation_name = b.operation_name, document_hash = b.document_hash, variables = b.variables, taxpayers = b.taxpayers,
           vouchers = b.vouchers, outcome = b.outcome, error_codes = b.error_codes, duration_ms = b.duration_ms,
           prev_hash = CASE a.seq WHEN 4 THEN $1 ELSE $3 END, hash = CASE a.seq WHEN 4 THEN $2 ELSE $4 END
         FROM audit_log b WHERE a.seq IN (4, 5) AND b.seq = 9 - a.seq`,
        [fourth.prevHash, fourth.hash, fifth.prevHash, fifth.hash],
      );
      const order = await scratch.query<{ request_id: string }>('SELECT request_id FROM audit_log WHERE seq BETWEEN 3 AND 6 ORDER BY seq');
      expect(order.rows.map((r) => r.request_id)).toEqual(['reorder-3', 'reorder-5', 'reorder-4', 'reorder-6']);
      const relinked = await runAuditVerify(url);
      expect(relinked.code).toBe(1);
      expect(relinked.out).toContain('BROKEN at record 6 (relinked)');
      expect(relinked.out).toContain('record 6 (request reorder-6,');
      expect(relinked.out).toContain('5 records before it verified');
      process.stdout.write(`${swapped.out}${relinked.out}`);
    } finally {
      await scratch.end();
    }
  });
});
