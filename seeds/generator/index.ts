/**
 * The generator's model: one taxpayer's life, in the order its records arose, each source writing
 * its own rows (business-registry.ts, national-tax.ts, local-tax.ts, treasury-bank.ts) and the
 * facts two sources share decided once (standing.ts, returns.ts, joint.ts). The order of these steps
 * is the order of the taxpayer's random draws: changing it changes every seed's data.
 */
import { registryRecord } from './business-registry';
import type { Emitter } from './emitter';
import { addressChange, creditRatings, deemedProfit } from './joint';
import { auditCase, localGarbage, localRegistration } from './local-tax';
import { nationalGarbage, nationalRegistration } from './national-tax';
import { EXTRA_GARBAGE_EVERY, EXTRA_ORPHAN_EVERY } from './rates';
import { taxReturns } from './returns';
import { oneBureauOnly } from './one-bureau';
import { decideStanding } from './standing';
import { addDays } from '../../shared/dates';
import { AS_OF } from '../reference';
import { invoicesWhileNotNormal, unregisteredHousehold, watchingInvoices } from './households';
import { mismatchCases } from './mismatch';
import { identityOf, newTaxpayer, recordIdentities } from './taxpayer';
import { orphanPayment, payments } from './treasury-bank';

export type { Emitter } from './emitter';

/** Generates taxpayer number `i` (0-based) of a seed: all its rows in all four sources, and its ground truth. */
export function generateTaxpayer(seed: number, i: number, out: Emitter): void {
  const tp = newTaxpayer(seed, i);
  const registry = registryRecord(tp, out);
  if (tp.life === 'unregistered') {
    // Reported once the 30 days from the licence are over (the as-of day is a Thursday: a licence 31 days old is late, 30 is not).
    if (tp.established < addDays(AS_OF, -30))
      out.case('UNREGISTERED_BUSINESS', { uscc: tp.uscc, detail: { registrationNo: tp.regNo, established: tp.established } });
    unregisteredHousehold(tp, out);
    return;
  }
  if (tp.life === 'oneBureau') {
    oneBureauOnly(tp, out);
    return;
  }
  const identity = identityOf(tp);
  recordIdentities(tp, identity, out);
  const standing = decideStanding(tp, out, registry);
  mismatchCases(tp, out);
  nationalRegistration(tp, standing, identity, out);
  localRegistration(tp, standing, out);
  const invoiced: string[] = [];
  // Freight invoices are written with the returns (task 6); 清票's ground truth watches them there.
  const taxes = taxReturns(tp, standing, watchingInvoices(out, tp.nationalTin, invoiced));
  invoicesWhileNotNormal(tp, standing, invoiced, out);
  creditRatings(tp, out);
  deemedProfit(tp, out);
  auditCase(tp, out);
  addressChange(tp, out);
  payments(tp, taxes, out);

  // Extras that belong to no real taxpayer.
  if (i % EXTRA_GARBAGE_EVERY === EXTRA_GARBAGE_EVERY / 2) {
    localGarbage(tp, out);
    nationalGarbage(tp, out);
  }
  if (i % EXTRA_ORPHAN_EVERY === EXTRA_ORPHAN_EVERY / 2) orphanPayment(tp, out);
}
