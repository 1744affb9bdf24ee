import type { Principal } from '../../kit/principal';
import type { LegacySource } from '../../kit/sources';
import { evaluate, RuleFinding } from '../rules/evaluate';
import {
  LOCAL_SELECTION,
  LocalFacts,
  NATIONAL_SELECTION,
  NationalFacts,
  PAYMENT_SELECTION,
  PaymentFacts,
  REGISTRY_SELECTION,
  RegistryFacts,
  SubjectFacts,
  subjectKey,
  SubjectRef,
} from '../rules/facts';
import type { SourceEndpoints } from '../sources/endpoints';
import { callSource, SourceAnswer } from '../sources/source-client';

/**
 * Fetches the facts of many subjects from the source subgraphs: every source is called once per
 * round, with all subjects of the batch in one document (`_entities` for taxpayers, aliased lookups
 * for records without a USCC), so a page of 500 subjects costs each source a handful of calls.
 *
 * The calls carry cooperation's own service principal (role app, `pii:read`), on the caller's request
 * id: linking an individual business's two tax records needs its citizen-ID TIN, which the caller
 * (an analyst) may not see. Nothing personal leaves this subgraph: findings name records by their
 * internal keys, and the fields that carry findings are guarded by `taxpayer:read` like the sources.
 */
export const COOPERATION_PRINCIPAL: Principal = { sub: 'service:cooperation', role: 'app', scopes: ['taxpayer:read', 'pii:read'] };

const MAX_PAYMENTS = 500;

export interface FactsCaller {
  requestId: string;
}

type Call = (source: LegacySource, query: string, variables: Record<string, unknown>) => Promise<SourceAnswer>;

function caller(endpoints: SourceEndpoints, requestId: string): Call {
  return (source, query, variables) => callSource(endpoints, source, { query, variables }, { principal: COOPERATION_PRINCIPAL, requestId });
}

/** A source's answer as data, or undefined when the source (or the field asked) failed. */
function fieldOf(answer: SourceAnswer, alias: string): unknown | undefined {
  if (!answer.ok) return undefined;
  if (answer.errors.some((e) => e.path?.[0] === alias)) return undefined;
  return answer.data[alias];
}

/** Facts being gathered: the sources that failed so far, as a set. */
type Draft = Omit<SubjectFacts, 'unavailable'> & { unavailable: Set<LegacySource> };

const emptyDraft = (subject: string, uscc: string | null): Draft => ({ subject, uscc, registration: null, national: [], local: [], payments: [], unavailable: new Set() });

type WithTaxpayer<T> = T & { taxpayer: { uscc: string } | null };

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
  const nationalIds = new Map<number, string>();
  const localIds = new Map<number, string>();
  const vouchers = new Map<number, { taxOfficeCode: string; voucherNo: string }>();
  refs.forEach((ref, i) => {
    if ('uscc' in ref) canonical[i] = want(ref.uscc);
    else if (ref.source === 'national-tax') nationalIds.set(i, ref.id);
    else if (ref.source === 'local-tax') localIds.set(i, ref.id);
    else if (ref.source === 'treasury-bank') vouchers.set(i, { taxOfficeCode: ref.taxOfficeCode, voucherNo: ref.voucherNo });
  });
  const aliased = (entries: Map<number, unknown>, field: (v: string) => string, type: string) => {
    const defs: string[] = [];
    const sels: string[] = [];
    const vars: Record<string, unknown> = {};
    for (const [i, value] of entries) {
      defs.push(`$v${i}: ${type}`);
      sels.push(`r${i}: ${field(`$v${i}`)}`);
      vars[`v${i}`] = value;
    }
    return { query: `query CooperationFacts(${defs.join(', ')}) { ${sels.join(' ')} }`, variables: vars };
  };
  const [nAnswer, lAnswer, pAnswer] = await Promise.all([
    nationalIds.size ? (() => { const d = aliased(nationalIds, (v) => `nationalTaxAccount(id: ${v}) { ${NATIONAL_SELECTION} taxpayer { uscc } }`, 'ID!'); return call('national-tax', d.query, d.variables); })() : undefined,
    localIds.size ? (() => { const d = aliased(localIds, (v) => `localTaxAccount(id: ${v}) { ${LOCAL_SELECTION} taxpayer { uscc } }`, 'ID!'); return call('local-tax', d.query, d.variables); })() : undefined,
    vouchers.size
      ? (() => {
          const defs: string[] = [];
          const sels: string[] = [];
          const vars: Record<string, unknown> = {};
          for (const [i, v] of vouchers) {
            defs.push(`$o${i}: String!, $v${i}: String!`);
            sels.push(`r${i}: payment(taxOfficeCode: $o${i}, voucherNo: $v${i}) { ${PAYMENT_SELECTION} }`);
            vars[`o${i}`] = v.taxOfficeCode;
            vars[`v${i}`] = v.voucherNo;
          }
          return call('treasury-bank', `query CooperationFacts(${defs.join(', ')}) { ${sels.join(' ')} }`, vars);
        })()
      : undefined,
  ]);

  // Legacy subjects still to link by TIN: index -> what round 1 found.
  interface Pending { tin: string | null; national?: NationalFacts; local?: LocalFacts; payment?: PaymentFacts; failed: Set<LegacySource> }
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
      nTins.size ? (() => { const d = aliased(nTins, (v) => `nationalTaxAccount(tin: ${v}) { ${NATIONAL_SELECTION} taxpayer { uscc } }`, 'String!'); return call('national-tax', d.query, d.variables); })() : undefined,
      lTins.size ? (() => { const d = aliased(lTins, (v) => `localTaxAccount(tin: ${v}) { ${LOCAL_SELECTION} taxpayer { uscc } }`, 'String!'); return call('local-tax', d.query, d.variables); })() : undefined,
      (() => { const d = aliased(tins, (v) => `payments(filter: { payerTin: ${v} }, first: ${MAX_PAYMENTS}) { edges { node { ${PAYMENT_SELECTION} } } }`, 'String!'); return call('treasury-bank', d.query, d.variables); })(),
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
      const linked = (p.national as WithTaxpayer<NationalFacts> | undefined)?.taxpayer?.uscc ?? (p.local as WithTaxpayer<LocalFacts> | undefined)?.taxpayer?.uscc;
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
      if (!rec && !p.payment) (['national-tax', 'local-tax', 'business-registry', 'treasury-bank'] as LegacySource[]).forEach((s) => d.unavailable.add(s));
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
  return canonical.map((key) => facts.get(key) ?? { subject: '', uscc: null, registration: null, national: [], local: [], payments: [], unavailable: [] });
}

function strip<T extends object>(record: T): T {
  const { taxpayer: _drop, ...rest } = record as T & { taxpayer?: unknown };
  return rest as T;
}

const ENTITY_FIELDS: Record<LegacySource, string> = {
  'business-registry': `registration { ${REGISTRY_SELECTION} }`,
  'national-tax': `nationalTaxRecords { ${NATIONAL_SELECTION} }`,
  'local-tax': `localTaxRecords { ${LOCAL_SELECTION} }`,
  'treasury-bank': `payments(first: ${MAX_PAYMENTS}) { edges { node { ${PAYMENT_SELECTION} } } }`,
};

async function fillTaxpayers(call: Call, drafts: Draft[]): Promise<void> {
  const representations = drafts.map((d) => ({ __typename: 'Taxpayer', uscc: d.uscc }));
  await Promise.all(
    (Object.keys(ENTITY_FIELDS) as LegacySource[]).map(async (source) => {
      const answer = await call(source, `query CooperationTaxpayerFacts($r: [_Any!]!) { _entities(representations: $r) { ... on Taxpayer { ${ENTITY_FIELDS[source]} } } }`, { r: representations });
      const failedAt = new Set<number>();
      if (answer.ok) for (const e of answer.errors) if (e.path?.[0] === '_entities' && typeof e.path[1] === 'number') failedAt.add(e.path[1]);
      const entities = answer.ok ? (answer.data._entities as Record<string, unknown>[] | null) : null;
      drafts.forEach((d, i) => {
        const entity = entities?.[i];
        if (!answer.ok || !entities || failedAt.has(i) || !entity) {
          d.unavailable.add(source);
          return;
        }
        if (source === 'business-registry') d.registration = (entity.registration as RegistryFacts | null) ?? null;
        else if (source === 'national-tax') d.national = (entity.nationalTaxRecords as NationalFacts[] | null) ?? [];
        else if (source === 'local-tax') d.local = (entity.localTaxRecords as LocalFacts[] | null) ?? [];
        else d.payments = ((entity.payments as { edges: { node: PaymentFacts }[] } | null)?.edges ?? []).map((e) => e.node);
      });
    }),
  );
}

/** A TIN made of a citizen ID and two digits: the bank knows an individual business by it, not by its USCC. */
const isCitizenTin = (tin: string) => /^\d{17}[\dX]\d{2}$/.test(tin.trim());

/**
 * Treasury finds a taxpayer's payments by its USCC or organization code; an individual business pays
 * under its citizen-ID TIN, so those payments are asked by TIN (one aliased call for the batch).
 */
async function fillPaymentsByCitizenTin(call: Call, drafts: Draft[]): Promise<void> {
  const wanted = new Map<string, Draft[]>();
  for (const d of drafts) {
    if (d.unavailable.has('treasury-bank')) continue;
    for (const tin of new Set([...d.national, ...d.local].map((r) => r.tin.trim()).filter(isCitizenTin))) wanted.set(tin, [...(wanted.get(tin) ?? []), d]);
  }
  if (!wanted.size) return;
  const tins = [...wanted.keys()];
  const query = `query CooperationPaymentsByTin(${tins.map((_, i) => `$t${i}: String!`).join(', ')}) { ${tins
    .map((_, i) => `r${i}: payments(filter: { payerTin: $t${i} }, first: ${MAX_PAYMENTS}) { edges { node { ${PAYMENT_SELECTION} } } }`)
    .join(' ')} }`;
  const answer = await call('treasury-bank', query, Object.fromEntries(tins.map((t, i) => [`t${i}`, t])));
  tins.forEach((tin, i) => {
    const value = fieldOf(answer, `r${i}`);
    for (const d of wanted.get(tin)!) {
      if (value === undefined) {
        d.unavailable.add('treasury-bank');
        continue;
      }
      const known = new Set(d.payments.map((p) => `${p.taxOfficeCode}/${p.voucherNo}`));
      for (const e of (value as { edges: { node: PaymentFacts }[] } | null)?.edges ?? []) {
        if (!known.has(`${e.node.taxOfficeCode}/${e.node.voucherNo}`)) d.payments.push(e.node);
      }
    }
  });
}

/**
 * Reference deemed CIT rates for the groups (area, industry, year) the subjects fall in: both
 * bureaus' counts per rate, added up; the most common rate, ties to the lower. A group whose counts
 * cannot be read has no reference, and its rule is not judged.
 */
export async function deemedReferences(endpoints: SourceEndpoints, requestId: string, subjects: readonly SubjectFacts[]): Promise<Map<string, string>> {
  const call = caller(endpoints, requestId);
  const groups = new Map<string, { division: string; industryCode: string; year: number }>();
  for (const s of subjects) {
    for (const n of s.national) for (const d of n.deemedCit) groups.set(`${n.division}|${n.industry.code}|${d.year}`, { division: n.division, industryCode: n.industry.code, year: d.year });
    for (const l of s.local) for (const d of l.deemedCit) groups.set(`${l.division}|${l.industryCode}|${d.year}`, { division: l.division, industryCode: l.industryCode, year: d.year });
  }
  const result = new Map<string, string>();
  if (!groups.size) return result;
  const list = [...groups];
  const doc = (field: string) => {
    const defs: string[] = [];
    const sels: string[] = [];
    const vars: Record<string, unknown> = {};
    list.forEach(([, g], i) => {
      defs.push(`$d${i}: String!, $i${i}: String!, $y${i}: Int!`);
      sels.push(`g${i}: ${field}(division: $d${i}, industryCode: $i${i}, year: $y${i}) { rate taxpayers }`);
      Object.assign(vars, { [`d${i}`]: g.division, [`i${i}`]: g.industryCode, [`y${i}`]: g.year });
    });
    return { query: `query CooperationDeemedRates(${defs.join(', ')}) { ${sels.join(' ')} }`, variables: vars };
  };
  const nd = doc('nationalTaxDeemedCitRates');
  const ld = doc('localTaxDeemedCitRates');
  const [n, l] = await Promise.all([call('national-tax', nd.query, nd.variables), call('local-tax', ld.query, ld.variables)]);
  list.forEach(([key], i) => {
    const a = fieldOf(n, `g${i}`) as { rate: string; taxpayers: number }[] | null | undefined;
    const b = fieldOf(l, `g${i}`) as { rate: string; taxpayers: number }[] | null | undefined;
    if (!a || !b) return;
    const counts = new Map<string, number>();
    for (const r of [...a, ...b]) counts.set(Number(r.rate).toFixed(4), (counts.get(Number(r.rate).toFixed(4)) ?? 0) + r.taxpayers);
    const best = [...counts].sort(([ra, ca], [rb, cb]) => cb - ca || Number(ra) - Number(rb))[0];
    if (best) result.set(key, best[0]);
  });
  return result;
}

/** Facts, references and rules for a batch: the findings of each reference's subject. */
export async function findingsOf(
  endpoints: SourceEndpoints,
  requestId: string,
  asOf: string,
  refs: readonly SubjectRef[],
): Promise<{ subject: SubjectFacts; findings: RuleFinding[] }[]> {
  const facts = await fetchFacts(endpoints, requestId, refs);
  const distinct = [...new Map(facts.filter((f) => f.subject).map((f) => [f.subject, f])).values()];
  const references = await deemedReferences(endpoints, requestId, distinct);
  const bySubject = new Map(
    distinct.map((f) => [f.subject, evaluate(f, { asOf, deemedReference: (d, i, y) => references.get(`${d}|${i}|${y}`) })]),
  );
  return facts.map((f) => ({ subject: f, findings: bySubject.get(f.subject) ?? [] }));
}
