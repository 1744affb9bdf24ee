import type { LegacySource } from '../../../shared/sources';
import { LOCAL_SELECTION, NATIONAL_SELECTION, PAYMENT_SELECTION, REGISTRY_SELECTION } from '../rules/facts';
import type { LocalFacts, NationalFacts, PaymentFacts, RegistryFacts } from '../rules/facts';
import type { Draft } from './draft';
import { batched, Call, fieldOf, MAX_PAYMENTS, paymentsByTin } from './source-calls';

const ENTITY_FIELDS: Record<LegacySource, string> = {
  'business-registry': `registration { ${REGISTRY_SELECTION} }`,
  'national-tax': `nationalTaxRecords { ${NATIONAL_SELECTION} }`,
  'local-tax': `localTaxRecords { ${LOCAL_SELECTION} }`,
  'treasury-bank': `payments(first: ${MAX_PAYMENTS}) { edges { node { ${PAYMENT_SELECTION} } } }`,
};

/** Round 3: every source's records of the taxpayers, through `_entities` (a source that fails is marked unavailable). */
export async function fillTaxpayers(call: Call, drafts: Draft[]): Promise<void> {
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
export async function fillPaymentsByCitizenTin(call: Call, drafts: Draft[]): Promise<void> {
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
