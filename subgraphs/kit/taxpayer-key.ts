import {
  classifyLegacyId,
  isPlaceholderOrgCode,
  isValidOrgCode,
  isValidUscc,
  orgCodeFromUscc,
  usccCheckChar,
} from '../../shared/identifiers';
import { code } from './mapping';

/**
 * How a source finds its own records for a USCC. Enterprises join across systems on the
 * organization code (USCC characters 9-17), never on a full TIN, because old TINs froze a division
 * that often differs from the USCC's. Individual businesses ('92…') have no organization code in
 * tax records: sources match them by the USCC they recorded. A placeholder organization code
 * (shared/identifiers.ts isPlaceholderOrgCode) names no organization: it neither yields a USCC nor
 * matches one.
 */
export interface TaxpayerMatch {
  uscc: string;
  /** Set for organizations (entity type other than 2, individual business). */
  orgCode: string | null;
}

export function matchFor(uscc: string): TaxpayerMatch {
  if (uscc.length !== 18) return { uscc, orgCode: null };
  const orgCode = orgCodeFromUscc(uscc);
  const individual = uscc[1] === '2';
  return { uscc, orgCode: individual || isPlaceholderOrgCode(orgCode) ? null : orgCode };
}

/**
 * The USCC a record stands for: the one it recorded; else its TIN when that is a USCC; else, from an
 * old TIN, its organization code with the record's current division. Null for citizen-ID TINs, whose
 * USCC cannot be derived, and for a TIN carrying a placeholder organization code. A derived USCC
 * joins correctly everywhere, since sources match on its organization code.
 */
export function usccFor(
  recorded: string | null | undefined,
  tin: string | null | undefined,
  division: string | null | undefined,
): string | null {
  const known = code(recorded);
  if (known && isValidUscc(known)) return known;
  const t = code(tin);
  if (!t) return null;
  if (t.length === 18 && isValidUscc(t)) return isPlaceholderOrgCode(orgCodeFromUscc(t)) ? null : t;
  const kind = classifyLegacyId(t);
  if (kind.kind === 'old-tin' && kind.orgCode && isValidOrgCode(kind.orgCode) && !isPlaceholderOrgCode(kind.orgCode)) {
    const div = code(division) ?? t.slice(0, 6);
    const first17 = `91${div}${kind.orgCode}`;
    try {
      return first17 + usccCheckChar(first17);
    } catch {
      return null; // the organization code holds letters outside the USCC alphabet
    }
  }
  return null;
}
