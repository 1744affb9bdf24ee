/**
 * The publication lists (cooperation subgraph) over 2,000 seeded taxpayers, with the four source
 * subgraphs and cooperation running on real HTTP: the abnormal-taxpayer notice (非正常户公告) and the
 * joint credit rating list each equal what a direct look at the legacy tables gives, by area, day
 * and grade; the rating list pages completely and stably; bad input is refused; personal data is
 * masked without pii:read.
 */
import { maskPersonalData } from '../../subgraphs/kit/access';
import { noticeFile, ratingFile, renderPublication } from '../../subgraphs/cooperation/reconcile/report/publication';
import { loadPublication } from '../../subgraphs/cooperation/reconcile/report/publication-data';
import { businessRegistry } from '../../subgraphs/business-registry/server';
import { cooperation } from '../../subgraphs/cooperation/server';
import { RunningSubgraph, startSubgraph, SubgraphContext, SubgraphModule } from '../../subgraphs/kit/subgraph';
import { localTax } from '../../subgraphs/local-tax/server';
import { nationalTax } from '../../subgraphs/national-tax/server';
import { treasuryBank } from '../../subgraphs/treasury-bank/server';
import type { Principal } from '../../shared/principal';
import { LegacySource, subgraphUrlVariable } from '../../shared/sources';
import { APP_PRINCIPAL, asPrincipal, graphql, GraphQLResponse, Seeded, seededSources, sqlRows } from '../support/seeded';

const MODULES: Record<LegacySource, SubgraphModule<SubgraphContext>> = {
  'national-tax': nationalTax as unknown as SubgraphModule<SubgraphContext>,
  'local-tax': localTax as unknown as SubgraphModule<SubgraphContext>,
  'business-registry': businessRegistry as unknown as SubgraphModule<SubgraphContext>,
  'treasury-bank': treasuryBank as unknown as SubgraphModule<SubgraphContext>,
};

const AS_OF = '2016-03-31';
const ANALYST: Principal = { sub: 'test-analyst', role: 'analyst', scopes: ['taxpayer:read'] };
const GRADES = ['A', 'B', 'M', 'C', 'D'];
const lower = (a: string, b: string) => (GRADES.indexOf(a) >= GRADES.indexOf(b) ? a : b);
/** The organization code inside an old 15-character TIN or a USCC: how the two bureaus' records of one taxpayer meet. */
const orgOf = (tin: string) => (tin.length === 18 ? tin.slice(8, 17) : tin.length === 15 ? tin.slice(6, 15) : null);
const compactDay = (d: string) => d.replace(/-/g, '');

interface AbnormalRow {
  source: 'national-tax' | 'local-tax';
  id: string;
  division: string;
  since: string | null;
  representative: string | null;
}

interface Entry {
  id: string;
  kind: string;
  record: { source: string; id: string };
  division: string;
  taxOfficeCodes: string[];
  values: { field: string; value: string | null }[];
}

interface Rating {
  subject: string;
  uscc: string | null;
  division: string | null;
  nationalTax: string | null;
  localTax: string | null;
  joint: string;
  rule: string;
}

describe('publication lists', () => {
  let seeded: Seeded;
  const running: RunningSubgraph[] = [];
  let url: string;
  let abnormal: AbnormalRow[];
  /** Organization code -> both bureaus' 2015 grades and where the taxpayer is filed, from the legacy tables. */
  let ratings2015: Map<string, { national: string | null; local: string | null; division: string }>;

  const notice = async (args: string, principal: Principal = APP_PRINCIPAL) =>
    graphql<{ abnormalTaxpayerNotice: Entry[] }>(
      url,
      `{ abnormalTaxpayerNotice${args} { id kind record { source id } division taxOfficeCodes values { field value } } }`,
      {},
      await asPrincipal(principal),
    );

  /** Every page of the rating list; the pages' cursors strictly increase. */
  async function ratingList(
    year: number,
    filter: { division?: string; grade?: string },
    first = 100,
  ): Promise<{ items: Rating[]; total: number }> {
    const items: Rating[] = [];
    let after: string | null = null;
    let total: number;
    for (;;) {
      const res: GraphQLResponse<any> = await graphql(
        url,
        `
          query ($y: Int!, $d: String, $g: String, $first: Int, $after: String) {
            jointCreditRatingList(year: $y, division: $d, grade: $g, first: $first, after: $after) {
              totalCount
              pageInfo {
                hasNextPage
                endCursor
              }
              edges {
                cursor
                node {
                  subject
                  uscc
                  division
                  nationalTax
                  localTax
                  joint
                  rule
                }
              }
            }
          }
        `,
        { y: year, d: filter.division, g: filter.grade, first, after },
      );
      expect(res.errors).toBeUndefined();
      const page = res.data!.jointCreditRatingList;
      total = page.totalCount;
      expect(page.edges.length).toBeLessThanOrEqual(first);
      items.push(...page.edges.map((e: { node: Rating }) => e.node));
      if (!page.pageInfo.hasNextPage) return { items, total };
      after = page.pageInfo.endCursor;
    }
  }

  beforeAll(async () => {
    seeded = await seededSources('publication');
    for (const source of Object.keys(MODULES) as LegacySource[]) {
      const s = await startSubgraph(MODULES[source], { port: 0, url: seeded.urls[source] });
      running.push(s);
      process.env[subgraphUrlVariable(source)] = s.url;
    }
    process.env.TAXGRAPH_AS_OF = AS_OF;
    process.env.COOPERATION_SOURCE_TIMEOUT_MS = '30000';
    const coop = await startSubgraph(cooperation, { port: 0, url: seeded.urls.federation });
    running.push(coop);
    url = coop.url;

    const national = await sqlRows<AbnormalRow>(
      seeded.urls['national-tax'],
      `SELECT 'national-tax' AS source, n.djxh::text AS id, n.xzqh_dm AS division, TRIM(n.fddbrxm) AS representative,
         (SELECT MAX(f.rdrq) FROM dj_fzchrdxx f WHERE f.djxh = n.djxh AND f.jcrq IS NULL)::text AS since
       FROM dj_nsrxx n WHERE n.nsrzt_dm = '05'`,
    );
    const local = await sqlRows<AbnormalRow>(
      seeded.urls['local-tax'],
      `SELECT 'local-tax' AS source, TRIM(s.jsjdm) AS id, s.xzqh AS division, TRIM(s.frxm) AS representative,
         CASE WHEN s.ztrq ~ '^[0-9]{8}$' AND s.ztrq <> '00000000'
           THEN SUBSTR(s.ztrq, 1, 4) || '-' || SUBSTR(s.ztrq, 5, 2) || '-' || SUBSTR(s.ztrq, 7, 2) END AS since
       FROM swdj s WHERE s.zt = '30' AND s.czbz <> '1'`,
    );
    abnormal = [...national, ...local];

    const nr = await sqlRows<{ tin: string; division: string; grade: string }>(
      seeded.urls['national-tax'],
      `SELECT TRIM(n.nsrsbh) AS tin, n.xzqh_dm AS division, p.xydj_dm AS grade
       FROM xy_nsrxypj p JOIN dj_nsrxx n ON n.djxh = p.djxh WHERE p.pjnd = 2015`,
    );
    const lr = await sqlRows<{ tin: string; division: string; grade: string }>(
      seeded.urls['local-tax'],
      `SELECT TRIM(s.swdjzh) AS tin, s.xzqh AS division, TRIM(x.dj) AS grade
       FROM xypj x JOIN swdj s ON s.jsjdm = x.jsjdm WHERE x.nd = '2015' AND s.czbz <> '1'`,
    );
    ratings2015 = new Map();
    for (const r of nr) {
      const org = orgOf(r.tin)!;
      expect(ratings2015.has(org)).toBe(false);
      ratings2015.set(org, { national: r.grade, local: null, division: r.division });
    }
    for (const r of lr) {
      const org = orgOf(r.tin)!;
      const e = ratings2015.get(org) ?? { national: null, local: null, division: r.division };
      expect(e.local).toBeNull();
      ratings2015.set(org, { ...e, local: r.grade });
    }
  }, 300_000);

  afterAll(async () => {
    for (const s of running.reverse()) await s.stop();
  });

  test('the notice lists every registration each bureau holds as abnormal, by area, as the legacy tables do', async () => {
    expect(abnormal.length).toBeGreaterThan(30);
    const expected = (prefix: string, day: string) =>
      abnormal
        .filter((a) => a.division.startsWith(prefix) && (a.since === null || a.since <= day))
        .map((a) => `ABNORMAL|${a.source}:${a.id}|`)
        .sort();
    const everywhere = await notice('');
    expect(everywhere.errors).toBeUndefined();
    const all = everywhere.data!.abnormalTaxpayerNotice;
    expect(all.map((e) => e.id).sort()).toEqual(expected('', AS_OF));
    expect(new Set(all.map((e) => e.kind))).toEqual(new Set(['ABNORMAL']));
    expect(all.filter((e) => e.record.source === 'local-tax').length).toBeGreaterThan(5);
    // Ordered by area, then day declared.
    const order = all.map((e) => `${e.division}|${e.values.find((v) => v.field === 'abnormalSince')!.value ?? ''}`);
    expect(order).toEqual([...order].sort());
    for (const e of all) {
      expect(e.taxOfficeCodes).toHaveLength(1);
      expect(e.values.find((v) => v.field === 'taxOfficeCode')!.value).toBe(e.taxOfficeCodes[0]);
      expect(e.values.find((v) => v.field === 'name')!.value).toBeTruthy();
    }

    const areas = [...new Set(abnormal.map((a) => a.division))];
    const prefixes = [...new Set(areas.flatMap((d) => [d.slice(0, 2), d.slice(0, 4), d]))];
    expect(prefixes.length).toBeGreaterThan(5);
    for (const prefix of prefixes) {
      const res = await notice(`(division: "${prefix}")`);
      expect(res.errors).toBeUndefined();
      expect(res.data!.abnormalTaxpayerNotice.map((e) => e.id).sort()).toEqual(expected(prefix, AS_OF));
    }
    // A province's or city's 6-digit code stands for all of it.
    const province = prefixes.find((p) => p.length === 2)!;
    const asSix = await notice(`(division: "${province}0000")`);
    expect(asSix.data!.abnormalTaxpayerNotice.map((e) => e.id).sort()).toEqual(expected(province, AS_OF));
  });

  test('asOf is honoured against the day each registration was declared abnormal', async () => {
    const days = [...new Set(abnormal.map((a) => a.since).filter((d): d is string => !!d))].sort();
    const day = days[Math.floor(days.length / 2)];
    const res = await notice(`(asOf: "${day}")`);
    expect(res.errors).toBeUndefined();
    const expected = abnormal.filter((a) => a.since === null || a.since <= day).map((a) => `ABNORMAL|${a.source}:${a.id}|`);
    expect(expected.length).toBeLessThan(abnormal.length);
    expect(res.data!.abnormalTaxpayerNotice.map((e) => e.id).sort()).toEqual(expected.sort());
    for (const e of res.data!.abnormalTaxpayerNotice) {
      const since = e.values.find((v) => v.field === 'abnormalSince')!.value;
      if (since) expect(compactDay(since) <= compactDay(day)).toBe(true);
    }
  });

  test("the legal representative is whole with pii:read, masked without; a bad area or a day after the data's is refused", async () => {
    const whole = (await notice('')).data!.abnormalTaxpayerNotice;
    const masked = (await notice('', ANALYST)).data!.abnormalTaxpayerNotice;
    const rep = new Map(abnormal.map((a) => [`ABNORMAL|${a.source}:${a.id}|`, a.representative]));
    const field = (e: Entry, f: string) => e.values.find((v) => v.field === f)!.value;
    let named = 0;
    whole.forEach((e, i) => {
      expect(masked[i].id).toBe(e.id);
      expect(field(e, 'legalRepresentative')).toBe(rep.get(e.id) || null);
      if (!rep.get(e.id)) return;
      named++;
      expect(field(masked[i], 'legalRepresentative')).toBe(maskPersonalData(rep.get(e.id)!));
      expect(field(masked[i], 'legalRepresentative')).not.toBe(rep.get(e.id));
      const id = field(e, 'legalRepresentativeIdNumber');
      if (id) expect(field(masked[i], 'legalRepresentativeIdNumber')).toBe(maskPersonalData(id));
    });
    expect(named).toBeGreaterThan(10);

    for (const args of ['(division: "5")', '(division: "51010")', '(division: "51x104")', '(division: "")', '(asOf: "2016-04-01")']) {
      const res = await notice(args);
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    }
  });

  test('the joint rating list of 2015: one entry per rated taxpayer, both grades and the lower, as the rating tables give them', async () => {
    const { items, total } = await ratingList(2015, {});
    expect(total).toBe(items.length);
    expect(items.length).toBe(ratings2015.size);
    expect(new Set(items.map((r) => r.subject)).size).toBe(items.length);
    const subjects = items.map((r) => r.subject);
    expect(subjects).toEqual([...subjects].sort());
    const got = new Map(
      items.map((r) => [
        orgOf(r.uscc!),
        { national: r.nationalTax, local: r.localTax, division: r.division, joint: r.joint, rule: r.rule },
      ]),
    );
    for (const [org, e] of ratings2015) {
      const joint = e.national && e.local ? lower(e.national, e.local) : (e.national ?? e.local);
      expect({ org, ...got.get(org) }).toEqual({ org, ...e, joint, rule: 'LOWER' });
    }
    expect(items.some((r) => r.nationalTax !== r.localTax)).toBe(true);
  });

  test('the list filters by area and joint grade, and its pages are complete and stable', async () => {
    const expected = (prefix: string, grade: string | null) =>
      [...ratings2015.entries()]
        .filter(([, e]) => e.division.startsWith(prefix))
        .filter(([, e]) => !grade || (e.national && e.local ? lower(e.national, e.local) : (e.national ?? e.local)) === grade)
        .map(([org]) => org)
        .sort();
    const divisions = [...new Set([...ratings2015.values()].map((e) => e.division))];
    for (const prefix of [divisions[0].slice(0, 2), divisions[0].slice(0, 4), divisions[0]]) {
      for (const grade of [null, 'A', 'C']) {
        const { items, total } = await ratingList(2015, { division: prefix, ...(grade ? { grade } : {}) }, 37);
        expect(total).toBe(items.length);
        expect(items.map((r) => orgOf(r.uscc!)).sort()).toEqual(expected(prefix, grade));
      }
    }
    // Paged at two sizes, the same list in the same order.
    const small = await ratingList(2015, { grade: 'B' }, 7);
    const large = await ratingList(2015, { grade: 'B' }, 500);
    expect(small.items.map((r) => r.subject)).toEqual(large.items.map((r) => r.subject));
    expect(small.items.length).toBe(expected('', 'B').length);

    for (const [args, code] of [
      ['year: 2013', 'BAD_USER_INPUT'],
      ['year: 2015, grade: "E"', 'BAD_USER_INPUT'],
      ['year: 2015, division: "5"', 'BAD_USER_INPUT'],
      ['year: 2015, first: 501', 'BAD_USER_INPUT'],
      ['year: 2015, after: "bm90IGEgY3Vyc29y"', 'BAD_USER_INPUT'],
    ]) {
      const res = await graphql(url, `{ jointCreditRatingList(${args}) { totalCount } }`);
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual([code]);
    }
  });

  test("the report's lists: the notice per area and the ratings per year and area, as the legacy tables give them", async () => {
    // The report reads through the gateway, where Taxpayer.name comes from the sources; here, straight from
    // cooperation, the name is left out of the query (the lists' names are then empty).
    const gql = async <T>(_name: string, query: string, variables: Record<string, unknown>): Promise<T> => {
      const res = await graphql<T>(url, query.replace(' taxpayer { name }', ''), variables);
      expect(res.errors).toBeUndefined();
      return res.data!;
    };
    const publication = await loadPublication(gql, AS_OF, [2014, 2015]);
    const files = renderPublication(publication);
    const rowsOf = (name: string) => files.get(name)!.trimEnd().split('\r\n').length - 1;
    const divisions = [...new Set(abnormal.map((a) => a.division))];
    for (const d of divisions)
      expect([d, rowsOf(noticeFile(d, 'csv'))]).toEqual([d, abnormal.filter((a) => a.division === d && (a.since ?? '') <= AS_OF).length]);
    expect(publication.notice).toHaveLength(abnormal.length);
    expect(publication.ratings.find((r) => r.year === 2015)!.rows).toHaveLength(ratings2015.size);
    expect(publication.ratings.find((r) => r.year === 2014)!.rows.length).toBeGreaterThan(0);
    for (const d of new Set([...ratings2015.values()].map((e) => e.division)))
      expect([d, rowsOf(ratingFile(2015, d, 'csv'))]).toEqual([d, [...ratings2015.values()].filter((e) => e.division === d).length]);
    expect(files.get('index.html')).toContain(noticeFile(divisions[0], 'html'));
  });
});
