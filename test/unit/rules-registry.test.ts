/**
 * Tasks 2 and 9 on hand-made facts: the law's day counts at their edges (a licence 29, 30 and 31
 * days old; a revocation 15 and 16 days old; a last day on a weekend), who owes which bureau, the
 * registry's statuses against normal tax registrations, and the disagreements of one registration
 * (normalized text, industry levels, personal data masked).
 */
import 'reflect-metadata';
import type { CooperationContext } from '../../subgraphs/cooperation/context';
import { FindingValueResolver } from '../../subgraphs/cooperation/resolvers/finding-value.resolver';
import { lastDayOfPeriod, periodOver } from '../../subgraphs/cooperation/rules/deadlines';
import { evaluate } from '../../subgraphs/cooperation/rules/evaluate';
import type { LocalFacts, NationalFacts, RegistryFacts, SubjectFacts } from '../../subgraphs/cooperation/rules/facts';
import type { RuleContext, RuleFinding } from '../../subgraphs/cooperation/rules/finding';
import { industriesDiffer, normalized } from '../../subgraphs/cooperation/rules/tasks/task-02-one-registration';
import { owesNationalTax } from '../../subgraphs/cooperation/rules/tasks/task-09-registry-vs-tax';
import { addDays } from '../../shared/dates';
import { localFacts, nationalFacts, registryFacts, subjectFacts } from '../support/rule-facts';

const AS_OF = '2016-03-31'; // a Thursday
const USCC = '91510104100000019X';

// One retail company known alike to the three sources, on the shared hand-made facts.
const same = { uscc: USCC, name: '成都华鑫百货零售有限公司', division: '510104' };
const person = { legalRepresentative: { name: '王伟' } };
const registration = (over: Partial<RegistryFacts> = {}): RegistryFacts =>
  registryFacts({ ...same, ...person, industryCode: '5211', revokedOn: null, address: '成都市锦江区华鑫路12号', ...over });
const national = (over: Partial<NationalFacts> = {}): NationalFacts =>
  nationalFacts({
    ...same,
    ...person,
    tin: USCC,
    industry: { code: '5211' },
    registeredOn: '2014-01-10',
    addresses: { registered: '成都市锦江区华鑫路12号' },
    ...over,
  });
const local = (over: Partial<LocalFacts> = {}): LocalFacts =>
  localFacts({
    ...same,
    ...person,
    tin: USCC,
    industryCode: '5211',
    registeredOn: '2014-01-10',
    address: '成都市锦江区华鑫路12号',
    ...over,
  });
const subject = (over: Partial<SubjectFacts> = {}): SubjectFacts =>
  subjectFacts({ subject: `uscc:${USCC}`, registration: registration(), national: [national()], local: [local()], ...over });
// The code tables list offices for the district (national) and only for the city (local).
const OFFICES: Record<string, { national: string[]; local: string[] }> = {
  '510104': { national: ['15101040000'], local: ['25101000000'] },
};
const ctx = (asOf = AS_OF): RuleContext => ({
  asOf,
  deemedReference: () => undefined,
  taxOfficesOf: (d) => OFFICES[d] ?? { national: [], local: [] },
});
const kinds = (fs: RuleFinding[]) => fs.map((f) => f.kind);
const of = (fs: RuleFinding[], kind: string) => fs.filter((f) => f.kind === kind);

describe('the law’s day counts', () => {
  test('N days from a day end on the day plus N (the first day not counted), moved off a weekend', () => {
    expect(lastDayOfPeriod('2016-03-01', 30)).toBe('2016-03-31'); // Thursday
    expect(lastDayOfPeriod('2016-02-25', 30)).toBe('2016-03-28'); // day 30 is Saturday 03-26: Monday
    expect(periodOver('2016-03-01', 30, '2016-03-31')).toBe(false);
    expect(periodOver('2016-02-29', 30, '2016-03-31')).toBe(true);
    expect(periodOver('2016-02-25', 30, '2016-03-28')).toBe(false);
    expect(periodOver('2016-02-25', 30, '2016-03-29')).toBe(true);
  });
});

describe('task 9: registry against tax', () => {
  const unregistered = (daysOld: number) =>
    evaluate(subject({ registration: registration({ establishedOn: addDays(AS_OF, -daysOld) }), national: [], local: [] }), ctx());

  test('a licence 29 or 30 days old is in time; 31 days old is reported to the offices of its area', () => {
    expect(unregistered(29)).toEqual([]);
    expect(unregistered(30)).toEqual([]);
    const late = unregistered(31);
    expect(kinds(late)).toEqual(['UNREGISTERED_BUSINESS']);
    // The local bureau has no office in the district: its city's office is responsible.
    expect(late[0].taxOfficeCodes).toEqual(['15101040000', '25101000000']);
  });

  test('an enterprise in national tax only is reported to local tax, past its 30 days', () => {
    const fs = evaluate(subject({ local: [] }), ctx());
    expect(kinds(fs)).toEqual(['UNREGISTERED_WITH_BUREAU']);
    expect(fs[0]).toMatchObject({ taxOfficeCodes: ['25101000000'], sources: ['local-tax', 'national-tax', 'business-registry'] });
    expect(fs[0].key).toMatch(/\|local-tax$/);
    const fresh = subject({ registration: registration({ establishedOn: addDays(AS_OF, -20) }), local: [] });
    expect(evaluate(fresh, ctx())).toEqual([]);
  });

  test('in local tax only: reported to national tax when its industry is under VAT on the day judged', () => {
    const only = (industryCode: string, asOf = AS_OF) =>
      kinds(evaluate(subject({ registration: registration({ industryCode }), national: [], local: [local({ industryCode })] }), ctx(asOf)));
    expect(only('5211')).toEqual(['UNREGISTERED_WITH_BUREAU']); // retail: VAT
    expect(only('5430')).toEqual(['UNREGISTERED_WITH_BUREAU']); // road freight: VAT from 2013-08-01
    expect(only('5430', '2013-07-31')).toEqual([]);
    expect(only('6210')).toEqual([]); // catering: business tax until 2016-05
    expect(only('6210', '2016-05-01')).toEqual(['UNREGISTERED_WITH_BUREAU']);
    expect(owesNationalTax(null, AS_OF)).toBe(false);
  });

  test('an individual business, a closed registration or a registry not active is never asked to register with the other bureau', () => {
    const individual = '92510104500000011X';
    expect(evaluate(subject({ uscc: individual, subject: `uscc:${individual}`, local: [] }), ctx())).toEqual([]);
    expect(evaluate(subject({ registration: registration({ entityType: 'INDIVIDUAL_BUSINESS' }), local: [] }), ctx())).toEqual([]);
    expect(evaluate(subject({ national: [national({ status: 'DEREGISTERED' })], local: [] }), ctx())).toEqual([]);
  });

  test('a licence revoked 16 days ago while a bureau shows it normal is reported to that bureau; 15 days is in time', () => {
    const revoked = (daysAgo: number, over: Partial<SubjectFacts> = {}) =>
      evaluate(subject({ registration: registration({ status: 'REVOKED', revokedOn: addDays(AS_OF, -daysAgo) }), ...over }), ctx());
    expect(revoked(15)).toEqual([]);
    expect(kinds(revoked(16))).toEqual(['REVOKED_BUT_ACTIVE']);
    // Abnormal in national tax (task 10 reports that), normal in local tax: reported to local tax alone.
    const fs = of(revoked(16, { national: [national({ status: 'ABNORMAL' })] }), 'REVOKED_BUT_ACTIVE');
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ sources: ['business-registry', 'local-tax'], taxOfficeCodes: ['25101040000'] });
    // Abnormal in both: no bureau shows it normal.
    const both = { national: [national({ status: 'ABNORMAL' })], local: [local({ status: 'ABNORMAL' })] };
    expect(of(revoked(100, both), 'REVOKED_BUT_ACTIVE')).toEqual([]);
  });

  test('moved out or cancelled in the registry while normal in tax names the bureaus and their offices', () => {
    const moved = evaluate(subject({ registration: registration({ status: 'MIGRATED_OUT', migratedOutOn: '2016-01-05' }) }), ctx());
    expect(kinds(moved)).toEqual(['MOVED_OUT_BUT_ACTIVE']);
    expect(moved[0].taxOfficeCodes).toEqual(['15101040000', '25101040000']);
    const cancelled = evaluate(
      subject({
        registration: registration({ status: 'CANCELLED', cancelledOn: '2015-12-01' }),
        local: [local({ status: 'DEREGISTERED' })],
      }),
      ctx(),
    );
    expect(of(cancelled, 'CANCELLED_BUT_ACTIVE').map((f) => f.taxOfficeCodes)).toEqual([['15101040000']]);
  });
});

describe('task 2: one registration', () => {
  test('blanks, full-width typing and case are no disagreement', () => {
    expect(normalized(' 成都市锦江区华鑫路１２号 ')).toBe(normalized('成都市锦江区华鑫路12号'));
    expect(normalized('成都ABC（华鑫）有限公司')).toBe(normalized('成都 abc(华鑫)有限公司'));
    const facts = subject({
      national: [national({ name: '成都华鑫百货零售有限公司　', addresses: { registered: '成都市锦江区 华鑫路１２号' } })],
    });
    expect(evaluate(facts, ctx())).toEqual([]);
  });

  test('industry codes are compared at the level both hold', () => {
    expect(industriesDiffer('52', '5211')).toBe(false);
    expect(industriesDiffer('5212', '5211')).toBe(true);
    expect(industriesDiffer('5', '6210')).toBe(false);
    expect(industriesDiffer(null, '6210')).toBe(false);
    const fs = evaluate(subject({ registration: registration({ industryCode: '5212' }), local: [local({ industryCode: '52' })] }), ctx());
    expect(fs.map((f) => f.key.split('|')[3])).toEqual(['industryCode:business-registry/national-tax']);
  });

  test('a name one source holds differently: one finding per pair, filed at the bureau, naming both values', () => {
    const fs = evaluate(subject({ local: [local({ name: '成都华鑫百货有限公司' })] }), ctx());
    expect(fs.map((f) => [f.key.split('|')[3], f.record.source, f.taxOfficeCodes])).toEqual([
      ['name:business-registry/local-tax', 'local-tax', ['25101040000']],
      ['name:national-tax/local-tax', 'national-tax', ['15101040000', '25101040000']],
    ]);
    expect(fs[0].values).toEqual([
      { source: 'business-registry', field: 'name', value: '成都华鑫百货零售有限公司' },
      { source: 'local-tax', field: 'name', value: '成都华鑫百货有限公司' },
    ]);
    expect(fs[0].detail).toContain('成都华鑫百货有限公司');
  });

  test("a legal representative's names stay out of the detail and are masked without pii:read", () => {
    const fs = evaluate(subject({ national: [national({ legalRepresentative: { name: '李娜' } })] }), ctx());
    expect(fs.map((f) => f.key.split('|')[3])).toEqual([
      'legalRepresentative:business-registry/national-tax',
      'legalRepresentative:national-tax/local-tax',
    ]);
    expect(fs[0].detail).not.toMatch(/李娜|王伟/);
    const resolver = new FindingValueResolver();
    const as = (principal: CooperationContext['principal']) => ({ principal }) as CooperationContext;
    const v = fs[0].values[1];
    expect(resolver.value(v, as({ sub: 'a', role: 'analyst', scopes: ['taxpayer:read'] }))).toBe('**');
    expect(resolver.value(v, as({ sub: 'a', role: 'app', scopes: ['taxpayer:read'] }))).toBe('**');
    expect(resolver.value(v, as({ sub: 'a', role: 'app', scopes: ['taxpayer:read', 'pii:read'] }))).toBe('李娜');
    expect(resolver.personal(v)).toBe(true);
    const name = { source: 'national-tax', field: 'name', value: 'x' };
    expect(resolver.value(name, as({ sub: 'a', role: 'analyst', scopes: [] }))).toBe('x');
  });

  test("status: one bureau deregistered while the other shows it normal; the registry's statuses are task 9's", () => {
    const fs = evaluate(subject({ national: [national({ status: 'DEREGISTERED', deregisteredOn: '2016-01-10' })] }), ctx());
    expect(fs.map((f) => f.key.split('|')[3])).toEqual(['status:national-tax/local-tax']);
    expect(fs[0].values.map((v) => v.value)).toEqual(['DEREGISTERED', 'NORMAL']);
    // Abnormal in one bureau is task 10's, not a disagreement.
    expect(evaluate(subject({ local: [local({ status: 'ABNORMAL' })] }), ctx()).map((f) => f.kind)).toEqual(['ABNORMAL']);
  });

  test('a source that could not be asked is not compared', () => {
    const facts = subject({ local: [local({ name: 'other' })], unavailable: ['local-tax'] });
    expect(evaluate(facts, ctx()).filter((f) => f.kind === 'REGISTRATION_MISMATCH')).toEqual([]);
  });
});
