/**
 * What the end-to-end tests and drills ask for: the 360 view, and planted taxpayers that every
 * source knows (a registry USCC, both bureaus' records, payments), picked from the ground truth.
 */
import type { IdentityEntry } from '../../seeds/manifest';
import type { Seeded } from './seeded';

export const Q360 = `query Taxpayer360($uscc: USCC!) {
  taxpayer(uscc: $uscc) {
    uscc name
    registration { id name status }
    nationalTax { id tin status }
    localTax { id tin status }
    payments(first: 5) { edges { node { taxOfficeCode voucherNo status amount } } }
  }
}`;

export function fullTaxpayers(seeded: Seeded, count: number): IdentityEntry[] {
  const withPayments = new Set(seeded.manifest.cases.DEDUCTED_NOT_IN_TREASURY.map((c) => c.uscc));
  const noRegistryUscc = new Set(seeded.manifest.identities.REGISTRY_WITHOUT_USCC.map((e) => e.uscc));
  const seen = new Set<string>();
  const picked = [...seeded.manifest.identities.ENTERPRISE, ...seeded.manifest.identities.TWO_TINS].filter((e) => {
    if (
      !e.uscc ||
      seen.has(e.uscc) ||
      !withPayments.has(e.uscc) ||
      noRegistryUscc.has(e.uscc) ||
      !e.registryKey ||
      !e.nationalKey ||
      !e.localKey
    )
      return false;
    seen.add(e.uscc);
    return true;
  });
  if (picked.length < Math.min(count, 2)) throw new Error('the seed has too few enterprises known to all four sources with payments');
  return picked.slice(0, count);
}
