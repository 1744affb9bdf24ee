import { badUserInput } from '../../../shared/errors';
import { code } from '../../kit/mapping';

/**
 * Checks and cleans the arguments clients type: identifiers may come with blanks or full-width
 * characters (copied from legacy screens); anything that cannot be one is BAD_USER_INPUT.
 */

const MIN_YEAR = 1900;
const MAX_YEAR = 2999;

export function checkYear(year: number | null | undefined): number | null {
  if (year === null || year === undefined) return null;
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw badUserInput(`year must be between ${MIN_YEAR} and ${MAX_YEAR}, got ${year}`, { argument: 'year' });
  }
  return year;
}

/** An identifier without any blanks (incl. the ideographic space), half-width, upper case; null when empty. */
export function cleanIdentifier(value: string | null | undefined): string | null {
  const c = code(value);
  return c === null ? null : c.replace(/[\s\u3000]+/g, '');
}

/** A TIN as a client typed it: 15 to 20 letters and digits once blanks and full-width typing are cleaned. */
export function checkTin(value: string): string {
  const tin = cleanIdentifier(value);
  if (!tin || !/^[0-9A-Z]{15,20}$/.test(tin)) {
    throw badUserInput(`tin '${value.slice(0, 40)}' is not a taxpayer identification number (15 to 20 letters and digits)`, {
      argument: 'tin',
    });
  }
  return tin;
}

/** An internal key (DJXH): up to 20 digits, returned without leading zeros as PostgreSQL prints NUMERIC. */
export function checkAccountId(value: string, argument = 'id'): string {
  const id = cleanIdentifier(value);
  if (!id || !/^\d{1,20}$/.test(id)) {
    throw badUserInput(`${argument} '${value.slice(0, 40)}' is not a national-tax internal key (DJXH, up to 20 digits)`, { argument });
  }
  return id.replace(/^0+(?=\d)/, '');
}

/** A fixed-length code (division, industry, tax office, administrator); `argument` is its path, e.g. 'filter.division'. */
export function checkCode(value: string | null | undefined, argument: string, pattern: RegExp, what: string): string | null {
  if (value === null || value === undefined) return null;
  const c = cleanIdentifier(value);
  if (!c || !pattern.test(c)) throw badUserInput(`${argument} '${value.slice(0, 40)}' is not ${what}`, { argument });
  return c;
}
