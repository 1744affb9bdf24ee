/**
 * Tasks 11 and 14 on hand-made facts: an unregistered household and a registered quota holder below
 * the threshold, a licence 30 and 31 days old, a quota across the 2011-11 threshold change, an old
 * TIN and its USCC re-registration in one bureau, a quarter not filed (清税) and freight invoices
 * issued while abnormal or deregistered (清票).
 */
import { Emitter, generateTaxpayer } from '../../seeds/generator';
import type { CaseEntry, CaseKind } from '../../seeds/manifest';
import { evaluate } from '../../subgraphs/cooperation/rules/evaluate';
import type { LocalFacts, NationalFacts, RegistryFacts, SubjectFacts } from '../../subgraphs/cooperation/rules/facts';
import type { RuleFinding } from '../../subgraphs/cooperation/rules/finding';
import { registrationKey, unfiledStretches } from '../../subgraphs/cooperation/rules/tasks/task-14-clean-records';
import { monthsBelow, thresholdOn } from '../../subgraphs/cooperation/rules/thresholds';
import { localFacts, nationalFacts, registryFacts, RULE_CONTEXT, subjectFacts } from '../support/rule-facts';

const USCC = '92510104500000017Q';
const ID_TIN = '51010419800101001X00';

/** An individual household's records: a retailer known by its citizen-ID TIN. */
const HOUSEHOLD = { tin: ID_TIN, name: '锦江华鑫百货店', registeredOn: '2008-01-05' };
const national = (over: Partial<NationalFacts> = {}) => nationalFacts({ ...HOUSEHOLD, industry: { code: '5211' }, ...over });
const local = (over: Partial<LocalFacts> = {}) => localFacts({ ...HOUSEHOLD, industryCode: '5211', ...over });
const household = (over: Partial<RegistryFacts> = {}) =>
  registryFacts({
    id: 'P510104000000000017',
    uscc: USCC,
    name: HOUSEHOLD.name,
    industryCode: '5211',
    establishedOn: '2015-06-01',
    entityType: 'INDIVIDUAL_BUSINESS',
    ...over,
  });
const subject = (over: Partial<SubjectFacts> = {}) => subjectFacts({ subject: `uscc:${USCC}`, uscc: USCC, ...over });
const ctx = RULE_CONTEXT;
const of = (kind: string, found: RuleFinding[]) => found.filter((f) => f.kind === kind);
const quarter = (from: string, to: string) => ({ periodFrom: from, periodTo: to });

describe('task 11: below the threshold', () => {
  test('an individual business in no bureau is the clean-up target; an enterprise is not, nor a household one bureau knows', () => {
    const found = evaluate(subject({ registration: household() }), ctx);
    expect(of('UNREGISTERED_HOUSEHOLD', found)).toHaveLength(1);
    expect(of('UNREGISTERED_HOUSEHOLD', found)[0].detail).toContain('20000 yuan for VAT');
    expect(
      of('UNREGISTERED_HOUSEHOLD', evaluate(subject({ registration: household({ entityType: 'LIMITED_LIABILITY_COMPANY' }) }), ctx)),
    ).toEqual([]);
    expect(of('UNREGISTERED_HOUSEHOLD', evaluate(subject({ registration: household(), local: [local()] }), ctx))).toEqual([]);
    expect(of('UNREGISTERED_HOUSEHOLD', evaluate(subject({ registration: household({ status: 'CANCELLED' }) }), ctx))).toEqual([]);
    expect(evaluate(subject({ registration: household(), unavailable: ['national-tax'] }), ctx)).toEqual([]);
  });

  test('a licence 30 days old is not yet late, one 31 days old is', () => {
    const aged = (establishedOn: string) =>
      of('UNREGISTERED_HOUSEHOLD', evaluate(subject({ registration: household({ establishedOn }) }), ctx));
    expect(aged('2016-03-01')).toEqual([]);
    expect(aged('2016-02-29')).toHaveLength(1);
  });

  test('a registered quota holder below the threshold is the separate BELOW_THRESHOLD check, never the clean-up', () => {
    const found = evaluate(subject({ national: [national({ turnoverQuotas: [{ year: 2015, monthlyTurnover: '15000.00' }] })] }), ctx);
    expect(of('UNREGISTERED_HOUSEHOLD', found)).toEqual([]);
    expect(of('BELOW_THRESHOLD', found).map((f) => [f.periodFrom, f.periodTo, f.year])).toEqual([['2015-01-01', '2015-12-31', 2015]]);
    const above = evaluate(subject({ national: [national({ turnoverQuotas: [{ year: 2015, monthlyTurnover: '20000.00' }] })] }), ctx);
    expect(of('BELOW_THRESHOLD', above)).toEqual([]);
  });

  test('the threshold is by period: 8,000 yuan is above it in 2010, below it only from 2011-11', () => {
    const quotas = [
      { year: 2010, monthlyTurnover: '8000.00' },
      { year: 2011, monthlyTurnover: '8000.00' },
    ];
    const found = of('BELOW_THRESHOLD', evaluate(subject({ national: [national({ turnoverQuotas: quotas })] }), ctx));
    expect(found.map((f) => [f.periodFrom, f.periodTo])).toEqual([['2011-11-01', '2011-12-31']]);
    expect(found[0].detail).toContain('20000 yuan from 2011-11');
    // 4,000 yuan was below 5,000 before the change too: the whole of 2011, two levels.
    const low = monthsBelow('510104', 'VAT_GOODS', 2011, 400_000n)!;
    expect([low.from, low.to, low.levels.map((l) => l.yuan)]).toEqual(['2011-01-01', '2011-12-31', [5000, 20000]]);
    // Repair is a taxable service: 3,000 yuan before 2011-11; business tax 5,000.
    expect(thresholdOn('510104', 'VAT_SERVICES', '2010-06-01')!.yuan).toBe(3000);
    expect(thresholdOn('450502', 'BUSINESS_TAX', '2011-10-31')!.yuan).toBe(5000);
    expect(thresholdOn('450502', 'BUSINESS_TAX', '2011-11-01')!.yuan).toBe(20000);
    expect(thresholdOn('510104', 'VAT_GOODS', '2002-12-31')).toBeNull();
  });
});

describe('task 14: 三清', () => {
  test('清户: an old 15-character TIN and a USCC re-registration with the same organization code are one taxpayer twice', () => {
    const enterprise = (id: string, tin: string, registeredOn: string) =>
      national({ id, tin, registeredOn, industry: { code: '5211' }, name: '锦江华鑫百货有限公司' });
    const oldTin = '510100100000019';
    const uscc = '91510104100000019X';
    const found = evaluate(
      subject({
        national: [enterprise('25101040000000000001', uscc, '2015-11-02'), enterprise('15101040000000000001', oldTin, '2009-03-01')],
      }),
      ctx,
    );
    expect(of('DUPLICATE_RECORD', found).map((f) => f.record.id)).toEqual(['25101040000000000001']);
    expect(of('DUPLICATE_RECORD', found)[0].detail).toContain('the same organization code');
    // Local tax alike; a different organization code is another taxpayer.
    const twoLocal = evaluate(
      subject({ local: [local({ id: 'A1', tin: oldTin }), local({ id: 'A2', tin: uscc, registeredOn: '2015-12-01' })] }),
      ctx,
    );
    expect(of('DUPLICATE_RECORD', twoLocal).map((f) => f.record.id)).toEqual(['A2']);
    expect(registrationKey(' 510100100000019 ')).toBe(registrationKey('91510104100000019X'));
    expect(registrationKey('510100100000027')).not.toBe(registrationKey('91510104100000019X'));
    expect(registrationKey(ID_TIN)).toBe(`tin:${ID_TIN}`);
  });

  test('清税: a quarter between filed quarters of a normal registration is missing; monthly and quarterly returns cover alike', () => {
    const returns = [
      { levyItem: 'VAT', taxDue: '100.00', transportSales: '0.00', ...quarter('2015-01-01', '2015-03-31') },
      { levyItem: 'VAT', taxDue: '100.00', transportSales: '0.00', ...quarter('2015-07-01', '2015-07-31') },
      { levyItem: 'VAT', taxDue: '100.00', transportSales: '0.00', ...quarter('2015-08-01', '2015-08-31') },
      { levyItem: 'VAT', taxDue: '100.00', transportSales: '0.00', ...quarter('2015-10-01', '2015-12-31') },
    ];
    const found = of('MISSING_RETURN', evaluate(subject({ national: [national({ returns })] }), ctx));
    expect(found.map((f) => [f.record.source, f.periodFrom, f.periodTo])).toEqual([
      ['national-tax', '2015-04-01', '2015-06-30'],
      ['national-tax', '2015-09-01', '2015-09-30'],
    ]);
    // Local returns of several taxes, one quarter missing; an abnormal registration is task 10's, not judged here.
    const localReturns = ['2015-01-01/2015-03-31', '2015-04-01/2015-06-30', '2015-10-01/2015-12-31'].flatMap((p) =>
      ['BUSINESS_TAX', 'URBAN_CONSTRUCTION_TAX'].map((taxType) => ({
        taxType,
        periodFrom: p.slice(0, 10),
        periodTo: p.slice(11),
        taxableBase: '1.00',
        rate: '0.05',
        taxDue: '0.05',
        amountPaid: '0.05',
        kind: 'RETURN',
      })),
    );
    expect(of('MISSING_RETURN', evaluate(subject({ local: [local({ returns: localReturns })] }), ctx)).map((f) => f.periodFrom)).toEqual([
      '2015-07-01',
    ]);
    expect(of('MISSING_RETURN', evaluate(subject({ local: [local({ returns: localReturns, status: 'ABNORMAL' })] }), ctx))).toEqual([]);
    // Overlapping periods, the end of the record and no returns at all: nothing missing.
    expect(
      unfiledStretches([quarter('2015-01-01', '2015-06-30'), quarter('2015-04-01', '2015-09-30'), quarter('2015-10-01', '2015-12-31')]),
    ).toEqual([]);
    expect(unfiledStretches([quarter('2015-01-01', '2015-03-31')])).toEqual([]);
    expect(unfiledStretches([])).toEqual([]);
  });

  test('清票: invoices from the day a carrier became abnormal, or after its deregistration; none while normal', () => {
    const invoices = [
      { code: '151010415000', number: '00000017', issuedOn: '2015-06-30', freightAmount: '1000.00', deduction: null },
      { code: '151010415001', number: '00000017', issuedOn: '2015-09-30', freightAmount: '2000.00', deduction: null },
    ];
    const carrier = (over: Partial<NationalFacts>) => national({ industry: { code: '5430' }, freightInvoices: invoices, ...over });
    const abnormal = of(
      'INVOICE_NOT_NORMAL',
      evaluate(subject({ national: [carrier({ status: 'ABNORMAL', abnormalSince: '2015-06-30' })] }), ctx),
    );
    expect(abnormal).toHaveLength(1);
    expect(abnormal[0].detail).toContain('2 freight invoice(s)');
    expect(abnormal[0].detail).toContain('3000.00 yuan');
    const deregistered = evaluate(subject({ national: [carrier({ status: 'DEREGISTERED', deregisteredOn: '2015-06-30' })] }), ctx);
    expect(of('INVOICE_NOT_NORMAL', deregistered)[0].detail).toContain('1 freight invoice(s) from 2015-09-30');
    expect(
      of('INVOICE_NOT_NORMAL', evaluate(subject({ national: [carrier({ status: 'DEREGISTERED', deregisteredOn: '2015-09-30' })] }), ctx)),
    ).toEqual([]);
    expect(of('INVOICE_NOT_NORMAL', evaluate(subject({ national: [carrier({})] }), ctx))).toEqual([]);
  });
});

describe('the generator plants every case of tasks 11 and 14 (seed 42, 2,000 taxpayers, the e2e size)', () => {
  const cases = new Map<CaseKind, CaseEntry[]>();
  beforeAll(() => {
    const out: Emitter = {
      row: () => undefined,
      case: (kind, entry) => cases.set(kind, [...(cases.get(kind) ?? []), entry]),
      identity: () => undefined,
      event: () => undefined,
      deemed: () => undefined,
    };
    for (let i = 0; i < 2000; i++) generateTaxpayer(42, i, out);
  });
  const list = (kind: CaseKind) => cases.get(kind) ?? [];

  test('unregistered households, quota holders of 2015 and households across the 2011-11 line', () => {
    expect(list('UNREGISTERED_HOUSEHOLD').length).toBeGreaterThan(0);
    expect(list('BELOW_THRESHOLD').filter((c) => c.year === 2015).length).toBeGreaterThan(0);
    const across = list('BELOW_THRESHOLD').filter((c) => c.year === 2011);
    expect(across.length).toBeGreaterThan(0);
    expect(across.every((c) => c.detail?.belowFrom === '2011-11')).toBe(true);
    // 8,000-12,000 yuan is above the old threshold: no 2010 case.
    expect(list('BELOW_THRESHOLD').filter((c) => c.year === 2010)).toEqual([]);
  });

  test('old-TIN/USCC pairs among the duplicates, unfiled quarters in both bureaus, invoices of carriers not normal', () => {
    expect(list('DUPLICATE_RECORD').filter((c) => c.detail?.reRegisteredUnder === c.uscc).length).toBeGreaterThan(0);
    expect(list('DUPLICATE_RECORD').filter((c) => !c.detail?.reRegisteredUnder).length).toBeGreaterThan(0);
    expect(new Set(list('MISSING_RETURN').map((c) => c.source))).toEqual(new Set(['national-tax', 'local-tax']));
    expect(list('INVOICE_NOT_NORMAL').length).toBeGreaterThan(0);
  });
});
