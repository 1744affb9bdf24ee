import { fen, rate4, yuanText } from '../amounts';
import { finding, RuleFinding } from '../finding';
import type { Subject } from '../subject';

/** One period's figures from either bureau, in fen. */
interface Entry {
  from: string;
  to: string;
  /** VAT and consumption tax paid on returns (national tax), approved 免抵 VAT, audit back-tax (查补) and deferred tax paid (缓缴). */
  declaredPaid: bigint;
  exemptCredit: bigint;
  backTax: bigint;
  deferred: bigint;
  /** Business tax paid, not due (local tax). */
  business: bigint;
  /** The base urban construction tax was declared on (back-tax lines included) and the tax (local tax). */
  uctBase: bigint;
  uctDue: bigint;
  uctRate: string | null;
}

const empty = (from: string, to: string): Entry => ({
  from,
  to,
  declaredPaid: 0n,
  exemptCredit: 0n,
  backTax: 0n,
  deferred: 0n,
  business: 0n,
  uctBase: 0n,
  uctDue: 0n,
  uctRate: null,
});

function add(into: Entry, e: Entry): void {
  into.to = e.to > into.to ? e.to : into.to;
  into.declaredPaid += e.declaredPaid;
  into.exemptCredit += e.exemptCredit;
  into.backTax += e.backTax;
  into.deferred += e.deferred;
  into.business += e.business;
  into.uctBase += e.uctBase;
  into.uctDue += e.uctDue;
  into.uctRate = e.uctRate ?? into.uctRate;
}

/** Every period's figures from both bureaus, one entry per levy record or return line. */
function entries(s: Subject): Entry[] {
  const out: Entry[] = [];
  for (const p of s.national.flatMap((n) => n.payments)) {
    if (p.levyItem !== 'VAT' && p.levyItem !== 'CONSUMPTION_TAX') continue;
    const e = empty(p.periodFrom, p.periodTo);
    const paid = fen(p.amountPaid);
    if (p.kind === 'AUDIT_BACK_TAX') e.backTax = paid;
    else if (p.kind === 'DEFERRED') e.deferred = paid;
    else e.declaredPaid = paid;
    e.exemptCredit = fen(p.exemptCredit);
    out.push(e);
  }
  for (const r of s.local.flatMap((l) => l.returns)) {
    if (!r.periodFrom || !r.periodTo) continue;
    const e = empty(r.periodFrom, r.periodTo);
    if (r.taxType === 'BUSINESS_TAX') e.business = fen(r.amountPaid);
    else if (r.taxType === 'URBAN_CONSTRUCTION_TAX') {
      e.uctBase = fen(r.taxableBase);
      e.uctDue = fen(r.taxDue);
      e.uctRate = r.rate;
    } else continue;
    out.push(e);
  }
  return out;
}

/**
 * Like spans: periods that overlap are one span, the smallest covering them all. Three monthly VAT
 * payments and one quarterly urban construction tax return are one quarter; a quarter's back-tax
 * joins the quarter it belongs to.
 */
function spans(list: Entry[]): Entry[] {
  const sorted = [...list].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  const out: Entry[] = [];
  for (const e of sorted) {
    const last = out[out.length - 1];
    if (last && e.from <= last.to) add(last, e);
    else {
      const span = empty(e.from, e.to);
      add(span, e);
      out.push(span);
    }
  }
  return out;
}

/**
 * Task 7: the urban construction tax base against the taxes actually paid, "增值税、消费税征收数,
 * 查补税、缓缴数及免抵退税": VAT and consumption tax paid (audit back-tax, deferred tax paid and
 * approved 免抵 VAT included) plus business tax paid, over like spans.
 */
export function uctBaseMismatches(s: Subject): RuleFinding[] {
  const l0 = s.primaryLocal;
  if (!l0 || !s.has('national-tax', 'local-tax')) return [];
  return spans(entries(s)).flatMap((e) => {
    const paid = e.declaredPaid + e.exemptCredit + e.backTax + e.deferred;
    const expected = paid + e.business;
    if (expected === e.uctBase) return [];
    const rate = e.uctRate ? Number(e.uctRate) : null;
    const taxGap = rate === null ? null : yuanText(BigInt(Math.round(Number(expected - e.uctBase) * rate)));
    const parts = [
      e.exemptCredit ? `免抵 ${yuanText(e.exemptCredit)}` : '',
      e.backTax ? `audit back-tax ${yuanText(e.backTax)}` : '',
      e.deferred ? `deferred tax paid ${yuanText(e.deferred)}` : '',
    ].filter(Boolean);
    return [
      finding(s, {
        kind: 'UCT_BASE_MISMATCH',
        record: { source: 'local-tax', id: l0.id },
        sources: ['local-tax', 'national-tax'],
        detail:
          `${e.from} to ${e.to}: urban construction tax declared on a base of ${yuanText(e.uctBase)} yuan; ` +
          `VAT and consumption tax paid ${yuanText(paid)}${parts.length ? ` (incl. ${parts.join(', ')})` : ''} + ` +
          `business tax paid ${yuanText(e.business)} = ${yuanText(expected)} yuan` +
          (taxGap ? `; the tax differs by ${taxGap} yuan at ${rate4(e.uctRate!)}.` : '.'),
        values: [
          { source: 'local-tax', field: 'declaredBase', value: yuanText(e.uctBase) },
          { source: 'national-tax', field: 'vatAndConsumptionTaxPaid', value: yuanText(paid) },
          { source: 'national-tax', field: 'exemptCredit', value: yuanText(e.exemptCredit) },
          { source: 'national-tax', field: 'auditBackTax', value: yuanText(e.backTax) },
          { source: 'national-tax', field: 'deferredTaxPaid', value: yuanText(e.deferred) },
          { source: 'local-tax', field: 'businessTax', value: yuanText(e.business) },
          { source: 'local-tax', field: 'expectedBase', value: yuanText(expected) },
          { source: 'local-tax', field: 'taxDifference', value: taxGap },
        ],
        periodFrom: e.from,
        periodTo: e.to,
        taxOfficeCodes: [l0.taxOffice.code],
      }),
    ];
  });
}
