import { finding, RuleFinding } from '../finding';
import { LOCAL_CLOSED, NATIONAL_CLOSED, Subject } from '../subject';

/** Task 13: an active household with no tax administrator responsible for it. */
export function withoutAdministrator(s: Subject): RuleFinding[] {
  const national = s.has('national-tax') ? s.national.filter((n) => !n.administrator && !NATIONAL_CLOSED.has(n.status)) : [];
  const local = s.has('local-tax') ? s.local.filter((l) => !l.administrator && !LOCAL_CLOSED.has(l.status ?? '')) : [];
  return [
    ...national.map((n) =>
      finding(s, {
        kind: 'NO_ADMINISTRATOR',
        record: { source: 'national-tax', id: n.id },
        sources: ['national-tax'],
        detail: `Status ${n.status} in national tax with no tax administrator assigned (office ${n.taxOffice.code}).`,
        values: [{ source: 'national-tax', field: 'administrator', value: null }],
        taxOfficeCodes: [n.taxOffice.code],
      }),
    ),
    ...local.map((l) =>
      finding(s, {
        kind: 'NO_ADMINISTRATOR',
        record: { source: 'local-tax', id: l.id },
        sources: ['local-tax'],
        detail: `Status ${l.status ?? 'unknown'} in local tax with no tax administrator assigned (office ${l.taxOffice.code}).`,
        values: [{ source: 'local-tax', field: 'administrator', value: null }],
        taxOfficeCodes: [l.taxOffice.code],
      }),
    ),
  ];
}
