/**
 * The publication lists beside the report (reconcile/report/publication.ts): one CSV and one HTML
 * page per area for the notice, per year and area for the ratings (grades in sections), an index,
 * CSV fields quoted and defused, HTML escaped and closed to the network like the report.
 */
import {
  csv,
  csvField,
  noticeFile,
  PublicationData,
  ratingFile,
  renderPublication,
} from '../../subgraphs/cooperation/reconcile/report/publication';
import { defaultRatingYears } from '../../subgraphs/cooperation/reconcile/report/publication-data';
import type { ReportData } from '../../subgraphs/cooperation/reconcile/report/data';
import { renderReport } from '../../subgraphs/cooperation/reconcile/report/render';

const notice = (id: string, division: string, name: string, since: string | null) => ({
  id: `ABNORMAL|national-tax:${id}|`,
  source: 'national-tax',
  division,
  name,
  tin: '510104100000019',
  uscc: '91510104100000019X',
  legalRepresentative: '**',
  legalRepresentativeIdNumber: '5101**********1236',
  abnormalSince: since,
  taxOfficeCode: '15101040000',
  taxOfficeName: '成都市锦江区国家税务局',
});

const rating = (subject: string, division: string, nationalTax: string | null, localTax: string | null, joint: string) => ({
  year: 2015,
  subject,
  uscc: subject.replace('uscc:', ''),
  name: `企业${subject.slice(-3)}`,
  division,
  nationalTax,
  localTax,
  joint,
  rule: 'LOWER',
});

const DATA: PublicationData = {
  asOf: '2016-03-31',
  notice: [
    notice('1', '510104', '锦江物流有限公司', '2016-01-05'),
    notice('2', '510104', '=HYPERLINK("http://x")', null),
    notice('3', '450500', '北海"海鲜",贸易', '2015-11-30'),
  ],
  ratings: [
    {
      year: 2015,
      rows: [
        rating('uscc:91510104000000001A', '510104', 'A', 'C', 'C'),
        rating('uscc:91510104000000002B', '510104', 'B', 'B', 'B'),
        rating('uscc:91510104000000003C', '510104', 'A', null, 'A'),
        rating('uscc:91450500000000004D', '450500', 'D', 'B', 'D'),
      ],
    },
    { year: 2014, rows: [] },
  ],
};

describe('publication lists beside the report', () => {
  const files = renderPublication(DATA);

  test('a notice per area and a rating list per year and area, each as CSV and HTML, and an index', () => {
    expect([...files.keys()].sort()).toEqual(
      [
        noticeFile('450500', 'csv'),
        noticeFile('450500', 'html'),
        noticeFile('510104', 'csv'),
        noticeFile('510104', 'html'),
        ratingFile(2015, '450500', 'csv'),
        ratingFile(2015, '450500', 'html'),
        ratingFile(2015, '510104', 'csv'),
        ratingFile(2015, '510104', 'html'),
        'index.html',
      ].sort(),
    );
    const lines = files.get(noticeFile('510104', 'csv'))!.split('\r\n');
    expect(lines[0].startsWith('\uFEFFdivision,bureau,name')).toBe(true);
    expect(lines).toHaveLength(4); // head, two registrations, the final line break
    expect(lines[1]).toContain('锦江物流有限公司,510104100000019,91510104100000019X,**,5101**********1236,2016-01-05,15101040000');
  });

  test('CSV fields are quoted where they must be and never run as formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('-3')).toBe("'-3");
    expect(csvField(null)).toBe('');
    expect(csvField(2015)).toBe('2015');
    expect(csv(['h'], [['x\ny']])).toBe('\uFEFFh\r\n"x\ny"\r\n');
    const beihai = files.get(noticeFile('450500', 'csv'))!;
    expect(beihai).toContain('"北海""海鲜"",贸易"');
    expect(files.get(noticeFile('510104', 'csv'))).toContain(`"'=HYPERLINK(""http://x"")"`);
  });

  test('the rating list of an area is sorted by joint grade, with a section per grade', () => {
    const rows = files
      .get(ratingFile(2015, '510104', 'csv'))!
      .trim()
      .split('\r\n')
      .slice(1);
    expect(rows.map((r) => r.split(',')[2])).toEqual(['A', 'B', 'C']);
    const html = files.get(ratingFile(2015, '510104', 'html'))!;
    expect(html).toContain('id="grade-A"');
    expect(html).toContain('id="grade-C"');
    expect(html).not.toContain('id="grade-D"');
    const index = files.get('index.html')!;
    expect(index).toContain(`href="${ratingFile(2015, '450500', 'html')}#grade-D"`);
    expect(index).toContain('No taxpayer rated that year.');
  });

  test('pages are escaped, self-contained and closed to the network', () => {
    for (const [name, html] of files) {
      if (!name.endsWith('.html')) continue;
      expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
      expect(html).not.toMatch(/<script/);
      expect(html).not.toMatch(/(src|href)="https?:/);
    }
    const page = files.get(noticeFile('510104', 'html'))!;
    expect(page).toContain('=HYPERLINK(&quot;http://x&quot;)');
    expect(page).not.toContain('"http://x"');
  });

  test('the default rating years are the two before the as-of year', () => {
    expect(defaultRatingYears('2016-03-31')).toEqual([2014, 2015]);
  });
});

test('the report links the lists only when they were written', () => {
  const run: ReportData = {
    run: {
      id: 1,
      status: 'completed',
      asOf: '2016-03-31',
      startedAt: '2016-04-01T01:00:00.000Z',
      finishedAt: '2016-04-01T01:10:00.000Z',
      purpose: 'test',
      pages: 1,
      records: 0,
      subjects: 0,
      findings: 0,
      resumed: 0,
    },
    byKind: [],
    byDivision: [],
    byPeriod: [],
    registrations: [],
    administrators: { count: 0, households: 0, top: [] },
    lists: [],
    rowsPerKind: 200,
  };
  const linked = renderReport(run, { publicationIndex: 'report-lists/index.html' });
  expect(linked).toContain('<a href="#publication">Publication lists</a>');
  expect(linked).toContain('<a href="report-lists/index.html">');
  expect(renderReport(run)).not.toContain('id="publication"');
});
