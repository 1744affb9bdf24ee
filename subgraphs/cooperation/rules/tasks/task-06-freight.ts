import { fen, yuanText } from '../amounts';
import { finding, RuleFinding } from '../finding';
import type { NationalFacts } from '../facts';
import { transportVatFrom } from '../reference';
import type { Subject } from '../subject';

const sum = <T>(rows: T[], pick: (r: T) => bigint) => rows.reduce((s, r) => s + pick(r), 0n);
const yearOf = (day: string) => Number(day.slice(0, 4));

/**
 * Task 6: a carrier's freight invoices, judged by the era they were issued in ("强化营业税管理,
 * 规范增值税抵扣"). Before transport moved to VAT in the carrier's province (transportVatFrom): the
 * freight invoiced in a year against the business tax base declared to local tax. From that day: the
 * freight its invoices' recipients deducted as input against the transport sales on its VAT returns.
 * An invoice or return period belongs to the era of its first day.
 */
export function freightInvoiceChecks(s: Subject): RuleFinding[] {
  const n0 = s.primaryNational;
  if (!n0) return [];
  const switchDay = transportVatFrom(n0.division || s.division);
  // Invoices are the carrier's by TIN: two records under one TIN list the same invoices once.
  const invoices = [...new Map(s.national.flatMap((n) => n.freightInvoices).map((f) => [`${f.code}|${f.number}`, f])).values()];
  const before = invoices.filter((f) => f.issuedOn < switchDay);
  const after = invoices.filter((f) => f.issuedOn >= switchDay);
  return [...businessTaxEra(s, n0, before, switchDay), ...vatEra(s, n0, after, switchDay)];
}

type Invoice = NationalFacts['freightInvoices'][number];

function businessTaxEra(s: Subject, n0: NationalFacts, invoices: Invoice[], switchDay: string): RuleFinding[] {
  if (!invoices.length || !s.has('national-tax', 'local-tax')) return [];
  const localReturns = s.local.flatMap((l) => l.returns);
  const years = [...new Set(invoices.map((f) => yearOf(f.issuedOn)))].sort((a, b) => a - b);
  return years.flatMap((year) => {
    const invoiced = sum(
      invoices.filter((f) => yearOf(f.issuedOn) === year),
      (f) => fen(f.freightAmount),
    );
    const declared = sum(
      localReturns.filter(
        (r) => r.taxType === 'BUSINESS_TAX' && r.periodFrom !== null && yearOf(r.periodFrom) === year && r.periodFrom < switchDay,
      ),
      (r) => fen(r.taxableBase),
    );
    if (invoiced <= declared) return [];
    return [
      finding(s, {
        kind: 'FREIGHT_UNDERDECLARED',
        record: { source: 'national-tax', id: n0.id },
        sources: ['national-tax', 'local-tax'],
        detail:
          `${year} (business tax era, before ${switchDay}): freight invoiced ${yuanText(invoiced)} yuan (national tax) ` +
          `against a declared business tax base of ${yuanText(declared)} yuan (local tax); ${yuanText(invoiced - declared)} yuan undeclared.`,
        values: [
          { source: 'national-tax', field: 'freightInvoiced', value: yuanText(invoiced) },
          { source: 'local-tax', field: 'businessTaxBase', value: yuanText(declared) },
        ],
        year,
      }),
    ];
  });
}

function vatEra(s: Subject, n0: NationalFacts, invoices: Invoice[], switchDay: string): RuleFinding[] {
  if (!invoices.length || !s.has('national-tax')) return [];
  // Returns are per record: each record's own (a duplicate record's returns were filed under it).
  const returns = s.national.flatMap((n) => n.returns).filter((r) => r.levyItem === 'VAT');
  const years = [...new Set(invoices.map((f) => yearOf(f.issuedOn)))].sort((a, b) => a - b);
  return years.flatMap((year) => {
    const ofYear = invoices.filter((f) => yearOf(f.issuedOn) === year);
    const deducted = sum(ofYear, (f) => (f.deduction ? fen(f.deduction.amount) : 0n));
    const declared = sum(
      returns.filter((r) => yearOf(r.periodFrom) === year && r.periodFrom >= switchDay),
      (r) => fen(r.transportSales),
    );
    if (deducted <= declared) return [];
    const invoiced = sum(ofYear, (f) => fen(f.freightAmount));
    return [
      finding(s, {
        kind: 'FREIGHT_INPUT_EXCEEDS_OUTPUT',
        record: { source: 'national-tax', id: n0.id },
        sources: ['national-tax'],
        detail:
          `${year} (VAT era, from ${switchDay}): recipients deducted ${yuanText(deducted)} yuan of this carrier's freight invoices as input ` +
          `(${yuanText(invoiced)} yuan invoiced), against transport sales of ${yuanText(declared)} yuan on its VAT returns; ` +
          `${yuanText(deducted - declared)} yuan of output undeclared.`,
        values: [
          { source: 'national-tax', field: 'freightDeducted', value: yuanText(deducted) },
          { source: 'national-tax', field: 'freightInvoiced', value: yuanText(invoiced) },
          { source: 'national-tax', field: 'transportSalesDeclared', value: yuanText(declared) },
        ],
        year,
        taxOfficeCodes: [n0.taxOffice.code],
      }),
    ];
  });
}
