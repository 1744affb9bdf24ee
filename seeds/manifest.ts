import type { LegacySource } from '../shared/sources';

/**
 * The ground truth the generator writes beside the data: every planted case by kind and
 * identifier, so tests measure precision and recall exactly. Deterministic: no timestamps.
 */

/** Cases the joint tasks (DOMAIN.md 1-15) must find. */
export const CASE_KINDS = [
  'UNREGISTERED_BUSINESS', // 9: in the registry, never registered for tax
  'CANCELLED_BUT_ACTIVE', // 9: cancelled in the registry, normal in tax
  'ABNORMAL', // 10: currently abnormal in a bureau
  'ABNORMAL_OVERDUE', // 10: abnormal for more than 3 months and not voided
  'CREDIT_RATING_DISAGREEMENT', // 3: the bureaus' grades differ
  'QUOTA_MISMATCH', // 4: the bureaus' turnover quotas differ
  'DEEMED_RATE_IMBALANCE', // 5: deemed CIT rate differs from its area and industry
  'FREIGHT_UNDERDECLARED', // 6: freight invoices exceed the declared business tax base
  'UCT_BASE_MISMATCH', // 7: urban construction tax base differs from taxes paid
  'BELOW_THRESHOLD', // 11: quota below the VAT threshold, still managed
  'KEY_TAX_SOURCE', // 12: business tax >= 1,000,000 yuan a year
  'NO_ADMINISTRATOR', // 13: active without a tax administrator
  'DUPLICATE_RECORD', // 14: one taxpayer registered twice in one source
  'GARBAGE_RECORD', // 14: unusable content (test rows, impossible dates, full-width identifiers)
  'DEDUCTED_NOT_IN_TREASURY', // 15: deducted but not in the treasury after the grace days
  'ORPHAN_PAYMENT', // 15: a payment whose payer no tax office knows
  'PAYMENT_DEDUCTION_FAILED', // 15: the bank refused a deduction and no later deduction paid it
  'PAYMENT_LONG_PENDING', // 15: a deduction request awaiting the bank longer than the limit
  'BOOKED_NOT_IN_TREASURY', // 15: booked by a bureau as paid through TIPS, never deducted
  'TREASURY_NOT_BOOKED', // 15: in the treasury through TIPS, not booked under its voucher
  'BOOKED_AMOUNT_MISMATCH', // 15: booked amount differs from the amount TIPS deducted
] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

/** Identity variants that resolution must get right (task 2). */
export const IDENTITY_KINDS = [
  'ENTERPRISE', // a sample of ordinary enterprises
  'INDIVIDUAL_BUSINESS', // individual businesses known by citizen-ID TINs
  'TWO_TINS', // national and local TINs differ in their frozen division part
  'FROZEN_DIVISION', // the TIN's division is not the taxpayer's current one
  'TIN_IS_USCC', // registered from 2015-10: the USCC is the TIN
  'REGISTRY_WITHOUT_USCC', // an old registry record with no UNISCID
  'INDIVIDUAL_WITHOUT_USCC', // an individual business no source knows by USCC
  'PADDED_CODES', // identifiers stored with stray blanks
  'DUPLICATE', // registered twice in national tax
] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

export interface CaseEntry {
  uscc?: string;
  /** The legacy identifier when the record has no USCC, or the record that is the case. */
  legacyId?: string;
  source?: LegacySource;
  /** Tax period 'YYYY-MM-DD/YYYY-MM-DD' for per-period cases. */
  period?: string;
  year?: number;
  taxOfficeCode?: string;
  voucherNo?: string;
  detail?: Record<string, string | number | null>;
}

export interface IdentityEntry {
  uscc: string | null;
  name: string;
  nationalTin?: string;
  localTin?: string;
  registrationNo?: string;
  citizenId?: string;
  nationalKey?: string;
  localKey?: string;
  registryKey?: string;
}

export interface Manifest {
  format: 'taxgraph-ground-truth';
  version: 1;
  seed: number;
  taxpayers: number;
  asOf: string;
  rules: Record<string, string>;
  cases: Record<CaseKind, CaseEntry[]>;
  identities: Record<IdentityKind, IdentityEntry[]>;
  /** Registration exchange counts (task 1): "source|division|YYYY-MM|event" -> records. */
  registrationEvents: Record<string, number>;
}

export function emptyManifest(seed: number, taxpayers: number, asOf: string, rules: Record<string, string>): Manifest {
  return {
    format: 'taxgraph-ground-truth',
    version: 1,
    seed,
    taxpayers,
    asOf,
    rules,
    cases: Object.fromEntries(CASE_KINDS.map((k) => [k, []])) as unknown as Record<CaseKind, CaseEntry[]>,
    identities: Object.fromEntries(IDENTITY_KINDS.map((k) => [k, []])) as unknown as Record<IdentityKind, IdentityEntry[]>,
    registrationEvents: {},
  };
}
