import { finding, RuleFinding, statusValues } from '../finding';
import type { Subject } from '../subject';

const REGISTRY_CANCELLED = new Set(['CANCELLED', 'REVOKED_AND_CANCELLED']);

/** Task 9: licensed in the registry, never registered for tax (漏征漏管户); cancelled in the registry, normal in tax. */
export function registryVsTax(s: Subject): RuleFinding[] {
  const reg = s.registration;
  if (!reg || !reg.uscc || !s.has('national-tax', 'local-tax', 'business-registry')) return [];
  const out: RuleFinding[] = [];
  const everTaxed = s.facts.national.length > 0 || s.facts.local.length > 0;
  if (!everTaxed && reg.status === 'ACTIVE') {
    out.push(
      finding(s, {
        kind: 'UNREGISTERED_BUSINESS',
        record: { source: 'business-registry', id: reg.id },
        sources: ['business-registry', 'national-tax', 'local-tax'],
        detail: `Licensed on ${reg.establishedOn ?? 'an unknown date'} and active in the registry; neither bureau has a tax registration.`,
        values: [
          { source: 'business-registry', field: 'status', value: reg.status },
          { source: 'business-registry', field: 'establishedOn', value: reg.establishedOn },
        ],
        taxOfficeCodes: [],
      }),
    );
  }
  const normal = [
    ...s.national.filter((n) => n.status === 'NORMAL').map(() => 'national-tax' as const),
    ...s.local.filter((l) => l.status === 'NORMAL').map(() => 'local-tax' as const),
  ];
  if (REGISTRY_CANCELLED.has(reg.status) && normal.length) {
    out.push(
      finding(s, {
        kind: 'CANCELLED_BUT_ACTIVE',
        record: { source: 'business-registry', id: reg.id },
        sources: ['business-registry', ...new Set(normal)],
        detail:
          `Cancelled in the registry${reg.cancelledOn ? ` on ${reg.cancelledOn}` : ''}; ` +
          `still normal in ${[...new Set(normal)].join(' and ')}.`,
        values: statusValues(s),
      }),
    );
  }
  return out;
}
