/**
 * What the sources expose for the cooperation rules (real PostgreSQL, seeded, no mocks):
 * `dataIssues` on every national, local and registry record against the ground truth's
 * GARBAGE_RECORD entries (task 14), the deemed-CIT rate counts per area and industry against a
 * direct SQL count (task 5), and payments listed by payer TIN for an app principal.
 */
import type { Manifest } from '../../seeds/manifest';
import { businessRegistry } from '../../subgraphs/business-registry/server';
import { DataProblem } from '../../subgraphs/kit/data-quality';
import type { Principal } from '../../shared/principal';
import { startSubgraph, RunningSubgraph } from '../../subgraphs/kit/subgraph';
import { localTax } from '../../subgraphs/local-tax/server';
import { nationalTax } from '../../subgraphs/national-tax/server';
import { treasuryBank } from '../../subgraphs/treasury-bank/server';
import { APP_PRINCIPAL, asPrincipal, countQueries, graphql, GraphQLResponse, Seeded, seededSources, sqlRows } from '../support/seeded';

interface Issue {
  field: string;
  problem: DataProblem;
  description: string;
}
interface Record_ {
  id: string;
  tin?: string;
  name: string;
  dataIssues: Issue[];
  [field: string]: unknown;
}

const ISSUE = 'dataIssues { field problem description }';

describe('data quality and cooperation facts exposed by the sources', () => {
  let seeded: Seeded;
  let manifest: Manifest;
  const running: Record<string, RunningSubgraph> = {};
  const url = (name: string) => running[name].url;

  /** Every record of a root connection, 500 a page. */
  async function everyRecord(subgraph: string, field: string, selection: string): Promise<Record_[]> {
    const out: Record_[] = [];
    let after: string | null = null;
    for (;;) {
      const res: GraphQLResponse<Record<string, any>> = await graphql(
        url(subgraph),
        `query ($after: String) { ${field}(first: 500, after: $after) { pageInfo { hasNextPage endCursor } edges { node { ${selection} } } } }`,
        { after },
      );
      expect(res.errors).toBeUndefined();
      const page = res.data![field];
      out.push(...page.edges.map((e: { node: Record_ }) => e.node));
      if (!page.pageInfo.hasNextPage) return out;
      after = page.pageInfo.endCursor;
    }
  }

  const garbageKeys = (source: string) => manifest.cases.GARBAGE_RECORD.filter((c) => c.source === source).map((c) => c.legacyId!);
  /** The garbage rows no taxpayer stands behind (placeholder TIN), unlike a real taxpayer's record with a full-width organization code. */
  const garbageRows = (source: string) =>
    manifest.cases.GARBAGE_RECORD.filter((c) => c.source === source && c.detail?.field === 'registration').map((c) => c.legacyId!);

  beforeAll(async () => {
    seeded = await seededSources('data_quality', 2000);
    manifest = seeded.manifest;
    for (const [name, module] of [
      ['national-tax', nationalTax],
      ['local-tax', localTax],
      ['business-registry', businessRegistry],
      ['treasury-bank', treasuryBank],
    ] as const) {
      running[name] = await startSubgraph(module as never, { port: 0, url: seeded.urls[name] });
    }
  }, 300000);

  afterAll(async () => {
    for (const r of Object.values(running)) await r.stop();
  });

  describe('dataIssues (三清 garbage records)', () => {
    /** Every record's issues are non-empty exactly for the planted garbage, and no description repeats the record's TIN or name. */
    function expectExactlyGarbage(records: Record_[], garbage: string[]): void {
      const flagged = records
        .filter((r) => r.dataIssues.length > 0)
        .map((r) => r.id)
        .sort();
      expect(flagged).toEqual([...new Set(garbage)].sort());
      for (const r of records) {
        for (const i of r.dataIssues) {
          expect(Object.values(DataProblem)).toContain(i.problem);
          if (r.tin) expect(i.description).not.toContain(r.tin);
          expect(i.description).not.toContain(r.name);
        }
      }
    }

    it('national tax: every DJ_NSRXX record, issues exactly on the planted garbage (placeholder TIN, digits-only name)', async () => {
      const records = await everyRecord('national-tax', 'nationalTaxAccounts', `id tin name ${ISSUE}`);
      const [{ n }] = await sqlRows<{ n: string }>(seeded.urls['national-tax'], 'SELECT COUNT(*) AS n FROM dj_nsrxx');
      expect(records).toHaveLength(Number(n));
      const garbage = garbageKeys('national-tax');
      expect(garbage.length).toBeGreaterThanOrEqual(5);
      expectExactlyGarbage(records, garbage);
      const byId = new Map(records.map((r) => [r.id, r]));
      for (const key of garbage) {
        expect(byId.get(key)!.dataIssues.map((i) => [i.field, i.problem])).toEqual([
          ['tin', DataProblem.PLACEHOLDER_IDENTIFIER],
          ['name', DataProblem.TEST_RECORD],
        ]);
      }
      // Padded TINs are CHAR padding, not garbage; duplicates are another case (DUPLICATE_RECORD).
      const padded = manifest.identities.PADDED_CODES.map((e) => e.nationalKey!);
      const duplicates = manifest.cases.DUPLICATE_RECORD.filter((c) => c.source === 'national-tax').map((c) => c.legacyId!);
      expect(padded.length).toBeGreaterThan(10);
      expect(duplicates.length).toBeGreaterThan(5);
      for (const key of [...padded, ...duplicates]) expect(byId.get(key)!.dataIssues).toEqual([]);
    });

    it('local tax: every SWDJ record, issues exactly on the planted garbage (placeholder TIN, 测试户 / full-width name, 20150230, full-width organization code)', async () => {
      const records = await everyRecord('local-tax', 'localTaxAccounts', `id tin name organizationCode registeredOn ${ISSUE}`);
      const [{ n }] = await sqlRows<{ n: string }>(seeded.urls['local-tax'], "SELECT COUNT(*) AS n FROM swdj WHERE czbz <> '1'");
      expect(records).toHaveLength(Number(n));
      const cases = manifest.cases.GARBAGE_RECORD.filter((c) => c.source === 'local-tax');
      expectExactlyGarbage(records, garbageKeys('local-tax'));
      const byId = new Map(records.map((r) => [r.id, r]));

      const rows = cases.filter((c) => c.detail?.field === 'registration');
      expect(rows.length).toBeGreaterThanOrEqual(5);
      const names = new Set<string>();
      for (const c of rows) {
        const issues = byId.get(c.legacyId!)!.dataIssues.map((i) => `${i.field} ${i.problem}`);
        expect(issues).toEqual(expect.arrayContaining(['tin PLACEHOLDER_IDENTIFIER', 'registeredOn IMPOSSIBLE_DATE']));
        expect(issues.some((i) => i === 'name TEST_RECORD' || i === 'name FULL_WIDTH_CHARACTERS')).toBe(true);
        // '00000000' in ZTRQ is "no date", not an impossible one.
        expect(issues.filter((i) => i.startsWith('statusChangedOn'))).toEqual([]);
        issues.filter((i) => i.startsWith('name')).forEach((i) => names.add(i));
        expect(byId.get(c.legacyId!)!.registeredOn).toBeNull();
      }
      expect([...names].sort()).toEqual(['name FULL_WIDTH_CHARACTERS', 'name TEST_RECORD']);

      const fullWidth = cases.filter((c) => c.detail?.field === 'organizationCode');
      expect(fullWidth.length).toBeGreaterThan(10);
      for (const c of fullWidth) {
        const record = byId.get(c.legacyId!)!;
        expect(record.dataIssues.map((i) => [i.field, i.problem])).toEqual([['organizationCode', DataProblem.FULL_WIDTH_CHARACTERS]]);
        expect(record.organizationCode).toMatch(/^[0-9A-Z]{9}$/); // the graph still shows it repaired
      }
      // A padded taxpayer may also have drawn a full-width organization code: that one is garbage.
      const padded = manifest.identities.PADDED_CODES.map((e) => e.localKey!).filter((k) => !fullWidth.some((c) => c.legacyId === k));
      expect(padded.length).toBeGreaterThan(10);
      for (const key of padded) expect(byId.get(key)!.dataIssues).toEqual([]);
    });

    it('business registry: no record has an issue (the seed plants no registry garbage, padded REGNOs included)', async () => {
      const records = await everyRecord('business-registry', 'registrations', `id name ${ISSUE}`);
      const [{ n }] = await sqlRows<{ n: string }>(seeded.urls['business-registry'], 'SELECT COUNT(*) AS n FROM e_baseinfo');
      expect(records).toHaveLength(Number(n));
      expect(manifest.identities.PADDED_CODES.length).toBeGreaterThan(10);
      expectExactlyGarbage(records, []);
    });
  });

  describe.each([
    {
      source: 'national-tax' as const,
      field: 'nationalTaxDeemedCitRates',
      // The test's own count, garbage rows left out by the ground truth's keys rather than by the subgraph's rule.
      groups: `SELECT n.xzqh_dm AS division, n.hy_dm AS industry, h.nd::int AS year, h.yssdl::float8 AS rate, COUNT(*)::int AS n
                 FROM sds_hdzsxx h JOIN dj_nsrxx n ON n.djxh = h.djxh WHERE n.djxh::text <> ALL($1::text[]) GROUP BY 1, 2, 3, 4`,
      garbageRow: 'SELECT xzqh_dm AS division, hy_dm AS industry FROM dj_nsrxx WHERE djxh = $1::numeric',
      insert: 'INSERT INTO sds_hdzsxx (djxh, nd, yssdl) VALUES ($1::numeric, $2, 0.99)',
      remove: 'DELETE FROM sds_hdzsxx WHERE djxh = $1::numeric AND nd = $2',
    },
    {
      source: 'local-tax' as const,
      field: 'localTaxDeemedCitRates',
      groups: `SELECT s.xzqh AS division, s.hydm AS industry, d.nd::int AS year, d.yssdl::float8 AS rate, COUNT(*)::int AS n
                 FROM sds_hd d JOIN swdj s ON s.jsjdm = d.jsjdm WHERE s.czbz <> '1' AND TRIM(s.jsjdm) <> ALL($1::text[]) GROUP BY 1, 2, 3, 4`,
      garbageRow: 'SELECT xzqh AS division, hydm AS industry FROM swdj WHERE jsjdm = $1',
      insert: 'INSERT INTO sds_hd (jsjdm, nd, yssdl) VALUES ($1, $2::text, 0.99)',
      remove: 'DELETE FROM sds_hd WHERE jsjdm = $1 AND nd = $2::text',
    },
  ])('$field (task 5)', ({ source, field, groups, garbageRow, insert, remove }) => {
    const query = `query ($d: String!, $i: String!, $y: Int!) { ${field}(division: $d, industryCode: $i, year: $y) { rate taxpayers } }`;
    const ask = (d: string, i: string, y: number, headers?: Record<string, string>) => graphql(url(source), query, { d, i, y }, headers);
    const badInput = (res: GraphQLResponse, argument: string) => {
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors![0].extensions!.argument).toBe(argument);
    };

    it('equals a direct SQL count for every division, industry and year that has assessments, most common rate first', async () => {
      const rows = await sqlRows<{ division: string; industry: string; year: number; rate: number; n: number }>(
        seeded.urls[source],
        groups,
        [garbageRows(source)],
      );
      const expected = new Map<string, Map<number, number>>();
      for (const r of rows) {
        const key = `${r.division.trim()}|${r.industry.trim()}|${r.year}`;
        if (!expected.has(key)) expected.set(key, new Map());
        expected.get(key)!.set(r.rate, r.n);
      }
      expect(expected.size).toBeGreaterThan(5);
      let imbalanced = 0;
      for (const [key, rates] of expected) {
        const [d, i, y] = key.split('|');
        const res = await ask(d, i, Number(y));
        expect(res.errors).toBeUndefined();
        const got = res.data![field] as { rate: string; taxpayers: number }[];
        expect({ key, got: new Map(got.map((g) => [Number(g.rate), g.taxpayers])) }).toEqual({ key, got: rates });
        for (let k = 1; k < got.length; k++) expect(got[k - 1].taxpayers).toBeGreaterThanOrEqual(got[k].taxpayers);
        if (got.length > 1) imbalanced++;
      }
      // The seed plants rates off their area's and industry's; at 2,000 taxpayers each bureau has some.
      expect(imbalanced).toBeGreaterThan(0);
      expect((await ask('999999', '9999', 2015)).data![field]).toEqual([]);
    });

    it('counts every group asked in one request in one statement, each as it is counted alone', async () => {
      const rows = await sqlRows<{ division: string; industry: string; year: number }>(
        seeded.urls[source],
        `SELECT DISTINCT division, industry, year FROM (${groups}) g ORDER BY 1, 2, 3 LIMIT 12`,
        [garbageRows(source)],
      );
      const asked = [...rows.map((r) => ({ d: r.division.trim(), i: r.industry.trim(), y: r.year })), { d: '999999', i: '9999', y: 2015 }];
      expect(asked.length).toBeGreaterThan(5);
      const alone = [];
      for (const a of asked) alone.push((await ask(a.d, a.i, a.y)).data![field]);
      const variables = asked.map((a, k) => `$d${k}: String!, $i${k}: String!, $y${k}: Int!`).join(', ');
      const fields = asked.map((_, k) => `r${k}: ${field}(division: $d${k}, industryCode: $i${k}, year: $y${k}) { rate taxpayers }`);
      const values = Object.fromEntries(
        asked.flatMap((a, k) => [
          [`d${k}`, a.d],
          [`i${k}`, a.i],
          [`y${k}`, a.y],
        ]),
      );
      const counter = countQueries(running[source].db);
      try {
        const res = await graphql(url(source), `query (${variables}) { ${fields.join(' ')} }`, values);
        expect(res.errors).toBeUndefined();
        expect(asked.map((_, k) => res.data![`r${k}`])).toEqual(alone);
        expect(counter.count).toBe(1);
      } finally {
        counter.stop();
      }
    });

    it('leaves out a record with a placeholder TIN (garbage) even when it carries an assessment', async () => {
      const key = garbageRows(source)[0];
      const [{ division, industry }] = await sqlRows<{ division: string; industry: string }>(seeded.urls[source], garbageRow, [key]);
      await sqlRows(seeded.urls[source], insert, [key, 2015]);
      try {
        // The assessment is there for anyone who counts without the garbage rule.
        const raw = await sqlRows(seeded.urls[source], groups.replace(/WHERE .* GROUP BY/s, 'GROUP BY'));
        expect(raw.some((r) => r.division.trim() === division.trim() && r.industry.trim() === industry.trim() && r.rate === 0.99)).toBe(
          true,
        );
        const res = await ask(division.trim(), industry.trim(), 2015);
        expect(res.errors).toBeUndefined();
        expect((res.data![field] as { rate: string }[]).map((g) => Number(g.rate))).not.toContain(0.99);
      } finally {
        await sqlRows(seeded.urls[source], remove, [key, 2015]);
      }
    });

    it('refuses a malformed division, industry code or year with BAD_USER_INPUT, and callers without taxpayer:read', async () => {
      badInput(await ask('11010', '5211', 2015), 'division');
      badInput(await ask('1101011', '5211', 2015), 'division');
      badInput(await ask('', '5211', 2015), 'division');
      badInput(await ask('110101', '521', 2015), 'industryCode');
      badInput(await ask('110101', '52-11', 2015), 'industryCode');
      badInput(await ask('110101', '5211', 1899), 'year');
      badInput(await ask('110101', '5211', 3000), 'year');
      const bank: Principal = { sub: 'test-bank', role: 'bank', bank: '102100099996', scopes: [] };
      const res = await ask('110101', '5211', 2015, await asPrincipal(bank));
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });
  });

  describe('treasury-bank payments by payer TIN', () => {
    const query =
      'query ($t: String!, $after: String) { payments(filter: { payerTin: $t }, first: 500, after: $after) { pageInfo { hasNextPage endCursor } edges { node { voucherNo payerTin } } } }';
    async function byPayerTin(tin: string, headers?: Record<string, string>): Promise<{ voucherNo: string; payerTin: string }[]> {
      const out: { voucherNo: string; payerTin: string }[] = [];
      let after: string | null = null;
      for (;;) {
        const res: GraphQLResponse<Record<string, any>> = await graphql(url('treasury-bank'), query, { t: tin, after }, headers);
        expect(res.errors).toBeUndefined();
        out.push(...res.data!.payments.edges.map((e: { node: { voucherNo: string; payerTin: string } }) => e.node));
        if (!res.data!.payments.pageInfo.hasNextPage) return out;
        after = res.data!.payments.pageInfo.endCursor;
      }
    }

    it("an app principal with pii:read lists a payer's payments by its TIN, citizen-ID TINs whole; without pii:read they are masked", async () => {
      expect(APP_PRINCIPAL.scopes).toContain('pii:read');
      const counts = await sqlRows<{ tin: string; n: number }>(
        seeded.urls['treasury-bank'],
        'SELECT TRIM("TaxPayCode") AS tin, COUNT(*)::int AS n FROM "TaxPayment" GROUP BY 1',
      );
      const paid = new Map(counts.map((c) => [c.tin, c.n]));
      const individual = manifest.identities.INDIVIDUAL_BUSINESS.map((e) => e.localTin!).find((t) => paid.has(t))!;
      const enterprise = manifest.identities.ENTERPRISE.map((e) => e.nationalTin!).find((t) => t.length === 15 && paid.has(t))!;
      expect(individual).toHaveLength(20);
      for (const tin of [individual, enterprise]) {
        const got = await byPayerTin(tin);
        expect({ tin, n: got.length }).toEqual({ tin, n: paid.get(tin) });
        for (const p of got) expect(p.payerTin).toBe(tin);
      }
      const noPii = await asPrincipal({ ...APP_PRINCIPAL, scopes: ['taxpayer:read'] });
      const masked = await byPayerTin(individual, noPii);
      expect(masked).toHaveLength(paid.get(individual)!);
      for (const p of masked) expect(p.payerTin).toBe(`${individual.slice(0, 4)}${'*'.repeat(14)}${individual.slice(-2)}`);
      for (const p of await byPayerTin(enterprise, noPii)) expect(p.payerTin).toBe(enterprise);
    });
  });
});
