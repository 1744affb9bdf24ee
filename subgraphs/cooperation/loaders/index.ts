import DataLoader from 'dataloader';
import type { Principal } from '../../../shared/principal';
import type { LegacySource } from '../../../shared/sources';
import { Lookup, planLegacyId } from '../identity/legacy-id';
import { lookupKey, LookupOutcome, resolveUscc } from '../identity/resolution';
import type { SourceEndpoints } from '../sources/endpoints';
import { lookupDocument, lookupOutcomes } from '../sources/lookups';
import { callSource } from '../sources/source-client';

export interface Caller {
  principal: Principal;
  requestId: string;
}

/** A line for the operator when a source fails a call (the client sees only the source's name). */
export function logFailure(source: LegacySource, caller: Caller, reason: string): void {
  process.stderr.write(
    `${JSON.stringify({ level: 'warn', source: 'cooperation', msg: 'source call failed', target: source, requestId: caller.requestId, reason })}\n`,
  );
}

/**
 * The USCC each legacy id (cleaned, see planLegacyId) stands for. All ids of a request go out
 * together: every source that can know one of them is called once, all sources in parallel; the
 * answers are then read per id (resolveUscc). A key gets its USCC, null, or the error that explains
 * why it cannot be told (a source down).
 */
export function usccByLegacyIdLoader(endpoints: SourceEndpoints, caller: Caller): DataLoader<string, string | null> {
  return new DataLoader<string, string | null>(async (ids) => {
    const plans = ids.map((id) => planLegacyId(id));
    const bySource = new Map<LegacySource, Map<string, Lookup>>();
    for (const lookup of plans.flatMap((p) => p.tiers.flat())) {
      let lookups = bySource.get(lookup.source);
      if (!lookups) bySource.set(lookup.source, (lookups = new Map()));
      lookups.set(lookupKey(lookup), lookup);
    }
    const outcomes = new Map<string, LookupOutcome>();
    await Promise.all(
      [...bySource].map(async ([source, distinct]) => {
        const lookups = [...distinct.values()];
        const answer = await callSource(endpoints, source, lookupDocument(lookups), caller);
        if (!answer.ok) logFailure(source, caller, answer.reason);
        lookupOutcomes(lookups, answer).forEach((outcome, i) => outcomes.set(lookupKey(lookups[i]), outcome));
      }),
    );
    return plans.map((plan) => resolveUscc(plan, outcomes));
  });
}
