import type { LegacySource } from '../../../shared/sources';
import type { SubjectFacts } from '../rules/facts';

/** Facts being gathered: the sources that failed so far, as a set. */
export type Draft = Omit<SubjectFacts, 'unavailable'> & { unavailable: Set<LegacySource> };

export const emptyDraft = (subject: string, uscc: string | null): Draft => ({
  subject,
  uscc,
  registration: null,
  national: [],
  local: [],
  payments: [],
  unavailable: new Set(),
});

export type WithTaxpayer<T> = T & { taxpayer: { uscc: string } | null };
