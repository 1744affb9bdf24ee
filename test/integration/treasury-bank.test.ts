/**
 * The treasury-bank subgraph (TIPS, 财税库银横向联网) over a seeded legacy database: every payment
 * with the status its tables give, the planted cases of the manifest, the identity variants, no
 * legacy dirt, batching (statement counts), bad input, read-only sessions and an unreachable source.
 */
import { isValidUscc } from '../../shared/identifiers';
import { startSubgraph, RunningSubgraph } from '../../subgraphs/kit/subgraph';
import { usccFor } from '../../subgraphs/kit/taxpayer-key';
import { treasuryBank } from '../../subgraphs/treasury-bank/server';
import { countQueries, graphql, Seeded, seededSources, stringLeaves, sqlRows } from '../support/seeded';

const SOURCE = 'treasury-bank';

const STATUSES = ['AWAITING_DEDUCTION', 'DEDUCTED', 'FAILED', 'IN_TREASURY', 'REFUNDED'];
const ENUMS: Record<string, (string | null)[]> = {
  status: STATUSES,
  bureau: ['NATIONAL_TAX', 'LOCAL_TAX', null],
  budgetLevel: ['CENTRAL', 'PROVINCIAL', 'MUNICIPAL', 'COUNTY', null],
  payMode: ['REAL_TIME', 'BATCH', 'COUNTER', 'SELF_PAYMENT', null],
};
const HISTORY: Record<string, string[]> = {
  AWAITING_DEDUCTION: ['AWAITING_DEDUCTION'],
  FAILED: ['AWAITING_DEDUCTION', 'FAILED'],
  DEDUCTED: ['AWAITING_DEDUCTION', 'DEDUCTED'],
  IN_TREASURY: ['AWAITING_DEDUCTION', 'DEDUCTED', 'IN_TREASURY'],
  REFUNDED: ['AWAITING_DEDUCTION', 'DEDUCTED', 'IN_TREASURY', 'REFUNDED'],
};
const MONEY = /^-?\d+\.\d{2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;
const FULL_WIDTH_ASCII = /[\uFF01-\uFF5E\u3000]/;

const PAYMENT_FIELDS = `
  taxOfficeCode voucherNo status statusLabel resultCode failureReason statusHistory { status statusLabel at }
  amount taxType taxTypeLabel taxOfficeName bureau bureauLabel payerTin payerName bankCode bankName payerAccount
  treasuryCode treasuryName budgetSubjectCode budgetLevel budgetLevelLabel periodFrom periodTo payMode payModeLabel
  entrustNumber entrustedOn deductedAt inTreasuryAt refunds { refundNo amount refundedAt } refundedAmount taxpayer { uscc }`;

/** A TaxPayment row as the legacy tables hold it, with the facts its status derives from. */
interface Raw {
  office: string;
  voucher: string;
  date: string;
  tra: string;
  tin: string;
  bank: string;
  result: string | null;
  addword: string | null;
  ddate: string | null;
  dtime: string | null;
  taxtype: string;
  amount: string;
  in_treasury: boolean;
  /** Any refund refers to the voucher. */
  refunded: boolean;
  /** The refunds come to the whole amount: only then is it REFUNDED (a partial refund leaves it IN_TREASURY). */
  refunded_whole: boolean;
}

interface Node {
  taxOfficeCode: string;
  voucherNo: string;
  status: string;
  [field: string]: any;
}

const keyOf = (office: string, voucher: string) => `${office.trim()}|${voucher.trim()}`;
const rawKey = (r: Raw) => keyOf(r.office, r.voucher);
const nodeKey = (n: Node) => keyOf(n.taxOfficeCode, n.voucherNo);

function expectedStatus(r: Raw): string {
  const result = (r.result ?? '').trim();
  if (!result) return 'AWAITING_DEDUCTION';
  if (result !== '90000') return 'FAILED';
  if (!r.in_treasury) return 'DEDUCTED';
  return r.refunded_whole ? 'REFUNDED' : 'IN_TREASURY';
}

/** Newest first, as the subgraph promises: entrustment date, tax office, transaction number, all descending. */
function newestFirst(a: Raw, b: Raw): number {
  const ka = `${a.date}|${a.office}|${a.tra}`;
  const kb = `${b.date}|${b.office}|${b.tra}`;
  return ka < kb ? 1 : ka > kb ? -1 : 0;
}

describe('treasury-bank subgraph', () => {
  let seeded: Seeded;
  let running: RunningSubgraph;
  let raw: Raw[];
  let rawByKey: Map<string, Raw>;
  let all: Node[];

  const gql = (query: string, variables?: Record<string, unknown>) => graphql(running.url, query, variables);

  /** Every page of `payments(filter)` in order, 500 at a time. */
  async function pageAll(filter: Record<string, unknown> | null, fields = PAYMENT_FIELDS): Promise<Node[]> {
    const out: Node[] = [];
    let after: string | null = null;
    for (;;) {
      const res = await gql(
        `query($f: PaymentFilter, $after: String) { payments(filter: $f, first: 500, after: $after) { pageInfo { hasNextPage endCursor } edges { cursor node { ${fields} } } } }`,
        { f: filter, after },
      );
      expect(res.errors).toBeUndefined();
      const page = res.data!.payments;
      out.push(...page.edges.map((e: { node: Node }) => e.node));
      if (!page.pageInfo.hasNextPage) return out;
      after = page.pageInfo.endCursor;
    }
  }

  beforeAll(async () => {
    seeded = await seededSources('treasury_bank');
    running = await startSubgraph(treasuryBank, { port: 0, url: seeded.urls[SOURCE] });
    raw = await sqlRows<Raw>(
      seeded.urls[SOURCE],
      `SELECT p."TaxOrgCode" AS office, p."TaxVouNo" AS voucher, p."EntrustDate" AS date, p."TraNo" AS tra, p."TaxPayCode" AS tin,
              p."PayBkCode" AS bank, p."Result" AS result, p."AddWord" AS addword, p."DeductDate" AS ddate, p."DeductTime" AS dtime,
              p."TaxTypeCode" AS taxtype, p."TraAmt"::text AS amount, t."TraNo" IS NOT NULL AS in_treasury,
              EXISTS (SELECT 1 FROM "RefundInfo" r WHERE r."TaxOrgCode" = p."TaxOrgCode" AND r."OriTaxVouNo" = p."TaxVouNo") AS refunded,
              COALESCE((SELECT SUM(r."RefundAmt") FROM "RefundInfo" r WHERE r."TaxOrgCode" = p."TaxOrgCode" AND r."OriTaxVouNo" = p."TaxVouNo")
                >= p."TraAmt", false) AS refunded_whole
         FROM "TaxPayment" p LEFT JOIN "TreasuryEntry" t USING ("TaxOrgCode", "EntrustDate", "TraNo")`,
    );
    raw.sort(newestFirst);
    rawByKey = new Map(raw.map((r) => [rawKey(r), r]));
    all = await pageAll(null);
  }, 300000);

  afterAll(async () => {
    await running?.stop();
  });

  it('pages through every payment once, newest first, with the status its tables give', () => {
    expect(raw.length).toBeGreaterThan(1000);
    expect(all.map(nodeKey)).toEqual(raw.map(rawKey));
    // Collected, then compared once: thousands of payments, one readable diff.
    const wrong: unknown[] = [];
    const seen = new Set<string>();
    for (const node of all) {
      const r = rawByKey.get(nodeKey(node))!;
      const status = expectedStatus(r);
      const times = node.statusHistory.map((s: { at: string | null }) => s.at).filter((t: string | null): t is string => t !== null);
      const facts = {
        status: node.status,
        history: node.statusHistory.map((s: { status: string }) => s.status).join(','),
        inOrder: [...times].sort().join() === times.join(),
        deducted: node.deductedAt !== null,
        inTreasury: node.inTreasuryAt !== null,
        failureReason: node.failureReason !== null,
        refunds: node.refunds.length > 0,
        payerTin: node.payerTin,
        amount: node.amount,
      };
      const expected = {
        status,
        history: HISTORY[status].join(','),
        inOrder: true,
        deducted: ['DEDUCTED', 'IN_TREASURY', 'REFUNDED'].includes(status),
        inTreasury: ['IN_TREASURY', 'REFUNDED'].includes(status),
        failureReason: status === 'FAILED' && r.addword !== null,
        refunds: r.refunded,
        payerTin: r.tin.trim(),
        amount: r.amount,
      };
      if (JSON.stringify(facts) !== JSON.stringify(expected)) wrong.push({ key: nodeKey(node), facts, expected });
      seen.add(node.status);
    }
    expect(wrong).toEqual([]);
    expect([...seen].sort()).toEqual([...STATUSES].sort());
    // A partial refund is not a whole one (issue 13): the seed holds both, and only the whole one is REFUNDED.
    const money = (yuan: string) => Math.round(Number(yuan) * 100);
    const refunded = all.filter((n) => n.refunds.length > 0);
    const partial = refunded.filter((n) => money(n.refundedAmount) < money(n.amount));
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.map((n) => n.status)).toEqual(partial.map(() => 'IN_TREASURY'));
    expect(refunded.filter((n) => n.status === 'REFUNDED').every((n) => money(n.refundedAmount) >= money(n.amount))).toBe(true);
    expect(refunded.some((n) => n.status === 'REFUNDED')).toBe(true);
  });

  it('lets no legacy dirt through: trimmed half-width strings, two-place money, declared enums, ISO dates', () => {
    const leaves = stringLeaves(all);
    expect(leaves.length).toBeGreaterThan(all.length * 20);
    expect(leaves.filter(([, v]) => v !== v.trim() || FULL_WIDTH_ASCII.test(v))).toEqual([]);
    const bad: string[] = [];
    const check = (ok: boolean, what: string) => void (ok || bad.push(what));
    for (const node of all) {
      const k = nodeKey(node);
      check(MONEY.test(node.amount), `${k} amount ${node.amount}`);
      for (const refund of node.refunds) {
        check(MONEY.test(refund.amount), `${k} refund amount ${refund.amount}`);
        check(DATETIME.test(refund.refundedAt), `${k} refundedAt ${refund.refundedAt}`);
      }
      for (const [field, values] of Object.entries(ENUMS)) check(values.includes(node[field]), `${k} ${field} ${node[field]}`);
      for (const step of node.statusHistory) check(STATUSES.includes(step.status), `${k} history ${step.status}`);
      check(DATE.test(node.entrustedOn), `${k} entrustedOn ${node.entrustedOn}`);
      for (const f of ['periodFrom', 'periodTo']) check(node[f] === null || DATE.test(node[f]), `${k} ${f} ${node[f]}`);
      for (const f of ['deductedAt', 'inTreasuryAt']) check(node[f] === null || DATETIME.test(node[f]), `${k} ${f} ${node[f]}`);
      check(/^\d{11}$/.test(node.taxOfficeCode), `${k} taxOfficeCode`);
      check(/^\d{12}$/.test(node.bankCode), `${k} bankCode ${node.bankCode}`);
      check(/^\d{10}$/.test(node.treasuryCode), `${k} treasuryCode ${node.treasuryCode}`);
      check(/^\d{5}$/.test(node.taxType), `${k} taxType ${node.taxType}`);
    }
    expect(bad).toEqual([]);
  });

  it('turns codes into enums and Chinese labels, and CHAR dates and times into ISO', async () => {
    const vat = all.find((n) => n.taxType === '10101')!;
    expect(vat).toMatchObject({
      taxTypeLabel: '增值税',
      bureau: 'NATIONAL_TAX',
      bureauLabel: '国税',
      budgetLevel: 'CENTRAL',
      budgetLevelLabel: '中央',
    });
    expect(vat.taxOfficeName).toMatch(/国家税务局$/);
    const uct = all.find((n) => n.taxType === '10109')!;
    expect(uct).toMatchObject({ taxTypeLabel: '城市维护建设税', bureau: 'LOCAL_TAX', bureauLabel: '地税' });
    const failed = all.find((n) => n.status === 'FAILED')!;
    expect(failed).toMatchObject({ resultCode: '94051', failureReason: '账户余额不足', statusLabel: '扣款失败', deductedAt: null });
    for (const [mode, label] of [
      ['REAL_TIME', '实时扣税'],
      ['BATCH', '批量扣税'],
      ['COUNTER', '柜面缴税'],
    ]) {
      expect(all.find((n) => n.payMode === mode)?.payModeLabel).toBe(label);
    }
    const r = raw.find((x) => expectedStatus(x) === 'IN_TREASURY' && x.ddate)!;
    const node = all.find((n) => nodeKey(n) === rawKey(r))!;
    expect(node.deductedAt).toBe(
      `${r.ddate!.slice(0, 4)}-${r.ddate!.slice(4, 6)}-${r.ddate!.slice(6, 8)}T${r.dtime!.slice(0, 2)}:${r.dtime!.slice(2, 4)}:${r.dtime!.slice(4, 6)}+08:00`,
    );
    expect(node.entrustedOn).toBe(`${r.date.slice(0, 4)}-${r.date.slice(4, 6)}-${r.date.slice(6, 8)}`);

    const refunds = await sqlRows<{ office: string; voucher: string; no: string; amt: string; d: string; t: string }>(
      seeded.urls[SOURCE],
      'SELECT "TaxOrgCode" AS office, "OriTaxVouNo" AS voucher, "RefundNo" AS no, "RefundAmt"::text AS amt, "RefundDate" AS d, "RefundTime" AS t FROM "RefundInfo"',
    );
    expect(refunds.length).toBeGreaterThan(0);
    const whole = { REFUNDED: 0, IN_TREASURY: 0 };
    for (const refund of refunds) {
      const paid = all.find((n) => nodeKey(n) === keyOf(refund.office, refund.voucher))!;
      const at = `${refund.d.slice(0, 4)}-${refund.d.slice(4, 6)}-${refund.d.slice(6, 8)}T${refund.t.slice(0, 2)}:${refund.t.slice(2, 4)}:${refund.t.slice(4, 6)}+08:00`;
      expect(paid.refunds).toContainEqual({ refundNo: refund.no.trim(), amount: refund.amt, refundedAt: at });
      // The generator refunds one voucher once: the whole amount (REFUNDED), or a part (still IN_TREASURY, the part shown).
      expect(paid.refundedAmount).toBe(refund.amt);
      if (refund.amt === paid.amount) {
        expect(paid.status).toBe('REFUNDED');
        expect(paid.statusHistory[3]).toEqual({ status: 'REFUNDED', statusLabel: '已退库', at });
      } else {
        expect(paid.status).toBe('IN_TREASURY');
        expect(paid.statusHistory.map((h: { status: string }) => h.status)).not.toContain('REFUNDED');
      }
      whole[paid.status as keyof typeof whole]++;
    }
    expect(whole.REFUNDED).toBeGreaterThan(0);
    expect(whole.IN_TREASURY).toBeGreaterThan(0);
  });

  it('gives every planted DEDUCTED_NOT_IN_TREASURY payment the status DEDUCTED (through _entities, one statement)', async () => {
    const cases = seeded.manifest.cases.DEDUCTED_NOT_IN_TREASURY;
    expect(cases.length).toBeGreaterThan(10);
    const representations = cases.map((c) => ({ __typename: 'Payment', taxOfficeCode: c.taxOfficeCode, voucherNo: c.voucherNo }));
    const counter = countQueries(running.db);
    const res = await gql(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Payment { taxOfficeCode voucherNo status deductedAt inTreasuryAt amount bankCode } } }',
      { r: representations },
    );
    counter.stop();
    expect(res.errors).toBeUndefined();
    expect(counter.count).toBe(1);
    res.data!._entities.forEach((p: Node, i: number) => {
      const c = cases[i];
      expect({ key: nodeKey(p), status: p.status }).toEqual({ key: keyOf(c.taxOfficeCode!, c.voucherNo!), status: 'DEDUCTED' });
      expect(p.deductedAt).toMatch(DATETIME);
      expect(p.inTreasuryAt).toBeNull();
      expect(p.amount).toBe(c.detail!.amount);
      expect(p.bankCode).toBe(c.detail!.bankCode);
    });
  });

  it('gives the planted ORPHAN_PAYMENT payments no taxpayer any source knows', async () => {
    const cases = seeded.manifest.cases.ORPHAN_PAYMENT;
    expect(cases.length).toBeGreaterThan(0);
    const known = new Set<string>();
    for (const list of Object.values(seeded.manifest.identities)) for (const id of list) if (id.uscc) known.add(id.uscc.slice(8, 17));
    for (const c of cases) {
      const res = await gql(
        'query($o: String!, $v: String!) { payment(taxOfficeCode: $o, voucherNo: $v) { payerTin status taxpayer { uscc } } }',
        { o: c.taxOfficeCode, v: c.voucherNo },
      );
      expect(res.errors).toBeUndefined();
      const p = res.data!.payment;
      expect(p.payerTin).toBe(c.legacyId);
      if (p.taxpayer === null) continue;
      const org = (p.taxpayer.uscc as string).slice(8, 17);
      expect(known.has(org)).toBe(false);
      const [registry] = await sqlRows<{ n: string }>(
        seeded.urls['business-registry'],
        'SELECT count(*) AS n FROM e_baseinfo WHERE SUBSTR(uniscid, 9, 9) = $1',
        [org],
      );
      const [national] = await sqlRows<{ n: string }>(
        seeded.urls['national-tax'],
        'SELECT count(*) AS n FROM dj_nsrxx WHERE SUBSTR(TRIM(nsrsbh), 7, 9) = $1 OR SUBSTR(TRIM(nsrsbh), 9, 9) = $1',
        [org],
      );
      const [local] = await sqlRows<{ n: string }>(
        seeded.urls['local-tax'],
        'SELECT count(*) AS n FROM swdj WHERE SUBSTR(TRIM(swdjzh), 7, 9) = $1 OR SUBSTR(TRIM(swdjzh), 9, 9) = $1',
        [org],
      );
      expect({ org, registry: registry.n, national: national.n, local: local.n }).toEqual({
        org,
        registry: '0',
        national: '0',
        local: '0',
      });
    }
  });

  it("finds each identity variant's payments from its USCC: by the USCC itself or the organization code of its old TINs", async () => {
    const ids = seeded.manifest.identities;
    const kinds = [
      'ENTERPRISE',
      'TWO_TINS',
      'FROZEN_DIVISION',
      'TIN_IS_USCC',
      'PADDED_CODES',
      'DUPLICATE',
      'REGISTRY_WITHOUT_USCC',
    ] as const;
    const entries = kinds.flatMap((kind) => ids[kind].filter((e) => e.uscc).map((e) => ({ kind, ...e })));
    const res = await gql(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Taxpayer { uscc payments(first: 500) { totalCount pageInfo { hasNextPage } edges { node { taxOfficeCode voucherNo payerTin taxpayer { uscc } } } } } } }',
      {
        r: entries.map((e) => ({ __typename: 'Taxpayer', uscc: e.uscc })),
      },
    );
    expect(res.errors).toBeUndefined();
    let withPayments = 0;
    const byKind: Record<string, number> = {};
    entries.forEach((e, i) => {
      const tins = new Set([e.nationalTin!, e.localTin!].map((t) => t.trim()));
      const expected = raw.filter((r) => tins.has(r.tin.trim())).map(rawKey);
      const got = res.data!._entities[i].payments;
      expect({ kind: e.kind, uscc: e.uscc, payments: got.edges.map((x: { node: Node }) => nodeKey(x.node)) }).toEqual({
        kind: e.kind,
        uscc: e.uscc,
        payments: expected,
      });
      expect(got.totalCount).toBe(expected.length);
      for (const { node } of got.edges) {
        expect(tins.has(node.payerTin)).toBe(true);
        // The payer's taxpayer is this one: the same USCC, or one derived from an old TIN that joins on the same organization code.
        expect(node.taxpayer.uscc.slice(8, 17)).toBe(e.uscc!.slice(8, 17));
        if (e.kind === 'TIN_IS_USCC') expect(node.taxpayer.uscc).toBe(e.uscc);
      }
      if (expected.length) {
        withPayments++;
        byKind[e.kind] = (byKind[e.kind] ?? 0) + 1;
      }
    });
    expect(withPayments).toBeGreaterThan(entries.length / 2);
    for (const kind of ['ENTERPRISE', 'TWO_TINS', 'FROZEN_DIVISION', 'TIN_IS_USCC', 'PADDED_CODES'])
      expect({ kind, found: (byKind[kind] ?? 0) > 0 }).toEqual({ kind, found: true });
    // TWO_TINS: both TINs' payments come back under the one USCC.
    const two = entries.filter((e) => e.kind === 'TWO_TINS' && e.nationalTin !== e.localTin);
    expect(two.some((e) => raw.some((r) => r.tin === e.nationalTin) && raw.some((r) => r.tin === e.localTin))).toBe(true);
  });

  it('reaches individual businesses, known to TIPS only by citizen-ID TINs, by payerTin (padding forgiven), with no taxpayer', async () => {
    const ids = [...seeded.manifest.identities.INDIVIDUAL_WITHOUT_USCC, ...seeded.manifest.identities.INDIVIDUAL_BUSINESS];
    let found = 0;
    for (const id of ids.slice(0, 40)) {
      const tin = id.localTin!;
      const expected = raw.filter((r) => r.tin.trim() === tin).map(rawKey);
      for (const typed of [tin, `  ${tin} `, tin.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))]) {
        const res = await gql(
          'query($t: String!) { payments(filter: {payerTin: $t}, first: 500) { edges { node { taxOfficeCode voucherNo payerTin taxpayer { uscc } } } } }',
          { t: typed },
        );
        expect(res.errors).toBeUndefined();
        const nodes: Node[] = res.data!.payments.edges.map((e: { node: Node }) => e.node);
        expect(nodes.map(nodeKey)).toEqual(expected);
        for (const n of nodes) expect(n).toMatchObject({ payerTin: tin, taxpayer: null });
      }
      if (expected.length) found++;
      // Through the USCC (where one is known) TIPS finds nothing: it never saw one for this payer.
      if (id.uscc) {
        const res = await gql('query($r: [_Any!]!) { _entities(representations: $r) { ... on Taxpayer { payments { totalCount } } } }', {
          r: [{ __typename: 'Taxpayer', uscc: id.uscc }],
        });
        expect(res.data!._entities[0].payments.totalCount).toBe(0);
      }
    }
    expect(found).toBeGreaterThan(5);
  });

  it("pages a taxpayer's payments with keyset cursors, newest first", async () => {
    const enterprise = seeded.manifest.identities.ENTERPRISE.find(
      (e) => raw.filter((r) => r.tin === e.nationalTin || r.tin === e.localTin).length >= 5,
    )!;
    const expected = raw.filter((r) => r.tin === enterprise.nationalTin || r.tin === enterprise.localTin).map(rawKey);
    const q =
      'query($r: [_Any!]!, $after: String) { _entities(representations: $r) { ... on Taxpayer { payments(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { taxOfficeCode voucherNo } } } } } }';
    const got: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 50; i++) {
      const res = await gql(q, { r: [{ __typename: 'Taxpayer', uscc: enterprise.uscc }], after });
      expect(res.errors).toBeUndefined();
      const page = res.data!._entities[0].payments;
      expect(page.totalCount).toBe(expected.length);
      got.push(...page.edges.map((e: { node: Node }) => nodeKey(e.node)));
      if (!page.pageInfo.hasNextPage) {
        // Past the end: still counted, nothing more.
        const past = await gql(q, { r: [{ __typename: 'Taxpayer', uscc: enterprise.uscc }], after: page.pageInfo.endCursor });
        expect(past.data!._entities[0].payments).toMatchObject({
          totalCount: expected.length,
          edges: [],
          pageInfo: { hasNextPage: false },
        });
        break;
      }
      after = page.pageInfo.endCursor;
    }
    expect(got).toEqual(expected);
  });

  it('filters the root list by bank, status, tax office, tax type, entrustment dates, since, payer TIN and USCC', async () => {
    const bank = raw[0].bank;
    const office = raw.find((r) => r.office.startsWith('2'))!.office;
    const sinceDate = '20160330';
    const sinceTime = '100000';
    const payer = raw.find((r) => r.tin.length === 15)!;
    const payerUscc = usccFor(null, payer.tin, null)!;
    const cases: [Record<string, unknown>, (r: Raw) => boolean][] = [
      [{ bankCode: bank }, (r) => r.bank === bank],
      [{ status: 'DEDUCTED' }, (r) => expectedStatus(r) === 'DEDUCTED'],
      [{ status: 'FAILED', bankCode: bank }, (r) => expectedStatus(r) === 'FAILED' && r.bank === bank],
      [{ status: 'REFUNDED' }, (r) => expectedStatus(r) === 'REFUNDED'],
      [{ status: 'AWAITING_DEDUCTION' }, (r) => expectedStatus(r) === 'AWAITING_DEDUCTION'],
      [{ taxOfficeCode: office }, (r) => r.office === office],
      [
        { taxType: '10101', entrustedFrom: '2015-07-01', entrustedTo: '2015-10-31' },
        (r) => r.taxtype === '10101' && r.date >= '20150701' && r.date <= '20151031',
      ],
      [
        { since: '2016-03-30T10:00:00+08:00' },
        (r) =>
          r.date >= sinceDate ||
          (r.ddate !== null && (r.ddate > sinceDate || (r.ddate === sinceDate && r.dtime !== null && r.dtime >= sinceTime))),
      ],
      [
        { since: '2016-03-30T02:00:00Z', bankCode: bank },
        (r) => r.bank === bank && (r.date >= sinceDate || (r.ddate !== null && `${r.ddate}${r.dtime}` >= `${sinceDate}${sinceTime}`)),
      ],
      [{ payerTin: payer.tin }, (r) => r.tin === payer.tin],
      [{ uscc: payerUscc }, (r) => r.tin === payerUscc || (r.tin.length === 15 && r.tin.slice(6) === payerUscc.slice(8, 17))],
    ];
    for (const [filter, match] of cases) {
      const expected = raw.filter(match).map(rawKey);
      expect({ filter, some: expected.length > 0 }).toEqual({ filter, some: true });
      const got = await pageAll(filter, 'taxOfficeCode voucherNo');
      expect({ filter, got: got.map(nodeKey) }).toEqual({ filter, got: expected });
    }
  });

  it('looks a payment up by tax office and voucher number, forgiving blanks; null when unknown', async () => {
    const r = raw[100];
    const q = 'query($o: String!, $v: String!) { payment(taxOfficeCode: $o, voucherNo: $v) { taxOfficeCode voucherNo status } }';
    const res = await gql(q, { o: ` ${r.office} `, v: `${r.voucher}  ` });
    expect(res.data!.payment).toEqual({ taxOfficeCode: r.office.trim(), voucherNo: r.voucher.trim(), status: expectedStatus(r) });
    const none = await gql(q, { o: r.office, v: 'NOSUCHVOUCHER' });
    expect(none.errors).toBeUndefined();
    expect(none.data!.payment).toBeNull();
    const entity = await gql('query($r: [_Any!]!) { _entities(representations: $r) { ... on Payment { voucherNo } } }', {
      r: [
        { __typename: 'Payment', taxOfficeCode: '123', voucherNo: 'X' },
        { __typename: 'Payment', taxOfficeCode: r.office, voucherNo: r.voucher },
      ],
    });
    expect(entity.data!._entities).toEqual([null, { voucherNo: r.voucher.trim() }]);
  });

  it('batches _entities of taxpayers: 1 and 1,000 cost the same statements', async () => {
    // The one taxpayer has a refund among its 5 newest payments, so both sizes load refunds too.
    const byOrg = new Map<string, Raw[]>();
    for (const r of raw) if (r.tin.length === 15) byOrg.set(r.tin.slice(6), [...(byOrg.get(r.tin.slice(6)) ?? []), r]);
    const [, newest] = [...byOrg.entries()].find(
      ([, list]) => list.slice(0, 5).some((r) => r.refunded) && usccFor(null, list[0].tin, null),
    )!;
    const one = usccFor(null, newest[0].tin, null)!;
    const usccs = new Set<string>([one]);
    for (const list of Object.values(seeded.manifest.identities)) for (const id of list) if (id.uscc) usccs.add(id.uscc);
    for (const r of raw) {
      if (usccs.size >= 1000) break;
      const u = usccFor(null, r.tin, null);
      if (u && isValidUscc(u)) usccs.add(u);
    }
    expect(usccs.size).toBe(1000);
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Taxpayer { uscc payments(first: 5) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${PAYMENT_FIELDS} } } } } } }`;
    const counter = countQueries(running.db);
    const small = await gql(q, { r: [{ __typename: 'Taxpayer', uscc: one }] });
    const smallCount = counter.count;
    counter.reset();
    const large = await gql(q, { r: [...usccs].map((uscc) => ({ __typename: 'Taxpayer', uscc })) });
    const largeCount = counter.count;
    counter.stop();
    expect(small.errors).toBeUndefined();
    expect(large.errors).toBeUndefined();
    expect(small.data!._entities[0].payments.edges.some((e: { node: Node }) => e.node.refunds.length > 0)).toBe(true);
    expect(large.data!._entities).toHaveLength(1000);
    expect(large.data!._entities.filter((t: { payments: { totalCount: number } }) => t.payments.totalCount > 0).length).toBeGreaterThan(
      500,
    );
    expect(smallCount).toBe(2); // payments, refunds
    expect(largeCount).toBe(smallCount);
  });

  it('batches _entities of payments: 1 and 500 cost the same statements', async () => {
    const withRefund = raw.find((r) => r.refunded)!;
    const reps = [withRefund, ...raw.filter((r) => r !== withRefund).slice(0, 499)].map((r) => ({
      __typename: 'Payment',
      taxOfficeCode: r.office,
      voucherNo: r.voucher,
    }));
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Payment { ${PAYMENT_FIELDS} } } }`;
    const counter = countQueries(running.db);
    const small = await gql(q, { r: reps.slice(0, 1) });
    const smallCount = counter.count;
    counter.reset();
    const large = await gql(q, { r: reps });
    const largeCount = counter.count;
    counter.stop();
    expect(small.errors).toBeUndefined();
    expect(large.errors).toBeUndefined();
    expect(large.data!._entities.map(nodeKey)).toEqual(reps.map((r) => keyOf(r.taxOfficeCode, r.voucherNo)));
    expect(smallCount).toBe(2); // payments, refunds
    expect(largeCount).toBe(smallCount);
  });

  it('costs a nested list query the same statements for 10 and 100 payments', async () => {
    const q = `query($n: Int!, $f: PaymentFilter) { payments(first: $n, filter: $f) { edges { node { ${PAYMENT_FIELDS} } } } }`;
    const counter = countQueries(running.db);
    const counts: number[] = [];
    for (const filter of [null, { entrustedTo: '2015-10-15' }]) {
      for (const n of [10, 100]) {
        counter.reset();
        const res = await gql(q, { n, f: filter });
        expect(res.errors).toBeUndefined();
        expect(res.data!.payments.edges).toHaveLength(n);
        const anyRefund = res.data!.payments.edges.some((e: { node: Node }) => e.node.refunds.length > 0);
        // One statement for the page, one more for the refunds of all its payments when any has one.
        expect({ filter, n, statements: counter.count }).toEqual({ filter, n, statements: anyRefund ? 2 : 1 });
        counts.push(counter.count);
      }
    }
    counter.reset();
    const refunded10 = await gql(q, { n: 10, f: { status: 'REFUNDED' } });
    const c10 = counter.count;
    counter.reset();
    const refunded100 = await gql(q, { n: 100, f: { status: 'REFUNDED' } });
    const c100 = counter.count;
    counter.stop();
    expect(refunded10.data!.payments.edges).toHaveLength(10);
    expect(refunded100.data!.payments.edges.length).toBeGreaterThan(10);
    expect([c10, c100]).toEqual([2, 2]);
    expect(Math.max(...counts)).toBeLessThanOrEqual(2);
  });

  describe('bad input gets BAD_USER_INPUT saying what is wrong', () => {
    const expectBad = (res: { errors?: { message: string; extensions?: Record<string, unknown> }[] }, message: RegExp) => {
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors![0].message).toMatch(message);
    };

    it('a USCC with a wrong check character, literal and variable', async () => {
      expectBad(await gql('{ payments(filter: {uscc: "91350100M000100Y4Z"}) { edges { cursor } } }'), /check character/);
      expectBad(
        await gql('query($f: PaymentFilter) { payments(filter: $f) { edges { cursor } } }', { f: { uscc: '91350100M000100Y4Z' } }),
        /check character/,
      );
    });

    it('an unknown enum value, literal and variable', async () => {
      expectBad(await gql('{ payments(filter: {status: NOPE}) { edges { cursor } } }'), /NOPE/);
      expectBad(await gql('query($f: PaymentFilter) { payments(filter: $f) { edges { cursor } } }', { f: { status: 'NOPE' } }), /NOPE/);
    });

    it('first too large, at the root and on a taxpayer, literal and variable', async () => {
      expectBad(await gql('{ payments(first: 1000000) { edges { cursor } } }'), /first must be between 0 and 500/);
      expectBad(
        await gql('query($n: Int) { payments(first: $n) { edges { cursor } } }', { n: 1000000 }),
        /first must be between 0 and 500/,
      );
      const uscc = seeded.manifest.identities.ENTERPRISE[0].uscc;
      expectBad(
        await gql(
          'query($r: [_Any!]!) { _entities(representations: $r) { ... on Taxpayer { payments(first: 1000000) { totalCount } } } }',
          { r: [{ __typename: 'Taxpayer', uscc }] },
        ),
        /first must be between/,
      );
    });

    it('a malformed cursor, literal and variable', async () => {
      expectBad(await gql('{ payments(after: "garbage") { edges { cursor } } }'), /after is not a cursor/);
      expectBad(
        await gql('query($a: String) { payments(after: $a) { edges { cursor } } }', {
          a: Buffer.from('["x","y","z"]').toString('base64url'),
        }),
        /after is not a cursor/,
      );
      const uscc = seeded.manifest.identities.ENTERPRISE[0].uscc;
      expectBad(
        await gql(
          'query($r: [_Any!]!) { _entities(representations: $r) { ... on Taxpayer { payments(after: "garbage") { totalCount } } } }',
          { r: [{ __typename: 'Taxpayer', uscc }] },
        ),
        /after is not a cursor/,
      );
    });

    it('bad codes: tax office, voucher, bank, tax type, payer TIN, dates', async () => {
      expectBad(
        await gql('{ payment(taxOfficeCode: "123", voucherNo: "1") { status } }'),
        /taxOfficeCode '123' is not an 11-digit tax office code/,
      );
      expectBad(
        await gql('query($o: String!) { payment(taxOfficeCode: $o, voucherNo: "a b") { status } }', { o: '25101050000' }),
        /voucherNo/,
      );
      expectBad(
        await gql('{ payments(filter: {bankCode: "10265100001"}) { edges { cursor } } }'),
        /filter.bankCode '10265100001' is not a 12-digit bank code/,
      );
      expectBad(await gql('{ payments(filter: {taxType: "VAT"}) { edges { cursor } } }'), /taxType/);
      expectBad(await gql('{ payments(filter: {payerTin: "x"}) { edges { cursor } } }'), /payerTin/);
      expectBad(await gql('{ payments(filter: {entrustedFrom: "2015-02-30"}) { edges { cursor } } }'), /no such day/);
      expectBad(
        await gql('query($f: PaymentFilter) { payments(filter: $f) { edges { cursor } } }', { f: { since: '2016-03-30 10:00' } }),
        /ISO 8601/,
      );
    });
  });

  it('cannot write through its connection: the session is read-only', async () => {
    await expect(running.db.raw(`INSERT INTO "TreCodeTable" ("TreCode", "TreName") VALUES ('9999999999', 'test')`)).rejects.toThrow(
      /read-only/,
    );
  });

  it('answers SOURCE_UNAVAILABLE naming treasury-bank when its database cannot be reached', async () => {
    const down = await startSubgraph(treasuryBank, { port: 0, url: 'postgres://postgres@127.0.0.1:1/none' });
    try {
      const res = await graphql(down.url, '{ payments(first: 1) { edges { cursor } } }');
      expect(res.status).toBe(200);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'SOURCE_UNAVAILABLE', source: SOURCE });
      const entities = await graphql(
        down.url,
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Taxpayer { payments { totalCount } } ... on Payment { status } } }',
        {
          r: [
            { __typename: 'Taxpayer', uscc: '91350100M000100Y43' },
            { __typename: 'Payment', taxOfficeCode: '25101050000', voucherNo: '1' },
          ],
        },
      );
      expect(entities.status).toBe(200);
      expect(entities.errors?.length).toBeGreaterThan(0);
      for (const e of entities.errors!) expect(e.extensions).toMatchObject({ code: 'SOURCE_UNAVAILABLE', source: SOURCE });
    } finally {
      await down.stop();
    }
  });
});
