import type { LegacySource } from '../../../shared/sources';
import { LOCAL_SELECTION, NATIONAL_SELECTION, PAYMENT_SELECTION, subjectKey } from '../rules/facts';
import type { LocalFacts, NationalFacts, PaymentFacts, SubjectFacts, SubjectRef } from '../rules/facts';
import type { SourceEndpoints } from '../sources/endpoints';
import type { SourceAnswer } from '../sources/source-client';
import { Draft, emptyDraft, WithTaxpayer } from './draft';
import { batched, caller, fieldOf, oneVariable, paymentsByTin, refsBySource } from './source-calls';
import { fillPaymentsByCitizenTin, fillTaxpayers } from './taxpayers';

/**
 * The canonical subject of each reference and its facts. A record that belongs to a taxpayer with a
 * USCC stands for that taxpayer; an individual business's national and local records (same TIN)
 * are one subject, named by the national record; a payment is its own subject only when no tax
 * office knows its payer.
 */
export async function fetchFacts(endpoints: SourceEndpoints, requestId: string, refs: readonly SubjectRef[]): Promise<SubjectFacts[]> {
  const call = caller(endpoints, requestId);
  const canonical: string[] = new Array(refs.length);
  const drafts = new Map<string, Draft>();
  const byUscc = new Map<string, Draft>();
  const want = (uscc: string) => {
    const key = subjectKey({ uscc });
    if (!drafts.has(key)) {
      const d = emptyDraft(key, uscc);
      drafts.set(key, d);
      byUscc.set(uscc, d);
    }
    return key;
  };

  // Round 1: records and payments named by key.
  const { uscc, nationalIds, localIds, vouchers } = refsBySource(refs);
  for (const [i, u] of uscc) canonical[i] = want(u);
  const [nAnswer, lAnswer, pAnswer] = await Promise.all([
    nationalIds.size
      ? call(
          'national-tax',
          batched(
            'CooperationFacts',
            nationalIds,
            oneVariable('ID!'),
            (v) => `nationalTaxAccount(id: ${v.v}) { ${NATIONAL_SELECTION} taxpayer { uscc } }`,
          ),
        )
      : undefined,
    localIds.size
      ? call(
          'local-tax',
          batched(
            'CooperationFacts',
            localIds,
            oneVariable('ID!'),
            (v) => `localTaxAccount(id: ${v.v}) { ${LOCAL_SELECTION} taxpayer { uscc } }`,
          ),
        )
      : undefined,
    vouchers.size
      ? call(
          'treasury-bank',
          batched(
            'CooperationFacts',
            vouchers,
            (i, p) => ({ [`o${i}`]: ['String!', p.taxOfficeCode], [`v${i}`]: ['String!', p.voucherNo] }),
            (v) => `payment(taxOfficeCode: ${v.o}, voucherNo: ${v.v}) { ${PAYMENT_SELECTION} }`,
          ),
        )
      : undefined,
  ]);

  // Legacy subjects still to link by TIN: index -> what round 1 found.
  interface Pending {
    tin: string | null;
    national?: NationalFacts;
    local?: LocalFacts;
    payment?: PaymentFacts;
    failed: Set<LegacySource>;
  }
  const pending = new Map<number, Pending>();
  const settle = (i: number, answer: SourceAnswer | undefined, source: LegacySource, kind: 'national' | 'local' | 'payment') => {
    const value = answer ? fieldOf(answer, `r${i}`) : undefined;
    if (value === undefined) {
      pending.set(i, { tin: null, failed: new Set([source]) });
      return;
    }
    const record = value as WithTaxpayer<NationalFacts & LocalFacts & PaymentFacts> | null;
    if (!record) {
      canonical[i] = ''; // nothing under that key: no subject
      return;
    }
    if (record.taxpayer?.uscc) {
      canonical[i] = want(record.taxpayer.uscc);
      return;
    }
    const tin = (kind === 'payment' ? record.payerTin : record.tin)?.trim() || null;
    pending.set(i, { tin, [kind]: record, failed: new Set() } as Pending);
  };
  for (const i of nationalIds.keys()) settle(i, nAnswer, 'national-tax', 'national');
  for (const i of localIds.keys()) settle(i, lAnswer, 'local-tax', 'local');
  for (const i of vouchers.keys()) settle(i, pAnswer, 'treasury-bank', 'payment');

  // Round 2: the other records of legacy subjects, by TIN.
  const tins = new Map<number, string>();
  for (const [i, p] of pending) if (p.tin) tins.set(i, p.tin);
  if (tins.size) {
    const need = (pred: (p: Pending) => boolean) => new Map([...tins].filter(([i]) => pred(pending.get(i)!)));
    const nTins = need((p) => !p.national);
    const lTins = need((p) => !p.local);
    const [n2, l2, p2] = await Promise.all([
      nTins.size
        ? call(
            'national-tax',
            batched(
              'CooperationFacts',
              nTins,
              oneVariable('String!'),
              (v) => `nationalTaxAccount(tin: ${v.v}) { ${NATIONAL_SELECTION} taxpayer { uscc } }`,
            ),
          )
        : undefined,
      lTins.size
        ? call(
            'local-tax',
            batched(
              'CooperationFacts',
              lTins,
              oneVariable('String!'),
              (v) => `localTaxAccount(tin: ${v.v}) { ${LOCAL_SELECTION} taxpayer { uscc } }`,
            ),
          )
        : undefined,
      call(
        'treasury-bank',
        batched('CooperationFacts', tins, oneVariable('String!'), (v) => paymentsByTin(v.v)),
      ),
    ]);
    for (const i of tins.keys()) {
      const p = pending.get(i)!;
      if (!p.national && nTins.has(i)) {
        const v = n2 ? fieldOf(n2, `r${i}`) : undefined;
        if (v === undefined) p.failed.add('national-tax');
        else if (v) p.national = v as NationalFacts;
      }
      if (!p.local && lTins.has(i)) {
        const v = l2 ? fieldOf(l2, `r${i}`) : undefined;
        if (v === undefined) p.failed.add('local-tax');
        else if (v) p.local = v as LocalFacts;
      }
      const pays = p2 ? fieldOf(p2, `r${i}`) : undefined;
      if (pays === undefined) p.failed.add('treasury-bank');
      const payments = ((pays as { edges: { node: PaymentFacts }[] } | null)?.edges ?? []).map((e) => e.node);
      // A record found by TIN may carry a USCC after all: then the subject is that taxpayer.
      const linked =
        (p.national as WithTaxpayer<NationalFacts> | undefined)?.taxpayer?.uscc ??
        (p.local as WithTaxpayer<LocalFacts> | undefined)?.taxpayer?.uscc;
      if (linked) {
        canonical[i] = want(linked);
        continue;
      }
      const key = p.national
        ? subjectKey({ source: 'national-tax', id: p.national.id })
        : p.local
          ? subjectKey({ source: 'local-tax', id: p.local.id })
          : subjectKey({ source: 'treasury-bank', taxOfficeCode: p.payment!.taxOfficeCode, voucherNo: p.payment!.voucherNo });
      canonical[i] = key;
      if (!drafts.has(key)) {
        const d = emptyDraft(key, null);
        if (p.national) d.national.push(strip(p.national));
        if (p.local) d.local.push(strip(p.local));
        d.payments.push(...(payments.length ? payments : p.payment ? [p.payment] : []));
        p.failed.forEach((s) => d.unavailable.add(s));
        drafts.set(key, d);
      }
    }
  }
  for (const [i, p] of pending) {
    if (tins.has(i)) continue;
    // No TIN to link by (or the first call failed): the subject is the record itself, judged on what is known.
    const rec = p.national ?? p.local;
    const key = p.national
      ? subjectKey({ source: 'national-tax', id: p.national.id })
      : p.local
        ? subjectKey({ source: 'local-tax', id: p.local.id })
        : p.payment
          ? subjectKey({ source: 'treasury-bank', taxOfficeCode: p.payment.taxOfficeCode, voucherNo: p.payment.voucherNo })
          : `unavailable:${i}`;
    canonical[i] = key;
    if (!drafts.has(key)) {
      const d = emptyDraft(key, null);
      if (p.national) d.national.push(strip(p.national));
      if (p.local) d.local.push(strip(p.local));
      if (p.payment) d.payments.push(p.payment);
      p.failed.forEach((s) => d.unavailable.add(s));
      if (!rec && !p.payment)
        (['national-tax', 'local-tax', 'business-registry', 'treasury-bank'] as LegacySource[]).forEach((s) => d.unavailable.add(s));
      drafts.set(key, d);
    }
  }

  // Round 3: taxpayers, from every source through `_entities`.
  if (byUscc.size) {
    await fillTaxpayers(call, [...byUscc.values()]);
    await fillPaymentsByCitizenTin(call, [...byUscc.values()]);
  }

  const facts = new Map<string, SubjectFacts>();
  for (const [key, d] of drafts) facts.set(key, { ...d, unavailable: [...d.unavailable] });
  return canonical.map(
    (key) => facts.get(key) ?? { subject: '', uscc: null, registration: null, national: [], local: [], payments: [], unavailable: [] },
  );
}

function strip<T extends object>(record: T): T {
  const { taxpayer: _drop, ...rest } = record as T & { taxpayer?: unknown };
  return rest as T;
}
