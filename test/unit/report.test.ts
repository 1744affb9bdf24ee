/**
 * The reconciliation report without a database: a hand-made run rendered to a file and opened in
 * headless Chromium. Every chart draws, the page asks for nothing, and what came from the store is
 * escaped (in the tables and in the chart data alike).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReportData, ReportFinding } from '../../subgraphs/cooperation/reconcile/report/data';
import { inlineScript } from '../../subgraphs/cooperation/reconcile/report/html';
import { renderReport } from '../../subgraphs/cooperation/reconcile/report/render';
import { artifactPath } from '../support/browser';
import { checkReport, ReportCheck } from '../support/report-check';

const XSS = '<img src=x onerror=alert(1)>';
/** A label from the store that would end the chart data's <script> element if not escaped. */
const BREAKOUT_AREA = '510199</script><script>alert(2)</script>';

const finding = (kind: string, n: number, over: Partial<ReportFinding> = {}): ReportFinding => ({
  key: `${kind}:${n}`,
  kind,
  uscc: `91510104MA6CU${String(n).padStart(4, '0')}X`,
  legacyId: null,
  record: { source: 'national-tax', id: `1510104000${n}` },
  sources: ['national-tax', 'local-tax'],
  detail: `${kind} detail ${n}`,
  values: [],
  division: '510104',
  industryCode: null,
  taxOfficeCodes: ['15101040000'],
  periodFrom: null,
  periodTo: null,
  year: null,
  detectedAt: '2016-01-05',
  ...over,
});

const credit = [
  finding('CREDIT_RATING_DISAGREEMENT', 1, {
    year: 2014,
    detail: '2014: national tax rated A (92), local tax B (75); the joint grade is the lower, B. 成都市锦江区',
    values: [
      { source: 'national-tax', field: 'grade', value: 'A' },
      { source: 'local-tax', field: 'grade', value: 'B' },
    ],
  }),
  finding('CREDIT_RATING_DISAGREEMENT', 2, {
    year: 2015,
    division: '510105',
    detail: XSS,
    values: [
      { source: 'national-tax', field: 'grade', value: 'C' },
      { source: 'local-tax', field: 'grade', value: null },
    ],
  }),
];
const uct = [
  finding('UCT_BASE_MISMATCH', 3, {
    periodFrom: '2015-04-01',
    periodTo: '2015-06-30',
    year: 2015,
    values: [
      { source: 'local-tax', field: 'urbanConstructionTaxBase', value: '1200.00' },
      { source: 'national-tax', field: 'taxesPaid', value: '1500.00' },
    ],
  }),
  finding('UCT_BASE_MISMATCH', 4, { periodFrom: '2015-10-01', periodTo: '2015-12-31', year: 2015, division: '510105' }),
];
const unregistered = [
  finding('UNREGISTERED_BUSINESS', 5, {
    uscc: null,
    legacyId: 'GS5101040000123',
    record: { source: 'business-registry', id: 'PRIPID-0005' },
    sources: ['business-registry'],
    division: '510106',
    taxOfficeCodes: [],
  }),
  finding('UNREGISTERED_BUSINESS', 6, {
    record: { source: 'business-registry', id: 'PRIPID-0006' },
    sources: ['business-registry'],
    division: null,
    taxOfficeCodes: [],
  }),
];
const orphan = [
  finding('ORPHAN_PAYMENT', 7, {
    uscc: null,
    record: { source: 'treasury-bank', id: '15101040000/3201500000007' },
    sources: ['treasury-bank'],
    year: 2015,
  }),
];

const DATA: ReportData = {
  run: {
    id: 7,
    status: 'completed',
    asOf: '2016-01-31',
    startedAt: '2016-02-01T01:00:00.000Z',
    finishedAt: '2016-02-01T01:20:00.000Z',
    purpose: 'joint meeting 2016-02 <b>draft</b>',
    pages: 12,
    records: 3000,
    subjects: 2800,
    findings: 357,
    resumed: 1,
  },
  byKind: [
    { kind: 'CREDIT_RATING_DISAGREEMENT', findings: 2 },
    { kind: 'ORPHAN_PAYMENT', findings: 1 },
    { kind: 'UCT_BASE_MISMATCH', findings: 4 },
    { kind: 'UNREGISTERED_BUSINESS', findings: 350 },
  ],
  byDivision: [
    { division: '510104', kind: 'CREDIT_RATING_DISAGREEMENT', findings: 1 },
    { division: '510105', kind: 'CREDIT_RATING_DISAGREEMENT', findings: 1 },
    { division: '510104', kind: 'UCT_BASE_MISMATCH', findings: 3 },
    { division: '510105', kind: 'UCT_BASE_MISMATCH', findings: 1 },
    { division: '510104', kind: 'ORPHAN_PAYMENT', findings: 1 },
    { division: '510106', kind: 'UNREGISTERED_BUSINESS', findings: 300 },
    { division: BREAKOUT_AREA, kind: 'UNREGISTERED_BUSINESS', findings: 30 },
    { division: null, kind: 'UNREGISTERED_BUSINESS', findings: 20 },
  ],
  byPeriod: [
    { year: 2014, quarter: null, kind: 'CREDIT_RATING_DISAGREEMENT', findings: 1 },
    { year: 2015, quarter: null, kind: 'CREDIT_RATING_DISAGREEMENT', findings: 1 },
    { year: 2015, quarter: '2015-Q2', kind: 'UCT_BASE_MISMATCH', findings: 3 },
    { year: 2015, quarter: '2015-Q4', kind: 'UCT_BASE_MISMATCH', findings: 1 },
    { year: 2015, quarter: null, kind: 'ORPHAN_PAYMENT', findings: 1 },
    { year: null, quarter: null, kind: 'UNREGISTERED_BUSINESS', findings: 350 },
  ],
  registrations: [
    { source: 'business-registry', event: 'new', month: '2015-11', records: 40 },
    { source: 'business-registry', event: 'deregistered', month: '2015-11', records: 4 },
    { source: 'business-registry', event: 'new', month: '2015-12', records: 35 },
    { source: 'national-tax', event: 'new', month: '2015-11', records: 31 },
    { source: 'national-tax', event: 'changed', month: '2015-12', records: 9 },
    { source: 'local-tax', event: 'migrated', month: '2015-12', records: 2 },
  ],
  administrators: {
    count: 3,
    households: 410,
    top: [
      {
        source: 'national-tax',
        administrator: '15101040001',
        name: '张三',
        division: '510104',
        taxOfficeCode: '15101040000',
        households: 300,
      },
      { source: 'local-tax', administrator: 'L0002', name: null, division: '510105', taxOfficeCode: '25101050000', households: 110 },
    ],
  },
  lists: [
    { kind: 'CREDIT_RATING_DISAGREEMENT', total: 2, rows: credit },
    { kind: 'ORPHAN_PAYMENT', total: 1, rows: orphan },
    { kind: 'UCT_BASE_MISMATCH', total: 4, rows: uct },
    { kind: 'UNREGISTERED_BUSINESS', total: 350, rows: unregistered },
  ],
  rowsPerKind: 2,
};

describe('reconciliation report', () => {
  let dir: string;
  let html: string;
  let result: ReportCheck;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'taxgraph-report-'));
    html = renderReport(DATA);
    const file = join(dir, 'report.html');
    writeFileSync(file, html);
    result = await checkReport(file, artifactPath('report-unit.png'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('draws every chart in the browser, asking for nothing outside the file and logging no error', () => {
    expect(result.charts.map((c) => c.id)).toEqual(['chart-by-task', 'chart-by-area', 'chart-by-period', 'chart-registrations']);
    for (const chart of result.charts) {
      expect(chart).toMatchObject({ rendered: true });
      expect(chart.nonBlankPixels).toBeGreaterThan(0);
    }
    expect(result.requests).toEqual([]);
    expect(result.consoleErrors).toEqual([]);
  });

  it('is self-contained: a CSP that forbids every request, no src or outside href, exactly three inline scripts', () => {
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">`,
    );
    expect(html).toContain('Chart.js v4.'); // inlined, not fetched
    expect(html.match(/<script\b/gi)).toHaveLength(3);
    expect(html.match(/<\/script>/gi)).toHaveLength(3);
    const markup = html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '<script></script>');
    const tags = markup.match(/<[a-z][^>]*>/gi) ?? [];
    expect(tags.filter((t) => /\bsrc\s*=/i.test(t))).toEqual([]);
    expect(tags.filter((t) => /^<link\b/i.test(t))).toEqual([]);
    expect(markup).not.toMatch(/url\(|@import/i);
    const hrefs = tags.flatMap((t) => [...t.matchAll(/\bhref\s*=\s*"([^"]*)"/gi)].map((m) => m[1]));
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^#/);
    expect(html).not.toMatch(/<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
  });

  it('lists the findings per task with their legal basis, the values side by side, and the true total when capped', () => {
    for (const t of [3, 7, 9, 15]) expect(html).toContain(`id="task-${t}"`);
    for (const f of [...credit, ...uct, ...orphan]) {
      if (f.uscc) expect(html).toContain(f.uscc);
      expect(html).toContain(f.record.id);
    }
    expect(html).toContain('GS5101040000123');
    expect(html).toContain('PRIPID-0006');
    expect(html).toContain('国、地税机关联合按照有关评定办法标准,评定纳税信用等级'); // the credit rule's basis
    expect(html).toContain('2014: national tax rated A (92), local tax B (75); the joint grade is the lower, B. 成都市锦江区');
    expect(html).toMatch(
      /national-tax · grade<\/span><b>A<\/b><\/span><span class="val"><span class="s">local-tax · grade<\/span><b>B<\/b>/,
    );
    expect(html).toContain('2015-04-01 – 2015-06-30');
    expect(html).toContain('Showing 2 of 350 findings');
    expect(html).toContain('张三');
    expect(html).toContain('run 7, as of 2016-01-31');
  });

  it('escapes what came from the store, in the tables and in the chart data', () => {
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain(XSS);
    expect(html).toContain('joint meeting 2016-02 &lt;b&gt;draft&lt;/b&gt;');
    expect(html).toContain('510199&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;'); // the area table
    expect(html).not.toContain(BREAKOUT_AREA);
  });

  it('inlines script text that contains </script> or <!-- without changing what it means', () => {
    const source = 'return ["</script>", "<!--", /<\\/SCRIPT>/.source, `<!-- ${"</Script >"}`].join("|");';
    const safe = inlineScript(source);
    expect(safe).not.toMatch(/<\/script|<!--/i);
    expect(new Function(safe)()).toBe(new Function(source)());
  });
});
