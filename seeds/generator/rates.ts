/** Planting rates: the share of taxpayers that get each case. Exposed so tests can reason about sizes. */
export const RATES_OF_PLANTING = {
  individual: 0.3,
  unregistered: 0.02,
  cancelledButActive: 0.015,
  deregistered: 0.02,
  migrated: 0.005,
  abnormal: 0.03,
  twoTins: 0.05,
  frozenDivision: 0.1,
  registryWithoutUscc: 0.1,
  individualWithoutUscc: 0.2,
  padded: 0.03,
  fullWidthOrgCode: 0.03,
  duplicate: 0.01,
  creditDisagreement: 0.04,
  quotaMismatch: 0.05,
  deemed: 0.3,
  deemedOff: 0.05,
  freightUnderdeclared: 0.1,
  uctMismatch: 0.03,
  keyTaxSource: 0.02,
  noAdministrator: 0.03,
  newInWindow: 0.08,
  protocol: 0.7,
  stuckPayment: 0.01,
  failedPayment: 0.02,
  refund: 0.005,
  auditCase: 0.02,
  change: 0.1,
  /** Task 6 (VAT era): recipients deducted more freight than the carrier declared as transport sales. */
  freightInputExceeds: 0.1,
  /** Task 7: general VAT payers filing monthly (UCT stays quarterly); audit back-tax (查补); deferrals (缓缴). */
  monthlyVat: 0.3,
  backTax: 0.04,
  backTaxWithoutUct: 0.3,
  businessTaxDeferred: 0.04,
  vatDeferred: 0.03,
  revokedButActive: 0.008,
  movedOutButActive: 0.006,
  oneBureau: 0.015,
  registrationMismatch: 0.05,
} as const;

/** Every so many taxpayers, rows that belong to no real taxpayer: garbage registrations, an orphan payment. */
export const EXTRA_GARBAGE_EVERY = 400;
export const EXTRA_ORPHAN_EVERY = 700;
/** Registrations and changes from here on fall in the exchange window of task 1. */
export const WINDOW_FROM = '2015-01-01';
