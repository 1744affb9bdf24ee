import type { GraphQLError } from 'graphql';
import { taxgraphError } from '../../../shared/errors';
import type { LegacySource } from '../../../shared/sources';
import type { LegacyIdPlan, Lookup } from './legacy-id';

/** What one lookup found at its source. */
export type LookupOutcome =
  /** The source has a record; `uscc` is the one it recorded or derives (null: it can give none). */
  | { kind: 'found'; uscc: string | null }
  | { kind: 'none' }
  /** The source did not answer this lookup (down, failing, or too slow). */
  | { kind: 'failed'; timedOut: boolean };

/**
 * When sources disagree on the USCC, the registry's wins (it issues the code), then national tax's
 * (it recorded the code from 2015-10), then local tax's.
 */
export const USCC_PREFERENCE: readonly LegacySource[] = ['business-registry', 'national-tax', 'local-tax'];

export const lookupKey = (l: Lookup) => `${l.source}\u0000${l.by}\u0000${l.value}`;

/**
 * The USCC an id stands for, tier by tier: the first tier that gives a USCC decides. A failed source
 * costs only itself: the other readings of the id still count (a registration number the registry
 * knows resolves while a bureau that might have held it as an old TIN is down). When no tier gives a
 * USCC and a source failed, the answer is SOURCE_UNAVAILABLE (or SOURCE_TIMEOUT) naming the failed
 * sources: they might have known, so "nobody knows" would be a guess. Null when every source that
 * could know answered and none gave a USCC.
 */
export function resolveUscc(plan: LegacyIdPlan, outcomes: ReadonlyMap<string, LookupOutcome>): string | null | GraphQLError {
  const failures: { source: LegacySource; timedOut: boolean }[] = [];
  for (const tier of plan.tiers) {
    const answered = tier.map((lookup) => ({
      lookup,
      outcome: outcomes.get(lookupKey(lookup)) ?? ({ kind: 'failed', timedOut: false } as LookupOutcome),
    }));
    // A USCC that a source knows is its own answer.
    if (answered.some(({ lookup, outcome }) => lookup.by === 'uscc' && outcome.kind === 'found')) return plan.id;
    for (const source of USCC_PREFERENCE) {
      const hit = answered.find(({ lookup, outcome }) => lookup.source === source && outcome.kind === 'found' && outcome.uscc);
      if (hit) return (hit.outcome as { uscc: string }).uscc;
    }
    for (const { lookup, outcome } of answered)
      if (outcome.kind === 'failed') failures.push({ source: lookup.source, timedOut: outcome.timedOut });
  }
  return failures.length
    ? sourcesUnavailable(failures, 'which taxpayer this identifier stands for', ', and no source that answered gave a USCC')
    : null;
}

/**
 * SOURCE_UNAVAILABLE (or SOURCE_TIMEOUT when every failed source only timed out) naming the sources that
 * could not be asked, for an answer that cannot be told without them: `what` says which ("which taxpayer
 * this identifier stands for"), `unless` what else would have settled it.
 */
export function sourcesUnavailable(failures: { source: LegacySource; timedOut: boolean }[], what: string, unless = ''): GraphQLError {
  const sources = [...new Set(failures.map((f) => f.source))];
  const timedOut = failures.every((f) => f.timedOut);
  const state = `${sources.length > 1 ? 'are' : 'is'} ${timedOut ? 'not answering in time' : 'unavailable'}`;
  const message = `Cannot tell ${what}: ${sources.join(' and ')} ${state}${unless}.`;
  return taxgraphError(timedOut ? 'SOURCE_TIMEOUT' : 'SOURCE_UNAVAILABLE', message, { source: sources[0], sources });
}
