import { fen, rate4, yuanText } from '../amounts';
import { finding, RuleFinding } from '../finding';
import type { Subject } from '../subject';

interface Quarter {
  to: string;
  /** VAT and consumption tax paid, approved 免抵 VAT included (national tax). */
  paid: bigint;
  /** Business tax due (local tax). */
  business: bigint;
  /** The base urban construction tax was declared on, its rate and the tax due (local tax). */
  declared: bigint;
  uctRate: string | null;
  uctDue: bigint;
}

/** Each return period's figures from both bureaus, by the period's first day. */
function quarters(s: Subject): Map<string, Quarter> {
  const byPeriod = new Map<string, Quarter>();
  const q = (from: string, to: string) => {
    let e = byPeriod.get(from);
    if (!e) byPeriod.set(from, (e = { to, paid: 0n, business: 0n, declared: 0n, uctRate: null, uctDue: 0n }));
    return e;
  };
  for (const p of s.national.flatMap((n) => n.payments)) {
    if (p.levyItem === 'VAT' || p.levyItem === 'CONSUMPTION_TAX')
      q(p.periodFrom, p.periodTo).paid += fen(p.amountPaid) + fen(p.exemptCredit);
  }
  for (const r of s.local.flatMap((l) => l.returns)) {
    if (!r.periodFrom || !r.periodTo) continue;
    if (r.taxType === 'BUSINESS_TAX') q(r.periodFrom, r.periodTo).business += fen(r.taxDue);
    if (r.taxType === 'URBAN_CONSTRUCTION_TAX') {
      const e = q(r.periodFrom, r.periodTo);
      e.declared += fen(r.taxableBase);
      e.uctDue += fen(r.taxDue);
      e.uctRate = r.rate;
    }
  }
  return byPeriod;
}

/** Task 7: the urban construction tax base against the VAT and consumption tax paid (免抵 included) and the business tax. */
export function uctBaseMismatches(s: Subject): RuleFinding[] {
  const l0 = s.primaryLocal;
  if (!l0 || !s.has('national-tax', 'local-tax')) return [];
  return [...quarters(s)]
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([from, e]) => {
      const expected = e.paid + e.business;
      if (expected === e.declared) return [];
      const rate = e.uctRate ? Number(e.uctRate) : null;
      const taxGap = rate === null ? null : yuanText(BigInt(Math.round(Number(expected - e.declared) * rate)));
      return [
        finding(s, {
          kind: 'UCT_BASE_MISMATCH',
          record: { source: 'local-tax', id: l0.id },
          sources: ['local-tax', 'national-tax'],
          detail:
            `${from} to ${e.to}: urban construction tax declared on a base of ${yuanText(e.declared)} yuan; ` +
            `VAT and consumption tax paid ${yuanText(e.paid)} + business tax ${yuanText(e.business)} = ${yuanText(expected)} yuan` +
            (taxGap ? `; the tax differs by ${taxGap} yuan at ${rate4(e.uctRate!)}.` : '.'),
          values: [
            { source: 'local-tax', field: 'declaredBase', value: yuanText(e.declared) },
            { source: 'national-tax', field: 'vatAndConsumptionTaxPaid', value: yuanText(e.paid) },
            { source: 'local-tax', field: 'businessTax', value: yuanText(e.business) },
            { source: 'local-tax', field: 'expectedBase', value: yuanText(expected) },
            { source: 'local-tax', field: 'taxDifference', value: taxGap },
          ],
          periodFrom: from,
          periodTo: e.to,
          taxOfficeCodes: [l0.taxOffice.code],
        }),
      ];
    });
}
