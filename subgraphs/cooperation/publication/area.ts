import { badUserInput } from '../../../shared/errors';

/**
 * An area as a division prefix (GB/T 2260): a province `51`, a city `5101`, a district `510104`; a
 * 6-digit code of a province (`510000`) or a city (`510100`) stands for all of it. Null: everywhere.
 * Anything else is BAD_USER_INPUT.
 */
export function areaPrefix(division: string | null | undefined): string | null {
  if (division === null || division === undefined) return null;
  const d = division.trim();
  if (!/^\d{2}(\d{2}){0,2}$/.test(d) || d.startsWith('00'))
    throw badUserInput(
      `division must be a province (2 digits, e.g. 51), a city (4, e.g. 5101) or a district (6, e.g. 510104), got '${division}'`,
      {
        argument: 'division',
      },
    );
  if (d.length === 6 && d.endsWith('0000')) return d.slice(0, 2);
  if (d.length === 6 && d.endsWith('00')) return d.slice(0, 4);
  return d;
}

/** Whether a record's division lies in the area. */
export const inArea = (division: string | null | undefined, prefix: string | null): boolean =>
  prefix === null || (!!division && division.startsWith(prefix));
