import DataLoader from 'dataloader';
import { LEGACY_SOURCES, LegacySource } from '../../../shared/sources';
import type { Call } from '../facts/source-calls';
import { Presence, presenceDocument, presenceOutcomes, secondTier } from '../identity/presence';

/**
 * Per request, what the sources know of each USCC (identity/presence.ts): all USCCs of a request in
 * one call per source and tier. Asked with cooperation's service principal: presence and names are
 * what every caller may see of a taxpayer (a bank too), and a name from a tax system needs
 * `taxpayer:read`, which a bank lacks.
 */
export function presenceLoader(call: Call, onFailure: (source: LegacySource, reason: string) => void): DataLoader<string, Presence> {
  const ask = async (source: LegacySource, usccs: string[], into: Map<string, Presence>) => {
    if (!usccs.length) return;
    const answer = await call(source, presenceDocument(source, usccs));
    if (!answer.ok) onFailure(source, answer.reason);
    presenceOutcomes(source, usccs.length, answer).forEach((seen, i) => (into.get(usccs[i])![source] = seen));
  };
  return new DataLoader<string, Presence>(async (keys) => {
    const usccs = [...new Set(keys)];
    const found = new Map<string, Presence>(usccs.map((u) => [u, {}]));
    await ask('business-registry', usccs, found);
    const next = new Map<LegacySource, string[]>(LEGACY_SOURCES.map((s) => [s, []]));
    for (const uscc of usccs) for (const source of secondTier(found.get(uscc)!['business-registry']!)) next.get(source)!.push(uscc);
    await Promise.all([...next].map(([source, list]) => ask(source, list, found)));
    return keys.map((k) => found.get(k)!);
  });
}
