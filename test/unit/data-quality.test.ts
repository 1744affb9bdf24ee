/**
 * kit/data-quality.ts: the garbage-record detector the source mappers run on raw legacy values.
 * Good identifiers come from kit's own builders (the seed's), so a false alarm on them fails here.
 */
import 'reflect-metadata';
import { DataProblem, detectDataIssues, RawValue, RawValueKind } from '../../subgraphs/kit/data-quality';
import {
  individualTin,
  makeCitizenId,
  makeOrgCode,
  makeRegistrationNo,
  makeUscc,
  makeUsccSafeOrgCode,
  oldTin,
} from '../../shared/identifiers';

const fullWidth = (s: string): string => s.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));

const problems = (kind: RawValueKind, value: string | null, field = 'f') =>
  detectDataIssues([{ field, kind, value }]).map((i) => i.problem);

const ORG = makeUsccSafeOrgCode(1_000_123);
const USCC = makeUscc('9', '1', '110101', ORG);
const CITIZEN_ID = makeCitizenId('510104', '19800229', 123);

describe('detectDataIssues', () => {
  it('finds nothing in good identifiers, dates and names, nor in padding around them', () => {
    const good: RawValue[] = [
      { field: 'tin', kind: 'tin', value: oldTin('110101', ORG) },
      { field: 'tin', kind: 'tin', value: `  ${oldTin('320102', makeOrgCode(77))} ` },
      { field: 'tin', kind: 'tin', value: `${USCC}  ` },
      { field: 'tin', kind: 'tin', value: individualTin(CITIZEN_ID, 3) },
      { field: 'uscc', kind: 'uscc', value: USCC },
      { field: 'organizationCode', kind: 'orgCode', value: `${ORG.slice(0, 8)}-${ORG[8]}` },
      { field: 'organizationCode', kind: 'orgCode', value: ` ${ORG}\u3000` },
      { field: 'registrationNumber', kind: 'registrationNo', value: `${makeRegistrationNo('110101', 42)}   ` },
      { field: 'registrationNumber', kind: 'registrationNo', value: '1101011234567' }, // a pre-2006 13-digit number is not judged
      { field: 'registeredOn', kind: 'charDate', value: '20160229' },
      { field: 'statusChangedOn', kind: 'charDate', value: '00000000' },
      { field: 'deregisteredOn', kind: 'charDate', value: '        ' },
      { field: 'name', kind: 'name', value: '北京华鑫批发有限公司' },
      { field: 'name', kind: 'name', value: '华为技术（中国）有限公司' }, // full-width parentheses are how Chinese names are written
      { field: 'name', kind: 'name', value: 'Contest Trading Co.' },
      { field: 'uscc', kind: 'uscc', value: null },
      { field: 'organizationCode', kind: 'orgCode', value: '   ' },
    ];
    expect(detectDataIssues(good)).toEqual([]);
  });

  it('PLACEHOLDER_IDENTIFIER: one repeated digit, or an organization code that is one', () => {
    expect(problems('tin', '000000000000000')).toEqual([DataProblem.PLACEHOLDER_IDENTIFIER]);
    expect(problems('tin', '111111111111111 ')).toEqual([DataProblem.PLACEHOLDER_IDENTIFIER]);
    // '000000000' passes GB 11714, so only the placeholder rule catches a TIN built on it.
    expect(problems('tin', oldTin('110101', '000000000'))).toEqual([DataProblem.PLACEHOLDER_IDENTIFIER]);
    expect(problems('orgCode', '00000000-0')).toEqual([DataProblem.PLACEHOLDER_IDENTIFIER]);
    expect(problems('uscc', makeUscc('9', '1', '110101', '000000000'))).toEqual([DataProblem.PLACEHOLDER_IDENTIFIER]);
    expect(problems('registrationNo', '000000000000000')).toEqual([DataProblem.PLACEHOLDER_IDENTIFIER]);
  });

  it('INVALID_IDENTIFIER: a wrong check character or format', () => {
    const badCheck = (s: string) => s.slice(0, -1) + (s.endsWith('1') ? '2' : '1');
    expect(problems('tin', badCheck(oldTin('110101', ORG)))).toEqual([DataProblem.INVALID_IDENTIFIER]);
    expect(problems('tin', badCheck(USCC))).toEqual([DataProblem.INVALID_IDENTIFIER]);
    expect(problems('tin', `${badCheck(CITIZEN_ID)}00`)).toEqual([DataProblem.INVALID_IDENTIFIER]);
    expect(problems('tin', 'ABC123')).toEqual([DataProblem.INVALID_IDENTIFIER]);
    expect(problems('uscc', badCheck(USCC))).toEqual([DataProblem.INVALID_IDENTIFIER]);
    expect(problems('orgCode', badCheck(ORG))).toEqual([DataProblem.INVALID_IDENTIFIER]);
    expect(problems('registrationNo', badCheck(makeRegistrationNo('110101', 42)))).toEqual([DataProblem.INVALID_IDENTIFIER]);
  });

  it('FULL_WIDTH_CHARACTERS: an identifier or name typed through a Chinese IME, judged again once half-width', () => {
    expect(problems('orgCode', fullWidth(`${ORG.slice(0, 8)}-${ORG[8]}`))).toEqual([DataProblem.FULL_WIDTH_CHARACTERS]);
    expect(problems('tin', fullWidth(USCC))).toEqual([DataProblem.FULL_WIDTH_CHARACTERS]);
    expect(problems('tin', fullWidth('000000000000000'))).toEqual([DataProblem.FULL_WIDTH_CHARACTERS, DataProblem.PLACEHOLDER_IDENTIFIER]);
    expect(problems('name', `${fullWidth('XX')}商店`)).toEqual([DataProblem.FULL_WIDTH_CHARACTERS]);
    expect(problems('name', fullWidth('1111'))).toEqual([DataProblem.TEST_RECORD, DataProblem.FULL_WIDTH_CHARACTERS]);
  });

  it("IMPOSSIBLE_DATE: a CHAR(8) date that names no day; '00000000' and blanks are no date", () => {
    for (const d of ['20150230', '20150431', '20151301', '20150000', '20150100', '18991231', '2015023', 'ABCDEFGH', '20100229']) {
      expect({ d, p: problems('charDate', d) }).toEqual({ d, p: [DataProblem.IMPOSSIBLE_DATE] });
    }
    for (const d of ['00000000', '', '        ', '20000229', '19000101', ' 20151231'])
      expect({ d, p: problems('charDate', d) }).toEqual({ d, p: [] });
  });

  it('TEST_RECORD: 测试 and test in a name, or a name of digits only', () => {
    for (const n of ['测试户', '测试', '测试企业有限公司', 'test', 'TEST户', 'a test row', '1111', ' 0 ']) {
      expect({ n, p: problems('name', n) }).toEqual({ n, p: [DataProblem.TEST_RECORD] });
    }
    for (const n of ['1111商店', 'Testa', '测量仪器厂']) expect({ n, p: problems('name', n) }).toEqual({ n, p: [] });
  });

  it('names the field and describes the problem without repeating a value that may be personal data', () => {
    const tin = `${CITIZEN_ID.slice(0, 17)}${CITIZEN_ID[17] === '0' ? '1' : '0'}00`;
    const issues = detectDataIssues([
      { field: 'tin', kind: 'tin', value: fullWidth(tin) },
      { field: 'name', kind: 'name', value: '测试户' },
      { field: 'registeredOn', kind: 'charDate', value: '20150230' },
    ]);
    expect(issues.map((i) => [i.field, i.problem])).toEqual([
      ['tin', DataProblem.FULL_WIDTH_CHARACTERS],
      ['tin', DataProblem.INVALID_IDENTIFIER],
      ['name', DataProblem.TEST_RECORD],
      ['registeredOn', DataProblem.IMPOSSIBLE_DATE],
    ]);
    for (const i of issues) {
      expect(i.description.length).toBeGreaterThan(20);
      for (const secret of [tin, fullWidth(tin), CITIZEN_ID.slice(6, 14), '测试户', '20150230'])
        expect(i.description).not.toContain(secret);
    }
  });
});
