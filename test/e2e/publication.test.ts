/**
 * The publication lists end to end at 2,000 taxpayers: through the gateway (taxpayers' names joined
 * from the sources, an officer reading the notice with personal data masked), and `npm run reconcile
 * -- --no-run --report FILE.html --token T` writing the lists beside the report, each CSV equal to
 * the legacy tables.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { reconcile } from '../../subgraphs/cooperation/reconcile/runner';
import { AUDIT_SUBGRAPH, LEGACY_SOURCES } from '../../shared/sources';
import { Proc, requireBuild, Stack } from '../support/processes';
import { graphql, Seeded, seededSources, sqlRows, tokenFor } from '../support/seeded';

const DIST = join(__dirname, '..', '..', 'dist');
const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');

jest.setTimeout(300_000);

describe('publication lists through the gateway and the report command', () => {
  let seeded: Seeded;
  let stack: Stack;
  let gateway: Proc;
  let analyst: Record<string, string>;

  beforeAll(async () => {
    requireBuild();
    seeded = await seededSources('publication_e2e', 2000);
    process.env.TAXGRAPH_AS_OF = seeded.manifest.asOf;
    stack = new Stack(seeded.urls);
    await Promise.all([...LEGACY_SOURCES, AUDIT_SUBGRAPH.name].map((s) => stack.startSubgraph(s)));
    await stack.startSubgraph('cooperation');
    gateway = await stack.startGateway({ RATE_LIMIT_ANALYST_PER_MINUTE: '10000000', SUBGRAPH_TIMEOUT_MS: '60000' });
    analyst = { authorization: `Bearer ${await tokenFor({ role: 'analyst' })}`, 'x-purpose': 'publication lists test' };
  });

  afterAll(async () => {
    await stack?.stop();
  });

  test("an officer reads the notice with the legal representative masked; the rating list carries the sources' names", async () => {
    const [office] = await sqlRows<{ code: string }>(
      seeded.urls['national-tax'],
      "SELECT zgswj_dm AS code FROM dj_nsrxx WHERE nsrzt_dm = '05' LIMIT 1",
    );
    const officer = {
      authorization: `Bearer ${await tokenFor({ role: 'officer', office: office.code })}`,
      'x-purpose': 'publication lists test',
    };
    const notice = await graphql<{ abnormalTaxpayerNotice: { values: { field: string; value: string | null }[] }[] }>(
      gateway.url,
      'query Notice { abnormalTaxpayerNotice(division: "51") { id values { field value } taxpayer { uscc } } }',
      {},
      officer,
    );
    expect(notice.errors).toBeUndefined();
    expect(notice.data!.abnormalTaxpayerNotice.length).toBeGreaterThan(5);
    for (const e of notice.data!.abnormalTaxpayerNotice) {
      const rep = e.values.find((v) => v.field === 'legalRepresentative')!.value;
      if (rep) expect(rep).toMatch(/^\*+$|\*{4,}/);
    }

    const list = await graphql<{
      jointCreditRatingList: { totalCount: number; edges: { node: { joint: string; taxpayer: { name: string } } }[] };
    }>(
      gateway.url,
      'query Ratings { jointCreditRatingList(year: 2015, grade: "A", first: 500) { totalCount edges { node { joint taxpayer { name } } } } }',
      {},
      analyst,
    );
    expect(list.errors).toBeUndefined();
    const nodes = list.data!.jointCreditRatingList.edges.map((e) => e.node);
    expect(nodes.length).toBe(list.data!.jointCreditRatingList.totalCount);
    expect(nodes.length).toBeGreaterThan(10);
    for (const n of nodes) expect(n.joint).toBe('A');
    // Names come from the sources through the gateway (the registry's; a taxpayer it does not know may have none).
    expect(nodes.filter((n) => n.taxpayer.name).length).toBeGreaterThan(nodes.length / 2);
  });

  test('the report command writes the lists beside the report, each as the legacy tables give it', async () => {
    await reconcile({
      gatewayUrl: gateway.url,
      token: analyst.authorization.slice(7),
      purpose: 'publication lists test',
      databaseUrl: seeded.urls.federation,
    });
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, 'publication-report.html');
    const dir = join(ARTIFACTS, 'publication-report-lists');
    rmSync(dir, { recursive: true, force: true });
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(
        process.execPath,
        [join(DIST, 'scripts', 'reconcile.js'), '--no-run', '--report', file, '--token', analyst.authorization.slice(7)],
        {
          env: { ...process.env, TAXGRAPH_DATABASE_URL: seeded.urls.federation, TAXGRAPH_GATEWAY_URL: gateway.url },
          stdio: 'ignore',
        },
      );
      child.on('exit', resolve);
    });
    expect(code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('href="publication-report-lists/index.html"');
    expect(existsSync(join(dir, 'index.html'))).toBe(true);

    const rowsOf = (name: string) => readFileSync(join(dir, name), 'utf8').trimEnd().split('\r\n').slice(1);
    const asOf = seeded.manifest.asOf;
    const national = await sqlRows<{ division: string; n: string }>(
      seeded.urls['national-tax'],
      `SELECT n.xzqh_dm AS division, count(*) AS n FROM dj_nsrxx n WHERE n.nsrzt_dm = '05'
         AND COALESCE((SELECT MAX(f.rdrq) FROM dj_fzchrdxx f WHERE f.djxh = n.djxh AND f.jcrq IS NULL), $1) <= $1 GROUP BY 1`,
      [asOf],
    );
    const local = await sqlRows<{ division: string; n: string }>(
      seeded.urls['local-tax'],
      "SELECT s.xzqh AS division, count(*) AS n FROM swdj s WHERE s.zt = '30' AND s.czbz <> '1' AND s.ztrq <= $1 GROUP BY 1",
      [asOf.replace(/-/g, '')],
    );
    const expected = new Map<string, number>();
    for (const r of [...national, ...local]) expected.set(r.division, (expected.get(r.division) ?? 0) + Number(r.n));
    expect(expected.size).toBeGreaterThan(3);
    for (const [division, n] of expected) expect([division, rowsOf(`abnormal-taxpayers-${division}.csv`).length]).toEqual([division, n]);

    const rated = await sqlRows<{ division: string; n: string }>(
      seeded.urls['national-tax'],
      'SELECT n.xzqh_dm AS division, count(*) AS n FROM xy_nsrxypj p JOIN dj_nsrxx n ON n.djxh = p.djxh WHERE p.pjnd = 2015 GROUP BY 1',
    );
    let lines = 0;
    let named = 0;
    for (const r of rated) {
      const rows = rowsOf(`credit-ratings-2015-${r.division}.csv`);
      expect([r.division, rows.length]).toEqual([r.division, Number(r.n)]);
      lines += rows.length;
      named += rows.filter((line) => line.split(',')[7]).length;
    }
    // The lines carry the taxpayers' names, joined through the gateway.
    expect(named).toBeGreaterThan(lines / 2);
  });
});

test('the cooperation subgraph refuses to start with a bad table of practice, and says why', async () => {
  requireBuild();
  let stderr = '';
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [join(DIST, 'subgraphs', 'cooperation', 'index.js')], {
      env: { ...process.env, PORT: '0', TAXGRAPH_PRACTICE: '{"provinces":{"45":{"keyTaxSourceYuan":-5}}}' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', resolve);
  });
  expect(code).toBe(1);
  expect(stderr).toContain(
    'cooperation failed to start: TAXGRAPH_PRACTICE: provinces.45.keyTaxSourceYuan must be a whole number of yuan above 0, or null for none; got -5',
  );
});
