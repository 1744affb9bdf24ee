import type { LegacySource } from '../../../shared/sources';
import { subjectKey } from '../rules/facts';
import type { SubjectRef } from '../rules/facts';
import type { SourceEndpoints } from '../sources/endpoints';
import { batched, caller, fieldOf, oneVariable, refsBySource } from './source-calls';

/** What naming a record's subject takes: its key, the TIN it links by, and its taxpayer's USCC. */
const RECORD = 'id tin taxpayer { uscc }';
const LINKED = 'id taxpayer { uscc }';
const PAYMENT = 'taxOfficeCode voucherNo payerTin taxpayer { uscc }';

interface Found {
  id?: string;
  tin?: string | null;
  payerTin?: string | null;
  taxOfficeCode?: string;
  voucherNo?: string;
  taxpayer: { uscc: string } | null;
}

/** A source could not be asked: nothing can be said about the subjects it would have named. */
export class SubjectsUnavailable extends Error {
  constructor(readonly sources: LegacySource[]) {
    super(`could not ask ${sources.join(', ')}`);
  }
}

/**
 * The canonical subject of each reference, as `fetchFacts` names it, without the facts: rounds 1 and
 * 2 (the record, then the other bureau's record by TIN) asking only keys, no payments and no rules.
 * A reconciliation asks this first for records met late in a run (a local record of an individual
 * business, a payment under a citizen-ID TIN): most stand for a subject judged already, and judging
 * it again would fetch every source's records of it. '' when nothing is under the reference.
 */
export async function resolveSubjects(endpoints: SourceEndpoints, requestId: string, refs: readonly SubjectRef[]): Promise<string[]> {
  const call = caller(endpoints, requestId);
  const out: string[] = new Array(refs.length).fill('');
  const failed = new Set<LegacySource>();
  const { uscc, nationalIds, localIds, vouchers } = refsBySource(refs);
  for (const [i, u] of uscc) out[i] = subjectKey({ uscc: u });
  const ask = async (source: LegacySource, items: Map<number, unknown>, doc: Parameters<typeof call>[1]) => {
    if (!items.size) return new Map<number, Found | null>();
    const answer = await call(source, doc);
    const found = new Map<number, Found | null>();
    for (const i of items.keys()) {
      const value = fieldOf(answer, `r${i}`);
      if (value === undefined) failed.add(source);
      else found.set(i, value as Found | null);
    }
    return found;
  };

  // Round 1: the records and payments named by key.
  const [n1, l1, p1] = await Promise.all([
    ask(
      'national-tax',
      nationalIds,
      batched('CooperationSubjects', nationalIds, oneVariable('ID!'), (v) => `nationalTaxAccount(id: ${v.v}) { ${RECORD} }`),
    ),
    ask(
      'local-tax',
      localIds,
      batched('CooperationSubjects', localIds, oneVariable('ID!'), (v) => `localTaxAccount(id: ${v.v}) { ${RECORD} }`),
    ),
    ask(
      'treasury-bank',
      vouchers,
      batched(
        'CooperationSubjects',
        vouchers,
        (i, p) => ({ [`o${i}`]: ['String!', p.taxOfficeCode], [`v${i}`]: ['String!', p.voucherNo] }),
        (v) => `payment(taxOfficeCode: ${v.o}, voucherNo: ${v.v}) { ${PAYMENT} }`,
      ),
    ),
  ]);
  if (failed.size) throw new SubjectsUnavailable([...failed]);

  // Records without a USCC of their own: linked by TIN to the other bureau's record (round 2).
  interface Pending {
    tin: string | null;
    national?: Found;
    local?: Found;
    payment?: Found;
  }
  const pending = new Map<number, Pending>();
  const settle = (found: Map<number, Found | null>, kind: 'national' | 'local' | 'payment') => {
    for (const [i, record] of found) {
      if (!record) continue;
      if (record.taxpayer?.uscc) out[i] = subjectKey({ uscc: record.taxpayer.uscc });
      else pending.set(i, { tin: (kind === 'payment' ? record.payerTin : record.tin)?.trim() || null, [kind]: record });
    }
  };
  settle(n1, 'national');
  settle(l1, 'local');
  settle(p1, 'payment');

  const tins = new Map([...pending].filter(([, p]) => p.tin).map(([i, p]) => [i, p.tin!]));
  const nTins = new Map([...tins].filter(([i]) => !pending.get(i)!.national));
  const lTins = new Map([...tins].filter(([i]) => !pending.get(i)!.local));
  const [n2, l2] = await Promise.all([
    ask(
      'national-tax',
      nTins,
      batched('CooperationSubjects', nTins, oneVariable('String!'), (v) => `nationalTaxAccount(tin: ${v.v}) { ${LINKED} }`),
    ),
    ask(
      'local-tax',
      lTins,
      batched('CooperationSubjects', lTins, oneVariable('String!'), (v) => `localTaxAccount(tin: ${v.v}) { ${LINKED} }`),
    ),
  ]);
  if (failed.size) throw new SubjectsUnavailable([...failed]);

  for (const [i, p] of pending) {
    const national = p.national ?? n2.get(i) ?? undefined;
    const local = p.local ?? l2.get(i) ?? undefined;
    const linked = national?.taxpayer?.uscc ?? local?.taxpayer?.uscc;
    out[i] = linked
      ? subjectKey({ uscc: linked })
      : national
        ? subjectKey({ source: 'national-tax', id: national.id! })
        : local
          ? subjectKey({ source: 'local-tax', id: local.id! })
          : subjectKey({ source: 'treasury-bank', taxOfficeCode: p.payment!.taxOfficeCode!, voucherNo: p.payment!.voucherNo! });
  }
  return out;
}
