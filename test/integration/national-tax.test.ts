/**
 * The national-tax subgraph (国税) over a seeded legacy database (real PostgreSQL, no mocks):
 * identity resolution against the generator's ground truth, planted cases, legacy dirt kept out,
 * one statement per loader and level, bad input, read-only sessions and an unreachable source.
 */
import type { Knex } from 'knex';
import { Client } from 'pg';
import type { Manifest, IdentityEntry, IdentityKind } from '../../seeds/manifest';
import { encodeCursor } from '../../subgraphs/kit/connection';
import { yuanToFen } from '../../shared/money';
import { startSubgraph, RunningSubgraph } from '../../subgraphs/kit/subgraph';
import { usccFor } from '../../subgraphs/kit/taxpayer-key';
import { accountsByRegistrationNumbers } from '../../subgraphs/national-tax/repository/national-tax.repository';
import { nationalTax } from '../../subgraphs/national-tax/server';
import {
  NationalTaxChangeItem,
  NationalTaxCreditGrade,
  NationalTaxLevyItem,
  NationalTaxpayerType,
  NationalTaxStatus,
} from '../../subgraphs/national-tax/types/enums';
import { countQueries, graphql, GraphQLResponse, seededSources, sqlRows, stringLeaves } from '../support/seeded';

const ACCOUNT = `
  id tin uscc name legalRepresentative { name idNumber } phone
  registrationType { code label } industry { code name } division divisionName
  status statusLabel abnormalSince taxpayerType taxpayerTypeLabel
  taxOffice { code name } administrator { code name } registrationNumber
  addresses { registered business } registeredOn deregisteredOn taxpayer { uscc }`;

const LISTS = `
  changes { item itemLabel before after changedOn }
  returns(year: 2015) { levyItem levyItemLabel periodFrom periodTo taxableBase rate taxDue filedOn }
  payments { voucherNumber levyItem levyItemLabel periodFrom periodTo amountPaid exemptCredit paidOn }
  turnoverQuotas { year monthlyTurnover assessedOn }
  deemedCit { year deemedIncomeRate }
  creditRatings { year score grade }
  freightInvoices { code number recipientTin issuedOn freightAmount tax }`;

const ENTITIES = `query ($r: [_Any!]!) {
  _entities(representations: $r) { ... on Taxpayer { uscc nationalTax { ${ACCOUNT} ${LISTS} } nationalTaxRecords { id tin status registeredOn } } }
}`;

const MONEY_FIELDS = new Set(['taxableBase', 'taxDue', 'amountPaid', 'exemptCredit', 'monthlyTurnover', 'freightAmount', 'tax']);
const ENUM_FIELDS: Record<string, Set<string>> = {
  status: new Set(Object.values(NationalTaxStatus)),
  taxpayerType: new Set(Object.values(NationalTaxpayerType)),
  levyItem: new Set(Object.values(NationalTaxLevyItem)),
  grade: new Set(Object.values(NationalTaxCreditGrade)),
  item: new Set(Object.values(NationalTaxChangeItem)),
};

type Account = Record<string, any>;

describe('national-tax subgraph', () => {
  let running: RunningSubgraph;
  let manifest: Manifest;
  let url: string;
  let databaseUrl: string;

  const gql = (query: string, variables?: Record<string, unknown>) => graphql(url, query, variables);
  const entities = async (usccs: string[]) => {
    const res = await gql(ENTITIES, { r: usccs.map((uscc) => ({ __typename: 'Taxpayer', uscc })) });
    expect(res.errors).toBeUndefined();
    return res.data!._entities as { uscc: string; nationalTax: Account | null; nationalTaxRecords: Account[] }[];
  };
  const byTin = async (tin: string) => {
    const res = await gql(`query ($tin: String) { nationalTaxAccount(tin: $tin) { ${ACCOUNT} } }`, { tin });
    expect(res.errors).toBeUndefined();
    return res.data!.nationalTaxAccount as Account | null;
  };
  const byId = async (id: string) => {
    const res = await gql(`query ($id: ID) { nationalTaxAccount(id: $id) { ${ACCOUNT} ${LISTS} } }`, { id });
    expect(res.errors).toBeUndefined();
    return res.data!.nationalTaxAccount as Account | null;
  };
  const withUscc = (kind: IdentityKind) => manifest.identities[kind].filter((e): e is IdentityEntry & { uscc: string } => e.uscc !== null);
  const badInput = (res: GraphQLResponse<Record<string, any>>, pattern: RegExp) => {
    expect(res.status).toBeLessThan(500);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toMatch(pattern);
  };

  beforeAll(async () => {
    const seeded = await seededSources('national_tax_subgraph');
    manifest = seeded.manifest;
    databaseUrl = seeded.urls['national-tax'];
    running = await startSubgraph(nationalTax, { port: 0, url: databaseUrl });
    url = running.url;
  });

  afterAll(async () => {
    await running?.stop();
  });

  describe('identity resolution (ground truth)', () => {
    const KINDS: IdentityKind[] = [
      'ENTERPRISE',
      'INDIVIDUAL_BUSINESS',
      'TWO_TINS',
      'FROZEN_DIVISION',
      'TIN_IS_USCC',
      'REGISTRY_WITHOUT_USCC',
      'PADDED_CODES',
      'DUPLICATE',
    ];

    it.each(KINDS)('%s: the USCC resolves to the bureau record the generator wrote', async (kind) => {
      const entries = withUscc(kind);
      expect(entries.length).toBeGreaterThan(0);
      const got = await entities(entries.map((e) => e.uscc));
      got.forEach((t, k) => {
        const e = entries[k];
        expect(t.uscc).toBe(e.uscc);
        expect(t.nationalTax).not.toBeNull();
        expect(t.nationalTax!.id).toBe(e.nationalKey);
        expect(t.nationalTax!.tin).toBe(e.nationalTin);
        expect(t.nationalTax!.uscc).toBe(e.uscc);
        expect(t.nationalTax!.taxpayer).toEqual({ uscc: e.uscc });
        expect(t.nationalTax!.name).toBe(e.name);
        expect(t.nationalTaxRecords[0].id).toBe(e.nationalKey);
        if (e.uscc[1] === '2') {
          expect(t.nationalTax!.taxpayerType).toBe('INDIVIDUAL_BUSINESS');
          expect(t.nationalTax!.registrationType).toEqual({ code: '410', label: '个体工商户' });
          expect(t.nationalTax!.legalRepresentative.idNumber).toBe(e.citizenId);
        } else {
          expect(['GENERAL', 'SMALL_SCALE']).toContain(t.nationalTax!.taxpayerType);
        }
      });
    });

    it('DUPLICATE: the original is the account, every record is listed, and the list filter by USCC shows both', async () => {
      const dups = manifest.cases.DUPLICATE_RECORD.filter((c) => c.source === 'national-tax');
      expect(dups.length).toBeGreaterThan(0);
      const got = await entities(dups.map((c) => c.uscc!));
      got.forEach((t, k) => {
        expect(t.nationalTax!.id).toBe(dups[k].detail!.original);
        expect(t.nationalTaxRecords.map((r) => r.id)).toEqual([dups[k].detail!.original, dups[k].legacyId]);
      });
      const res = await gql(`query ($u: USCC) { nationalTaxAccounts(filter: { uscc: $u }) { edges { node { id } } } }`, {
        u: dups[0].uscc,
      });
      expect(res.data!.nationalTaxAccounts.edges.map((e: any) => e.node.id).sort()).toEqual(
        [dups[0].detail!.original, dups[0].legacyId].sort(),
      );
    });

    it('INDIVIDUAL_WITHOUT_USCC: reachable by ID-based TIN (blanks, full-width, lower case tolerated) with no taxpayer', async () => {
      const entries = manifest.identities.INDIVIDUAL_WITHOUT_USCC;
      expect(entries.length).toBeGreaterThan(0);
      for (const e of entries.slice(0, 20)) {
        const a = await byTin(e.nationalTin!);
        expect(a).not.toBeNull();
        expect(a!.id).toBe(e.nationalKey);
        expect(a!.uscc).toBeNull();
        expect(a!.taxpayer).toBeNull();
        expect(a!.taxpayerType).toBe('INDIVIDUAL_BUSINESS');
      }
      const e = entries[0];
      const fullWidth = e.nationalTin!.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
      expect((await byTin(`\u3000 ${fullWidth} `))!.id).toBe(e.nationalKey);
      expect((await byTin(` ${e.nationalTin!.slice(0, 6)} ${e.nationalTin!.slice(6).toLowerCase()}`))!.id).toBe(e.nationalKey);
      expect((await byId(` ${e.nationalKey} `))!.tin).toBe(e.nationalTin);
    });

    it('PADDED_CODES: the stored TIN carries blanks, the lookup and the answer do not', async () => {
      const e = manifest.identities.PADDED_CODES[0];
      const raw = await running.db('dj_nsrxx').where('djxh', e.nationalKey).first('nsrsbh');
      expect(raw.nsrsbh).not.toBe(e.nationalTin);
      const a = await byTin(e.nationalTin!);
      expect(a!.id).toBe(e.nationalKey);
      expect(a!.tin).toBe(e.nationalTin);
    });

    it('a USCC typed as the TIN finds a record still filed under its old TIN', async () => {
      const e = withUscc('FROZEN_DIVISION')[0];
      expect(e.nationalTin).not.toBe(e.uscc);
      expect((await byTin(e.uscc))!.id).toBe(e.nationalKey);
    });

    it('garbage records are reachable by internal key and stand for no taxpayer', async () => {
      const garbage = manifest.cases.GARBAGE_RECORD.filter((c) => c.source === 'national-tax');
      expect(garbage.length).toBeGreaterThan(0);
      for (const g of garbage) {
        const a = await byId(g.legacyId!);
        expect(a!.id).toBe(g.legacyId);
        expect(a!.uscc).toBeNull();
        expect(a!.taxpayer).toBeNull();
      }
    });

    it('an unknown USCC or TIN gives null, not an error; a malformed representation spoils nothing else', async () => {
      const [t, known] = await entities(['91350100M000100Y43', withUscc('ENTERPRISE')[0].uscc]);
      expect(t.nationalTax).toBeNull();
      expect(t.nationalTaxRecords).toEqual([]);
      expect(known.nationalTax!.id).toBe(withUscc('ENTERPRISE')[0].nationalKey);
      // A representation bypasses the USCC scalar: kit's Taxpayer reference checks its key, so a
      // malformed one is BAD_USER_INPUT for that entity alone, and the others still resolve.
      const mixed = await gql(ENTITIES, {
        r: ['91350100M000100Y43', 'not-a-uscc', withUscc('ENTERPRISE')[0].uscc].map((uscc) => ({ __typename: 'Taxpayer', uscc })),
      });
      expect(mixed.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([['BAD_USER_INPUT', ['_entities', 1]]]);
      expect(mixed.errors![0].message).toMatch(/Invalid USCC 'not-a-uscc': expected 18 characters/);
      expect(mixed.data!._entities[1]).toBeNull();
      expect(mixed.data!._entities[2].nationalTax.id).toBe(withUscc('ENTERPRISE')[0].nationalKey);
      expect(await byTin('510104000000000000')).toBeNull();
      expect(await byId('1')).toBeNull();
    });
  });

  describe('planted cases', () => {
    it('ABNORMAL: status abnormal with abnormalSince the determination date', async () => {
      const cases = manifest.cases.ABNORMAL.filter((c) => c.source === 'national-tax');
      expect(cases.length).toBeGreaterThan(0);
      for (const c of cases) {
        const a = c.uscc ? (await entities([c.uscc]))[0].nationalTax : await byTin(c.legacyId!);
        expect(a!.status).toBe('ABNORMAL');
        expect(a!.statusLabel).toBe('非正常');
        expect(a!.abnormalSince).toBe(c.detail!.since);
      }
      const normal = (await entities([withUscc('ENTERPRISE')[0].uscc]))[0].nationalTax!;
      if (normal.status !== 'ABNORMAL') expect(normal.abnormalSince).toBeNull();
    });

    it('NO_ADMINISTRATOR: administrator is null; others name theirs', async () => {
      const cases = manifest.cases.NO_ADMINISTRATOR.filter((c) => c.source === 'national-tax');
      expect(cases.length).toBeGreaterThan(0);
      for (const c of cases) {
        const a = c.uscc ? (await entities([c.uscc]))[0].nationalTax : await byTin(c.legacyId!);
        expect(a!.administrator).toBeNull();
      }
      const withAdmin = (await entities(withUscc('ENTERPRISE').map((e) => e.uscc))).map((t) => t.nationalTax!).find((a) => a.administrator);
      expect(withAdmin!.administrator.code).toMatch(/^\d{11}$/);
      expect(withAdmin!.administrator.name).toBeTruthy();
      expect(withAdmin!.taxOffice.name).toMatch(/税务局$/);
    });

    it('QUOTA_MISMATCH and BELOW_THRESHOLD: the national monthly quota of 2015', async () => {
      const cases = [...manifest.cases.QUOTA_MISMATCH, ...manifest.cases.BELOW_THRESHOLD].filter((c) => c.uscc);
      expect(cases.length).toBeGreaterThan(0);
      const got = await entities(cases.map((c) => c.uscc!));
      got.forEach((t, k) => {
        const quota = t.nationalTax!.turnoverQuotas.find((q: any) => q.year === cases[k].year);
        expect(quota.monthlyTurnover).toBe(cases[k].detail!.nationalTax ?? cases[k].detail!.quota);
      });
    });

    it('CREDIT_RATING_DISAGREEMENT: the national grade of 2015', async () => {
      const cases = manifest.cases.CREDIT_RATING_DISAGREEMENT;
      expect(cases.length).toBeGreaterThan(0);
      const res = await gql(
        `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Taxpayer { nationalTax { creditRatings(year: 2015) { year score grade } } } } }`,
        {
          r: cases.map((c) => ({ __typename: 'Taxpayer', uscc: c.uscc })),
        },
      );
      res.data!._entities.forEach((t: any, k: number) => {
        expect(t.nationalTax.creditRatings).toHaveLength(1);
        expect(t.nationalTax.creditRatings[0].grade).toBe(cases[k].detail!.nationalTax);
        expect(t.nationalTax.creditRatings[0].year).toBe(2015);
      });
    });

    it('DEEMED_RATE_IMBALANCE: the national deemed income rate', async () => {
      const cases = manifest.cases.DEEMED_RATE_IMBALANCE.filter((c) => c.source === 'national-tax');
      expect(cases.length).toBeGreaterThan(0);
      const got = await entities(cases.map((c) => c.uscc!));
      got.forEach((t, k) => {
        expect(t.nationalTax!.deemedCit).toHaveLength(1);
        expect(Number(t.nationalTax!.deemedCit[0].deemedIncomeRate)).toBe(Number(cases[k].detail!.rate));
        expect(t.nationalTax!.deemedCit[0].deemedIncomeRate).toMatch(/^\d\.\d{2,4}$/);
      });
    });

    it("FREIGHT_UNDERDECLARED: the carrier's invoices of 2013 (business tax era) add up to what was invoiced", async () => {
      const cases = manifest.cases.FREIGHT_UNDERDECLARED.filter((c) => c.uscc);
      expect(cases.length).toBeGreaterThan(0);
      const got = await entities(cases.map((c) => c.uscc!));
      got.forEach((t, k) => {
        const invoices = t.nationalTax!.freightInvoices.filter((i: any) => i.issuedOn.startsWith('2013'));
        expect(invoices.length).toBe(2);
        const total = invoices.reduce((s: bigint, i: any) => s + yuanToFen(i.freightAmount), 0n);
        expect(total).toBe(yuanToFen(String(cases[k].detail!.invoiced)));
      });
    });

    it("FREIGHT_INPUT_EXCEEDS_OUTPUT: recipients deducted the carrier's 2015 invoices beyond its declared transport sales", async () => {
      const cases = manifest.cases.FREIGHT_INPUT_EXCEEDS_OUTPUT.filter((c) => c.uscc);
      expect(cases.length).toBeGreaterThan(0);
      const got = await gql(
        `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Taxpayer { nationalTax {
           freightInvoices(year: 2015) { deduction { amount } } returns(year: 2015, levyItem: VAT) { transportSales } } } } }`,
        { r: cases.map((c) => ({ __typename: 'Taxpayer', uscc: c.uscc })) },
      );
      expect(got.errors).toBeUndefined();
      got.data!._entities.forEach((t: any, k: number) => {
        const deducted = t.nationalTax.freightInvoices.reduce((s: bigint, i: any) => s + yuanToFen(i.deduction?.amount ?? '0'), 0n);
        const declared = t.nationalTax.returns.reduce((s: bigint, r: any) => s + yuanToFen(r.transportSales), 0n);
        expect(deducted).toBe(yuanToFen(String(cases[k].detail!.deducted)));
        expect(declared).toBe(yuanToFen(String(cases[k].detail!.declaredTransportSales)));
        expect(deducted > declared).toBe(true);
      });
    });

    it('returns and payments agree with the levy tables, per account', async () => {
      const entries = withUscc('ENTERPRISE');
      const got = await entities(entries.map((e) => e.uscc));
      const sums = await running.db.raw(
        `SELECT djxh::text AS djxh, (SELECT COALESCE(SUM(ynse), 0)::text FROM sb_sbxx s WHERE s.djxh = n.djxh AND s.skssqq >= '2015-01-01' AND s.skssqq < '2016-01-01') AS due,
                (SELECT COALESCE(SUM(sjje), 0)::text FROM zs_yjsf z WHERE z.djxh = n.djxh) AS paid
           FROM dj_nsrxx n WHERE n.djxh = ANY(?::numeric[])`,
        [entries.map((e) => e.nationalKey!)],
      );
      const byKey = new Map<string, { due: string; paid: string }>(sums.rows.map((r: any) => [r.djxh, r]));
      let withReturns = 0;
      for (const t of got) {
        const a = t.nationalTax!;
        const due = a.returns.reduce((s: bigint, r: any) => s + yuanToFen(r.taxDue), 0n);
        const paid = a.payments.reduce((s: bigint, p: any) => s + yuanToFen(p.amountPaid), 0n);
        expect(due).toBe(yuanToFen(byKey.get(a.id)!.due));
        expect(paid).toBe(yuanToFen(byKey.get(a.id)!.paid));
        if (a.returns.length) withReturns++;
        for (const r of a.returns) {
          expect(r.periodFrom.startsWith('2015')).toBe(true);
          expect(r.rate).toMatch(/^0\.\d{2,4}$/);
          expect(['增值税', '消费税', '企业所得税']).toContain(r.levyItemLabel);
        }
      }
      expect(withReturns).toBeGreaterThan(0);
    });

    it('field filters: returns by levy item and year', async () => {
      const e = withUscc('ENTERPRISE')[0];
      const res = await gql(
        `query ($id: ID) { nationalTaxAccount(id: $id) { all: returns { levyItem } vat: returns(levyItem: VAT, year: 2015) { levyItem } none: returns(year: 2014) { levyItem } vat2014: payments(year: 2014, levyItem: VAT) { levyItem } } }`,
        { id: e.nationalKey },
      );
      const a = res.data!.nationalTaxAccount;
      expect(a.vat.every((r: any) => r.levyItem === 'VAT')).toBe(true);
      expect(a.vat.length).toBe(a.all.filter((r: any) => r.levyItem === 'VAT').length);
      expect(a.none).toEqual([]);
      expect(a.vat2014).toEqual([]);
    });
  });

  describe('the root list', () => {
    const PAGE = `query ($f: NationalTaxAccountFilter, $first: Int, $after: String) {
      nationalTaxAccounts(filter: $f, first: $first, after: $after) { edges { cursor node { ${ACCOUNT} ${LISTS} } } pageInfo { hasNextPage endCursor } }
    }`;

    async function walk(filter: Record<string, unknown> | null, first = 500): Promise<Account[]> {
      const all: Account[] = [];
      let after: string | null = null;
      for (;;) {
        const res: GraphQLResponse<Record<string, any>> = await gql(PAGE, { f: filter, first, after });
        expect(res.errors).toBeUndefined();
        const page = res.data!.nationalTaxAccounts;
        all.push(...page.edges.map((e: any) => e.node));
        if (!page.pageInfo.hasNextPage) return all;
        after = page.pageInfo.endCursor;
      }
    }

    let everything: Account[];
    beforeAll(async () => {
      everything = await walk(null);
    });

    it('pages through every record exactly once, in internal-key order', async () => {
      const { rows } = await running.db.raw('SELECT count(*)::int AS n FROM dj_nsrxx');
      expect(everything).toHaveLength(rows[0].n);
      const ids = everything.map((a) => BigInt(a.id));
      for (let k = 1; k < ids.length; k++) expect(ids[k] > ids[k - 1]).toBe(true);
    });

    it('lets no legacy dirt through: no padding, no full-width ASCII, money with two places, declared enums only', () => {
      const leaves = stringLeaves(everything);
      expect(leaves.length).toBeGreaterThan(10000);
      const dirty = leaves.filter(([, v]) => v !== v.trim() || /[\uFF01-\uFF5E\u3000]/.test(v));
      expect(dirty).toEqual([]);
      const field = (path: string) =>
        path
          .replace(/\[\d+\]$/, '')
          .split('.')
          .pop()!;
      const money = leaves.filter(([p]) => MONEY_FIELDS.has(field(p)));
      expect(money.length).toBeGreaterThan(1000);
      expect(money.filter(([, v]) => !/^-?\d+\.\d{2}$/.test(v))).toEqual([]);
      for (const [name, values] of Object.entries(ENUM_FIELDS)) {
        const found = leaves.filter(([p]) => field(p) === name);
        expect(found.length).toBeGreaterThan(0);
        expect(found.filter(([, v]) => !values.has(v))).toEqual([]);
      }
      const dates = leaves.filter(([p]) => /(On|Since|periodFrom|periodTo)$/.test(field(p)));
      expect(dates.filter(([, v]) => !/^\d{4}-\d{2}-\d{2}$/.test(v))).toEqual([]);
      // The padded and the full-width cases exist in the data, so the checks above saw them.
      expect(everything.some((a) => manifest.identities.PADDED_CODES.some((e) => e.nationalKey === a.id))).toBe(true);
    });

    it('filters by division, industry, status, tax office, administrator and registration date', async () => {
      const sample = everything.find((a) => a.administrator && a.status === 'NORMAL')!;
      const checks: [Record<string, unknown>, (a: Account) => boolean][] = [
        [
          { division: sample.division, industryCode: sample.industry.code },
          (a) => a.division === sample.division && a.industry.code === sample.industry.code,
        ],
        [{ taxOfficeCode: sample.taxOffice.code }, (a) => a.taxOffice.code === sample.taxOffice.code],
        [{ administratorCode: ` ${sample.administrator.code} ` }, (a) => a.administrator?.code === sample.administrator.code],
        [{ status: 'DEREGISTERED' }, (a) => a.status === 'DEREGISTERED'],
        [
          { registeredFrom: '2015-10-01', registeredTo: '2015-12-31' },
          (a) => a.registeredOn >= '2015-10-01' && a.registeredOn <= '2015-12-31',
        ],
        [{ abnormalOnly: true }, (a) => a.status === 'ABNORMAL'],
      ];
      for (const [filter, keep] of checks) {
        const got = await walk(filter, 200);
        const expected = everything.filter(keep);
        expect(expected.length).toBeGreaterThan(0);
        expect(got.map((a) => a.id)).toEqual(expected.map((a) => a.id));
      }
      const abnormal = await walk({ abnormalOnly: true, division: null });
      expect(abnormal).toHaveLength(manifest.cases.ABNORMAL.filter((c) => c.source === 'national-tax').length);
      expect(await walk({ abnormalOnly: true, status: 'NORMAL' })).toEqual([]);
    });
  });

  describe('one statement per loader and level', () => {
    it('_entities for 1 and for 1,000 taxpayers costs the same', async () => {
      const known = new Set<string>();
      for (const list of Object.values(manifest.identities)) for (const e of list) if (e.uscc) known.add(e.uscc);
      const { rows } = await running.db.raw('SELECT shxydm, nsrsbh, xzqh_dm FROM dj_nsrxx ORDER BY djxh');
      for (const r of rows) {
        if (known.size >= 1000) break;
        const u = usccFor(r.shxydm, r.nsrsbh, r.xzqh_dm);
        if (u) known.add(u);
      }
      const many = [...known].slice(0, 1000);
      expect(many).toHaveLength(1000);
      const one = [withUscc('ENTERPRISE')[0].uscc];

      const counter = countQueries(running.db);
      try {
        const small = await entities(one);
        const smallCount = counter.count;
        counter.reset();
        const big = await entities(many);
        const bigCount = counter.count;
        expect(small[0].nationalTax).not.toBeNull();
        expect(big.filter((t) => t.nationalTax).length).toBeGreaterThan(950);
        expect(bigCount).toBe(smallCount);
        expect(smallCount).toBe(8); // accounts + 7 lists
      } finally {
        counter.stop();
      }
    });

    it('a root page of 10 and of 100 with nested lists costs the same', async () => {
      const query = `query ($first: Int) { nationalTaxAccounts(first: $first) { edges { node { id taxpayer { uscc } ${LISTS} } } } }`;
      const counter = countQueries(running.db);
      try {
        const small = await gql(query, { first: 10 });
        const smallCount = counter.count;
        counter.reset();
        const big = await gql(query, { first: 100 });
        expect(small.errors).toBeUndefined();
        expect(big.errors).toBeUndefined();
        expect(big.data!.nationalTaxAccounts.edges).toHaveLength(100);
        expect(counter.count).toBe(smallCount);
        expect(smallCount).toBe(8); // page + 7 lists
      } finally {
        counter.stop();
      }
    });
  });

  describe('bad input', () => {
    const LIST = (args: string) => `{ nationalTaxAccounts${args} { edges { node { id } } } }`;
    const LIST_VARS = `query ($f: NationalTaxAccountFilter, $first: Int, $after: String) { nationalTaxAccounts(filter: $f, first: $first, after: $after) { edges { node { id } } } }`;

    it('a USCC with a wrong check character', async () => {
      badInput(await gql(LIST('(filter: { uscc: "91110000600037341M" })')), /check character should be 'L'/);
      badInput(await gql(LIST_VARS, { f: { uscc: '91110000600037341M' } }), /check character should be 'L'/);
    });

    it('an unknown enum value', async () => {
      badInput(await gql(LIST('(filter: { status: BOGUS })')), /BOGUS/);
      badInput(await gql(LIST_VARS, { f: { status: 'BOGUS' } }), /BOGUS/);
      badInput(await gql(`{ nationalTaxAccount(id: "1") { returns(levyItem: BUSINESS_TAX) { taxDue } } }`), /BUSINESS_TAX/);
    });

    it('a page too large', async () => {
      badInput(await gql(LIST('(first: 1000000)')), /first must be between 0 and 500/);
      badInput(await gql(LIST_VARS, { first: 1000000 }), /first must be between 0 and 500/);
    });

    it('a malformed or forged cursor', async () => {
      badInput(await gql(LIST('(after: "garbage!")')), /after is not a cursor/);
      badInput(await gql(LIST_VARS, { after: 'garbage!' }), /after is not a cursor/);
      badInput(await gql(LIST_VARS, { after: encodeCursor(["1' OR 1=1"]) }), /after is not a cursor/);
    });

    it('identifiers and codes that cannot be one', async () => {
      badInput(await gql('{ nationalTaxAccount { id } }'), /exactly one of tin or id/);
      badInput(await gql('{ nationalTaxAccount(tin: "510104000000000", id: "1") { id } }'), /exactly one of tin or id/);
      badInput(await gql('{ nationalTaxAccount(tin: "12") { id } }'), /not a taxpayer identification number/);
      badInput(await gql('query ($id: ID) { nationalTaxAccount(id: $id) { id } }', { id: 'abc' }), /not a national-tax internal key/);
      badInput(await gql(LIST('(filter: { division: "51A" })')), /filter.division/);
      badInput(await gql(LIST('(filter: { registeredFrom: "2015-02-30" })')), /no such day/);
      const id = manifest.identities.ENTERPRISE[0].nationalKey;
      badInput(await gql(`{ nationalTaxAccount(id: "${id}") { returns(year: 99999) { taxDue } } }`), /year must be between/);
    });
  });

  it('finds a record by the licence number it copied (GSDJZCH), with a statement the index DJ_NSRXX_GSDJZCH can serve', async () => {
    const [{ djxh, number }] = await sqlRows<{ djxh: string; number: string }>(
      databaseUrl,
      "SELECT djxh::text AS djxh, TRIM(gsdjzch) AS number FROM dj_nsrxx WHERE TRIM(gsdjzch) <> '' ORDER BY djxh LIMIT 1",
    );
    const sent: { sql: string; bindings: Knex.RawBinding[] }[] = [];
    const listener = (q: { sql: string; bindings: Knex.RawBinding[] }) => void sent.push(q);
    running.db.on('query', listener);
    let rows;
    try {
      rows = await accountsByRegistrationNumbers(running.db, [number]);
    } finally {
      running.db.removeListener('query', listener);
    }
    expect(rows.map((r) => String(r.djxh))).toContain(djxh);
    const statement = sent.find((q) => /gsdjzch/i.test(q.sql))!;
    expect(statement).toBeDefined();
    // Seq scans off: the plan shows whether DJ_NSRXX_GSDJZCH fits the statement's expression (a small table may not need it).
    // The statement as sent ($1 placeholders), explained on a session of its own.
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    let plan: { 'QUERY PLAN': string }[];
    try {
      await client.query('SET enable_seqscan = off');
      plan = (await client.query(`EXPLAIN ${statement.sql}`, statement.bindings as unknown[])).rows;
    } finally {
      await client.end();
    }
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/dj_nsrxx_gsdjzch/i);
  });

  it('cannot write through its connection', async () => {
    await expect(running.db.raw("INSERT INTO dm_nsrzt (nsrzt_dm, nsrztmc) VALUES ('98', 'x')")).rejects.toThrow(/read-only/);
  });

  it('an unreachable database gives SOURCE_UNAVAILABLE naming the source', async () => {
    const down = await startSubgraph(nationalTax, { port: 0, url: 'postgres://postgres@127.0.0.1:1/none' });
    try {
      const byIdRes = await graphql(down.url, '{ nationalTaxAccount(id: "1") { id } }');
      expect(byIdRes.status).toBe(200);
      expect(byIdRes.errors?.[0]?.extensions?.code).toBe('SOURCE_UNAVAILABLE');
      expect(byIdRes.errors?.[0]?.extensions?.source).toBe('national-tax');
      const entitiesRes = await graphql(down.url, ENTITIES, { r: [{ __typename: 'Taxpayer', uscc: '91350100M000100Y43' }] });
      expect(entitiesRes.status).toBe(200);
      expect(entitiesRes.errors?.[0]?.extensions?.code).toBe('SOURCE_UNAVAILABLE');
      expect(entitiesRes.errors?.[0]?.extensions?.source).toBe('national-tax');
    } finally {
      await down.stop();
    }
  });
});
