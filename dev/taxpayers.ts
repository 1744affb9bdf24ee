/**
 * What the tests and the benchmarks ask of a seeded system: the taxpayer 360 view, and planted
 * taxpayers that every source knows (a registry USCC, both bureaus' records, payments), picked
 * from the generator's ground truth.
 */
import type { CaseKind, IdentityEntry, Manifest } from '../seeds/manifest';

/** The taxpayer 360 view (all four sources). */
export const Q360 = `query Taxpayer360($uscc: USCC!) {
  taxpayer(uscc: $uscc) {
    uscc name
    registration { id name status }
    nationalTax { id tin status }
    localTax { id tin status }
    payments(first: 5) { edges { node { taxOfficeCode voucherNo status amount } } }
  }
}`;

const PAYMENT_CASES = [
  'DEDUCTED_NOT_IN_TREASURY',
  'PAYMENT_DEDUCTION_FAILED',
  'PAYMENT_LONG_PENDING',
  'BOOKED_NOT_IN_TREASURY',
  'TREASURY_NOT_BOOKED',
  'BOOKED_AMOUNT_MISMATCH',
] as const satisfies readonly CaseKind[];

/** Up to `count` enterprises known to all four sources, with payments; fails when the seed has fewer than two. */
export function taxpayersEverySourceKnows(manifest: Manifest, count: number): IdentityEntry[] {
  // Every task-15 case is about a TIPS payment the taxpayer made (deducted, refused, pending, booked or not).
  const withPayments = new Set(PAYMENT_CASES.flatMap((kind) => manifest.cases[kind].map((c) => c.uscc)));
  const noRegistryUscc = new Set(manifest.identities.REGISTRY_WITHOUT_USCC.map((e) => e.uscc));
  const seen = new Set<string>();
  const picked = [...manifest.identities.ENTERPRISE, ...manifest.identities.TWO_TINS].filter((e) => {
    if (!e.uscc || seen.has(e.uscc) || !withPayments.has(e.uscc) || noRegistryUscc.has(e.uscc)) return false;
    if (!e.registryKey || !e.nationalKey || !e.localKey) return false;
    seen.add(e.uscc);
    return true;
  });
  if (picked.length < Math.min(count, 2)) throw new Error('the seed has too few enterprises known to all four sources with payments');
  return picked.slice(0, count);
}
