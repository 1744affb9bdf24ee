import type { LegacySource } from '../../../shared/sources';
import { FINDING_RULES, FindingKind } from './reference';
import type { Subject } from './subject';

/** One value a finding rests on, as its source holds it. */
export interface FindingValue {
  source: LegacySource;
  field: string;
  value: string | null;
}

/** A finding as the rules give it: what fired, on which record, and everything to file and filter it by. */
export interface RuleFinding {
  /** Stable across runs: kind, record and period. */
  key: string;
  kind: FindingKind;
  uscc: string | null;
  /** The record's internal key when the subject has no USCC. */
  legacyId: string | null;
  record: { source: LegacySource; id: string };
  sources: LegacySource[];
  detail: string;
  basis: string;
  values: FindingValue[];
  division: string | null;
  industryCode: string | null;
  taxOfficeCodes: string[];
  periodFrom: string | null;
  periodTo: string | null;
  year: number | null;
}

/** What a rule says about one finding; where it is filed defaults to the subject's area, industry and offices. */
export type FindingSpec = Pick<RuleFinding, 'kind' | 'record' | 'sources' | 'detail' | 'values'> &
  Partial<Pick<RuleFinding, 'periodFrom' | 'periodTo' | 'year' | 'division' | 'industryCode' | 'taxOfficeCodes'>> & {
    /** What within the record the finding is about, when one record can have several of a kind (a field and pair of sources): ends its key. */
    aspect?: string;
  };

/** A finding about the subject: keyed by kind, record and period; the year of a per-period finding is its period's. */
export function finding(s: Subject, spec: FindingSpec): RuleFinding {
  const { kind, record } = spec;
  const period = spec.periodFrom ? `${spec.periodFrom}/${spec.periodTo}` : spec.year != null ? String(spec.year) : '';
  return {
    key: `${kind}|${record.source}:${record.id}|${period}${spec.aspect ? `|${spec.aspect}` : ''}`,
    kind,
    uscc: s.facts.uscc,
    legacyId: s.facts.uscc ? null : record.id,
    record,
    sources: spec.sources,
    detail: spec.detail,
    basis: FINDING_RULES[kind].basis,
    values: spec.values,
    division: spec.division !== undefined ? spec.division : s.division,
    industryCode: spec.industryCode !== undefined ? spec.industryCode : s.industryCode,
    taxOfficeCodes: spec.taxOfficeCodes ?? s.taxOfficeCodes,
    periodFrom: spec.periodFrom ?? null,
    periodTo: spec.periodTo ?? null,
    year: spec.year ?? (spec.periodFrom ? Number(spec.periodFrom.slice(0, 4)) : null),
  };
}

/** Every source's registration status, side by side. */
export const statusValues = (s: Subject): FindingValue[] => [
  ...(s.registration ? [{ source: 'business-registry' as const, field: 'status', value: s.registration.status }] : []),
  ...s.national.map((n) => ({ source: 'national-tax' as const, field: 'status', value: n.status })),
  ...s.local.map((l) => ({ source: 'local-tax' as const, field: 'status', value: l.status })),
];

export interface RuleContext {
  /** The day the data stands at (YYYY-MM-DD): "more than three months" and "grace days" count from it. */
  asOf: string;
  /** The reference deemed CIT rate of an area, industry and year (the most common; ties: the lower), if known. */
  deemedReference(division: string, industryCode: string, year: number): string | undefined;
  /**
   * Each bureau's tax offices responsible for an area (their code tables by division: the division's
   * own offices, else its city's, else its province's); where a business no bureau knows is reported.
   * Absent: none known.
   */
  taxOfficesOf?(division: string): { national: string[]; local: string[] };
}

/** One joint task's checks: the findings they make about one subject. */
export type TaskRule = (s: Subject, ctx: RuleContext) => RuleFinding[];
