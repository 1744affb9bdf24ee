import type { RuleFinding } from '../rules/finding';
import type { AdministratorLoad } from '../types/administrator-load';
import type { Finding } from '../types/finding';
import { findingOf } from '../types/finding.mapper';
import type { ReconciliationRun } from '../types/reconciliation-run';
import type { RegistrationEvent } from '../types/registration-event';
import type { RegistrationEventCount } from '../types/registration-event-count';
import type { AdministratorLoadRow, FindingRow, RegistrationEventCountRow, RunRow } from './rows';

/** The store's rows as the graph and the report show them (row -> object; the columns stay here). */

/** A finding as a run stores it: the rules' finding without its basis (its kind's), kinds and sources as text. */
export type StoredFinding = Omit<RuleFinding, 'basis' | 'kind' | 'record' | 'sources' | 'values'> & {
  kind: string;
  record: { source: string; id: string };
  sources: string[];
  values: { source: string; field: string; value: string | null }[];
};

/** A date column's text, `YYYY-MM-DD`. */
const day = (v: string | null): string | null => (v === null ? null : v.slice(0, 10));
/** A timestamptz column's text (in the session's zone), as an ISO instant in UTC. */
export const instant = (v: string): string => new Date(v).toISOString();

export function storedFinding(r: FindingRow): StoredFinding {
  return {
    key: r.key,
    kind: r.kind,
    uscc: r.uscc,
    legacyId: r.legacy_id,
    record: { source: r.record_source, id: r.record_id },
    sources: r.sources,
    detail: r.detail,
    values: r.evidence,
    division: r.division,
    industryCode: r.industry_code,
    taxOfficeCodes: r.tax_office_codes,
    periodFrom: day(r.period_from),
    periodTo: day(r.period_to),
    year: r.year,
  };
}

/** A stored finding in the graph: detected when the first run that found it ran. */
export const toFinding = (r: FindingRow): Finding => findingOf(storedFinding(r) as Omit<RuleFinding, 'basis'>, instant(r.detected_at));

export function toRun(r: RunRow): ReconciliationRun {
  return {
    id: r.id,
    status: r.status,
    startedAt: instant(r.started_at),
    finishedAt: r.finished_at ? instant(r.finished_at) : null,
    asOf: day(r.as_of)!,
    purpose: r.purpose,
    pages: r.pages,
    records: r.records,
    subjects: r.subjects,
    findings: r.findings,
  };
}

export const toEventCount = (r: RegistrationEventCountRow): RegistrationEventCount => ({
  source: r.source,
  division: r.division,
  month: r.month,
  event: r.event as RegistrationEvent,
  records: r.records,
});

export const toAdministratorLoad = (r: AdministratorLoadRow): AdministratorLoad => ({
  source: r.source,
  administrator: r.administrator,
  name: r.name,
  division: r.division,
  taxOfficeCode: r.tax_office_code,
  households: r.households,
});
