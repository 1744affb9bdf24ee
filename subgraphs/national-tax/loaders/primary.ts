import type { NationalTaxAccount } from '../types/account';
import { NationalTaxStatus } from '../types/enums';

/**
 * Which of a taxpayer's records is its account when the bureau holds several (duplicates): a live
 * record before a deregistered one, then the earliest registration, then the lowest internal key.
 */
export function primaryFirst(a: NationalTaxAccount, b: NationalTaxAccount): number {
  const da = isDeregistered(a) ? 1 : 0;
  const db = isDeregistered(b) ? 1 : 0;
  if (da !== db) return da - db;
  if (a.registeredOn !== b.registeredOn) return a.registeredOn < b.registeredOn ? -1 : 1;
  const ka = BigInt(a.id);
  const kb = BigInt(b.id);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

export function isDeregistered(account: NationalTaxAccount): boolean {
  return (
    account.deregisteredOn !== null ||
    account.status === NationalTaxStatus.DEREGISTERED ||
    account.status === NationalTaxStatus.ABNORMAL_DEREGISTERED
  );
}
