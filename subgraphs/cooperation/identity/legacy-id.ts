import { badUserInput } from '../../../shared/errors';
import { classifyLegacyId, isValidRegistrationNo, toHalfWidth } from '../../../shared/identifiers';
import type { LegacySource } from '../../../shared/sources';

/**
 * Which sources can know a legacy identifier, and by which of their lookups. Pure: the plan is
 * derived from the id alone, so the loader asks only the sources that can know that kind of id.
 */

/** The lookups the source subgraphs offer (sources/lookups.ts turns each into a field of that source). */
export type LookupKind = 'uscc' | 'tin' | 'internal-key' | 'registration-number';

export interface Lookup {
  source: LegacySource;
  by: LookupKind;
  /** The identifier as the source is asked for it (cleaned). */
  value: string;
}

/**
 * The lookups for one id in tiers: the most likely reading of the id first, another reading only
 * when the first gives no USCC (a 15-digit string can be an old TIN and a registration number, a
 * 20-digit one a citizen-ID TIN and a national internal key).
 */
export interface LegacyIdPlan {
  /** The id cleaned: blanks dropped, full-width made half-width, upper case. */
  id: string;
  tiers: Lookup[][];
}

/** Identifiers are 8 (local computer code) to 36 (a registry key) letters, digits or hyphens. */
const IDENTIFIER = /^[0-9A-Z-]{8,36}$/;

/** The legacy TIN lengths: old TIN, USCC (or a pilot code that fails the check), citizen ID + 2 digits. */
const TIN_LENGTHS = new Set([15, 18, 20]);

/** An id as a person may paste it from a legacy screen: blanks anywhere dropped (incl. the ideographic space), half-width, upper case. */
export function cleanLegacyId(raw: string): string {
  return toHalfWidth(raw).replace(/\s+/g, '').toUpperCase();
}

const bothBureaus = (by: LookupKind, value: string): Lookup[] => [
  { source: 'national-tax', by, value },
  { source: 'local-tax', by, value },
];

/**
 * A registration number: the registry's record first; then national tax's record that copied the number
 * from the licence (GSDJZCH), which gives the USCC of an old registry record that carries none.
 */
const byRegistrationNumber = (value: string): Lookup[][] => [
  [{ source: 'business-registry', by: 'registration-number', value }],
  [{ source: 'national-tax', by: 'registration-number', value }],
];

/** Throws BAD_USER_INPUT for a string that is no identifier at all. */
export function planLegacyId(raw: string): LegacyIdPlan {
  const id = cleanLegacyId(raw);
  if (!IDENTIFIER.test(id)) {
    const shown = raw.length > 40 ? `${raw.slice(0, 40)}...` : raw;
    throw badUserInput(
      `'${shown}' is not a taxpayer identifier: expected 8 to 36 letters and digits ` +
        '(a USCC, an old or citizen-ID TIN, a registration number, or an internal key of a source)',
      { argument: 'id' },
    );
  }
  const { kind } = classifyLegacyId(id);
  const digits20 = /^\d{20}$/.test(id);
  switch (kind) {
    case 'uscc':
      // A USCC answers itself when any source knows it (by the code it recorded or the organization code inside).
      return { id, tiers: [[{ source: 'business-registry', by: 'uscc', value: id }, ...bothBureaus('uscc', id)]] };
    case 'old-tin':
      return {
        id,
        tiers: [bothBureaus('tin', id), ...(isValidRegistrationNo(id) ? byRegistrationNumber(id) : [])],
      };
    case 'registration-no':
      return { id, tiers: byRegistrationNumber(id) };
    case 'individual-tin':
      return {
        id,
        tiers: [
          bothBureaus('tin', id),
          ...(digits20 ? [[{ source: 'national-tax' as const, by: 'internal-key' as const, value: id }]] : []),
        ],
      };
    case 'internal':
      return { id, tiers: [[{ source: 'local-tax', by: 'internal-key', value: id }]] };
    case 'org-code':
      throw badUserInput(
        `'${raw.slice(0, 40)}' is an organization code, which no source looks up by itself: ` +
          "give the USCC (it carries the code in characters 9-17) or the taxpayer's TIN",
        { argument: 'id' },
      );
    default:
      if (digits20) return { id, tiers: [[{ source: 'national-tax', by: 'internal-key', value: id }]] };
      // Anything else may be the registry's key (PRIPID); a TIN-shaped string that fails its checks may
      // still be a TIN as the bureaus recorded it (legacy systems never checked them).
      return {
        id,
        tiers: [
          [
            { source: 'business-registry', by: 'internal-key', value: id },
            ...(TIN_LENGTHS.has(id.length) && !id.includes('-') ? bothBureaus('tin', id) : []),
          ],
        ],
      };
  }
}
