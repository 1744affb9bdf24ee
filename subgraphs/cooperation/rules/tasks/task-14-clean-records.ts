import type { LegacySource } from '../../../../shared/sources';
import type { DataIssueFact } from '../facts';
import { finding, RuleFinding } from '../finding';
import type { Subject } from '../subject';

interface TaxRecord {
  id: string;
  tin: string;
  registeredOn: string | null;
  taxOffice: { code: string };
}

/** Later records under one TIN in one source: duplicates of the first registered. */
function duplicates(s: Subject, source: 'national-tax' | 'local-tax', records: TaxRecord[]): RuleFinding[] {
  const byTin = new Map<string, TaxRecord[]>();
  for (const r of records) byTin.set(r.tin.trim(), [...(byTin.get(r.tin.trim()) ?? []), r]);
  return [...byTin.values()]
    .filter((group) => group.length >= 2)
    .flatMap((group) => {
      const [original, ...rest] = [...group].sort(
        (a, b) => (a.registeredOn ?? '9999').localeCompare(b.registeredOn ?? '9999') || a.id.localeCompare(b.id),
      );
      return rest.map((d) =>
        finding(s, {
          kind: 'DUPLICATE_RECORD',
          record: { source, id: d.id },
          sources: [source],
          detail:
            `Record ${d.id} registered on ${d.registeredOn ?? 'an unknown date'} repeats the TIN of record ${original.id} ` +
            `(registered ${original.registeredOn ?? 'on an unknown date'}).`,
          values: [
            { source, field: 'id', value: original.id },
            { source, field: 'id', value: d.id },
          ],
          taxOfficeCodes: [d.taxOffice.code],
        }),
      );
    });
}

/** A record whose content is unusable (test rows, placeholder identifiers, impossible dates, full-width codes). */
function garbage(
  s: Subject,
  source: LegacySource,
  record: { id: string; dataIssues: DataIssueFact[]; division: string | null },
  office: string | null,
): RuleFinding[] {
  const issues = record.dataIssues;
  if (!issues.length) return [];
  return [
    finding(s, {
      kind: 'GARBAGE_RECORD',
      record: { source, id: record.id },
      sources: [source],
      detail: `Record ${record.id}: ${issues.map((i) => `${i.field}: ${i.description}`).join('; ')}.`,
      values: issues.map((i) => ({ source, field: i.field, value: i.description })),
      division: record.division,
      taxOfficeCodes: office ? [office] : [],
    }),
  ];
}

/** Task 14, 三清 (clean households, taxes, invoices): one taxpayer registered twice in one source, and garbage records. */
export function uncleanRecords(s: Subject): RuleFinding[] {
  const { registration, national, local } = s.facts;
  return [
    ...(s.has('national-tax') ? duplicates(s, 'national-tax', s.national) : []),
    ...(s.has('local-tax') ? duplicates(s, 'local-tax', s.local) : []),
    ...(registration ? garbage(s, 'business-registry', registration, null) : []),
    ...national.flatMap((n) => garbage(s, 'national-tax', n, n.taxOffice.code)),
    ...local.flatMap((l) => garbage(s, 'local-tax', l, l.taxOffice.code)),
  ];
}
