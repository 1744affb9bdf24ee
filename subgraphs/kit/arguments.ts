import { badUserInput } from '../../shared/errors';
import { toHalfWidth } from '../../shared/identifiers';
import { text } from './mapping';

/**
 * The checks of the arguments clients type, one rule per kind of argument for every source. An
 * identifier or code may come as copied from a legacy screen: blanks (the ideographic space too, in
 * front, behind or between the groups a screen prints), full-width characters and lower case are
 * forgiven; anything that then cannot be one is
 * BAD_USER_INPUT saying what was expected and naming the argument in `extensions.argument` (its path,
 * e.g. 'filter.division'), never an empty answer or a database error. The kinds that are one
 * source's own (its internal key, its administrator codes) are declared as rules in that source's
 * mapper, next to the legacy columns they stand for, and checked here all the same.
 */
export interface ArgumentRule {
  /** What a valid value is, as the message says it: 'a 6-digit division code'. */
  expected: string;
  /** The form of the cleaned value. */
  pattern: RegExp;
  /** Keys that may hold lower case keep the case as typed. @default false (upper-cased) */
  caseSensitive?: boolean;
  /** Only padding is forgiven: a blank inside makes the value no value of this kind. @default false (blanks dropped anywhere) */
  padOnly?: boolean;
  /** The value as the source stores it, once it passed (e.g. leading zeros dropped). */
  canonical?: (value: string) => string;
}

/** A taxpayer identification number: an old 15-character TIN, a USCC (18), or a citizen ID + 2 digits (20). */
export const TIN: ArgumentRule = {
  expected: 'a taxpayer identification number (an old 15-character TIN, an 18-character USCC or a citizen ID + 2 digits)',
  pattern: /^(?:[0-9A-Z]{15}|[0-9A-Z]{18}|[0-9A-Z]{20})$/,
};

/** A division code (GB/T 2260). */
export const DIVISION: ArgumentRule = { expected: 'a 6-digit division code', pattern: /^\d{6}$/ };

/** An industry code (GB/T 4754). */
export const INDUSTRY_CODE: ArgumentRule = { expected: 'a 4-character industry code (GB/T 4754)', pattern: /^[0-9A-Z]{4}$/ };

/** A tax office code (税务机关/征收机关代码): 1 national or 2 local, the division, 4 digits. */
export const TAX_OFFICE_CODE: ArgumentRule = { expected: 'an 11-digit tax office code', pattern: /^\d{11}$/ };

/** A paying bank's code (行号). */
export const BANK_CODE: ArgumentRule = { expected: 'a 12-digit bank code', pattern: /^\d{12}$/ };

/** A levy item (征收项目代码), e.g. 10101 VAT. */
export const LEVY_ITEM_CODE: ArgumentRule = { expected: 'a 5-digit levy item code', pattern: /^\d{5}$/ };

/** A tax voucher number (税票号码): machines key it (banks send it back as TIPS gave it), so 'A B' is no voucher. */
export const VOUCHER_NO: ArgumentRule = {
  expected: 'a voucher number (up to 18 letters and digits)',
  pattern: /^[0-9A-Z]{1,18}$/,
  padOnly: true,
};

/** A business registration number (注册号): 15 digits since GS 15-2006, older ones 13 to 18 characters. */
export const REGISTRATION_NUMBER: ArgumentRule = {
  expected: 'a registration number (13 to 18 letters and digits, 15 digits since GS 15-2006)',
  pattern: /^[0-9A-Z]{13,18}$/,
};

const shown = (value: string) => value.slice(0, 40);

/** The value as typed, cleaned as its rule forgives (see the top of this file); null when nothing is left. */
function clean(rule: ArgumentRule, value: string): string | null {
  const half = text(toHalfWidth(value));
  if (half === null) return null;
  const cased = rule.caseSensitive ? half : half.toUpperCase();
  return rule.padOnly ? cased : cased.replace(/\s+/g, '');
}

/** Checks one argument by its rule and returns it clean (and canonical). */
export function checkArgument(rule: ArgumentRule, value: string, argument: string): string {
  const cleaned = clean(rule, value);
  if (cleaned === null || !rule.pattern.test(cleaned)) {
    throw badUserInput(`${argument} '${shown(value)}' is not ${rule.expected}`, { argument });
  }
  return rule.canonical ? rule.canonical(cleaned) : cleaned;
}

/** checkArgument for an optional argument: null when it is not given. */
export function optionalArgument(rule: ArgumentRule, value: string | null | undefined, argument: string): string | null {
  return value === null || value === undefined ? null : checkArgument(rule, value, argument);
}

const MIN_YEAR = 1900;
const MAX_YEAR = 2999;

/** A year (of a tax period, an assessment, a rating): null when not given. */
export function yearArgument(year: number | null | undefined, argument = 'year'): number | null {
  if (year === null || year === undefined) return null;
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw badUserInput(`${argument} must be between ${MIN_YEAR} and ${MAX_YEAR}, got ${year}`, { argument });
  }
  return year;
}

/** For a lookup by one of several identifiers: the name of the one given; BAD_USER_INPUT unless exactly one is. */
export function exactlyOneOf<K extends string>(field: string, args: Record<K, unknown>): K {
  const names = Object.keys(args) as K[];
  const given = names.filter((name) => args[name] !== null && args[name] !== undefined);
  if (given.length !== 1) {
    const got = given.length === 0 ? 'neither' : given.length === names.length ? 'both' : given.join(' and ');
    throw badUserInput(`${field} takes exactly one of ${names.join(' or ')} (got ${got})`, { argument: names.join(', ') });
  }
  return given[0];
}

/** The codes a list filter narrows by (each source's filter has those its records carry). */
export interface FilterCodes {
  division?: string | null;
  industryCode?: string | null;
  taxOfficeCode?: string | null;
  administratorCode?: string | null;
}

/**
 * A list filter's codes, each checked by its rule and named by its path ('filter.division') in an
 * error; an administrator code by the source's own rule, since each bureau numbers its staff its way.
 */
export function filterCodes(filter: FilterCodes | null | undefined, administrator?: ArgumentRule): Required<FilterCodes> {
  const administratorCode = filter?.administratorCode;
  if (administratorCode != null && !administrator) throw new Error('filterCodes: an administrator code needs the source its rule');
  return {
    division: optionalArgument(DIVISION, filter?.division, 'filter.division'),
    industryCode: optionalArgument(INDUSTRY_CODE, filter?.industryCode, 'filter.industryCode'),
    taxOfficeCode: optionalArgument(TAX_OFFICE_CODE, filter?.taxOfficeCode, 'filter.taxOfficeCode'),
    administratorCode: administrator ? optionalArgument(administrator, administratorCode, 'filter.administratorCode') : null,
  };
}

/** The arguments of a count per area: one division, one industry, one year, all required. */
export function areaYearArguments(
  division: string,
  industryCode: string,
  year: number,
): { division: string; industryCode: string; year: number } {
  return {
    division: checkArgument(DIVISION, division, 'division'),
    industryCode: checkArgument(INDUSTRY_CODE, industryCode, 'industryCode'),
    year: yearArgument(year) as number,
  };
}
