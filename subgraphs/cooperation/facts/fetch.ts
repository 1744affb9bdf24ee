import type { Principal } from '../../../shared/principal';
import type { LegacySource } from '../../../shared/sources';
import { evaluate } from '../rules/evaluate';
import type { RuleFinding } from '../rules/finding';
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

interface Document {
  query: string;
  variables: Record<string, unknown>;
}

type Call = (source: LegacySource, document: Document) => Promise<SourceAnswer>;

function caller(endpoints: SourceEndpoints, requestId: string): Call {
  return (source, document) => callSource(endpoints, source, document, { principal: COOPERATION_PRINCIPAL, requestId });
}

/**
 * One document asking a field once per item, `r<i>: field(...)` (the answer is read by alias):
 * `args(i, item)` gives the item's variables as name -> [GraphQL type, value], `select` the field
 * using them as `$name`.
 */
function batched<T>(
  operation: string,
  items: Iterable<[number, T]>,
  args: (i: number, item: T) => Record<string, [string, unknown]>,
  select: (vars: Record<string, string>) => string,
): Document {
  const definitions: string[] = [];
  const selections: string[] = [];
  const variables: Record<string, unknown> = {};
  for (const [i, item] of items) {
    const refs: Record<string, string> = {};
    for (const [name, [type, value]] of Object.entries(args(i, item))) {
      definitions.push(`$${name}: ${type}`);
      variables[name] = value;
      refs[name.replace(/\d+$/, '')] = `$${name}`;
    }
    selections.push(`r${i}: ${select(refs)}`);
  }
  return { query: `query ${operation}(${definitions.join(', ')}) { ${selections.join(' ')} }`, variables };
}

/** A source's answer as data, or undefined when the source (or the field asked) failed. */
function fieldOf(answer: SourceAnswer, alias: string): unknown | undefined {
  if (!answer.ok) return undefined;
  if (answer.errors.some((e) => e.path?.[0] === alias)) return undefined;
  return answer.data[alias];
}

/** Facts being gathered: the sources that failed so far, as a set. */
type Draft = Omit<SubjectFacts, 'unavailable'> & { unavailable: Set<LegacySource> };

const emptyDraft = (subject: string, uscc: string | null): Draft => ({
  subject,
  uscc,
  registration: null,
  national: [],
  local: [],
  payments: [],
  unavailable: new Set(),
});

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
  const one =
    (type: string) =>
    (i: number, value: unknown): Record<string, [string, unknown]> => ({ [`v${i}`]: [type, value] });
  const [nAnswer, lAnswer, pAnswer] = await Promise.all([
    nationalIds.size
      ? call(
          'national-tax',
          batched(
            'CooperationFacts',
            nationalIds,
            one('ID!'),
            (v) => `nationalTaxAccount(id: ${v.v}) { ${NATIONAL_SELECTION} taxpayer { uscc } }`,
          ),
        )
      : undefined,
    localIds.size
      ? call(
          'local-tax',
          batched('CooperationFacts', localIds, one('ID!'), (v) => `localTaxAccount(id: ${v.v}) { ${LOCAL_SELECTION} taxpayer { uscc } }`),
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
              one('String!'),
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
              one('String!'),
              (v) => `localTaxAccount(tin: ${v.v}) { ${LOCAL_SELECTION} taxpayer { uscc } }`,
            ),
          )
        : undefined,
      call(
        'treasury-bank',
        batched('CooperationFacts', tins, one('String!'), (v) => paymentsByTin(v.v)),
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

const paymentsByTin = (tin: string) =>
  `payments(filter: { payerTin: ${tin} }, first: ${MAX_PAYMENTS}) { edges { node { ${PAYMENT_SELECTION} } } }`;

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
      const answer = await call(source, {
        query: `query CooperationTaxpayerFacts($r: [_Any!]!) { _entities(representations: $r) { ... on Taxpayer { ${ENTITY_FIELDS[source]} } } }`,
        variables: { r: representations },
      });
      const failedAt = new Set<number>();
      if (answer.ok)
        for (const e of answer.errors) if (e.path?.[0] === '_entities' && typeof e.path[1] === 'number') failedAt.add(e.path[1]);
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
    for (const tin of new Set([...d.national, ...d.local].map((r) => r.tin.trim()).filter(isCitizenTin)))
      wanted.set(tin, [...(wanted.get(tin) ?? []), d]);
  }
  if (!wanted.size) return;
  const tins = [...wanted.keys()];
  const answer = await call(
    'treasury-bank',
    batched(
      'CooperationPaymentsByTin',
      tins.entries(),
      (i, tin) => ({ [`v${i}`]: ['String!', tin] }),
      (v) => paymentsByTin(v.v),
    ),
  );
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
export async function deemedReferences(
  endpoints: SourceEndpoints,
  requestId: string,
  subjects: readonly SubjectFacts[],
): Promise<Map<string, string>> {
  const call = caller(endpoints, requestId);
  const groups = new Map<string, { division: string; industryCode: string; year: number }>();
  for (const s of subjects) {
    for (const n of s.national)
      for (const d of n.deemedCit)
        groups.set(`${n.division}|${n.industry.code}|${d.year}`, { division: n.division, industryCode: n.industry.code, year: d.year });
    for (const l of s.local)
      for (const d of l.deemedCit)
        groups.set(`${l.division}|${l.industryCode}|${d.year}`, { division: l.division, industryCode: l.industryCode, year: d.year });
  }
  const result = new Map<string, string>();
  if (!groups.size) return result;
  const list = [...groups];
  const doc = (field: string) =>
    batched(
      'CooperationDeemedRates',
      list.map(([, g]) => g).entries(),
      (i, g) => ({ [`d${i}`]: ['String!', g.division], [`c${i}`]: ['String!', g.industryCode], [`y${i}`]: ['Int!', g.year] }),
      (v) => `${field}(division: ${v.d}, industryCode: ${v.c}, year: ${v.y}) { rate taxpayers }`,
    );
  const [n, l] = await Promise.all([
    call('national-tax', doc('nationalTaxDeemedCitRates')),
    call('local-tax', doc('localTaxDeemedCitRates')),
  ]);
  list.forEach(([key], i) => {
    const a = fieldOf(n, `r${i}`) as { rate: string; taxpayers: number }[] | null | undefined;
    const b = fieldOf(l, `r${i}`) as { rate: string; taxpayers: number }[] | null | undefined;
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
