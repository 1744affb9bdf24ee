import { isValidUscc, orgCodeFromUscc, usccCheckChar, isValidOrgCode, classifyLegacyId } from '../../shared/identifiers';
import { code } from './mapping';

/**
 * How a source finds its own records for a USCC. Enterprises join across systems on the
 * organization code (USCC characters 9-17), never on a full TIN, because old TINs froze a division
 * that often differs from the USCC's. Individual businesses ('92…') have no organization code in
 * tax records: sources match them by the USCC they recorded.
 */
export interface TaxpayerMatch {
  uscc: string;
  /** Set for organizations (entity type other than 2, individual business). */
  orgCode: string | null;
}

/** A code of one repeated character ('000000000') passes GB 11714 but is a typing placeholder, never an organization. */
export function isPlaceholderCode(orgCode: string): boolean {
  return /^(.)\1*$/.test(orgCode.slice(0, 8));
}

export function matchFor(uscc: string): TaxpayerMatch {
  if (uscc.length !== 18) return { uscc, orgCode: null };
  const orgCode = orgCodeFromUscc(uscc);
  const individual = uscc[1] === '2';
  return { uscc, orgCode: individual || isPlaceholderCode(orgCode) ? null : orgCode };
}

/**
 * The USCC a record stands for when it carries none: from its TIN (a USCC already, or an old TIN's
 * organization code with the record's current division). Null for citizen-ID TINs, whose USCC
 * cannot be derived. A derived USCC joins correctly everywhere, since sources match on its
 * organization code.
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
  if (t.length === 18 && isValidUscc(t)) return t;
  const kind = classifyLegacyId(t);
  if (kind.kind === 'old-tin' && kind.orgCode && isValidOrgCode(kind.orgCode) && !isPlaceholderCode(kind.orgCode)) {
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
