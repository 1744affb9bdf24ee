import type { GraphQLError } from 'graphql';
import type { LegacySource } from '../../../shared/sources';
import type { SourceAnswer } from '../sources/source-client';
import { sourcesUnavailable } from './resolution';

/**
 * Which sources know a USCC, and the names they give it: what `taxpayer(uscc)` needs to answer null
 * for a code no source knows, and `Taxpayer.name` to fall back to a tax system's name. A source is
 * asked the way the gateway joins a taxpayer (`_entities`, all USCCs of a request in one call), so it
 * "knows" a USCC when it has a record under the code it recorded or the organization code inside.
 *
 * Asked in two tiers, so that a taxpayer the registry knows by a name costs one call: the registry
 * first; national and local tax only for the USCCs the registry has no name for; the treasury only
 * for those it has no record of (a payment can be all a source holds of a taxpayer).
 */

/** What one source said of one USCC. */
export type Seen =
  { kind: 'found'; name: string | null; registrationNumber: string | null } | { kind: 'none' } | { kind: 'failed'; timedOut: boolean };

/** What the asked sources said of one USCC; a source not asked is absent (an earlier one sufficed). */
export type Presence = Partial<Record<LegacySource, Seen>>;

/**
 * The order a taxpayer's name is taken in: the registry's, which issues it; then national tax's, which copies it
 * from the licence and recorded the USCC from 2015-10 (the newer system); then local tax's.
 */
export const NAME_ORDER: readonly LegacySource[] = ['business-registry', 'national-tax', 'local-tax'];

/** The field each source is asked, inside `... on Taxpayer`. */
const SELECTIONS: Record<LegacySource, string> = {
  'business-registry': 'registration { name }',
  'national-tax': 'nationalTax { name registrationNumber }',
  'local-tax': 'localTax { name }',
  'treasury-bank': 'payments(first: 1) { edges { node { voucherNo } } }',
};

/** One document asking a source about many USCCs at once. */
export function presenceDocument(source: LegacySource, usccs: readonly string[]): { query: string; variables: Record<string, unknown> } {
  return {
    query: `query CooperationTaxpayerPresence($r: [_Any!]!) { _entities(representations: $r) { ... on Taxpayer { ${SELECTIONS[source]} } } }`,
    variables: { r: usccs.map((uscc) => ({ __typename: 'Taxpayer', uscc })) },
  };
}

const blankToNull = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

function seenIn(source: LegacySource, entity: Record<string, unknown> | null | undefined): Seen {
  if (source === 'treasury-bank') {
    const edges = (entity?.payments as { edges?: unknown[] } | null | undefined)?.edges;
    return edges?.length ? { kind: 'found', name: null, registrationNumber: null } : { kind: 'none' };
  }
  const field = { 'business-registry': 'registration', 'national-tax': 'nationalTax', 'local-tax': 'localTax' }[source];
  const record = entity?.[field] as { name?: unknown; registrationNumber?: unknown } | null | undefined;
  if (!record) return { kind: 'none' };
  return { kind: 'found', name: blankToNull(record.name), registrationNumber: blankToNull(record.registrationNumber) };
}

/** What `presenceDocument(source, usccs)` found for each USCC, from the source's answer. */
export function presenceOutcomes(source: LegacySource, count: number, answer: SourceAnswer): Seen[] {
  if (!answer.ok) return Array.from({ length: count }, () => ({ kind: 'failed', timedOut: answer.timedOut }) as Seen);
  const entities = answer.data._entities as (Record<string, unknown> | null)[] | null | undefined;
  // An error on one entity (its database down, a bad key) fails that USCC alone; one without a path fails all.
  const failed = new Map<number, boolean>();
  for (const e of answer.errors) {
    const index = e.path?.[0] === '_entities' && typeof e.path[1] === 'number' ? e.path[1] : -1;
    const timedOut = e.extensions?.code === 'SOURCE_TIMEOUT';
    if (index < 0) for (let i = 0; i < count; i++) failed.set(i, (failed.get(i) ?? true) && timedOut);
    else failed.set(index, (failed.get(index) ?? true) && timedOut);
  }
  return Array.from({ length: count }, (_, i): Seen => {
    if (failed.has(i) || !Array.isArray(entities)) return { kind: 'failed', timedOut: failed.get(i) ?? false };
    return seenIn(source, entities[i]);
  });
}

/** Whether the second tier is needed for a USCC, and which of its sources. */
export function secondTier(registry: Seen): LegacySource[] {
  if (registry.kind === 'found' && registry.name) return [];
  return registry.kind === 'found' ? ['national-tax', 'local-tax'] : ['national-tax', 'local-tax', 'treasury-bank'];
}

/**
 * Whether any source knows the USCC: true as soon as one has a record; false when every source
 * answered and none has one; an error (SOURCE_UNAVAILABLE or SOURCE_TIMEOUT, naming the sources)
 * when none that answered has one and some could not be asked: they might have known, so "no such
 * taxpayer" would be a guess.
 */
export function isKnown(presence: Presence): boolean | GraphQLError {
  const seen = Object.entries(presence) as [LegacySource, Seen][];
  if (seen.some(([, s]) => s.kind === 'found')) return true;
  const failures = seen.flatMap(([source, s]) => (s.kind === 'failed' ? [{ source, timedOut: s.timedOut }] : []));
  return failures.length ? sourcesUnavailable(failures, 'whether any source knows this taxpayer') : false;
}

/**
 * The taxpayer's name: the first in NAME_ORDER that a source gives. A source earlier in the order that
 * could not be asked makes it an error rather than a later source's name: the fallback stands in for
 * a name the registry does not have, not for a registry that is down.
 */
export function nameOf(presence: Presence): string | null | GraphQLError {
  for (const source of NAME_ORDER) {
    const seen = presence[source];
    if (!seen) continue;
    if (seen.kind === 'failed') return sourcesUnavailable([{ source, timedOut: seen.timedOut }], "this taxpayer's name");
    if (seen.kind === 'found' && seen.name) return seen.name;
  }
  return null;
}

/**
 * The business registration number (工商注册号) national tax copied from the licence, when the registry
 * has no record under the USCC: the registry number of an old record that carries no USCC, by which
 * the registry links it to this taxpayer. Null when the registry knows the USCC itself, or no
 * national record gives one.
 */
export function licenceNumberOf(presence: Presence): string | null {
  const registry = presence['business-registry'];
  if (!registry || registry.kind === 'found') return null;
  const national = presence['national-tax'];
  return national?.kind === 'found' ? national.registrationNumber : null;
}
