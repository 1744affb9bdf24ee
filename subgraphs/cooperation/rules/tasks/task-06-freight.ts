import { fen, yuanText } from '../amounts';
import { finding, RuleFinding } from '../finding';
import type { Subject } from '../subject';

const sum = <T>(rows: T[], pick: (r: T) => bigint) => rows.reduce((s, r) => s + pick(r), 0n);

/** Task 6: freight invoiced (national data) above the carrier's declared business tax base (local data), per year. */
export function freightUnderdeclared(s: Subject): RuleFinding[] {
  const n0 = s.primaryNational;
  if (!n0 || !s.has('national-tax', 'local-tax')) return [];
  // Invoices are the carrier's by TIN: two records under one TIN list the same invoices once.
  const invoices = [...new Map(s.national.flatMap((n) => n.freightInvoices).map((f) => [`${f.code}|${f.number}`, f])).values()];
  const localReturns = s.local.flatMap((l) => l.returns);
  const years = new Set(invoices.map((f) => Number(f.issuedOn.slice(0, 4))));
  return [...years].sort().flatMap((year) => {
    const invoiced = sum(
      invoices.filter((f) => f.issuedOn.startsWith(`${year}-`)),
      (f) => fen(f.freightAmount),
    );
    const declared = sum(
      localReturns.filter((r) => r.taxType === 'BUSINESS_TAX' && r.periodFrom?.startsWith(`${year}-`)),
      (r) => fen(r.taxableBase),
    );
    if (invoiced <= declared) return [];
    return [
      finding(s, {
        kind: 'FREIGHT_UNDERDECLARED',
        record: { source: 'national-tax', id: n0.id },
        sources: ['national-tax', 'local-tax'],
        detail:
          `${year}: freight invoiced ${yuanText(invoiced)} yuan (national tax) ` +
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
