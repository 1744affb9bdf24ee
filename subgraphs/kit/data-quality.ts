import { Directive, Field, ObjectType, registerEnumType } from 'type-graphql';
import {
  classifyLegacyId,
  isPlaceholderOrgCode,
  isPilotUscc,
  isPlaceholderTin,
  isValidOrgCode,
  isValidRegistrationNo,
  isValidUscc,
  normalizeOrgCode,
  ONE_REPEATED_CHARACTER,
  toHalfWidth,
} from '../../shared/identifiers';
import { charDate, text } from './mapping';

/**
 * What is wrong with a legacy record's raw values (DOMAIN.md task 14, 三清: garbage records). The
 * mappers repair legacy values silently (full-width typing made half-width, impossible dates made
 * null), so the graph would hide the dirt; each source's mapper hands its raw columns to
 * `detectDataIssues` and exposes the list as `dataIssues`. Stray blanks around a code are CHAR
 * padding, never an issue. Descriptions say what is wrong in words and never repeat the value, so
 * a citizen-ID TIN or a name does not leak through them.
 */

export enum DataProblem {
  PLACEHOLDER_IDENTIFIER = 'PLACEHOLDER_IDENTIFIER',
  INVALID_IDENTIFIER = 'INVALID_IDENTIFIER',
  FULL_WIDTH_CHARACTERS = 'FULL_WIDTH_CHARACTERS',
  IMPOSSIBLE_DATE = 'IMPOSSIBLE_DATE',
  TEST_RECORD = 'TEST_RECORD',
  PILOT_CODE = 'PILOT_CODE',
}

registerEnumType(DataProblem, {
  name: 'DataProblem',
  description: 'Kinds of unusable content in a legacy record (三清 garbage records).',
  valuesConfig: {
    PLACEHOLDER_IDENTIFIER: {
      description:
        'An identifier typed as a placeholder: one repeated digit (000000000000000), or an organization code whose body is one repeated character.',
    },
    INVALID_IDENTIFIER: {
      description:
        'An identifier that fails its check algorithm or format (USCC GB 32100, organization code GB 11714, citizen ID GB 11643, ' +
        'registration number ISO 7064).',
    },
    FULL_WIDTH_CHARACTERS: {
      description: 'An identifier, code or name typed with full-width letters or digits (ＸＸ) through a Chinese input method.',
    },
    IMPOSSIBLE_DATE: {
      description: "A stored date that names no day (CHAR(8) '20150230'); '00000000' and blanks mean no date and are not an issue.",
    },
    TEST_RECORD: { description: 'A test row: a name like 测试户 or test, or a name made only of digits.' },
    PILOT_CODE: {
      description:
        'A warning, not garbage: a USCC from the early Fujian pilot (2014-15) that fails the GB 32100 check character yet is legal ' +
        '(authority 9, a Fujian division 35xxxx, a subject code beginning with M). The graph accepts it.',
    },
  },
});

// A value type every source subgraph exposes, identical everywhere.
@Directive('@shareable')
@ObjectType({
  description: "One problem found in a legacy record's raw values (三清 garbage records); the graph's own fields show the repaired values.",
})
export class DataIssue {
  @Field({ description: 'The graph field whose legacy value has the problem, e.g. tin, organizationCode, registeredOn, name.' })
  field!: string;

  @Field(() => DataProblem, { description: 'What kind of problem it is.' })
  problem!: DataProblem;

  @Field({ description: 'The problem in words; never repeats the value itself (it may be personal data).' })
  description!: string;
}

/** How a raw value is judged. */
export type RawValueKind =
  /** A taxpayer identification number: old 15-character TIN, USCC or citizen ID + 2 digits. */
  | 'tin'
  /** A unified social credit code. */
  | 'uscc'
  /** An organization code (GB 11714), printed forms ('XXXXXXXX-X') accepted. */
  | 'orgCode'
  /** A business registration number: a 15-digit one (GS 15-2006) is checked; older formats are not judged. */
  | 'registrationNo'
  /** A CHAR(8) 'YYYYMMDD' date. */
  | 'charDate'
  /** A taxpayer's name. */
  | 'name';

export interface RawValue {
  /** The graph field the value becomes. */
  field: string;
  kind: RawValueKind;
  /** As stored, padding and all. */
  value: string | null | undefined;
}

const FULL_WIDTH_ASCII = /[\uFF01-\uFF5E]/;
/** Full-width letters and digits only: names legitimately use full-width punctuation such as （）. */
const FULL_WIDTH_ALNUM = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/;
const TEST_NAME = /测试|(^|[^a-z])test([^a-z]|$)/i;
const DIGITS_ONLY = /^\d+$/;

const WHAT: Record<Exclude<RawValueKind, 'charDate' | 'name'>, string> = {
  tin: 'taxpayer identification number',
  uscc: 'unified social credit code',
  orgCode: 'organization code',
  registrationNo: 'business registration number',
};

/** A placeholder (shared/identifiers.ts): one repeated character, or an organization code whose body is one. */
function isPlaceholder(kind: RawValueKind, id: string): boolean {
  if (kind === 'orgCode') return ONE_REPEATED_CHARACTER.test(id) || isPlaceholderOrgCode(normalizeOrgCode(id));
  if (kind === 'tin' || kind === 'uscc') return isPlaceholderTin(id);
  return ONE_REPEATED_CHARACTER.test(id);
}

function isValid(kind: RawValueKind, id: string): boolean {
  switch (kind) {
    case 'tin':
      return ['uscc', 'old-tin', 'individual-tin'].includes(classifyLegacyId(id).kind);
    case 'uscc':
      return isValidUscc(id);
    case 'orgCode':
      return isValidOrgCode(id);
    case 'registrationNo':
      return !/^\d{15}$/.test(id) || isValidRegistrationNo(id);
    default:
      return true;
  }
}

function identifierIssues(field: string, kind: Exclude<RawValueKind, 'charDate' | 'name'>, raw: string): DataIssue[] {
  const issues: DataIssue[] = [];
  const what = WHAT[kind];
  if (FULL_WIDTH_ASCII.test(raw)) {
    issues.push({
      field,
      problem: DataProblem.FULL_WIDTH_CHARACTERS,
      description: `The ${what} is typed with full-width characters; the graph shows it half-width.`,
    });
  }
  const id = text(toHalfWidth(raw))!.toUpperCase();
  if (isPlaceholder(kind, id)) {
    issues.push({
      field,
      problem: DataProblem.PLACEHOLDER_IDENTIFIER,
      description: `The ${what} is a placeholder (one repeated character), not a real identifier.`,
    });
  } else if ((kind === 'uscc' || kind === 'tin') && isPilotUscc(id)) {
    issues.push({
      field,
      problem: DataProblem.PILOT_CODE,
      description: `The ${what} is an early Fujian pilot code: it fails the check character yet is legal.`,
    });
  } else if (!isValid(kind, id)) {
    issues.push({ field, problem: DataProblem.INVALID_IDENTIFIER, description: `The ${what} fails its format or check-character rule.` });
  }
  return issues;
}

function dateIssues(field: string, raw: string): DataIssue[] {
  const t = text(raw)!;
  if (/^0+$/.test(t) || charDate(t) !== null) return [];
  return [
    {
      field,
      problem: DataProblem.IMPOSSIBLE_DATE,
      description: 'The stored date names no calendar day (CHAR(8) YYYYMMDD); the graph shows no date.',
    },
  ];
}

function nameIssues(field: string, raw: string): DataIssue[] {
  const issues: DataIssue[] = [];
  const name = text(toHalfWidth(raw))!;
  if (TEST_NAME.test(name)) {
    issues.push({ field, problem: DataProblem.TEST_RECORD, description: 'The name marks a test record (测试, test).' });
  } else if (DIGITS_ONLY.test(name)) {
    issues.push({ field, problem: DataProblem.TEST_RECORD, description: 'The name is made only of digits, as test rows are.' });
  }
  if (FULL_WIDTH_ALNUM.test(raw)) {
    issues.push({
      field,
      problem: DataProblem.FULL_WIDTH_CHARACTERS,
      description: 'The name is typed with full-width letters or digits; the graph shows them half-width.',
    });
  }
  return issues;
}

/** The issues of a record's raw values, in the order given; blank and null values have none. */
export function detectDataIssues(values: readonly RawValue[]): DataIssue[] {
  const issues: DataIssue[] = [];
  for (const { field, kind, value } of values) {
    if (text(value) === null) continue;
    const raw = value as string;
    if (kind === 'charDate') issues.push(...dateIssues(field, raw));
    else if (kind === 'name') issues.push(...nameIssues(field, raw));
    else issues.push(...identifierIssues(field, kind, raw));
  }
  return issues;
}
