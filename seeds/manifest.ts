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
  'FREIGHT_UNDERDECLARED', // 6 (business tax era): freight invoices exceed the declared business tax base
  'UCT_BASE_MISMATCH', // 7: urban construction tax base differs from taxes paid
  'BELOW_THRESHOLD', // 11: a registered quota below the VAT threshold in force (by month), still managed
  'KEY_TAX_SOURCE', // 12: business tax >= 1,000,000 yuan a year
  'NO_ADMINISTRATOR', // 13: active without a tax administrator
  'DUPLICATE_RECORD', // 14: one taxpayer registered twice in one source
  'GARBAGE_RECORD', // 14: unusable content (test rows, impossible dates, full-width identifiers)
  'DEDUCTED_NOT_IN_TREASURY', // 15: deducted but not in the treasury after the grace days
  'ORPHAN_PAYMENT', // 15: a payment whose payer no tax office knows
  'FREIGHT_INPUT_EXCEEDS_OUTPUT', // 6 (VAT era): recipients deducted more freight than the carrier declared as transport sales
  'UNREGISTERED_HOUSEHOLD', // 11: an individual business licensed, never registered for tax (未达起征点户未办税务登记)
  'MISSING_RETURN', // 14 清税: a quarter a normal registration filed nothing for, between quarters it filed
  'INVOICE_NOT_NORMAL', // 14 清票: freight invoices issued while the carrier was abnormal or deregistered
  'UNREGISTERED_WITH_BUREAU', // 9: an enterprise one bureau has, the other owed a registration (aspect: the bureau lacking it)
  'REVOKED_BUT_ACTIVE', // 9: licence revoked more than 15 days ago, normal in a bureau
  'MOVED_OUT_BUT_ACTIVE', // 9: moved out of the registry, normal in a bureau
  'REGISTRATION_MISMATCH', // 2: two sources disagree on a field (aspect: 'field:sourceA/sourceB')
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
  /** What within the record the case is about, where a record has several of a kind (the key's last part). */
  aspect?: string;
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
