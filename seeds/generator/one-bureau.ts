/** Task 9's taxpayers registered with one bureau only: the bureau's row and, where it owes the other, the case. */
import type { Emitter } from './emitter';
import { localRegistration } from './local-tax';
import { nationalRegistration } from './national-tax';
import { ADMINISTRATORS_PER_AREA } from './offices';
import type { Standing } from './standing';
import { identityOf, Taxpayer } from './taxpayer';

/**
 * Industries of the generator still under business tax at the as-of day (2016-03-31): hotels, catering,
 * real estate, construction. An enterprise in one of them owes national tax nothing yet (营改增 ends
 * business tax on 2016-05-01); every other industry here sells goods or services under VAT by then.
 */
const BUSINESS_TAX_AT_AS_OF = new Set(['6110', '6210', '7010', '4700']);

/**
 * A taxpayer registered with one bureau only (task 9): normal there, an administrator assigned, no
 * duplicate, nothing else planted on it (no returns, payments or ratings). An enterprise is a case
 * for the bureau it lacks: local tax always, national tax when its industry is under VAT; an
 * individual business never (it may well owe one bureau only).
 */
export function oneBureauOnly(tp: Taxpayer, out: Emitter): void {
  const { r } = tp;
  const onlyIn = r.chance(0.5) ? 'national-tax' : 'local-tax';
  const standing: Standing = {
    nationalStatus: '03',
    localStatus: '10',
    deregisteredOn: null,
    localDeregisteredOn: null,
    abnormalSince: null,
    abnormalInLocal: false,
    active: true,
    noNationalAdministrator: false,
    noLocalAdministrator: false,
    administrator: r.int(0, ADMINISTRATORS_PER_AREA - 1),
    registrationType: tp.form.registrationType,
    generalVatPayer: false,
    onlyIn,
  };
  if (onlyIn === 'national-tax') nationalRegistration(tp, standing, identityOf(tp), out);
  else localRegistration(tp, standing, out);
  const missing = onlyIn === 'national-tax' ? 'local-tax' : 'national-tax';
  if (tp.individual || (missing === 'national-tax' && BUSINESS_TAX_AT_AS_OF.has(tp.industry.code))) return;
  out.case('UNREGISTERED_WITH_BUREAU', { uscc: tp.uscc, aspect: missing, detail: { registeredWith: onlyIn } });
}
