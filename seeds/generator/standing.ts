/**
 * A registered taxpayer's standing in both tax bureaus, decided once for both: status (normal,
 * deregistered, abnormal since when), its tax administrator (or none), its registration type and
 * whether it is a general VAT payer. Plants the cases this alone makes (tasks 9, 10, 13).
 */
import { addDays, addMonths } from '../../shared/dates';
import type { CaseEntry } from '../manifest';
import { AS_OF } from '../reference';
import type { LegacySource } from '../../shared/sources';
import type { Emitter } from './emitter';
import { ADMINISTRATORS_PER_AREA } from './offices';
import { RATES_OF_PLANTING, WINDOW_FROM } from './rates';
import type { RegistryStanding } from './business-registry';
import { mismatchOf } from './mismatch';
import { Taxpayer, who } from './taxpayer';
import { dateBetween } from './values';

export interface Standing {
  /** NSRZT_DM: 03 normal, 05 abnormal, 07 deregistered. */
  nationalStatus: string;
  /** ZT: 10 normal, 30 abnormal, 60 deregistered. */
  localStatus: string;
  deregisteredOn: string | null;
  /** Local tax's deregistration: the same day, or local tax's alone (task 2's planted status disagreement). */
  localDeregisteredOn: string | null;
  abnormalSince: string | null;
  abnormalInLocal: boolean;
  active: boolean;
  noNationalAdministrator: boolean;
  noLocalAdministrator: boolean;
  /** The administrator's number within the area (the same in both bureaus). */
  administrator: number;
  /** DJZCLX_DM, which both bureaus record. */
  registrationType: string;
  generalVatPayer: boolean;
  /** Registered with this bureau only (task 9): no duplicate is planted in it. */
  onlyIn: 'national-tax' | 'local-tax' | null;
}

export function decideStanding(tp: Taxpayer, out: Emitter, registry: RegistryStanding): Standing {
  const { r, life, registered } = tp;
  const ref = (source: LegacySource, key: string): CaseEntry => ({ ...who(tp, key), source });
  let nationalStatus = '03';
  let localStatus = '10';
  let deregisteredOn: string | null = null;
  let abnormalSince: string | null = null;
  let abnormalInLocal = false;
  if (life === 'deregistered' || life === 'migrated') {
    deregisteredOn = dateBetween(r, registered > WINDOW_FROM ? registered : WINDOW_FROM, addDays(AS_OF, -10));
    nationalStatus = '07';
    localStatus = '60';
  } else if (life === 'abnormal') {
    const overdue = r.chance(0.5);
    abnormalSince = overdue ? dateBetween(r, '2014-06-01', addDays(AS_OF, -100)) : dateBetween(r, addDays(AS_OF, -80), addDays(AS_OF, -5));
    if (abnormalSince < registered) abnormalSince = addDays(registered, 30);
    nationalStatus = '05';
    abnormalInLocal = r.chance(0.7);
    if (abnormalInLocal) localStatus = '30';
    const threeMonthsBefore = addMonths(AS_OF, -3); // the rule: abnormal for more than 3 calendar months
    out.case('ABNORMAL', { ...ref('national-tax', tp.nationalTin), detail: { since: abnormalSince } });
    if (abnormalInLocal) out.case('ABNORMAL', { ...ref('local-tax', tp.localTin), detail: { since: abnormalSince } });
    if (abnormalSince < threeMonthsBefore) {
      out.case('ABNORMAL_OVERDUE', { ...ref('national-tax', tp.nationalTin), detail: { since: abnormalSince } });
      if (abnormalInLocal) out.case('ABNORMAL_OVERDUE', { ...ref('local-tax', tp.localTin), detail: { since: abnormalSince } });
    }
  } else if (life === 'cancelledButActive') {
    out.case('CANCELLED_BUT_ACTIVE', ref('business-registry', tp.regNo));
  } else if (life === 'movedOutButActive') {
    out.case('MOVED_OUT_BUT_ACTIVE', ref('business-registry', tp.regNo));
  }
  // Revoked (吊销) while a bureau shows it normal, past the 15 days to deregister (the as-of day is a
  // Thursday, so the 15th day after a revocation 16 or more days back is past); only a registry record
  // that carries the USCC can be matched to tax records.
  const normalSomewhere = nationalStatus === '03' || localStatus === '10';
  if (registry.state === '2' && tp.usccInRegistry && normalSomewhere && registry.revokedOn! < addDays(AS_OF, -15)) {
    out.case('REVOKED_BUT_ACTIVE', ref('business-registry', tp.regNo));
  }
  // Task 2: local tax deregistered it while national tax shows it normal.
  let localDeregisteredOn = deregisteredOn;
  if (mismatchOf(tp)?.field === 'status') {
    localStatus = '60';
    localDeregisteredOn = dateBetween(tp.r, '2016-01-04', addDays(AS_OF, -10));
  }

  const active = deregisteredOn === null;
  const noNationalAdministrator = active && r.chance(RATES_OF_PLANTING.noAdministrator);
  const noLocalAdministrator = active && r.chance(RATES_OF_PLANTING.noAdministrator) && localDeregisteredOn === null;
  const administrator = r.int(0, ADMINISTRATORS_PER_AREA - 1);
  if (noNationalAdministrator) out.case('NO_ADMINISTRATOR', ref('national-tax', tp.nationalTin));
  if (noLocalAdministrator) out.case('NO_ADMINISTRATOR', ref('local-tax', tp.localTin));

  const { registrationType } = tp.form;
  const generalVatPayer = !tp.individual && r.chance(0.3);
  return {
    nationalStatus,
    localStatus,
    deregisteredOn,
    localDeregisteredOn,
    abnormalSince,
    abnormalInLocal,
    active,
    noNationalAdministrator,
    noLocalAdministrator,
    administrator,
    registrationType,
    generalVatPayer,
    onlyIn: null,
  };
}
