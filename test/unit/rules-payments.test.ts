/**
 * Task 15 on hand-made facts: the edges of its time limits (a deduction exactly at the grace days and
 * one day past, a request pending exactly the limit, one day more, and 76 days), a refused deduction
 * with and without a later one, both ledgers against TIPS, and the exchange of revenue figures laid
 * side by side.
 */
import { addDays } from '../../shared/dates';
import type { LedgerEntryFacts, LocalFacts, NationalFacts, PaymentFacts, SubjectFacts } from '../../subgraphs/cooperation/rules/facts';
import { PENDING_DEDUCTION_DAYS, TREASURY_GRACE_DAYS, FINDING_RULES } from '../../subgraphs/cooperation/rules/reference';
import { subjectOf } from '../../subgraphs/cooperation/rules/subject';
import { paymentFollowUps } from '../../subgraphs/cooperation/rules/tasks/task-15-payments';
import { sideBySide } from '../../subgraphs/cooperation/revenue/exchange';
import { revenueWindow } from '../../subgraphs/kit/revenue';
import { revenueCsv, revenueSection } from '../../subgraphs/cooperation/reconcile/report/revenue';
import { localFacts, nationalFacts, RULE_CONTEXT, subjectFacts } from '../support/rule-facts';

const AS_OF = '2016-03-31';
const ctx = RULE_CONTEXT;
const NATIONAL_OFFICE = '15101040000';
const LOCAL_OFFICE = '25101040000';

const payment = (over: Partial<PaymentFacts> = {}): PaymentFacts => ({
  taxOfficeCode: NATIONAL_OFFICE,
  voucherNo: '1000000000100',
  status: 'IN_TREASURY',
  amount: '1000.00',
  taxType: '10101',
  bankCode: '102651000019',
  payerTin: '510104100000019',
  entrustedOn: '2015-04-15',
  periodFrom: '2015-01-01',
  periodTo: '2015-03-31',
  deductedAt: '2015-04-15T10:00:00+08:00',
  inTreasuryAt: '2015-04-16T10:00:00+08:00',
  taxpayer: null,
  ...over,
});
const vat = (voucherNumber: string, amountPaid = '1000.00', throughTips = true): NationalFacts['payments'][number] => ({
  levyItem: 'VAT',
  periodFrom: '2015-01-01',
  periodTo: '2015-03-31',
  amountPaid,
  exemptCredit: '0.00',
  kind: 'DECLARED',
  voucherNumber,
  paidOn: '2015-04-15',
  throughTips,
});
const national = (payments: NationalFacts['payments'] = []): NationalFacts => nationalFacts({ payments });
const entry = (voucherNumber: string, over: Partial<LedgerEntryFacts> = {}): LedgerEntryFacts => ({
  taxOfficeCode: LOCAL_OFFICE,
  voucherNumber,
  taxType: 'BUSINESS_TAX',
  periodFrom: '2015-01-01',
  periodTo: '2015-03-31',
  amountPaid: '500.00',
  paidOn: '2015-04-15',
  throughTips: true,
  ...over,
});
const local = (ledger: LedgerEntryFacts[] | 'unread' = []): LocalFacts => localFacts({ ledger: ledger === 'unread' ? undefined : ledger });
const subject = subjectFacts;
/** A taxpayer both bureaus know, whose ledgers were not read (facts for the payment checks alone). */
const known = (payments: PaymentFacts[], over: Partial<SubjectFacts> = {}) =>
  subject({
    national: [
      {
        ...national(),
        payments: [
          { levyItem: 'VAT', periodFrom: '2015-01-01', periodTo: '2015-03-31', amountPaid: '1.00', exemptCredit: '0.00', kind: 'DECLARED' },
        ],
      },
    ],
    local: [local('unread')],
    payments,
    ...over,
  });
const judge = (facts: SubjectFacts) => paymentFollowUps(subjectOf(facts), ctx);
const kinds = (facts: SubjectFacts) => judge(facts).map((f) => `${f.kind} ${f.record.source}:${f.record.id}`);

/** A payment deducted `days` before the as-of day at 10:00 China time, not in the treasury. */
const deductedDaysAgo = (days: number, voucherNo: string) => {
  const day = addDays(AS_OF, -days);
  return payment({ voucherNo, status: 'DEDUCTED', entrustedOn: day, deductedAt: `${day}T10:00:00+08:00`, inTreasuryAt: null });
};

describe('task 15: payments', () => {
  test('deducted and not in the treasury: exactly the grace days is not late, one day past is', () => {
    expect(TREASURY_GRACE_DAYS).toBe(3);
    const at = deductedDaysAgo(TREASURY_GRACE_DAYS, 'V3');
    const past = deductedDaysAgo(TREASURY_GRACE_DAYS + 1, 'V4');
    expect(kinds(known([at, past]))).toEqual([`DEDUCTED_NOT_IN_TREASURY treasury-bank:${NATIONAL_OFFICE}/V4`]);
    // Late at 23:59 China time of the day is the same day: the day, not the instant, counts.
    const lateEvening = payment({
      voucherNo: 'V5',
      status: 'DEDUCTED',
      deductedAt: `${addDays(AS_OF, -TREASURY_GRACE_DAYS)}T15:59:00Z`,
      inTreasuryAt: null,
    });
    expect(kinds(known([lateEvening]))).toEqual([]);
  });

  test('the basis says the limit is practice, and names the TIPS document', () => {
    expect(FINDING_RULES.DEDUCTED_NOT_IN_TREASURY.basis).toMatch(/practice/);
    expect(FINDING_RULES.DEDUCTED_NOT_IN_TREASURY.basis).toMatch(/财库〔2007〕49号/);
    expect(FINDING_RULES.PAYMENT_LONG_PENDING.basis).toMatch(/practice/);
  });

  test('a refused deduction is a finding, unless a later deduction of the same office, payer, tax and period paid it', () => {
    const failed = payment({ voucherNo: 'F1', status: 'FAILED', deductedAt: null, inTreasuryAt: null });
    expect(kinds(known([failed]))).toEqual([`PAYMENT_DEDUCTION_FAILED treasury-bank:${NATIONAL_OFFICE}/F1`]);
    const again = payment({ voucherNo: 'F2', entrustedOn: '2015-04-20' });
    expect(kinds(known([failed, again]))).toEqual([]);
    // Another period, another tax or an earlier payment does not pay it; a refused one neither.
    for (const other of [
      payment({ voucherNo: 'F3', periodFrom: '2015-04-01', periodTo: '2015-06-30' }),
      payment({ voucherNo: 'F3', taxType: '10102' }),
      payment({ voucherNo: 'F3', entrustedOn: '2015-04-10' }),
      payment({ voucherNo: 'F3', status: 'FAILED', entrustedOn: '2015-04-20' }),
    ]) {
      expect(kinds(known([failed, other]))).toContain(`PAYMENT_DEDUCTION_FAILED treasury-bank:${NATIONAL_OFFICE}/F1`);
    }
  });

  test('awaiting the bank: exactly the limit is not late, one day more and 76 days are', () => {
    const pending = (days: number, voucherNo: string) =>
      payment({ voucherNo, status: 'AWAITING_DEDUCTION', entrustedOn: addDays(AS_OF, -days), deductedAt: null, inTreasuryAt: null });
    const found = kinds(known([pending(PENDING_DEDUCTION_DAYS, 'P15'), pending(PENDING_DEDUCTION_DAYS + 1, 'P16'), pending(76, 'P76')]));
    expect(found).toEqual([
      `PAYMENT_LONG_PENDING treasury-bank:${NATIONAL_OFFICE}/P16`,
      `PAYMENT_LONG_PENDING treasury-bank:${NATIONAL_OFFICE}/P76`,
    ]);
    expect(judge(known([pending(76, 'P76')]))[0].detail).toMatch(/2016-01-15/);
  });

  test('a source that could not be asked is not judged', () => {
    const failed = payment({ voucherNo: 'F1', status: 'FAILED', deductedAt: null, inTreasuryAt: null });
    expect(judge(known([failed], { unavailable: ['treasury-bank'] }))).toEqual([]);
  });
});

describe('task 15: both ledgers against TIPS, voucher by voucher', () => {
  test('booked and in the treasury with the same amount: nothing', () => {
    const facts = subject({
      national: [national([vat('N1')])],
      local: [local([entry('L1')])],
      payments: [
        payment({ voucherNo: 'N1' }),
        payment({ taxOfficeCode: LOCAL_OFFICE, voucherNo: 'L1', amount: '500.00', taxType: '10103' }),
      ],
    });
    expect(kinds(facts)).toEqual([]);
  });

  test('booked through TIPS, refused by the bank: booked not in the treasury (and the refusal)', () => {
    const facts = subject({
      national: [national([vat('N1')])],
      payments: [payment({ voucherNo: 'N1', status: 'FAILED', deductedAt: null, inTreasuryAt: null })],
    });
    expect(kinds(facts)).toEqual([
      `PAYMENT_DEDUCTION_FAILED treasury-bank:${NATIONAL_OFFICE}/N1`,
      `BOOKED_NOT_IN_TREASURY national-tax:${NATIONAL_OFFICE}/N1`,
    ]);
  });

  test('booked through TIPS, unknown to TIPS: late only after the grace days; paid in cash: never expected in TIPS', () => {
    const booked = (paidOn: string) => subject({ local: [local([entry('L9', { paidOn })])] });
    expect(kinds(booked(addDays(AS_OF, -(TREASURY_GRACE_DAYS + 1))))).toEqual([`BOOKED_NOT_IN_TREASURY local-tax:${LOCAL_OFFICE}/L9`]);
    expect(kinds(booked(addDays(AS_OF, -TREASURY_GRACE_DAYS)))).toEqual([]);
    expect(kinds(subject({ local: [local([entry('L9', { throughTips: false })])] }))).toEqual([]);
  });

  test('deducted but stuck is DEDUCTED_NOT_IN_TREASURY only, not a booking gap', () => {
    const facts = subject({ national: [national([vat('N1')])], payments: [{ ...deductedDaysAgo(30, 'N1') }] });
    expect(kinds(facts)).toEqual([`DEDUCTED_NOT_IN_TREASURY treasury-bank:${NATIONAL_OFFICE}/N1`]);
  });

  test('in the treasury, booked under another voucher (or not at all): not booked', () => {
    const facts = subject({
      national: [national([vat('3510104000000000101', '1000.00', false)])],
      local: [local([])],
      payments: [
        payment({ voucherNo: 'N1' }),
        payment({ taxOfficeCode: LOCAL_OFFICE, voucherNo: 'L1', amount: '500.00', status: 'REFUNDED' }),
      ],
    });
    expect(kinds(facts)).toEqual([
      `TREASURY_NOT_BOOKED treasury-bank:${NATIONAL_OFFICE}/N1`,
      `TREASURY_NOT_BOOKED treasury-bank:${LOCAL_OFFICE}/L1`,
    ]);
  });

  test("a payment under a TIN another business also holds (its payer name another's) is not this one's to book", () => {
    const facts = subject({
      local: [local([])],
      payments: [payment({ taxOfficeCode: LOCAL_OFFICE, voucherNo: 'L1', payerName: '中山区另一家店' })],
    });
    expect(kinds(facts)).toEqual([]);
    const own = subject({
      local: [local([])],
      payments: [payment({ taxOfficeCode: LOCAL_OFFICE, voucherNo: 'L1', payerName: ' 锦江物流有限公司' })],
    });
    expect(kinds(own)).toEqual([`TREASURY_NOT_BOOKED treasury-bank:${LOCAL_OFFICE}/L1`]);
  });

  test('a payment no bureau knows the payer of is an orphan, not a booking gap; a ledger not read is not judged', () => {
    const orphan = subject({ subject: 'treasury-bank:x', uscc: null, payments: [payment({ voucherNo: 'X1' })] });
    expect(kinds(orphan)).toEqual([`ORPHAN_PAYMENT treasury-bank:${NATIONAL_OFFICE}/X1`]);
    const unread = subject({ local: [local('unread')], payments: [payment({ taxOfficeCode: LOCAL_OFFICE, voucherNo: 'L1' })] });
    expect(kinds(unread)).toEqual([]);
    const down = subject({ national: [national([])], payments: [payment({ voucherNo: 'N1' })], unavailable: ['national-tax'] });
    expect(kinds(down)).toEqual([]);
  });

  test("a monthly VAT filer's three levy records under one voucher: their sum against TIPS's amount, one finding per voucher", () => {
    const month = (m: number, amountPaid: string) => ({
      ...vat('N3', amountPaid),
      periodFrom: `2015-0${m}-01`,
      periodTo: `2015-0${m}-28`,
    });
    const records = [month(1, '300.00'), month(2, '300.00'), month(3, '400.00')];
    const facts = (amount: string) => subject({ national: [national(records)], payments: [payment({ voucherNo: 'N3', amount })] });
    expect(kinds(facts('1000.00'))).toEqual([]);
    expect(kinds(facts('400.00'))).toEqual([`BOOKED_AMOUNT_MISMATCH national-tax:${NATIONAL_OFFICE}/N3`]);
    expect(judge(facts('400.00'))[0].detail).toMatch(/booked 1000\.00 yuan \(3 records\), TIPS deducted 400\.00 yuan/);
    const refused = subject({
      national: [national(records)],
      payments: [payment({ voucherNo: 'N3', amount: '1000.00', status: 'FAILED', deductedAt: null, inTreasuryAt: null })],
    });
    expect(kinds(refused)).toEqual([
      `PAYMENT_DEDUCTION_FAILED treasury-bank:${NATIONAL_OFFICE}/N3`,
      `BOOKED_NOT_IN_TREASURY national-tax:${NATIONAL_OFFICE}/N3`,
    ]);
    // A deferred part paid later at the counter is not under the voucher: the TIPS part alone is compared.
    const deferred = { ...vat('C4', '500.00', false), kind: 'DEFERRED', paidOn: '2015-06-15' };
    const withDeferred = subject({
      national: [national([vat('N4', '500.00'), deferred])],
      payments: [payment({ voucherNo: 'N4', amount: '500.00' })],
    });
    expect(kinds(withDeferred)).toEqual([]);
  });

  test('amounts that differ', () => {
    const facts = subject({
      local: [local([entry('L1', { amountPaid: '500.00' })])],
      payments: [payment({ taxOfficeCode: LOCAL_OFFICE, voucherNo: 'L1', amount: '520.00', taxType: '10103' })],
    });
    const [f] = judge(facts);
    expect(f.kind).toBe('BOOKED_AMOUNT_MISMATCH');
    expect(f.detail).toMatch(/booked 500.00 yuan, TIPS deducted 520.00 yuan/);
    expect(f.taxOfficeCodes).toEqual([LOCAL_OFFICE]);
  });
});

describe('the exchange of revenue figures', () => {
  const row = (over: Record<string, string>) => ({
    levyItemCode: '10101',
    division: '510104',
    month: '2015-04',
    budgetSubjectCode: '1010101',
    amount: '0.00',
    ...over,
  });

  test('each source side by side, a source missing a line counts zero, the difference is the TIPS part booked minus the treasury', () => {
    const figures = sideBySide(
      [row({ amount: '1200.00', throughTips: '1000.00' })],
      [row({ levyItemCode: '10103', budgetSubjectCode: '1010301', amount: '500.00', throughTips: '500.00' })],
      [row({ amount: '990.00' }), row({ levyItemCode: '10103', budgetSubjectCode: '1010301', amount: '500.00' })],
    );
    expect(figures).toEqual([
      expect.objectContaining({
        levyItemCode: '10101',
        levyItem: '增值税',
        nationalTax: '1200.00',
        localTax: '0.00',
        treasury: '990.00',
        difference: '10.00',
      }),
      expect.objectContaining({
        levyItemCode: '10103',
        nationalTax: '0.00',
        localTax: '500.00',
        localTaxThroughTips: '500.00',
        difference: '0.00',
      }),
    ]);
  });

  test('a source that could not be asked leaves its column and the difference null', () => {
    const [f] = sideBySide(null, [], [row({ amount: '5.00' })]);
    expect(f).toMatchObject({ nationalTax: null, localTax: '0.00', treasury: '5.00', difference: null });
  });

  test('its arguments: a year, a month of it, a division prefix', () => {
    expect(revenueWindow(2016, 2, null)).toEqual({ from: '2016-02-01', to: '2016-02-29', division: null });
    expect(revenueWindow(2015, null, '5101')).toEqual({ from: '2015-01-01', to: '2015-12-31', division: '5101' });
    for (const [month, division] of [
      [13, null],
      [0, null],
      [null, '510'],
      [null, 'abc'],
    ] as const) {
      expect(() => revenueWindow(2015, month, division)).toThrow(
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
      );
    }
  });
});

describe("the report's revenue section", () => {
  const figure = sideBySide(
    [{ levyItemCode: '10101', division: '510104', month: '2015-04', budgetSubjectCode: '1010101', amount: '12.00', throughTips: '10.00' }],
    [],
    [{ levyItemCode: '10101', division: '510104', month: '2015-04', budgetSubjectCode: '1010101', amount: '9.00' }],
  );

  test('CSV: a header, one line per figure, an empty cell for a source not asked', () => {
    expect(revenueCsv(figure)).toBe(
      'levy item,tax,division,month,budget subject,national tax,national tax through TIPS,local tax,local tax through TIPS,treasury (TIPS),difference\r\n' +
        '10101,增值税,510104,2015-04,1010101,12.00,10.00,0.00,0.00,9.00,1.00\r\n',
    );
    expect(revenueCsv(sideBySide(null, [], []))).toMatch(/^levy item.*\r\n$/);
  });

  test('HTML: every figure, the lines with a difference marked, the CSV named', () => {
    const html = revenueSection({ year: 2015, figures: figure }, 'report.revenue-2015.csv');
    expect(html).toMatch(/<tr class="capped"><td>10101<\/td><td>增值税<\/td>/);
    expect(html).toContain('report.revenue-2015.csv');
  });
});
