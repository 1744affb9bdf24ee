import type { LegacySource } from '../../../../shared/sources';
import { finding, RuleFinding } from '../finding';
import { LOCAL_CLOSED, NATIONAL_CLOSED, Subject } from '../subject';

/** The registration facts the registry and both bureaus each collect (相同信息一次采集), as finding values name them. */
export const REGISTRATION_FIELDS = ['name', 'legalRepresentative', 'address', 'industryCode', 'status'] as const;
export type RegistrationField = (typeof REGISTRATION_FIELDS)[number];

/** Finding values that are personal data: masked for a caller without pii:read (types/finding-value.ts). */
export const PERSONAL_FINDING_FIELDS: ReadonlySet<string> = new Set<RegistrationField>(['legalRepresentative']);

const LABEL: Record<RegistrationField, string> = {
  name: 'name',
  legalRepresentative: 'legal representative',
  address: 'address',
  industryCode: 'industry',
  status: 'status',
};

/**
 * Text as compared: full-width typing made half-width (NFKC, which also turns the ideographic space and
 * full-width brackets into their ASCII forms), every blank dropped, case folded. Null when nothing is left.
 */
export function normalized(value: string | null | undefined): string | null {
  const v = value?.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  return v ? v : null;
}

/** Two industry codes (GB/T 4754) differ only at the level both hold: '52' and '5211' agree; a code of fewer than two digits says nothing. */
export function industriesDiffer(a: string | null, b: string | null): boolean {
  const x = normalized(a);
  const y = normalized(b);
  if (!x || !y || !/^\d+$/.test(x) || !/^\d+$/.test(y)) return false;
  const level = Math.min(x.length, y.length);
  return level >= 2 && x.slice(0, level) !== y.slice(0, level);
}

interface Side {
  source: LegacySource;
  record: { source: LegacySource; id: string };
  office: string | null;
  values: Record<Exclude<RegistrationField, 'status'>, string | null>;
  /** Open (not deregistered), for the bureaus' status comparison. */
  open: boolean;
  status: string | null;
}

/** One source's record as compared: its values in the order of REGISTRATION_FIELDS (status apart). */
function side(
  source: LegacySource,
  id: string,
  office: string | null,
  [name, person, address, industryCode]: (string | null | undefined)[],
  open: boolean,
  status: string | null,
): Side {
  return {
    source,
    record: { source, id },
    office,
    values: { name: name ?? null, legalRepresentative: person ?? null, address: address ?? null, industryCode: industryCode ?? null },
    open,
    status,
  };
}

function sidesOf(s: Subject): Side[] {
  const sides: Side[] = [];
  const reg = s.registration;
  if (reg && s.has('business-registry')) {
    const values = [reg.name, reg.legalRepresentative?.name, reg.address, reg.industryCode];
    sides.push(side('business-registry', reg.id, null, values, reg.status === 'ACTIVE', reg.status));
  }
  const n = s.primaryNational;
  if (n && s.has('national-tax')) {
    const values = [n.name, n.legalRepresentative?.name, n.addresses?.registered, n.industry.code];
    sides.push(side('national-tax', n.id, n.taxOffice.code, values, !NATIONAL_CLOSED.has(n.status), n.status));
  }
  const l = s.primaryLocal;
  if (l && s.has('local-tax')) {
    const values = [l.name, l.legalRepresentative?.name, l.address, l.industryCode];
    sides.push(side('local-tax', l.id, l.taxOffice.code, values, !LOCAL_CLOSED.has(l.status ?? ''), l.status));
  }
  return sides;
}

/**
 * Task 2, one registration: for each pair of sources that both hold a value (registry and national
 * tax, registry and local tax, the two bureaus; each bureau's primary record), a finding per field
 * they disagree on, naming both values. A missing value is no disagreement. Filed at the bureau's
 * record and office (the registry is the source of record); the bureaus' pair at national's record,
 * with both offices. Status: only the bureaus' pair, one deregistered while the other is normal.
 */
export function registrationMismatches(s: Subject): RuleFinding[] {
  const sides = sidesOf(s);
  const out: RuleFinding[] = [];
  for (let i = 0; i < sides.length; i++) {
    for (let j = i + 1; j < sides.length; j++) {
      const a = sides[i];
      const b = sides[j];
      const where = {
        record: b.source === 'local-tax' && a.source === 'national-tax' ? a.record : b.record,
        taxOfficeCodes: [...new Set([a.office, b.office].filter((o): o is string => !!o))],
      };
      for (const field of REGISTRATION_FIELDS) {
        if (field === 'status') continue;
        const x = a.values[field];
        const y = b.values[field];
        const differ =
          field === 'industryCode'
            ? industriesDiffer(x, y)
            : normalized(x) !== null && normalized(y) !== null && normalized(x) !== normalized(y);
        if (!differ) continue;
        const personal = PERSONAL_FINDING_FIELDS.has(field);
        out.push(
          finding(s, {
            kind: 'REGISTRATION_MISMATCH',
            ...where,
            aspect: `${field}:${a.source}/${b.source}`,
            sources: [a.source, b.source],
            detail: personal
              ? `The ${LABEL[field]} differs between ${a.source} and ${b.source} (personal data: the names are in values, masked without pii:read).`
              : `The ${LABEL[field]} differs: ${a.source} has '${x}', ${b.source} has '${y}'.`,
            values: [
              { source: a.source, field, value: x },
              { source: b.source, field, value: y },
            ],
          }),
        );
      }
      const bureaus = a.source === 'national-tax' && b.source === 'local-tax';
      const normalOpen = (side: Side) => side.status === 'NORMAL';
      if (bureaus && a.open !== b.open && (normalOpen(a) || normalOpen(b))) {
        const closed = a.open ? b : a;
        const open = a.open ? a : b;
        out.push(
          finding(s, {
            kind: 'REGISTRATION_MISMATCH',
            ...where,
            aspect: `status:${a.source}/${b.source}`,
            sources: [a.source, b.source],
            detail: `The status differs: ${closed.source} has deregistered it (${closed.status}) while ${open.source} shows it ${open.status}.`,
            values: [
              { source: a.source, field: 'status', value: a.status },
              { source: b.source, field: 'status', value: b.status },
            ],
          }),
        );
      }
    }
  }
  return out;
}
