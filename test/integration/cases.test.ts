/**
 * Cases against real PostgreSQL and the cooperation subgraph's own HTTP server (called as the gateway
 * would call it, with a signed principal): what completed runs do to cases (filed, kept, resolved,
 * reopened), who may change a case, and the outbox delivered to a real webhook receiver that refuses
 * (503) for a while, each notification signed, none lost.
 *
 * The runs here are the store's own: the test writes `reconciliation_run` and `finding` rows as
 * `npm run reconcile` writes them (store/pages.ts) and completes them with store/runs.ts completeRun;
 * the whole reconciliation through the gateway is test/e2e/cases.test.ts's.
 */
import knex, { Knex } from 'knex';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { migrateFederationDb } from '../../shared/federation-db';
import { Principal, signPrincipal } from '../../shared/principal';
import { signBody } from '../../subgraphs/cooperation/cases/dispatcher';
import { cooperation } from '../../subgraphs/cooperation/server';
import { completeRun } from '../../subgraphs/cooperation/store/runs';
import { RunningSubgraph, startSubgraph } from '../../subgraphs/kit/subgraph';
import { createTestDatabases } from '../support/db';
import { graphql, GraphQLResponse, sqlRows } from '../support/seeded';

const NATIONAL = '15101040000';
const LOCAL = '25101040000';
const OTHER_NATIONAL = '15101050000';
const DIVISION = '510104';
const SECRET = 'test-webhook-secret-0123456789abcdef-0123';
const AS_OF = '2016-01-31';

interface StoredFindingSpec {
  key: string;
  kind: string;
  record: [string, string];
  sources: string[];
  offices: string[];
  evidence?: { source: string; field: string; value: string | null }[];
}

const F = {
  abnormal: {
    key: 'ABNORMAL_OVERDUE|national-tax:N1|',
    kind: 'ABNORMAL_OVERDUE',
    record: ['national-tax', 'N1'],
    sources: ['national-tax'],
    offices: [NATIONAL],
    evidence: [{ source: 'national-tax', field: 'abnormalSince', value: '2015-03-10' }],
  },
  unregistered: {
    key: 'UNREGISTERED_BUSINESS|business-registry:R2|',
    kind: 'UNREGISTERED_BUSINESS',
    record: ['business-registry', 'R2'],
    sources: ['business-registry', 'national-tax', 'local-tax'],
    offices: [],
    evidence: [{ source: 'business-registry', field: 'establishedOn', value: '2015-11-01' }],
  },
  uct: {
    key: 'UCT_BASE_MISMATCH|local-tax:L3|2015-01-01/2015-03-31',
    kind: 'UCT_BASE_MISMATCH',
    record: ['local-tax', 'L3'],
    sources: ['national-tax', 'local-tax'],
    offices: [NATIONAL, LOCAL],
  },
  payment: {
    key: `DEDUCTED_NOT_IN_TREASURY|treasury-bank:${LOCAL}|V4|`,
    kind: 'DEDUCTED_NOT_IN_TREASURY',
    record: ['treasury-bank', `${LOCAL}|V4`],
    sources: ['treasury-bank'],
    offices: [LOCAL],
  },
  later: {
    key: 'ABNORMAL|national-tax:N5|',
    kind: 'ABNORMAL',
    record: ['national-tax', 'N5'],
    sources: ['national-tax'],
    offices: [OTHER_NATIONAL],
  },
} satisfies Record<string, StoredFindingSpec>;

/** A call straight to the subgraph, signed as the gateway signs it. */
const asPrincipal = async (p: Principal) =>
  signPrincipal(p, process.env.TAXGRAPH_PRINCIPAL_SECRET!, `test-${Math.random().toString(36).slice(2)}`);
const officer = (office: string, sub = `officer-${office}`): Principal => ({ sub, role: 'officer', office, scopes: ['taxpayer:read'] });
const APP: Principal = { sub: 'test-app', role: 'app', scopes: ['taxpayer:read', 'pii:read'] };
const ANALYST: Principal = { sub: 'test-analyst', role: 'analyst', scopes: ['taxpayer:read'] };

const UPDATE = `mutation($id: ID!, $status: CaseStatus!, $note: String!) {
  updateFindingCase(findingId: $id, status: $status, note: $note) {
    findingId status ownerOffice history { actor office from to note }
  }
}`;

const CASE_FIELDS =
  'findingId kind status ownerOffice notifyOffices dueOn overdue filed history { actor office from to note } finding { id }';

/** A webhook receiver: answers 503 to its first `refuse` requests, then 200; keeps every request. */
interface Received {
  status: number;
  delivery: string;
  event: string;
  signature: string;
  body: string;
}

function receiver(refuse: number): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = received.length < refuse ? 503 : 200;
      received.push({
        status,
        delivery: String(req.headers['x-taxgraph-delivery-id']),
        event: String(req.headers['x-taxgraph-event-id']),
        signature: String(req.headers['x-taxgraph-signature']),
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(status).end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received }),
    ),
  );
}

describe('cases', () => {
  let url: string;
  let db: Knex;
  let coop: RunningSubgraph;
  let hook: Awaited<ReturnType<typeof receiver>>;
  const saved = { ...process.env };

  async function run(findings: StoredFindingSpec[]): Promise<string> {
    const [{ id }] = await db('reconciliation_run')
      .insert({ status: 'running', as_of: AS_OF, gateway: 'http://test', purpose: 'test', page_size: 250 })
      .returning('id');
    const runId = String(id);
    if (findings.length)
      await db('finding').insert(
        findings.map((f) => ({
          run_id: runId,
          key: f.key,
          kind: f.kind,
          subject: `${f.record[0]}:${f.record[1]}`,
          record_source: f.record[0],
          record_id: f.record[1],
          sources: f.sources,
          detail: `${f.kind} in a test.`,
          evidence: JSON.stringify(f.evidence ?? []),
          division: DIVISION,
          tax_office_codes: f.offices,
        })),
      );
    await completeRun(db, runId, 5);
    return runId;
  }

  const caseOf = async (id: string) =>
    (
      await graphql<{ findings: { edges: { node: { case: Record<string, unknown> } }[] } }>(
        coop.url,
        `query($k: [FindingKind!]) { findings(filter: { kinds: $k }, first: 50) { edges { node { id case { ${CASE_FIELDS} } } } } }`,
        { k: null },
        await asPrincipal(APP),
      )
    )
      .data!.findings.edges.map((e) => e.node.case)
      .find((c) => c.findingId === id);

  const casesOf = async (filter: Record<string, unknown>, first = 50, after: string | null = null) => {
    const res: GraphQLResponse<any> = await graphql(
      coop.url,
      `query($f: CaseFilter, $first: Int, $after: String) { cases(filter: $f, first: $first, after: $after) {
         totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${CASE_FIELDS} } } } }`,
      { f: filter, first, after },
      await asPrincipal(APP),
    );
    expect(res.errors).toBeUndefined();
    return res.data.cases;
  };

  const update = async (principal: Principal, id: string, status: string, note: string) =>
    graphql<any>(coop.url, UPDATE, { id, status, note }, await asPrincipal(principal));
  const codes = (res: GraphQLResponse) => (res.errors ?? []).map((e) => e.extensions?.code);

  beforeAll(async () => {
    ({ federation: url } = await createTestDatabases('cases', ['federation']));
    db = knex({ client: 'pg', connection: url, pool: { min: 0, max: 2 } });
    await migrateFederationDb(db);
    hook = await receiver(12);
    // Every office of the test has the receiver's URL but the registry authority (a 6-digit code): its notifications wait, counted.
    process.env.TAXGRAPH_OFFICE_WEBHOOKS = JSON.stringify({ [NATIONAL]: hook.url, [LOCAL]: hook.url, [OTHER_NATIONAL]: hook.url });
    process.env.TAXGRAPH_WEBHOOK_SECRET = SECRET;
    process.env.TAXGRAPH_WEBHOOK_POLL_MS = '100';
    process.env.TAXGRAPH_WEBHOOK_MAX_BACKOFF_MS = '1000';
    process.env.TAXGRAPH_WEBHOOK_TIMEOUT_MS = '2000';
    process.env.TAXGRAPH_AS_OF = AS_OF;
    coop = await startSubgraph(cooperation, { port: 0, url });
  });

  afterAll(async () => {
    await coop?.stop();
    await db?.destroy();
    hook?.server.close();
    process.env = saved;
  });

  it("files a case for each finding of a completed run, owned and told per kind, with the run's event", async () => {
    await run([F.abnormal, F.unregistered, F.uct, F.payment]);
    const page = await casesOf({});
    expect(page.totalCount).toBe(4);
    const byId = Object.fromEntries(page.edges.map((e: any) => [e.node.findingId, e.node]));
    const filedBy = [
      { actor: 'reconciliation run 1', office: null, from: null, to: 'OPEN', note: `Filed by reconciliation run 1 (data as of ${AS_OF}).` },
    ];
    expect(byId[F.abnormal.key]).toEqual({
      findingId: F.abnormal.key,
      kind: 'ABNORMAL_OVERDUE',
      status: 'OPEN',
      ownerOffice: NATIONAL,
      notifyOffices: [LOCAL],
      dueOn: '2015-06-10',
      overdue: true,
      filed: true,
      history: filedBy,
      finding: { id: F.abnormal.key },
    });
    expect(byId[F.unregistered.key]).toMatchObject({
      ownerOffice: LOCAL,
      notifyOffices: [NATIONAL, DIVISION],
      dueOn: '2015-12-01',
      overdue: true,
    });
    expect(byId[F.uct.key]).toMatchObject({ ownerOffice: LOCAL, notifyOffices: [NATIONAL], dueOn: null, overdue: false });
    expect(byId[F.payment.key]).toMatchObject({ ownerOffice: LOCAL, notifyOffices: [], dueOn: null });
    // The finding itself shows its case.
    expect(await caseOf(F.uct.key)).toMatchObject({ findingId: F.uct.key, status: 'OPEN', ownerOffice: LOCAL, filed: true });
    // One notification per office concerned: 2 + 3 + 2 + 1.
    expect(await sqlRows(url, 'SELECT count(*)::int AS n FROM case_outbox')).toEqual([{ n: 8 }]);
  });

  it('filters by office, status, kinds and overdue, in pages with keyset cursors', async () => {
    expect((await casesOf({ office: LOCAL })).totalCount).toBe(3);
    expect((await casesOf({ office: NATIONAL, status: 'OPEN' })).edges.map((e: any) => e.node.findingId)).toEqual([F.abnormal.key]);
    expect((await casesOf({ kinds: ['UCT_BASE_MISMATCH', 'DEDUCTED_NOT_IN_TREASURY'] })).totalCount).toBe(2);
    expect((await casesOf({ overdue: true })).edges.map((e: any) => e.node.findingId).sort()).toEqual(
      [F.abnormal.key, F.unregistered.key].sort(),
    );
    expect((await casesOf({ overdue: false })).totalCount).toBe(2);
    const first = await casesOf({}, 3);
    const rest = await casesOf({}, 3, first.pageInfo.endCursor);
    expect([first.pageInfo.hasNextPage, rest.pageInfo.hasNextPage]).toEqual([true, false]);
    const ids = [...first.edges, ...rest.edges].map((e: any) => e.node.findingId);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(4);
  });

  it('lets only an officer of the owner office change a case, with a note, along the allowed changes', async () => {
    const ack = await update(officer(NATIONAL, 'officer-zhang'), F.abnormal.key, 'ACKNOWLEDGED', '  Visiting the premises.  ');
    expect(ack.errors).toBeUndefined();
    expect(ack.data.updateFindingCase).toMatchObject({ status: 'ACKNOWLEDGED', ownerOffice: NATIONAL });
    expect(ack.data.updateFindingCase.history.slice(1)).toEqual([
      { actor: 'officer-zhang', office: NATIONAL, from: 'OPEN', to: 'ACKNOWLEDGED', note: 'Visiting the premises.' },
    ]);

    const refused = [
      await update(officer(LOCAL), F.abnormal.key, 'RESOLVED', 'Not ours.'),
      await update(APP, F.abnormal.key, 'RESOLVED', 'An app.'),
      await update(ANALYST, F.abnormal.key, 'RESOLVED', 'An analyst.'),
    ];
    expect(refused.map(codes)).toEqual([['FORBIDDEN'], ['FORBIDDEN'], ['FORBIDDEN']]);
    expect(refused.map((r) => r.data)).toEqual([null, null, null]);

    expect(codes(await update(officer(NATIONAL), 'NO_SUCH|national-tax:X|', 'RESOLVED', 'Unknown.'))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await update(officer(NATIONAL), F.abnormal.key, 'RESOLVED', '   '))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await update(officer(NATIONAL), F.abnormal.key, 'RESOLVED', 'x'.repeat(2001)))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await update(officer(NATIONAL), F.abnormal.key, 'OPEN', 'Back to open?'))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await update(officer(NATIONAL), F.abnormal.key, 'ACKNOWLEDGED', 'Again.'))).toEqual(['BAD_USER_INPUT']);

    const resolved = await update(officer(NATIONAL, 'officer-zhang'), F.abnormal.key, 'RESOLVED', 'Registration voided on 2016-01-20.');
    expect(resolved.errors).toBeUndefined();
    expect(resolved.data.updateFindingCase.history.map((h: any) => [h.actor, h.from, h.to])).toEqual([
      ['reconciliation run 1', null, 'OPEN'],
      ['officer-zhang', 'OPEN', 'ACKNOWLEDGED'],
      ['officer-zhang', 'ACKNOWLEDGED', 'RESOLVED'],
    ]);
    // The local office acknowledges its unregistered business.
    expect((await update(officer(LOCAL), F.unregistered.key, 'ACKNOWLEDGED', 'Letter sent.')).errors).toBeUndefined();
    // Refusals wrote nothing: 4 filed + 3 changes.
    expect(await sqlRows(url, 'SELECT count(*)::int AS n FROM case_event')).toEqual([{ n: 7 }]);
  });

  it('a second run keeps what persists, resolves what vanished, leaves an officer-closed case as it was; a third reopens what came back', async () => {
    // Run 2: the payment's finding is gone, the abnormal household persists (resolved by its officer), a new finding appears.
    const second = await run([F.abnormal, F.unregistered, F.uct, F.later]);
    const after2 = Object.fromEntries((await casesOf({})).edges.map((e: any) => [e.node.findingId, e.node]));
    expect(Object.keys(after2).length).toBe(5);
    expect(after2[F.payment.key].status).toBe('RESOLVED');
    expect(after2[F.payment.key].history.at(-1)).toEqual({
      actor: `reconciliation run ${second}`,
      office: null,
      from: 'OPEN',
      to: 'RESOLVED',
      note: `Not found by reconciliation run ${second} (data as of ${AS_OF}): resolved by the run.`,
    });
    expect(after2[F.payment.key].finding).toBeNull();
    expect(after2[F.abnormal.key].status).toBe('RESOLVED');
    expect(after2[F.abnormal.key].history).toHaveLength(3);
    expect([after2[F.unregistered.key].status, after2[F.unregistered.key].history.length]).toEqual(['ACKNOWLEDGED', 2]);
    expect([after2[F.uct.key].status, after2[F.uct.key].history.length]).toEqual(['OPEN', 1]);
    expect(after2[F.later.key]).toMatchObject({ status: 'OPEN', ownerOffice: OTHER_NATIONAL });

    // Run 3: the payment's finding is back (reopened); the acknowledged unregistered business is gone (resolved by the run).
    const third = await run([F.abnormal, F.uct, F.later, F.payment]);
    const after3 = Object.fromEntries((await casesOf({})).edges.map((e: any) => [e.node.findingId, e.node]));
    expect(after3[F.payment.key].status).toBe('OPEN');
    expect(after3[F.payment.key].history.map((h: any) => [h.actor, h.from, h.to])).toEqual([
      ['reconciliation run 1', null, 'OPEN'],
      [`reconciliation run ${second}`, 'OPEN', 'RESOLVED'],
      [`reconciliation run ${third}`, 'RESOLVED', 'OPEN'],
    ]);
    expect(after3[F.unregistered.key].history.at(-1)).toMatchObject({
      actor: `reconciliation run ${third}`,
      from: 'ACKNOWLEDGED',
      to: 'RESOLVED',
    });
    expect(after3[F.abnormal.key].status).toBe('RESOLVED');
    expect(after3[F.uct.key].history).toHaveLength(1);
    // An officer reopens a case closed by its office, and may close it again.
    expect((await update(officer(NATIONAL), F.abnormal.key, 'OPEN', 'Still abnormal in the data; reopening.')).errors).toBeUndefined();
  });

  it('files on its first change a finding of the latest run that has no case (its run completed before cases existed)', async () => {
    const [{ id }] = await sqlRows<{ id: string }>(url, `SELECT max(id)::text AS id FROM reconciliation_run WHERE status = 'completed'`);
    const key = 'NO_ADMINISTRATOR|local-tax:L6|';
    await sqlRows(
      url,
      `INSERT INTO finding (run_id, key, kind, subject, record_source, record_id, sources, detail, evidence, division, tax_office_codes)
       VALUES ($1, $2, 'NO_ADMINISTRATOR', 'local-tax:L6', 'local-tax', 'L6', '{local-tax}', 'No administrator.', '[]', $3, $4)`,
      [id, key, DIVISION, [LOCAL]],
    );
    expect((await caseOf(key))?.filed).toBe(false);
    const res = await update(officer(LOCAL), key, 'ACKNOWLEDGED', 'Administrator assigned.');
    expect(res.errors).toBeUndefined();
    expect(res.data.updateFindingCase.history.map((h: any) => [h.actor, h.from, h.to])).toEqual([
      [`reconciliation run ${id}`, null, 'OPEN'],
      [`officer-${LOCAL}`, 'OPEN', 'ACKNOWLEDGED'],
    ]);
    // Both events are told to the owner and to national tax of the area.
    expect(
      await sqlRows(
        url,
        'SELECT o.office, count(*)::int AS n FROM case_outbox o JOIN case_event e ON e.id = o.event_id WHERE e.finding_id = $1 GROUP BY 1 ORDER BY 1',
        [key],
      ),
    ).toEqual([
      { office: NATIONAL, n: 2 },
      { office: LOCAL, n: 2 },
    ]);
  });

  it('delivers every notification, signed, at least once, through a receiver that refused at first; an office without a URL waits, counted', async () => {
    const routable = async () =>
      (await sqlRows<{ id: string }>(url, `SELECT id::text FROM case_outbox WHERE office <> $1 ORDER BY id`, [DIVISION])).map((r) => r.id);
    const pending = async () =>
      (
        await sqlRows<{ n: number }>(url, 'SELECT count(*)::int AS n FROM case_outbox WHERE delivered_at IS NULL AND office <> $1', [
          DIVISION,
        ])
      )[0].n;
    for (let waited = 0; (await pending()) > 0; waited += 200) {
      if (waited > 60_000) throw new Error(`notifications still pending after 60 s: ${await pending()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const ids = await routable();
    expect(ids.length).toBeGreaterThan(12);
    const acked = hook.received.filter((r) => r.status === 200);
    expect(hook.received.filter((r) => r.status === 503)).toHaveLength(12);
    expect([...new Set(acked.map((r) => r.delivery))].sort()).toEqual([...ids].sort());
    for (const r of hook.received) expect(r.signature).toBe(signBody(SECRET, r.body));
    // Each body says what happened, to whom; the delivery's event id is the body's.
    const outbox = await sqlRows<{ id: string; event_id: string; office: string; attempts: number }>(
      url,
      'SELECT id::text, event_id::text, office, attempts FROM case_outbox WHERE office <> $1',
      [DIVISION],
    );
    const byDelivery = new Map(acked.map((r) => [r.delivery, r]));
    for (const row of outbox) {
      const got = byDelivery.get(row.id)!;
      const body = JSON.parse(got.body);
      expect([got.event, body.eventId, body.recipient]).toEqual([row.event_id, row.event_id, row.office]);
    }
    expect(outbox.some((r) => r.attempts > 1)).toBe(true);
    const resolved = acked.map((r) => JSON.parse(r.body)).find((b) => b.findingId === F.abnormal.key && b.status === 'RESOLVED');
    expect(resolved).toMatchObject({
      type: 'taxgraph.case.event',
      kind: 'ABNORMAL_OVERDUE',
      from: 'ACKNOWLEDGED',
      actor: 'officer-zhang',
      office: NATIONAL,
    });

    // The registry authority has no URL: its notifications wait, and /metrics counts them.
    const waiting = (
      await sqlRows<{ n: number }>(url, 'SELECT count(*)::int AS n FROM case_outbox WHERE office = $1 AND delivered_at IS NULL', [DIVISION])
    )[0].n;
    expect(waiting).toBeGreaterThan(0);
    const metrics = await (await fetch(coop.url.replace(/\/graphql$/, '/metrics'))).text();
    expect(metrics).toMatch(new RegExp(`taxgraph_case_notifications_pending\\{routable="false"\\} ${waiting}\\b`));
    expect(metrics).toMatch(/taxgraph_case_notifications_pending\{routable="true"\} 0\b/);
    expect(metrics).toMatch(new RegExp(`taxgraph_case_notifications_delivered_total ${acked.length}\\b`));
    expect(metrics).toMatch(/taxgraph_case_notification_failures_total 12\b/);
  });
});
