/**
 * The exchange of revenue figures over seeded legacy databases (real PostgreSQL, the three source
 * subgraphs on port 0): each source's aggregate equals a direct SUM over its legacy tables, written
 * here independently of the repositories, and laid side by side the bureaus' TIPS part and the
 * treasury differ exactly where the generator planted a task-15 case.
 */
import { yuanToFen } from '../../shared/money';
import { localTax } from '../../subgraphs/local-tax/server';
import { nationalTax } from '../../subgraphs/national-tax/server';
import { treasuryBank } from '../../subgraphs/treasury-bank/server';
import { sideBySide } from '../../subgraphs/cooperation/revenue/exchange';
import { RunningSubgraph, startSubgraph } from '../../subgraphs/kit/subgraph';
import { graphql, Seeded, seededSources, sqlRows } from '../support/seeded';

const FIELDS = 'levyItemCode division month budgetSubjectCode amount vouchers';
type Figure = {
  levyItemCode: string;
  division: string;
  month: string;
  budgetSubjectCode: string;
  amount: string;
  throughTips?: string;
  vouchers: number;
};
const keyOf = (f: { levyItemCode: string; division: string; month: string; budgetSubjectCode: string }) =>
  `${f.levyItemCode}|${f.division}|${f.month}|${f.budgetSubjectCode}`;

describe('the exchange of revenue figures', () => {
  let seeded: Seeded;
  let national: RunningSubgraph;
  let local: RunningSubgraph;
  let treasury: RunningSubgraph;

  beforeAll(async () => {
    seeded = await seededSources('revenue');
    [national, local, treasury] = await Promise.all([
      startSubgraph(nationalTax, { port: 0, url: seeded.urls['national-tax'] }),
      startSubgraph(localTax, { port: 0, url: seeded.urls['local-tax'] }),
      startSubgraph(treasuryBank, { port: 0, url: seeded.urls['treasury-bank'] }),
    ]);
  }, 300000);

  afterAll(async () => {
    await Promise.all([national?.stop(), local?.stop(), treasury?.stop()]);
  });

  const ask = async (running: RunningSubgraph, field: string, args: string, extra = '') => {
    const res = await graphql<Record<string, Figure[]>>(running.url, `{ r: ${field}(${args}) { ${FIELDS} ${extra} } }`);
    expect(res.errors).toBeUndefined();
    return res.data!.r;
  };
  /** Figures keyed, amounts in fen. */
  const byKey = (figures: Figure[], amount: (f: Figure) => string = (f) => f.amount) =>
    new Map(figures.map((f) => [keyOf(f), yuanToFen(amount(f))]));
  const direct = async (url: string, sql: string) =>
    new Map((await sqlRows<{ k: string; fen: string }>(url, sql)).map((r) => [r.k, BigInt(r.fen)]));

  it("equal direct SUMs over each source's legacy tables, key by key", async () => {
    const [n, l, t] = await Promise.all([
      ask(national, 'nationalTaxRevenue', 'year: 2015', 'throughTips'),
      ask(local, 'localTaxRevenue', 'year: 2015', 'throughTips'),
      ask(treasury, 'treasuryRevenue', 'year: 2015'),
    ]);
    expect(n.length).toBeGreaterThan(0);
    expect(l.length).toBeGreaterThan(0);
    expect(t.length).toBeGreaterThan(0);
    const nationalSql = (amount: string) => `
      SELECT z.zsxm_dm || '|' || n.xzqh_dm || '|' || TO_CHAR(z.jkrq, 'YYYY-MM') || '|' || COALESCE(z.yskm_dm, '') AS k,
             (SUM(${amount}) * 100)::bigint::text AS fen
        FROM zs_yjsf z JOIN dj_nsrxx n ON n.djxh = z.djxh
       WHERE EXTRACT(YEAR FROM z.jkrq) = 2015 GROUP BY 1`;
    expect(byKey(n)).toEqual(await direct(seeded.urls['national-tax'], nationalSql('z.sjje')));
    expect(byKey(n, (f) => f.throughTips!)).toEqual(
      await direct(seeded.urls['national-tax'], nationalSql("CASE WHEN z.jkfs_dm = '01' THEN z.sjje ELSE 0 END")),
    );
    const levy: Record<string, string> = { '03': '10103', '05': '10104', '10': '10109', '51': '30203', '61': '30216' };
    const localRows = await sqlRows<{ szdm: string; k: string; fen: string }>(
      seeded.urls['local-tax'],
      `SELECT j.szdm, d.xzqh || '|' || SUBSTR(j.jkrq, 1, 4) || '-' || SUBSTR(j.jkrq, 5, 2) || '|' || j.yskm AS k, SUM(j.sjje)::text AS fen
         FROM sp_jk j JOIN swdj d ON d.jsjdm = j.jsjdm WHERE j.jkrq LIKE '2015%' AND d.czbz <> '1' GROUP BY 1, 2`,
    );
    expect(byKey(l)).toEqual(new Map(localRows.map((r) => [`${levy[r.szdm]}|${r.k}`, BigInt(r.fen)])));
    expect(byKey(t)).toEqual(
      await direct(
        seeded.urls['treasury-bank'],
        `SELECT p."TaxTypeCode" || '|' || SUBSTR(p."TaxOrgCode", 2, 6) || '|' || SUBSTR(t."TreDate", 1, 4) || '-' || SUBSTR(t."TreDate", 5, 2)
                || '|' || p."BudgetSubjectCode" AS k, (SUM(p."TraAmt") * 100)::bigint::text AS fen
           FROM "TaxPayment" p JOIN "TreasuryEntry" t USING ("TaxOrgCode", "EntrustDate", "TraNo")
          WHERE t."TreDate" LIKE '2015%' GROUP BY 1`,
      ),
    );
  });

  it('narrows to a month and a division prefix', async () => {
    const all = await ask(treasury, 'treasuryRevenue', 'year: 2015');
    const april = await ask(treasury, 'treasuryRevenue', 'year: 2015, month: 4, division: "51"');
    expect(april.length).toBeGreaterThan(0);
    expect(april).toEqual(all.filter((f) => f.month === '2015-04' && f.division.startsWith('51')));
    const res = await graphql(treasury.url, '{ treasuryRevenue(year: 2015, month: 13) { amount } }');
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it("side by side, the bureaus' TIPS part and the treasury differ only in the months and areas of planted task-15 cases", async () => {
    const [n, l, t] = await Promise.all([
      ask(national, 'nationalTaxRevenue', 'year: 2015', 'throughTips'),
      ask(local, 'localTaxRevenue', 'year: 2015', 'throughTips'),
      ask(treasury, 'treasuryRevenue', 'year: 2015'),
    ]);
    const figures = sideBySide(n, l, t);
    const off = figures.filter((f) => f.difference !== '0.00');
    expect(off.length).toBeGreaterThan(0);
    expect(off.length).toBeLessThan(figures.length);
    // Every cell that differs holds a voucher the ground truth lists (booked and not in the treasury or the other way, another amount,
    // stuck, refused and booked, or an orphan payment), in the taxpayer's area and the month the voucher was entrusted.
    const cases = seeded.manifest.cases;
    const planted = [
      ...cases.BOOKED_NOT_IN_TREASURY,
      ...cases.TREASURY_NOT_BOOKED,
      ...cases.BOOKED_AMOUNT_MISMATCH,
      ...cases.DEDUCTED_NOT_IN_TREASURY,
      ...cases.ORPHAN_PAYMENT,
    ];
    const vouchers = await sqlRows<{ office: string; voucher: string; month: string }>(
      seeded.urls['treasury-bank'],
      `SELECT "TaxOrgCode" AS office, "TaxVouNo" AS voucher, SUBSTR("EntrustDate", 1, 4) || '-' || SUBSTR("EntrustDate", 5, 2) AS month
         FROM "TaxPayment"`,
    );
    const monthOf = new Map(vouchers.map((v) => [`${v.office}/${v.voucher}`, v.month]));
    const cells = new Set(planted.map((e) => `${e.taxOfficeCode!.slice(1, 7)}|${monthOf.get(`${e.taxOfficeCode}/${e.voucherNo}`)}`));
    for (const f of off) expect(cells).toContain(`${f.division}|${f.month}`);
  });
});
