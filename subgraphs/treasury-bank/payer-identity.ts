import { usccFor, matchFor } from '../kit/taxpayer-key';
import type { PayerMatch } from './repository/payment.repository';

/**
 * Who a payment's payer is, by the rules of kit/taxpayer-key, with one TIPS rule on top: a bank
 * counter that did not know the payer's TIN typed a placeholder, an old TIN whose organization code
 * is one character repeated ('510105000000000'). Such a code passes the GB 11714 check ('000000000'
 * does), but it names no organization, so it derives no USCC and joins no payments together.
 */

/** An organization code that is one character nine times: a placeholder, not an organization. */
export function isPlaceholderOrgCode(orgCode: string): boolean {
  return /^(.)\1{8}$/.test(orgCode);
}

/** The USCC a payer TIN stands for; null for a citizen-ID TIN or a placeholder. */
export function payerUscc(tin: string | null): string | null {
  if (tin && tin.length === 15 && isPlaceholderOrgCode(tin.slice(6))) return null;
  return usccFor(null, tin, null);
}

/** How TIPS recognizes a taxpayer's payments: TaxPayCode is the USCC, or an old TIN with its organization code. */
export function payerMatch(uscc: string): PayerMatch {
  const { orgCode } = matchFor(uscc);
  return { uscc, orgCode: orgCode && !isPlaceholderOrgCode(orgCode) ? orgCode : null };
}
