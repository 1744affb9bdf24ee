import type { SubjectRef } from '../rules/facts';
import type { Principal } from '../../../shared/principal';
import type { LegacySource } from '../../../shared/sources';
import { PAYMENT_SELECTION } from '../rules/facts';
import type { SourceEndpoints } from '../sources/endpoints';
import { callSource, SourceAnswer } from '../sources/source-client';

/**
 * How cooperation asks the source subgraphs for facts: every source is called once per round, with
 * all subjects of a batch in one document (`_entities` for taxpayers, aliased lookups for records
 * without a USCC), so a page of 500 subjects costs each source a handful of calls.
 *
 * The calls carry cooperation's own service principal (role app, `pii:read`), on the caller's request
 * id: linking an individual business's two tax records needs its citizen-ID TIN, which the caller
 * (an analyst) may not see. Nothing personal leaves this subgraph: findings name records by their
 * internal keys, and the fields that carry findings are guarded by `taxpayer:read` like the sources.
 */
export const COOPERATION_PRINCIPAL: Principal = { sub: 'service:cooperation', role: 'app', scopes: ['taxpayer:read', 'pii:read'] };

export const MAX_PAYMENTS = 500;

export interface Document {
  query: string;
  variables: Record<string, unknown>;
}

export type Call = (source: LegacySource, document: Document) => Promise<SourceAnswer>;

export function caller(endpoints: SourceEndpoints, requestId: string): Call {
  return (source, document) => callSource(endpoints, source, document, { principal: COOPERATION_PRINCIPAL, requestId });
}

/**
 * One document asking a field once per item, `r<i>: field(...)` (the answer is read by alias):
 * `args(i, item)` gives the item's variables as name -> [GraphQL type, value], `select` the field
 * using them as `$name`.
 */
export function batched<T>(
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
export function fieldOf(answer: SourceAnswer, alias: string): unknown | undefined {
  if (!answer.ok) return undefined;
  if (answer.errors.some((e) => e.path?.[0] === alias)) return undefined;
  return answer.data[alias];
}

/** A taxpayer's payments by the TIN it paid under, for variable `tin`. */
export const paymentsByTin = (tin: string) =>
  `payments(filter: { payerTin: ${tin} }, first: ${MAX_PAYMENTS}) { edges { node { ${PAYMENT_SELECTION} } } }`;

/** A batch of references by where each is looked up, by its position in the batch. */
export interface RefsBySource {
  uscc: Map<number, string>;
  nationalIds: Map<number, string>;
  localIds: Map<number, string>;
  vouchers: Map<number, { taxOfficeCode: string; voucherNo: string }>;
}

export function refsBySource(refs: readonly SubjectRef[]): RefsBySource {
  const out: RefsBySource = { uscc: new Map(), nationalIds: new Map(), localIds: new Map(), vouchers: new Map() };
  refs.forEach((ref, i) => {
    if ('uscc' in ref) out.uscc.set(i, ref.uscc);
    else if (ref.source === 'national-tax') out.nationalIds.set(i, ref.id);
    else if (ref.source === 'local-tax') out.localIds.set(i, ref.id);
    else if (ref.source === 'treasury-bank') out.vouchers.set(i, { taxOfficeCode: ref.taxOfficeCode, voucherNo: ref.voucherNo });
  });
  return out;
}

/** `batched`'s variables for one value per item, of a GraphQL type (`$v<i>`). */
export const oneVariable =
  (type: string) =>
  (i: number, value: unknown): Record<string, [string, unknown]> => ({ [`v${i}`]: [type, value] });
