/**
 * Cases end to end (issue 13, API.md "Cases"): the source subgraphs, audit, cooperation and the
 * gateway as processes over 2,000 seeded taxpayers; a reconciliation run files a case for every
 * finding; through the gateway an officer of a case's owner office acknowledges then resolves it,
 * and everyone else is refused; the audit chain verifies and holds each change with its note; a
 * webhook receiver that is down at first gets every notification once it is up, each signature
 * verified; a second run keeps the open cases and resolves the one whose finding vanished.
 */
import { createHmac } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { freePort } from '../../dev/ports';
import { reconcile, RunSummary } from '../../subgraphs/cooperation/reconcile/runner';
import { AUDIT_SUBGRAPH, LEGACY_SOURCES } from '../../shared/sources';
import { Proc, requireBuild, Stack } from '../support/processes';
import { graphql, GraphQLResponse, Seeded, seededSources, sqlRows, tokenFor } from '../support/seeded';
import { runAuditVerify } from '../support/audit-verify';

/** The webhooks' shared secret (TAXGRAPH_WEBHOOK_SECRET: 32 characters at least). */
const SECRET = 'cases-e2e-webhook-secret-0123456789abcdef';

/** Seeding, two reconciliation runs and the deliveries: minutes on this shared machine (see cooperation.test.ts). */
jest.setTimeout(300_000);

interface CaseEvent {
  actor: string;
  office: string | null;
  from: string | null;
  to: string;
  note: string;
}
interface FindingCase {
  findingId: string;
  status: string;
  ownerOffice: string;
  notifyOffices: string[];
  dueOn: string | null;
  history: CaseEvent[];
}
interface Notification {
  eventId: string;
  recipient: string;
  findingId: string;
  from: string | null;
  status: string;
  actor: string;
  note: string;
}

const CASE_FIELDS = 'findingId status ownerOffice notifyOffices dueOn history { actor office from to note }';

const CHANGE = `mutation Change($findingId: ID!, $status: CaseStatus!, $note: String!) {
  updateFindingCase(findingId: $findingId, status: $status, note: $note) { ${CASE_FIELDS} }
}`;

/**
 * An office's webhook receiver, a real node:http server on a port chosen in advance: down (nothing
 * listens, connections refused) until `up()`. It answers 200 to every POST and keeps what came.
 */
class Receiver {
  readonly received: { body: string; signature: string | undefined; eventHeader: string | undefined }[] = [];
  private server?: Server;
  constructor(readonly port: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/taxgraph-cases`;
  }

  async up(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const header = (name: string) => {
          const v = req.headers[name];
          return Array.isArray(v) ? v[0] : v;
        };
        this.received.push({
          body: Buffer.concat(chunks).toString('utf8'),
          signature: header('x-taxgraph-signature'),
          eventHeader: header('x-taxgraph-event-id'),
        });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => this.server!.listen(this.port, '127.0.0.1', () => r()));
  }

  /** Every notification received, each checked against its signature first; duplicates (at least once) kept. */
  verified(): Notification[] {
    return this.received.map((r) => {
      expect(r.signature).toBe(createHmac('sha256', SECRET).update(r.body).digest('hex'));
      return JSON.parse(r.body) as Notification;
    });
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => (this.server ? this.server.close(r) : r(undefined)));
  }
}

/**
 * Polls until `done()` holds (the dispatcher delivers in the background), for at most `patienceMs`:
 * a bound, so a delivery that never comes fails with its name instead of a hung test.
 */
async function until(what: string, done: () => Promise<boolean>, patienceMs = 150_000): Promise<void> {
  const deadline = Date.now() + patienceMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`still waiting, after ${patienceMs / 1000} s, for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('cases through the gateway at 2,000 taxpayers', () => {
  let seeded: Seeded;
  let stack: Stack;
  let gateway: Proc;
  let receiver: Receiver;
  let analyst: Record<string, string>;
  let app: Record<string, string>;
  let firstRun: RunSummary;
  /** Every case after the first run, by finding id. */
  let afterFirst: Map<string, FindingCase>;
  /** The case the officer works on. */
  let worked: FindingCase;
  const saved: Record<string, string | undefined> = {};

  const setEnv = (vars: Record<string, string>) => {
    for (const [k, v] of Object.entries(vars)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
  };

  const officer = async (office: string, subject = `officer-of-${office}`) => ({
    authorization: `Bearer ${await tokenFor({ role: 'officer', office, subject })}`,
  });

  const runReconcile = () =>
    reconcile({
      gatewayUrl: gateway.url,
      token: analyst.authorization.slice(7),
      purpose: 'cases test',
      databaseUrl: seeded.urls.federation,
      pageSize: 250,
    });

  /** Every case, paged through the gateway as an app. */
  async function allCases(): Promise<Map<string, FindingCase>> {
    const out = new Map<string, FindingCase>();
    let after: string | null = null;
    for (;;) {
      const res: GraphQLResponse<{
        cases: { edges: { node: FindingCase }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
      }> = await graphql(
        gateway.url,
        `query Cases($after: String) { cases(first: 200, after: $after) { edges { node { ${CASE_FIELDS} } } pageInfo { hasNextPage endCursor } } }`,
        { after },
        app,
      );
      expect(res.errors).toBeUndefined();
      for (const { node } of res.data!.cases.edges) out.set(node.findingId, node);
      if (!res.data!.cases.pageInfo.hasNextPage) return out;
      after = res.data!.cases.pageInfo.endCursor;
    }
  }

  const change = (headers: Record<string, string>, findingId: string, status: string, note: string) =>
    graphql<{ updateFindingCase: FindingCase }>(gateway.url, CHANGE, { findingId, status, note }, headers);

  beforeAll(async () => {
    requireBuild();
    seeded = await seededSources('cases2k', 2000);
    receiver = new Receiver(await freePort());
    // Cooperation inherits these; the receiver's port is free, so it is down until up() is called.
    setEnv({
      TAXGRAPH_AS_OF: seeded.manifest.asOf,
      TAXGRAPH_OFFICE_WEBHOOKS: JSON.stringify({ '*': receiver.url }),
      TAXGRAPH_WEBHOOK_SECRET: SECRET,
      TAXGRAPH_WEBHOOK_POLL_MS: '200',
      TAXGRAPH_WEBHOOK_MAX_BACKOFF_MS: '2000',
    });
    stack = new Stack(seeded.urls);
    await Promise.all([...LEGACY_SOURCES, AUDIT_SUBGRAPH.name].map((s) => stack.startSubgraph(s)));
    await stack.startSubgraph('cooperation');
    gateway = await stack.startGateway({
      RATE_LIMIT_ANALYST_PER_MINUTE: '10000000',
      RATE_LIMIT_APP_PER_MINUTE: '10000000',
      RATE_LIMIT_OFFICER_PER_MINUTE: '10000000',
      SUBGRAPH_TIMEOUT_MS: '60000',
    });
    analyst = { authorization: `Bearer ${await tokenFor({ role: 'analyst' })}`, 'x-purpose': 'cases test' };
    app = { authorization: `Bearer ${await tokenFor({ role: 'app' })}` };
    firstRun = await runReconcile();
    expect(firstRun.status).toBe('completed');
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver?.stop();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  test('a run files an OPEN case for every finding it stored, its history naming the run', async () => {
    const res = await graphql<{ findings: { totalCount: number; edges: { node: { id: string; case: FindingCase } }[] } }>(
      gateway.url,
      `query Findings { findings(first: 3) { totalCount edges { node { id case { ${CASE_FIELDS} } } } } }`,
      {},
      app,
    );
    expect(res.errors).toBeUndefined();
    afterFirst = await allCases();
    expect(afterFirst.size).toBe(res.data!.findings.totalCount);
    expect(afterFirst.size).toBe(firstRun.findings);
    for (const { node } of res.data!.findings.edges) expect(afterFirst.get(node.id)).toEqual(node.case);
    for (const c of afterFirst.values()) {
      expect(c.status).toBe('OPEN');
      expect(c.history).toEqual([expect.objectContaining({ actor: `reconciliation run ${firstRun.runId}`, from: null, to: 'OPEN' })]);
      expect(c.ownerOffice).toMatch(/^(\d{11}|UNASSIGNED)$/);
    }
  });

  test('an officer of the owner office acknowledges, then resolves its case: history oldest first, actor the subject, notes kept', async () => {
    worked = [...afterFirst.values()].find((c) => /^\d{11}$/.test(c.ownerOffice) && !c.findingId.startsWith('ABNORMAL'))!;
    expect(worked).toBeDefined();
    const mine = await officer(worked.ownerOffice, 'officer-wang');
    const acknowledged = await change(mine, worked.findingId, 'ACKNOWLEDGED', 'Taken up by the district team; visit on Monday.');
    expect(acknowledged.errors).toBeUndefined();
    const resolved = await change(mine, worked.findingId, 'RESOLVED', 'Visited: the return was filed late and is now on record.');
    expect(resolved.errors).toBeUndefined();
    const history = [
      worked.history[0],
      {
        actor: 'officer-wang',
        office: worked.ownerOffice,
        from: 'OPEN',
        to: 'ACKNOWLEDGED',
        note: 'Taken up by the district team; visit on Monday.',
      },
      {
        actor: 'officer-wang',
        office: worked.ownerOffice,
        from: 'ACKNOWLEDGED',
        to: 'RESOLVED',
        note: 'Visited: the return was filed late and is now on record.',
      },
    ];
    expect(resolved.data!.updateFindingCase).toEqual({ ...worked, status: 'RESOLVED', history });
    // Read back by anyone who may read it.
    expect((await allCases()).get(worked.findingId)).toEqual({ ...worked, status: 'RESOLVED', history });
  });

  test('another office, an analyst, an app and a bank are refused, and the case stays as it was', async () => {
    const other = [...afterFirst.values()].find((c) => /^\d{11}$/.test(c.ownerOffice) && c.ownerOffice !== worked.ownerOffice)!;
    const refusals: [string, Record<string, string>, string][] = [
      ['another office', await officer(other.ownerOffice), 'FORBIDDEN'],
      ['an analyst', analyst, 'FORBIDDEN'],
      ['an app', app, 'FORBIDDEN'],
      ['a bank', { authorization: `Bearer ${await tokenFor({ role: 'bank', bank: '102100099996' })}` }, 'PERSISTED_QUERY_REQUIRED'],
    ];
    for (const [who, headers, code] of refusals) {
      const res = await change(headers, worked.findingId, 'OPEN', `Reopened by ${who}`);
      expect({ who, codes: res.errors?.map((e) => e.extensions?.code), data: res.data ?? null }).toEqual({
        who,
        codes: [code],
        data: null,
      });
      // The gateway turns a bank away itself, before any subgraph.
      if (code === 'PERSISTED_QUERY_REQUIRED') expect(res.status).toBe(403);
    }
    expect((await allCases()).get(worked.findingId)!.history).toHaveLength(3);
  });

  test('the gateway opens the one write only: a bare mutation answers, GET and subscriptions are refused with a code', async () => {
    const bare = await graphql(gateway.url, 'mutation Bare { __typename }', {}, app);
    expect(bare).toEqual({ status: 200, data: { __typename: 'Mutation' } });
    const sub = await graphql(gateway.url, 'subscription S { __typename }', {}, app);
    expect(sub.errors?.map((e) => e.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    // A mutation over GET (a link, an image tag) never runs: Apollo Server refuses it.
    const query = encodeURIComponent(
      `mutation { updateFindingCase(findingId: "${worked.findingId}", status: OPEN, note: "via GET") { status } }`,
    );
    const get = await fetch(`${gateway.url}?query=${query}`, {
      headers: { ...(await officer(worked.ownerOffice)), 'apollo-require-preflight': 'true' },
    });
    expect(get.status).toBe(405);
    expect(((await get.json()) as { errors: { extensions: { code: string } }[] }).errors.map((e) => e.extensions.code)).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect((await allCases()).get(worked.findingId)!.status).toBe('RESOLVED');
  });

  test('an unknown finding and an empty or blank note are bad input', async () => {
    const mine = await officer(worked.ownerOffice, 'officer-wang');
    const open = [...afterFirst.values()].find((c) => c.ownerOffice === worked.ownerOffice && c.findingId !== worked.findingId);
    const target = open?.findingId ?? worked.findingId;
    for (const [findingId, note] of [
      ['NO_SUCH_KIND|national-tax:1|none', 'a note'],
      [target, ''],
      [target, '   '],
    ]) {
      const res = await change(mine, findingId, 'ACKNOWLEDGED', note);
      expect({ findingId, note, codes: res.errors?.map((e) => e.extensions?.code) }).toEqual({
        findingId,
        note,
        codes: ['BAD_USER_INPUT'],
      });
    }
  });

  test('the audit chain verifies and holds each change with its note, and each refusal as refused', async () => {
    const rows = await sqlRows<{ subject: string; role: string; outcome: string; error_codes: string[]; changes: unknown }>(
      seeded.urls.federation,
      'SELECT subject, role, outcome, error_codes, changes FROM audit_log WHERE changes IS NOT NULL ORDER BY seq',
    );
    const write = (findingId: string, status: string, note: string, applied: boolean) => [
      { mutation: 'updateFindingCase', arguments: { findingId, status, note }, applied },
    ];
    const id = worked.findingId;
    expect(rows.slice(0, 6)).toEqual([
      {
        subject: 'officer-wang',
        role: 'officer',
        outcome: 'ok',
        error_codes: [],
        changes: write(id, 'ACKNOWLEDGED', 'Taken up by the district team; visit on Monday.', true),
      },
      {
        subject: 'officer-wang',
        role: 'officer',
        outcome: 'ok',
        error_codes: [],
        changes: write(id, 'RESOLVED', 'Visited: the return was filed late and is now on record.', true),
      },
      expect.objectContaining({
        role: 'officer',
        outcome: 'refused',
        error_codes: ['FORBIDDEN'],
        changes: write(id, 'OPEN', 'Reopened by another office', false),
      }),
      expect.objectContaining({
        role: 'analyst',
        outcome: 'refused',
        error_codes: ['FORBIDDEN'],
        changes: write(id, 'OPEN', 'Reopened by an analyst', false),
      }),
      expect.objectContaining({
        role: 'app',
        outcome: 'refused',
        error_codes: ['FORBIDDEN'],
        changes: write(id, 'OPEN', 'Reopened by an app', false),
      }),
      expect.objectContaining({
        role: 'bank',
        outcome: 'refused',
        error_codes: ['PERSISTED_QUERY_REQUIRED'],
        changes: write(id, 'OPEN', 'Reopened by a bank', false),
      }),
    ]);
    // Then the mutation sent over GET (refused before it ran), and the three of bad input.
    expect(
      rows.slice(6).map((r) => [r.outcome, r.error_codes, (r.changes as { arguments: { note: string } }[])[0].arguments.note]),
    ).toEqual([
      ['error', ['BAD_USER_INPUT'], 'via GET'],
      ['error', ['BAD_USER_INPUT'], 'a note'],
      ['error', ['BAD_USER_INPUT'], ''],
      ['error', ['BAD_USER_INPUT'], '   '],
    ]);
    // npm run audit:verify, as an operator runs it.
    const { code, out } = await runAuditVerify(seeded.urls.federation, ['--database', seeded.urls.federation]);
    expect({ code, output: out }).toEqual({
      code: 0,
      output: expect.stringMatching(/^audit trail OK: \d+ records, chain intact/),
    });
  });

  test('a receiver down at first gets every notification once it is up, each signature verified', async () => {
    const pending = async () =>
      Number(
        (await sqlRows<{ n: string }>(seeded.urls.federation, 'SELECT count(*) AS n FROM case_outbox WHERE delivered_at IS NULL'))[0].n,
      );
    // Nothing can have been delivered while nothing listened.
    expect(receiver.received).toEqual([]);
    expect(await pending()).toBeGreaterThan(0);
    await receiver.up();
    await until('every notification delivered', async () => (await pending()) === 0);
    const outbox = await sqlRows<{ event_id: string; office: string }>(seeded.urls.federation, 'SELECT event_id, office FROM case_outbox');
    const got = receiver.verified();
    expect(new Set(got.map((n) => `${n.eventId}|${n.recipient}`))).toEqual(new Set(outbox.map((o) => `${o.event_id}|${o.office}`)));
    // Every office concerned was told of the officer's changes, with the notes.
    const offices = [...new Set([worked.ownerOffice, ...worked.notifyOffices])].sort();
    for (const [status, note] of [
      ['ACKNOWLEDGED', 'Taken up by the district team; visit on Monday.'],
      ['RESOLVED', 'Visited: the return was filed late and is now on record.'],
    ]) {
      const told = got.filter((n) => n.findingId === worked.findingId && n.status === status);
      expect([...new Set(told.map((n) => n.recipient))].sort()).toEqual(offices);
      for (const n of told) expect(n).toMatchObject({ actor: 'officer-wang', note });
    }
  });

  test('a second run keeps the open cases and resolves, naming itself, the case whose finding vanished', async () => {
    // The test edits its own seeded legacy database (its fixture), never a subgraph: an abnormal
    // taxpayer of national tax is given back a normal status, so its ABNORMAL finding is gone.
    const target = [...afterFirst.values()].find((c) => c.findingId.startsWith('ABNORMAL|national-tax:') && c.status === 'OPEN')!;
    expect(target).toBeDefined();
    const record = target.findingId.split('|')[1].slice('national-tax:'.length);
    const updated = await sqlRows(seeded.urls['national-tax'], "UPDATE dj_nsrxx SET nsrzt_dm = '03' WHERE djxh = $1 RETURNING djxh", [
      record,
    ]);
    expect(updated).toHaveLength(1);

    const before = await allCases();
    const secondRun = await runReconcile();
    expect(secondRun.status).toBe('completed');
    const after = await allCases();
    const stored = new Set(
      (await sqlRows<{ key: string }>(seeded.urls.federation, 'SELECT key FROM finding WHERE run_id = $1', [secondRun.runId])).map(
        (r) => r.key,
      ),
    );
    const vanished = [...before.keys()].filter((id) => !stored.has(id));
    // The record's abnormal findings (ABNORMAL, and ABNORMAL_OVERDUE when it was overdue), nothing else.
    expect(vanished).toContain(target.findingId);
    for (const id of vanished) expect(id).toMatch(new RegExp(`^ABNORMAL(_OVERDUE)?\\|national-tax:${record}\\|`));
    expect(after.size).toBe(before.size);
    for (const [id, c] of before) {
      if (vanished.includes(id)) {
        expect(after.get(id)).toEqual({
          ...c,
          status: 'RESOLVED',
          history: [
            ...c.history,
            expect.objectContaining({ actor: `reconciliation run ${secondRun.runId}`, from: 'OPEN', to: 'RESOLVED' }),
          ],
        });
      } else expect(after.get(id)).toEqual(c);
    }
    // And the offices concerned are told of it.
    await until('the notification of the run-resolved case', async () =>
      receiver.verified().some((n) => n.findingId === target.findingId && n.status === 'RESOLVED'),
    );
  });
});
