import { instant } from '../store/mapper';
import type { FindingKind } from '../rules/reference';
import type { CaseEvent } from '../types/case-event';
import type { Finding } from '../types/finding';
import type { FindingCase } from '../types/finding-case';
import { assignCase } from './policy';
import type { CaseEventRow, CaseRow } from './rows';
import type { CaseStatus } from './status';

/** The cases' rows as the graph shows them. */

const isOverdue = (status: CaseStatus, dueOn: string | null, today: string) =>
  dueOn !== null && dueOn < today && (status === 'OPEN' || status === 'ACKNOWLEDGED');

export function toCase(r: CaseRow, today: string): FindingCase {
  const dueOn = r.due_on === null ? null : r.due_on.slice(0, 10);
  return {
    findingId: r.finding_id,
    kind: r.kind as FindingKind,
    status: r.status,
    ownerOffice: r.owner_office,
    notifyOffices: r.notify_offices,
    dueOn,
    overdue: isOverdue(r.status, dueOn, today),
    filed: true,
    openedAt: instant(r.created_at),
    updatedAt: instant(r.updated_at),
  };
}

/** The case a finding no run has stored yet would get: OPEN, assigned as a run would assign it, not filed. */
export function unfiledCase(f: Finding, today: string): FindingCase {
  const a = assignCase(f);
  return {
    findingId: f.id,
    kind: f.kind,
    status: 'OPEN',
    ownerOffice: a.ownerOffice,
    notifyOffices: a.notifyOffices,
    dueOn: a.dueOn,
    overdue: isOverdue('OPEN', a.dueOn, today),
    filed: false,
    openedAt: null,
    updatedAt: null,
  };
}

export const toCaseEvent = (r: CaseEventRow): CaseEvent => ({
  at: instant(r.at),
  actor: r.actor,
  office: r.office,
  from: r.from_status,
  to: r.to_status,
  note: r.note,
});
