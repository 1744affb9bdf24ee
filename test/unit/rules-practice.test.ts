/**
 * Rules of practice per province (rules/practice.ts): the table and its checks, and the two rules
 * that read it (task 3's joint grade, task 12's key tax source threshold) on hand-made facts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalFacts, NationalFacts, SubjectFacts } from '../../subgraphs/cooperation/rules/facts';
import {
  BUILT_IN_PRACTICE,
  parsePractice,
  PracticeError,
  practiceFor,
  practiceFromEnv,
  PracticeTable,
} from '../../subgraphs/cooperation/rules/practice';
import { FINDING_RULES } from '../../subgraphs/cooperation/rules/reference';
import { subjectOf } from '../../subgraphs/cooperation/rules/subject';
import { creditRatingDisagreements, jointGradeOf, jointRating } from '../../subgraphs/cooperation/rules/tasks/task-03-credit-rating';
import { keyTaxSources } from '../../subgraphs/cooperation/rules/tasks/task-12-key-tax-source';
import { localFacts, nationalFacts, RULE_CONTEXT, subjectFacts } from '../support/rule-facts';

const ctx = RULE_CONTEXT;

// One Beihai carrier, rated by both bureaus, on the shared hand-made facts.
const national = (division: string, grade: string): NationalFacts =>
  nationalFacts({
    id: '14501040000000000001',
    tin: `${division}100000019`,
    name: '北海物流有限公司',
    division,
    taxOffice: { code: `1${division}0000` },
    administrator: null,
    creditRatings: [{ year: 2015, score: 92, grade }],
  });

const local = (division: string, grade: string | null, businessTaxYuan = 0): LocalFacts =>
  localFacts({
    tin: `${division}100000019`,
    name: '北海物流有限公司',
    division,
    taxOffice: { code: `2${division}0000` },
    administrator: null,
    // Four quarterly returns making up the year's business tax.
    returns: ['01', '04', '07', '10'].map((m) => ({
      taxType: 'BUSINESS_TAX',
      periodFrom: `2015-${m}-01`,
      periodTo: `2015-${m}-28`,
      taxableBase: '0.00',
      rate: '0.05',
      taxDue: (businessTaxYuan / 4).toFixed(2),
      amountPaid: (businessTaxYuan / 4).toFixed(2),
      kind: 'RETURN',
    })),
    creditRatings: [{ year: 2015, score: 55, grade }],
  });

const facts = (n: NationalFacts | null, l: LocalFacts | null): SubjectFacts =>
  subjectFacts({ subject: 'uscc:91450500100000019X', uscc: '91450500100000019X', national: n ? [n] : [], local: l ? [l] : [] });

const table = (json: unknown): PracticeTable => parsePractice(json, 'test');

describe('rules of practice per province', () => {
  test('the built-in table: the lower grade and 1,000,000 yuan everywhere, Guangxi named as the source', () => {
    expect(practiceFor('450500', BUILT_IN_PRACTICE)).toEqual({ jointGrade: 'LOWER', keyTaxSourceYuan: 1_000_000 });
    expect(practiceFor('510104', BUILT_IN_PRACTICE)).toBe(BUILT_IN_PRACTICE.default);
    expect(practiceFor(null, BUILT_IN_PRACTICE)).toBe(BUILT_IN_PRACTICE.default);
    expect(practiceFromEnv({})).toBe(BUILT_IN_PRACTICE);
  });

  test('a province is keyed by the first two digits of any division; what it leaves out comes from the default', () => {
    const t = table({ default: { keyTaxSourceYuan: 2_000_000 }, provinces: { '51': { jointGrade: 'NATIONAL_LEADS' } } });
    expect(practiceFor('510104', t)).toEqual({ jointGrade: 'NATIONAL_LEADS', keyTaxSourceYuan: 2_000_000 });
    expect(practiceFor('51', t)).toEqual(practiceFor('5101', t));
    expect(practiceFor('210224', t)).toEqual({ jointGrade: 'LOWER', keyTaxSourceYuan: 2_000_000 });
  });

  test('a bad table is refused with where and why', () => {
    const bad: [unknown, RegExp][] = [
      [[], /must be a JSON object/],
      [{ defaults: {} }, /unknown key 'defaults'/],
      [{ default: { jointGrade: 'HIGHER' } }, /default\.jointGrade must be one of LOWER, NATIONAL_LEADS, LOCAL_LEADS, got "HIGHER"/],
      [{ provinces: { '5': {} } }, /'5' is no 2-digit province code/],
      [{ provinces: { '45': { keyTaxSourceYuan: -1 } } }, /provinces\.45\.keyTaxSourceYuan must be a whole number of yuan above 0/],
      [{ provinces: { '45': { keyTaxSourceYuan: '1000000' } } }, /keyTaxSourceYuan must be a whole number/],
      [{ provinces: { '45': { threshold: 1 } } }, /provinces\.45: unknown field 'threshold'/],
    ];
    for (const [json, message] of bad) {
      expect(() => table(json)).toThrow(PracticeError);
      expect(() => table(json)).toThrow(message);
    }
  });

  test('the environment: JSON text or a file, not both; unreadable or malformed ones name the variable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'practice-'));
    const file = join(dir, 'practice.json');
    writeFileSync(file, JSON.stringify({ provinces: { '21': { keyTaxSourceYuan: null } } }));
    expect(practiceFor('210200', practiceFromEnv({ TAXGRAPH_PRACTICE_FILE: file })).keyTaxSourceYuan).toBeNull();
    expect(practiceFromEnv({ TAXGRAPH_PRACTICE_FILE: file }).origin).toBe(`TAXGRAPH_PRACTICE_FILE ${file}`);
    expect(practiceFor('45', practiceFromEnv({ TAXGRAPH_PRACTICE: '{"provinces":{"45":{"jointGrade":"LOCAL_LEADS"}}}' })).jointGrade).toBe(
      'LOCAL_LEADS',
    );
    expect(() => practiceFromEnv({ TAXGRAPH_PRACTICE: '{}', TAXGRAPH_PRACTICE_FILE: file })).toThrow(/not both/);
    expect(() => practiceFromEnv({ TAXGRAPH_PRACTICE: '{nope' })).toThrow(/^TAXGRAPH_PRACTICE: not JSON/);
    expect(() => practiceFromEnv({ TAXGRAPH_PRACTICE_FILE: join(dir, 'missing.json') })).toThrow(/cannot read it \(ENOENT\)/);
  });

  test("task 3: the joint grade follows the subject's province; a disagreement is a finding whatever the rule", () => {
    expect(jointGradeOf('A', 'C', 'LOWER')).toBe('C');
    expect(jointGradeOf('A', 'C', 'NATIONAL_LEADS')).toBe('A');
    expect(jointGradeOf('A', 'C', 'LOCAL_LEADS')).toBe('C');
    expect(jointGradeOf('D', 'B', 'LOCAL_LEADS')).toBe('B');
    const t = table({ provinces: { '45': { jointGrade: 'NATIONAL_LEADS' } } });
    const beihai = facts(national('450500', 'A'), local('450500', 'C'));
    const chengdu = facts(national('510104', 'A'), local('510104', 'C'));
    expect(jointRating(beihai, 2015, t)).toMatchObject({ joint: 'A', rule: 'NATIONAL_LEADS', division: '450500' });
    expect(jointRating(beihai, 2015, t)!.reason).toMatch(/national tax's, the leading bureau/);
    expect(jointRating(chengdu, 2015, t)).toMatchObject({ joint: 'C', rule: 'LOWER' });
    expect(jointRating(chengdu, 2015, t)!.reason).toMatch(/the lower of the two, C .*not the notice's/);
    const found = creditRatingDisagreements(subjectOf(beihai), ctx, t);
    expect(found.map((f) => f.kind)).toEqual(['CREDIT_RATING_DISAGREEMENT']);
    expect(found[0].detail).toMatch(/the joint grade is national tax's, the leading bureau \(local tax confirms\), A/);
    expect(creditRatingDisagreements(subjectOf(facts(national('450500', 'B'), local('450500', 'B'))), ctx, t)).toEqual([]);
  });

  test("task 12: the threshold is the record's province's, at the boundary; a province without one has no key sources", () => {
    const t = table({ provinces: { '51': { keyTaxSourceYuan: 500_000 }, '21': { keyTaxSourceYuan: null } } });
    const years = (division: string, yuan: number) =>
      keyTaxSources(subjectOf(facts(null, local(division, null, yuan))), ctx, t).map((f) => [f.year, f.values[1].value]);
    expect(years('450500', 1_000_000)).toEqual([[2015, '1000000.00']]);
    expect(years('450500', 999_999.96)).toEqual([]);
    expect(years('510104', 500_000)).toEqual([[2015, '500000.00']]);
    expect(years('510104', 499_999.96)).toEqual([]);
    expect(years('210224', 50_000_000)).toEqual([]);
    const [f] = keyTaxSources(subjectOf(facts(null, local('510104', null, 600_000))), ctx, t);
    expect(f.detail).toBe('2015: business tax of 600000.00 yuan, at least 500000.00 (the key tax source threshold of province 51).');
  });

  test("the bases of tasks 3 and 12 say what is the notice's and what is practice", () => {
    for (const kind of ['CREDIT_RATING_DISAGREEMENT', 'KEY_TAX_SOURCE'] as const) {
      expect(FINDING_RULES[kind].basis).toMatch(/^Notice \(/);
      expect(FINDING_RULES[kind].basis).toMatch(/Practice, not the notice/);
      expect(FINDING_RULES[kind].basis).toMatch(/TAXGRAPH_PRACTICE/);
    }
    expect(FINDING_RULES.CREDIT_RATING_DISAGREEMENT.basis).toContain('国、地税机关联合按照有关评定办法标准,评定纳税信用等级');
    expect(FINDING_RULES.KEY_TAX_SOURCE.basis).toContain('区局以年缴纳营业税收入在100万元以上的纳税人作为标准');
  });
});
