/**
 * Tasks 6 and 7 on hand-made facts (the edges of issue 13: monthly VAT against a quarterly urban
 * construction tax return, audit back-tax and deferrals in the base, business tax paid not due,
 * freight on each side of 2013-08-01), and the generator's returns as the notices' calendar has them.
 */
import type { CaseEntry, CaseKind } from '../../seeds/manifest';
import { generateTaxpayer } from '../../seeds/generator';
import type { Emitter } from '../../seeds/generator';
import type { RowOf, TableKey } from '../../seeds/tables';
import { evaluate } from '../../subgraphs/cooperation/rules/evaluate';
import type { LocalFacts, NationalFacts, SubjectFacts } from '../../subgraphs/cooperation/rules/facts';
import type { RuleFinding } from '../../subgraphs/cooperation/rules/finding';
import { transportVatFrom } from '../../subgraphs/cooperation/rules/reference';
import { localFacts as local, nationalFacts as national, subjectFacts as subject } from '../support/rule-facts';

type Payment = NationalFacts['payments'][number];
type LocalLine = LocalFacts['returns'][number];
type Invoice = NationalFacts['freightInvoices'][number];

/** One carrier's facts: its national record and, unless null, its local record with these return lines. */
const carrier = (n: NationalFacts, l: LocalLine[] | null): SubjectFacts =>
  subject({ national: [n], local: l ? [local({ returns: l })] : [] });
const ctx = { asOf: '2016-03-31', deemedReference: () => undefined };
const of = (kind: string, found: RuleFinding[]) => found.filter((f) => f.kind === kind);

const vat = (from: string, to: string, paid: string, kind = 'DECLARED', exemptCredit = '0.00'): Payment => ({
  levyItem: 'VAT',
  periodFrom: from,
  periodTo: to,
  amountPaid: paid,
  exemptCredit,
  kind,
});
const line = (taxType: string, from: string, to: string, base: string, due: string, paid = due, kind = 'RETURN'): LocalLine => ({
  taxType,
  periodFrom: from,
  periodTo: to,
  taxableBase: base,
  rate: taxType === 'URBAN_CONSTRUCTION_TAX' ? '0.0700' : '0.0500',
  taxDue: due,
  amountPaid: paid,
  kind,
});
const uct = (from: string, to: string, base: string, kind = 'RETURN') =>
  line('URBAN_CONSTRUCTION_TAX', from, to, base, '0.00', '0.00', kind);
const monthlyVat = [
  vat('2015-04-01', '2015-04-30', '1000.00'),
  vat('2015-05-01', '2015-05-31', '1200.00'),
  vat('2015-06-01', '2015-06-30', '800.00'),
];

describe('task 7: the urban construction tax base over like spans', () => {
  test('three monthly VAT payments against one quarterly return of the same total: no finding', () => {
    const facts = carrier(national({ payments: monthlyVat }), [uct('2015-04-01', '2015-06-30', '3000.00')]);
    expect(of('UCT_BASE_MISMATCH', evaluate(facts, ctx))).toEqual([]);
  });

  test('a real mismatch is one finding for the quarter, with the monthly payments summed', () => {
    const facts = carrier(national({ payments: monthlyVat }), [uct('2015-04-01', '2015-06-30', '2000.00')]);
    const found = of('UCT_BASE_MISMATCH', evaluate(facts, ctx));
    expect(found.map((f) => [f.periodFrom, f.periodTo])).toEqual([['2015-04-01', '2015-06-30']]);
    expect(found[0].values).toEqual(
      expect.arrayContaining([
        { source: 'national-tax', field: 'vatAndConsumptionTaxPaid', value: '3000.00' },
        { source: 'local-tax', field: 'declaredBase', value: '2000.00' },
        { source: 'local-tax', field: 'taxDifference', value: '70.00' },
      ]),
    );
  });

  test('audit back-tax (查补) is in the base: taxed as back-tax it is no finding, left out it is one', () => {
    const payments = [vat('2015-07-01', '2015-09-30', '5000.00'), vat('2015-07-01', '2015-09-30', '2000.00', 'AUDIT_BACK_TAX')];
    const declared = uct('2015-07-01', '2015-09-30', '5000.00');
    const taxed = carrier(national({ payments }), [declared, uct('2015-07-01', '2015-09-30', '2000.00', 'AUDIT_BACK_TAX')]);
    expect(of('UCT_BASE_MISMATCH', evaluate(taxed, ctx))).toEqual([]);
    const [missed] = of('UCT_BASE_MISMATCH', evaluate(carrier(national({ payments }), [declared]), ctx));
    expect(missed.values).toEqual(
      expect.arrayContaining([
        { source: 'national-tax', field: 'auditBackTax', value: '2000.00' },
        { source: 'local-tax', field: 'expectedBase', value: '7000.00' },
      ]),
    );
    expect(missed.detail).toMatch(/audit back-tax 2000\.00/);
  });

  test('deferred tax paid late and approved 免抵 VAT count; business tax counts as paid, not as due', () => {
    const payments = [
      vat('2015-01-01', '2015-03-31', '600.00', 'DECLARED', '100.00'),
      vat('2015-01-01', '2015-03-31', '400.00', 'DEFERRED'),
    ];
    const biz = line('BUSINESS_TAX', '2015-01-01', '2015-03-31', '10000.00', '500.00', '300.00');
    const facts = carrier(national({ payments }), [biz, uct('2015-01-01', '2015-03-31', '1400.00')]);
    expect(of('UCT_BASE_MISMATCH', evaluate(facts, ctx))).toEqual([]);
    // On the tax due (500) the same return would have been a false mismatch of 200.
    const owed = carrier(national({ payments }), [biz, uct('2015-01-01', '2015-03-31', '1600.00')]);
    expect(of('UCT_BASE_MISMATCH', evaluate(owed, ctx)).map((f) => f.values.find((v) => v.field === 'expectedBase')?.value)).toEqual([
      '1400.00',
    ]);
  });

  test('taxes paid with no urban construction tax declared over them are a finding per period paid', () => {
    const facts = carrier(national({ payments: monthlyVat }), [uct('2015-01-01', '2015-03-31', '0.00')]);
    // No return spans the quarter, so nothing joins the months: each month paid is its own span.
    expect(of('UCT_BASE_MISMATCH', evaluate(facts, ctx)).map((f) => f.periodFrom)).toEqual(['2015-04-01', '2015-05-01', '2015-06-01']);
  });
});

const invoice = (issuedOn: string, amount: string, deducted: boolean, k = 1): Invoice => ({
  code: `1510104${issuedOn.slice(2, 4)}00${k}`,
  number: '00000001',
  issuedOn,
  freightAmount: amount,
  deduction: deducted ? { deductedOn: issuedOn, amount } : null,
});

describe('task 6: freight invoices by the era they were issued in', () => {
  test('transport moved to VAT on 2013-08-01, earlier in the pilot provinces', () => {
    expect(transportVatFrom('510104')).toBe('2013-08-01');
    expect(transportVatFrom('310101')).toBe('2012-01-01');
    expect(transportVatFrom('440305')).toBe('2012-11-01');
    expect(transportVatFrom(null)).toBe('2013-08-01');
  });

  test('on 2013-07-31 an invoice backs business tax; on 2013-08-01 the recipient deducts it against VAT output', () => {
    const invoices = [invoice('2013-07-31', '80000.00', true, 1), invoice('2013-08-01', '60000.00', true, 2)];
    const returns = [{ levyItem: 'VAT', periodFrom: '2013-08-01', periodTo: '2013-08-31', taxDue: '5500.00', transportSales: '50000.00' }];
    const biz = line('BUSINESS_TAX', '2013-07-01', '2013-07-31', '70000.00', '2100.00');
    const found = evaluate(carrier(national({ freightInvoices: invoices, returns }), [biz]), ctx);
    const [old] = of('FREIGHT_UNDERDECLARED', found);
    expect(old.year).toBe(2013);
    expect(old.values).toEqual([
      { source: 'national-tax', field: 'freightInvoiced', value: '80000.00' },
      { source: 'local-tax', field: 'businessTaxBase', value: '70000.00' },
    ]);
    const [vatEra] = of('FREIGHT_INPUT_EXCEEDS_OUTPUT', found);
    expect(vatEra).toMatchObject({ year: 2013, sources: ['national-tax'], taxOfficeCodes: ['15101040000'] });
    expect(vatEra.values).toContainEqual({ source: 'national-tax', field: 'freightDeducted', value: '60000.00' });
    expect(vatEra.values).toContainEqual({ source: 'national-tax', field: 'transportSalesDeclared', value: '50000.00' });
  });

  test('in the VAT era only what recipients deducted counts, against the transport sales declared', () => {
    const invoices = [invoice('2015-03-31', '40000.00', true, 1), invoice('2015-06-30', '40000.00', false, 2)];
    const returns = [{ levyItem: 'VAT', periodFrom: '2015-01-01', periodTo: '2015-03-31', taxDue: '4950.00', transportSales: '45000.00' }];
    // 80,000 invoiced, 40,000 of it deducted, 45,000 declared: no deduction without output.
    const found = evaluate(carrier(national({ freightInvoices: invoices, returns }), null), ctx);
    expect(of('FREIGHT_INPUT_EXCEEDS_OUTPUT', found)).toEqual([]);
    // No business tax is expected of a 2015 carrier: the old rule's check does not run.
    expect(of('FREIGHT_UNDERDECLARED', found)).toEqual([]);
  });

  test('in a pilot province 2012 is already the VAT era', () => {
    const invoices = [invoice('2012-06-30', '40000.00', true)];
    const n = national({ division: '310101', freightInvoices: invoices });
    const found = evaluate(carrier(n, []), ctx);
    expect(of('FREIGHT_UNDERDECLARED', found)).toEqual([]);
    expect(of('FREIGHT_INPUT_EXCEEDS_OUTPUT', found).map((f) => f.year)).toEqual([2012]);
  });

  test('the old era needs local tax; a local tax that cannot be asked judges nothing there', () => {
    const facts = {
      ...carrier(national({ freightInvoices: [invoice('2013-03-31', '1000.00', false)] }), []),
      unavailable: ['local-tax' as const],
    };
    expect(of('FREIGHT_UNDERDECLARED', evaluate(facts, ctx))).toEqual([]);
  });
});

/** The rows and cases of the first `n` taxpayers of a seed, in memory. */
function generate(n: number, seed = 42) {
  const rows = new Map<TableKey, Record<string, unknown>[]>();
  const cases = new Map<CaseKind, CaseEntry[]>();
  const out: Emitter = {
    row<K extends TableKey>(table: K, row: RowOf<K>) {
      const list = rows.get(table) ?? [];
      list.push(row);
      rows.set(table, list);
    },
    case(kind, entry) {
      const list = cases.get(kind) ?? [];
      list.push(entry);
      cases.set(kind, list);
    },
    identity() {},
    event() {},
    deemed() {},
  };
  for (let i = 0; i < n; i++) generateTaxpayer(seed, i, out);
  return { rows: (t: TableKey) => rows.get(t) ?? [], cases: (k: CaseKind) => cases.get(k) ?? [] };
}

describe("the generator's returns follow the calendar", () => {
  const g = generate(1500);

  test('task 6 is planted in both eras: 2013 under business tax, 2015 under VAT', () => {
    expect(g.cases('FREIGHT_UNDERDECLARED').length).toBeGreaterThan(0);
    expect(g.cases('FREIGHT_UNDERDECLARED').every((c) => c.year === 2013)).toBe(true);
    expect(g.cases('FREIGHT_INPUT_EXCEEDS_OUTPUT').length).toBeGreaterThan(0);
    expect(g.cases('FREIGHT_INPUT_EXCEEDS_OUTPUT').every((c) => c.year === 2015)).toBe(true);
    // Every deduction is of an invoice, by the recipient the invoice names.
    const invoices = new Map(g.rows('fpHyfp').map((f) => [`${f.fpdm}|${f.fphm}`, f]));
    expect(g.rows('fpJxrz').length).toBeGreaterThan(0);
    for (const d of g.rows('fpJxrz')) expect(invoices.get(`${d.fpdm}|${d.fphm}`)?.spfnsrsbh).toBe(d.gfnsrsbh);
    expect(new Set(invoices.keys()).size).toBe(g.rows('fpHyfp').length);
  });

  test('in 2015 no carrier and no software developer declares business tax; 2013 carriers do', () => {
    const industryOf = new Map(g.rows('swdj').map((r) => [r.jsjdm, r.hydm]));
    const business = g.rows('sbMx').filter((m) => m.szdm === '03');
    const in2015 = business.filter((m) => String(m.ssqq).startsWith('2015'));
    expect(in2015.filter((m) => ['5430', '6510'].includes(String(industryOf.get(m.jsjdm))))).toEqual([]);
    const in2013 = business.filter((m) => String(m.ssqq).startsWith('2013'));
    expect(in2013.length).toBeGreaterThan(0);
    expect(in2013.every((m) => industryOf.get(m.jsjdm) === '5430' && String(m.ssqz) <= '20130731')).toBe(true);
    const transport = g.rows('sbSbxx').filter((r) => Number(r.jtysxse) > 0);
    expect(transport.length).toBeGreaterThan(0);
    expect(transport.every((r) => r.sl1 === '0.1100' || r.sl1 === '0.0300')).toBe(true);
  });

  test('local education surcharge (2%) beside every urban construction tax line, on the same base', () => {
    const key = (m: Record<string, unknown>) => `${m.jsjdm}|${m.ssqq}|${m.sblx}`;
    const uctLines = g.rows('sbMx').filter((m) => m.szdm === '10');
    const local = new Map(
      g
        .rows('sbMx')
        .filter((m) => m.szdm === '61')
        .map((m) => [key(m), m]),
    );
    expect(uctLines.length).toBeGreaterThan(0);
    for (const u of uctLines) expect(local.get(key(u))).toMatchObject({ jsyj: u.jsyj, sl: '0.0200' });
  });

  test('task 7 spans: monthly VAT filers, back-tax and deferrals, planted and unplanted', () => {
    const vatPeriods = g.rows('zsYjsf').filter((y) => y.zsxm_dm === '10101');
    expect(vatPeriods.some((y) => String(y.skssqz).endsWith('-01-31'))).toBe(true);
    expect(vatPeriods.some((y) => y.skzl_dm === '20')).toBe(true);
    expect(vatPeriods.some((y) => y.skzl_dm === '30')).toBe(true);
    expect(g.rows('sbMx').some((m) => m.szdm === '10' && m.sblx === '2')).toBe(true);
    expect(g.rows('sbMx').some((m) => m.szdm === '03' && Number(m.sjse) < Number(m.ynse))).toBe(true);
    expect(g.cases('UCT_BASE_MISMATCH').some((c) => c.detail?.backTax)).toBe(true);
  });

  test('urban construction tax is paid under its budget subject (10109 城市维护建设税)', () => {
    const uctPayments = g.rows('tPayment').filter((p) => p.TaxTypeCode === '10109');
    expect(uctPayments.length).toBeGreaterThan(0);
    expect(uctPayments.every((p) => /^10109\d\d$/.test(String(p.BudgetSubjectCode)))).toBe(true);
  });
});
