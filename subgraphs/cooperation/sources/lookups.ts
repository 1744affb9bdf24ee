import type { LegacySource } from '../../../shared/sources';
import type { Lookup, LookupKind } from '../identity/legacy-id';
import type { LookupOutcome } from '../identity/resolution';
import type { SourceAnswer } from './source-client';

/**
 * The source subgraphs' own lookups, as fields of one GraphQL document per source: every lookup of
 * a batch is an aliased field (`l0`, `l1`, ...) with its own variable, so a request costs each
 * source one call however many ids it resolves. A USCC is asked through `_entities`, the way the
 * gateway joins a taxpayer: a source "knows" it when it has a record under the code it recorded or
 * the organization code inside.
 */
interface Field {
  /** The variable's type. */
  type: string;
  /** The aliased field selecting the record's USCC, for variable `$v`. */
  select: (alias: string, v: string) => string;
  /** The record from the aliased field's value; null when the source has none. */
  record: (value: unknown) => { uscc?: string | null } | null;
}

const direct = (type: string, call: (v: string) => string): Field => ({
  type,
  select: (alias, v) => `${alias}: ${call(v)} { uscc }`,
  record: (value) => (value as { uscc?: string | null } | null) ?? null,
});

/** `_entities` for one representation, reading the source's field of the taxpayer. */
const entity = (field: string): Field => ({
  type: '[_Any!]!',
  select: (alias, v) => `${alias}: _entities(representations: ${v}) { ... on Taxpayer { ${field} { uscc } } }`,
  record: (value) => (value as Record<string, { uscc?: string | null } | null>[] | null)?.[0]?.[field] ?? null,
});

const FIELDS: Record<LegacySource, Partial<Record<LookupKind, Field>>> = {
  'national-tax': {
    uscc: entity('nationalTax'),
    tin: direct('String!', (v) => `nationalTaxAccount(tin: ${v})`),
    'internal-key': direct('ID!', (v) => `nationalTaxAccount(id: ${v})`),
    'registration-number': direct('String!', (v) => `nationalTaxAccount(registrationNumber: ${v})`),
  },
  'local-tax': {
    uscc: entity('localTax'),
    tin: direct('String!', (v) => `localTaxAccount(tin: ${v})`),
    'internal-key': direct('ID!', (v) => `localTaxAccount(id: ${v})`),
  },
  'business-registry': {
    uscc: entity('registration'),
    'registration-number': direct('String!', (v) => `registrationByNumber(registrationNumber: ${v})`),
    'internal-key': direct('ID!', (v) => `registration(id: ${v})`),
  },
  'treasury-bank': {},
};

function fieldOf(lookup: Lookup): Field {
  const field = FIELDS[lookup.source][lookup.by];
  if (!field) throw new Error(`${lookup.source} offers no lookup by ${lookup.by}`);
  return field;
}

/** One document asking one source every lookup of a batch (all for that source, distinct). */
export function lookupDocument(lookups: readonly Lookup[]): { query: string; variables: Record<string, unknown> } {
  const definitions: string[] = [];
  const selections: string[] = [];
  const variables: Record<string, unknown> = {};
  lookups.forEach((lookup, i) => {
    const field = fieldOf(lookup);
    definitions.push(`$v${i}: ${field.type}`);
    selections.push(field.select(`l${i}`, `$v${i}`));
    variables[`v${i}`] = lookup.by === 'uscc' ? [{ __typename: 'Taxpayer', uscc: lookup.value }] : lookup.value;
  });
  return { query: `query CooperationLegacyIdLookup(${definitions.join(', ')}) { ${selections.join(' ')} }`, variables };
}

/** What each lookup of `lookupDocument(lookups)` found, from the source's answer. */
export function lookupOutcomes(lookups: readonly Lookup[], answer: SourceAnswer): LookupOutcome[] {
  if (!answer.ok) return lookups.map(() => ({ kind: 'failed', timedOut: answer.timedOut }));
  // A field the source could not answer (its database down, say) fails that lookup only.
  const failed = new Map<string, boolean>();
  for (const e of answer.errors) {
    const alias = e.path?.[0];
    if (typeof alias === 'string') failed.set(alias, (failed.get(alias) ?? true) && e.extensions?.code === 'SOURCE_TIMEOUT');
  }
  return lookups.map((lookup, i): LookupOutcome => {
    const alias = `l${i}`;
    if (failed.has(alias)) return { kind: 'failed', timedOut: failed.get(alias)! };
    const record = fieldOf(lookup).record(answer.data[alias]);
    return record ? { kind: 'found', uscc: record.uscc ?? null } : { kind: 'none' };
  });
}
