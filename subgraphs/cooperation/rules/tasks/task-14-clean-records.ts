import { addDays } from '../../../../shared/dates';
import { orgCodeInTin, toHalfWidth } from '../../../../shared/identifiers';
import type { LegacySource } from '../../../../shared/sources';
import { fen, yuanText } from '../amounts';
import type { DataIssueFact, NationalFacts } from '../facts';
import { finding, RuleFinding } from '../finding';
import { NATIONAL_CLOSED, Subject } from '../subject';

interface TaxRecord {
  id: string;
  tin: string;
  registeredOn: string | null;
  taxOffice: { code: string };
}

/**
 * The key one taxpayer's records share in one bureau: the organization code inside an old TIN (chars
 * 7-15) or a USCC (chars 9-17), so an old-TIN record and its USCC re-registration meet; any other TIN
 * (an individual's citizen-ID TIN) as it is.
 */
export function registrationKey(tin: string): string {
  const t = toHalfWidth(tin).trim().toUpperCase();
  const org = orgCodeInTin(t);
  return org ? `org:${org}` : `tin:${t}`;
}

/** Later records of one taxpayer in one source (same organization code, or same TIN): duplicates of the first registered. */
function duplicates(s: Subject, source: 'national-tax' | 'local-tax', records: TaxRecord[]): RuleFinding[] {
  const byKey = new Map<string, TaxRecord[]>();
  for (const r of records) byKey.set(registrationKey(r.tin), [...(byKey.get(registrationKey(r.tin)) ?? []), r]);
  return [...byKey.values()]
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
            `Record ${d.id} (TIN ${d.tin.trim()}) registered on ${d.registeredOn ?? 'an unknown date'} is the taxpayer of record ${original.id} ` +
            `(TIN ${original.tin.trim()}, registered ${original.registeredOn ?? 'on an unknown date'}): ` +
            (d.tin.trim() === original.tin.trim() ? 'the same TIN.' : 'the same organization code.'),
          values: [
            { source, field: 'id', value: original.id },
            { source, field: 'tin', value: original.tin.trim() },
            { source, field: 'id', value: d.id },
            { source, field: 'tin', value: d.tin.trim() },
          ],
          taxOfficeCodes: [d.taxOffice.code],
        }),
      );
    });
}

/** A filed period, as either bureau's returns give it. */
interface Filed {
  periodFrom: string | null;
  periodTo: string | null;
}

/**
 * 清税: the stretches no return covers between the first and the last period a normal registration
 * filed for (any tax, any span: monthly and quarterly returns cover days alike).
 */
export function unfiledStretches(returns: Filed[]): { from: string; to: string }[] {
  const periods = returns
    .filter((r): r is { periodFrom: string; periodTo: string } => !!r.periodFrom && !!r.periodTo && r.periodFrom <= r.periodTo)
    .sort((a, b) => a.periodFrom.localeCompare(b.periodFrom));
  const gaps: { from: string; to: string }[] = [];
  let covered: string | null = null;
  for (const p of periods) {
    if (covered !== null && p.periodFrom > addDays(covered, 1)) gaps.push({ from: addDays(covered, 1), to: addDays(p.periodFrom, -1) });
    if (covered === null || p.periodTo > covered) covered = p.periodTo;
  }
  return gaps;
}

function missingReturns(s: Subject, source: 'national-tax' | 'local-tax', record: TaxRecord & { status: string | null }, returns: Filed[]) {
  if (record.status !== 'NORMAL') return [];
  return unfiledStretches(returns).map((gap) =>
    finding(s, {
      kind: 'MISSING_RETURN',
      record: { source, id: record.id },
      sources: [source],
      detail: `Record ${record.id}, normal, filed returns before ${gap.from} and after ${gap.to}, none for ${gap.from} to ${gap.to}.`,
      values: [
        { source, field: 'status', value: record.status },
        { source, field: 'unfiledFrom', value: gap.from },
        { source, field: 'unfiledTo', value: gap.to },
      ],
      periodFrom: gap.from,
      periodTo: gap.to,
      taxOfficeCodes: [record.taxOffice.code],
    }),
  );
}

/** 清票: freight invoices a carrier issued on or after the day it became abnormal, or after it was deregistered. */
function invoicesNotNormal(s: Subject, n: NationalFacts): RuleFinding[] {
  const since =
    n.status === 'ABNORMAL' && n.abnormalSince
      ? { day: n.abnormalSince, from: n.abnormalSince, what: `abnormal since ${n.abnormalSince}` }
      : NATIONAL_CLOSED.has(n.status) && n.deregisteredOn
        ? { day: n.deregisteredOn, from: addDays(n.deregisteredOn, 1), what: `deregistered on ${n.deregisteredOn}` }
        : null;
  if (!since) return [];
  const invoices = n.freightInvoices.filter((f) => f.issuedOn >= since.from).sort((a, b) => a.issuedOn.localeCompare(b.issuedOn));
  if (!invoices.length) return [];
  const total = invoices.reduce((sum, f) => sum + fen(f.freightAmount), 0n);
  return [
    finding(s, {
      kind: 'INVOICE_NOT_NORMAL',
      record: { source: 'national-tax', id: n.id },
      sources: ['national-tax'],
      detail:
        `Record ${n.id}, ${since.what}, issued ${invoices.length} freight invoice(s) from ${invoices[0].issuedOn} to ` +
        `${invoices[invoices.length - 1].issuedOn}, ${yuanText(total)} yuan of freight: ${invoices.map((f) => `${f.code}/${f.number}`).join(', ')}.`,
      values: [
        { source: 'national-tax', field: 'status', value: n.status },
        { source: 'national-tax', field: n.status === 'ABNORMAL' ? 'abnormalSince' : 'deregisteredOn', value: since.day },
        ...invoices.map((f) => ({
          source: 'national-tax' as const,
          field: 'freightInvoice',
          value: `${f.code}/${f.number} ${f.issuedOn}`,
        })),
      ],
      taxOfficeCodes: [n.taxOffice.code],
    }),
  ];
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

/**
 * Task 14, 三清 (clean households, taxes, invoices): 清户, one taxpayer registered twice in one source and
 * garbage records; 清税, returns missing for a period of a normal registration; 清票, freight invoices
 * issued while the carrier was abnormal or deregistered.
 */
export function uncleanRecords(s: Subject): RuleFinding[] {
  const { registration, national, local } = s.facts;
  const nationalUp = s.has('national-tax');
  const localUp = s.has('local-tax');
  return [
    ...(nationalUp ? duplicates(s, 'national-tax', s.national) : []),
    ...(localUp ? duplicates(s, 'local-tax', s.local) : []),
    ...(registration ? garbage(s, 'business-registry', registration, null) : []),
    ...national.flatMap((n) => garbage(s, 'national-tax', n, n.taxOffice.code)),
    ...local.flatMap((l) => garbage(s, 'local-tax', l, l.taxOffice.code)),
    ...(nationalUp ? s.national.flatMap((n) => missingReturns(s, 'national-tax', n, n.returns)) : []),
    ...(localUp ? s.local.flatMap((l) => missingReturns(s, 'local-tax', l, l.returns)) : []),
    ...(nationalUp ? s.national.flatMap((n) => invoicesNotNormal(s, n)) : []),
  ];
}
