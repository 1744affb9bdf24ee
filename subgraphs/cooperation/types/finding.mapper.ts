import type { RuleFinding } from '../rules/finding';
import { FINDING_RULES } from '../rules/reference';
import type { Finding } from './finding';

/** A finding as the graph shows it, live or stored: task, title and basis come from its kind. */
export function findingOf(f: Omit<RuleFinding, 'basis'>, detectedAt: string): Finding {
  const rule = FINDING_RULES[f.kind];
  return {
    id: f.key,
    kind: f.kind,
    task: rule.task,
    title: rule.title,
    taxpayer: f.uscc ? { uscc: f.uscc } : null,
    uscc: f.uscc,
    legacyId: f.legacyId,
    record: f.record,
    sources: f.sources,
    detail: f.detail,
    basis: rule.basis,
    values: f.values,
    division: f.division,
    industryCode: f.industryCode,
    taxOfficeCodes: f.taxOfficeCodes,
    periodFrom: f.periodFrom,
    periodTo: f.periodTo,
    year: f.year,
    detectedAt,
  };
}
