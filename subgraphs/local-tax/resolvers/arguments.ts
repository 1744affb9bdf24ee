import { badUserInput } from '../../../shared/errors';
import { toHalfWidth } from '../../../shared/identifiers';

/** Argument checks shared by the resolvers: legacy identifiers are forgiven their padding, anything else malformed is BAD_USER_INPUT. */

/** An identifier as a person may type it: blanks anywhere (incl. the ideographic space) dropped, full-width made half-width, upper case. */
export function cleanIdentifier(value: string): string {
  return toHalfWidth(value)
    .replace(/[\s\u3000]+/g, '')
    .toUpperCase();
}

/** A TIN (SWDJZH): 15 (old TIN), 18 (USCC) or 20 (citizen ID + 2) characters, letters and digits. */
export function tinArgument(value: string): string {
  const tin = cleanIdentifier(value);
  if (!/^[0-9A-Z]{6,20}$/.test(tin)) {
    throw badUserInput(
      `tin '${value.slice(0, 30)}' is not a taxpayer identification number (6-20 letters and digits, e.g. a 15-character old TIN)`,
      { argument: 'tin' },
    );
  }
  return tin;
}

/** An internal computer code (JSJDM): up to 8 letters and digits. */
export function idArgument(value: string): string {
  const id = cleanIdentifier(value);
  if (!/^[0-9A-Z]{1,8}$/.test(id)) {
    throw badUserInput(`id '${value.slice(0, 30)}' is not an internal computer code (up to 8 letters and digits)`, { argument: 'id' });
  }
  return id;
}

/** A code filter value (division, industry, office, administrator): trimmed, half-width, letters and digits of the given length. */
export function codeArgument(name: string, value: string | null | undefined, pattern: RegExp, expected: string): string | null {
  if (value === null || value === undefined) return null;
  const cleaned = cleanIdentifier(value);
  if (!pattern.test(cleaned)) throw badUserInput(`${name} '${value.slice(0, 30)}' is not ${expected}`, { argument: name });
  return cleaned;
}

/** A year argument on a list field. */
export function yearArgument(year: number | null | undefined): number | null {
  if (year === null || year === undefined) return null;
  if (!Number.isInteger(year) || year < 1900 || year > 2999)
    throw badUserInput(`year must be between 1900 and 2999, got ${year}`, { argument: 'year' });
  return year;
}
