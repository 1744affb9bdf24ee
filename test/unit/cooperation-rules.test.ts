/**
 * The cooperation rules on hand-made facts: the edges the ground-truth test cannot reach (a source
 * that could not be asked, one bureau's rating only, one TIN registered twice listing the same
 * invoices, a group without a reference rate).
 */
import { evaluate } from '../../subgraphs/cooperation/rules/evaluate';
import { jointRating } from '../../subgraphs/cooperation/rules/tasks/task-03-credit-rating';
import { lowerGrade } from '../../subgraphs/cooperation/rules/reference';
import { localFacts, nationalFacts, registryFacts, RULE_CONTEXT, subjectFacts } from '../support/rule-facts';

const national = nationalFacts;
const local = localFacts;
const subject = subjectFacts;
const ctx = RULE_CONTEXT;
const registration = registryFacts();

describe('cooperation rules', () => {
  test('a registered business with no tax record is a finding only when both bureaus could be asked', () => {
    expect(evaluate(subject({ registration }), ctx).map((f) => f.kind)).toEqual(['UNREGISTERED_BUSINESS']);
    expect(evaluate(subject({ registration, unavailable: ['local-tax'] }), ctx)).toEqual([]);
  });

  test('the joint credit grade is the lower; one bureau alone gives its own, with the reason', () => {
    expect(lowerGrade('A', 'C')).toBe('C');
    expect(lowerGrade('M', 'B')).toBe('M');
    const both = subject({
      national: [national({ creditRatings: [{ year: 2015, score: 92, grade: 'A' }] })],
      local: [local({ creditRatings: [{ year: 2015, score: 55, grade: 'C' }] })],
    });
    expect(jointRating(both, 2015)).toMatchObject({ nationalTax: 'A', localTax: 'C', joint: 'C' });
    expect(evaluate(both, ctx).map((f) => [f.kind, f.year])).toEqual([['CREDIT_RATING_DISAGREEMENT', 2015]]);
    const one = subject({ national: [national({ creditRatings: [{ year: 2015, score: 75, grade: 'B' }] })], local: [local()] });
    expect(jointRating(one, 2015)).toMatchObject({ nationalTax: 'B', localTax: null, joint: 'B' });
    expect(jointRating(one, 2015)!.reason).toMatch(/Only national/);
    expect(jointRating(one, 2014)).toBeNull();
  });

  test('two records under one TIN: one duplicate, and their shared freight invoices count once', () => {
    // 2013, before transport moved to VAT (2013-08-01): the carrier's business tax is what the invoices back.
    const invoices = [1, 2].map((k) => ({
      code: `15101041300${k}`,
      number: '00000001',
      issuedOn: `2013-0${k * 3}-28`,
      freightAmount: '50000.00',
      deduction: null,
    }));
    const facts = subject({
      national: [
        national({ freightInvoices: invoices }),
        national({ id: '25101040000000000001', registeredOn: '2015-06-01', freightInvoices: invoices }),
      ],
      local: [
        local({
          returns: [
            {
              taxType: 'BUSINESS_TAX',
              periodFrom: '2013-01-01',
              periodTo: '2013-03-31',
              taxableBase: '90000.00',
              rate: '0.0300',
              taxDue: '2700.00',
              amountPaid: '2700.00',
              kind: 'RETURN',
            },
          ],
        }),
      ],
    });
    const found = evaluate(facts, ctx);
    expect(found.filter((f) => f.kind === 'DUPLICATE_RECORD').map((f) => f.record.id)).toEqual(['25101040000000000001']);
    const freight = found.filter((f) => f.kind === 'FREIGHT_UNDERDECLARED');
    expect(freight).toHaveLength(1);
    expect(freight[0].values).toContainEqual({ source: 'national-tax', field: 'freightInvoiced', value: '100000.00' });
  });

  test('a deemed rate is judged only against a known reference of its area and industry', () => {
    const facts = subject({ national: [national({ deemedCit: [{ year: 2015, deemedIncomeRate: '0.15' }] })], local: [local()] });
    expect(evaluate(facts, ctx).filter((f) => f.kind === 'DEEMED_RATE_IMBALANCE')).toEqual([]);
    expect(evaluate(facts, { ...ctx, deemedReference: () => '0.1500' }).filter((f) => f.kind === 'DEEMED_RATE_IMBALANCE')).toEqual([]);
    expect(evaluate(facts, { ...ctx, deemedReference: () => '0.1000' }).filter((f) => f.kind === 'DEEMED_RATE_IMBALANCE')).toHaveLength(1);
  });

  test('the urban construction tax check states the base and the tax difference', () => {
    const facts = subject({
      national: [
        national({
          payments: [
            {
              levyItem: 'VAT',
              periodFrom: '2015-04-01',
              periodTo: '2015-06-30',
              amountPaid: '1000.00',
              exemptCredit: '100.00',
              kind: 'DECLARED',
            },
          ],
        }),
      ],
      local: [
        local({
          returns: [
            {
              taxType: 'BUSINESS_TAX',
              periodFrom: '2015-04-01',
              periodTo: '2015-06-30',
              taxableBase: '10000.00',
              rate: '0.0500',
              taxDue: '500.00',
              amountPaid: '500.00',
              kind: 'RETURN',
            },
            {
              taxType: 'URBAN_CONSTRUCTION_TAX',
              periodFrom: '2015-04-01',
              periodTo: '2015-06-30',
              taxableBase: '1000.00',
              rate: '0.0700',
              taxDue: '70.00',
              amountPaid: '70.00',
              kind: 'RETURN',
            },
          ],
        }),
      ],
    });
    const [uct] = evaluate(facts, ctx).filter((f) => f.kind === 'UCT_BASE_MISMATCH');
    expect(uct).toMatchObject({ periodFrom: '2015-04-01', periodTo: '2015-06-30', year: 2015 });
    expect(uct.values).toEqual(
      expect.arrayContaining([
        { source: 'local-tax', field: 'expectedBase', value: '1600.00' },
        { source: 'local-tax', field: 'declaredBase', value: '1000.00' },
        { source: 'local-tax', field: 'taxDifference', value: '42.00' },
      ]),
    );
  });

  test('abnormal for more than three calendar months before the as-of day is overdue; a garbage record is only garbage', () => {
    const facts = subject({ national: [national({ status: 'ABNORMAL', abnormalSince: '2015-12-30' })] });
    expect(evaluate(facts, ctx).map((f) => f.kind)).toEqual(['ABNORMAL', 'ABNORMAL_OVERDUE']);
    expect(
      evaluate(subject({ national: [national({ status: 'ABNORMAL', abnormalSince: '2015-12-31' })] }), ctx).map((f) => f.kind),
    ).toEqual(['ABNORMAL']);
    const garbage = subject({
      uscc: null,
      subject: 'national-tax:9',
      national: [
        national({
          id: '9',
          administrator: null,
          dataIssues: [{ field: 'tin', problem: 'PLACEHOLDER_IDENTIFIER', description: 'a placeholder' }],
        }),
      ],
    });
    expect(evaluate(garbage, ctx).map((f) => [f.kind, f.legacyId])).toEqual([['GARBAGE_RECORD', '9']]);
  });
});
