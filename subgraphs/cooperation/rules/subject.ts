import type { LegacySource } from '../../../shared/sources';
import type { LocalFacts, NationalFacts, RegistryFacts, SubjectFacts } from './facts';

/** Statuses of a closed registration: not active, no administrator due. */
export const NATIONAL_CLOSED = new Set(['DEREGISTERED', 'ABNORMAL_DEREGISTERED']);
export const LOCAL_CLOSED = new Set(['DEREGISTERED', 'DEREGISTERED_FROM_ABNORMAL']);
/** Identity fields: a record with an issue in one of them is no taxpayer's record, only a cleaning case. */
const IDENTITY_FIELDS = new Set(['tin', 'uscc', 'name', 'registeredOn']);
export const usable = (r: { dataIssues: { field: string }[] }) => !r.dataIssues.some((i) => IDENTITY_FIELDS.has(i.field));

/** Primary first: not closed, earliest registration, lowest key. */
function byPrimary<T extends { registeredOn: string | null; id: string; status: string | null }>(closed: Set<string>) {
  return (a: T, b: T): number =>
    Number(closed.has(a.status ?? '')) - Number(closed.has(b.status ?? '')) ||
    (a.registeredOn ?? '9999').localeCompare(b.registeredOn ?? '9999') ||
    a.id.localeCompare(b.id);
}

/** One subject's facts as the rules read them. */
export interface Subject {
  /** Every record as the sources gave it, unusable ones included (they are cleaning cases, task 14). */
  facts: SubjectFacts;
  registration: RegistryFacts | null;
  /** The usable tax records, primary first. */
  national: NationalFacts[];
  local: LocalFacts[];
  /** Each bureau's primary record: the one two bureaus' figures are compared on. */
  primaryNational: NationalFacts | undefined;
  primaryLocal: LocalFacts | undefined;
  /** Where a finding is filed unless its rule says otherwise: the primary records' area, industry and offices. */
  division: string | null;
  industryCode: string | null;
  taxOfficeCodes: string[];
  /** Whether every source named could be asked: a rule whose sources could not be is not judged. */
  has(...sources: LegacySource[]): boolean;
}

export function subjectOf(facts: SubjectFacts): Subject {
  const down = new Set(facts.unavailable);
  const national = facts.national.filter(usable).sort(byPrimary<NationalFacts>(NATIONAL_CLOSED));
  const local = facts.local.filter(usable).sort(byPrimary<LocalFacts>(LOCAL_CLOSED));
  const reg = facts.registration;
  const n0 = national[0];
  const l0 = local[0];
  return {
    facts,
    registration: reg,
    national,
    local,
    primaryNational: n0,
    primaryLocal: l0,
    division: n0?.division ?? l0?.division ?? reg?.division ?? null,
    industryCode: n0?.industry.code ?? l0?.industryCode ?? reg?.industryCode ?? null,
    taxOfficeCodes: [...new Set([...(n0 ? [n0.taxOffice.code] : []), ...(l0 ? [l0.taxOffice.code] : [])])],
    has: (...sources) => sources.every((source) => !down.has(source)),
  };
}

/**
 * Each year both bureaus have a value for in their primary records, national's and local's side by
 * side (in national's order), with the national record they are filed under; none unless both
 * bureaus could be asked.
 */
export function pairedByYear<N extends { year: number }, L extends { year: number }>(
  s: Subject,
  national: (r: NationalFacts) => N[],
  local: (r: LocalFacts) => L[],
): { record: NationalFacts; national: N; local: L }[] {
  const n0 = s.primaryNational;
  const l0 = s.primaryLocal;
  if (!n0 || !l0 || !s.has('national-tax', 'local-tax')) return [];
  return national(n0).flatMap((n) => {
    const l = local(l0).find((x) => x.year === n.year);
    return l ? [{ record: n0, national: n, local: l }] : [];
  });
}
