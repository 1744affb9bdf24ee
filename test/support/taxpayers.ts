/**
 * What the end-to-end tests and drills ask for: the 360 view, and planted taxpayers that every
 * source knows, picked from the ground truth (dev/taxpayers.ts, shared with the benchmarks).
 */
import type { IdentityEntry } from '../../seeds/manifest';
import { taxpayersEverySourceKnows } from '../../dev/taxpayers';
import type { Seeded } from './seeded';

export { Q360 } from '../../dev/taxpayers';

export function fullTaxpayers(seeded: Seeded, count: number): IdentityEntry[] {
  return taxpayersEverySourceKnows(seeded.manifest, count);
}
