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
import { Taxpayer, who } from './taxpayer';
import { dateBetween } from './values';

export interface Standing {
  /** NSRZT_DM: 03 normal, 05 abnormal, 07 deregistered. */
  nationalStatus: string;
  /** ZT: 10 normal, 30 abnormal, 60 deregistered. */
  localStatus: string;
  deregisteredOn: string | null;
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
}

export function decideStanding(tp: Taxpayer, out: Emitter): Standing {
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
  }

  const active = deregisteredOn === null;
  const noNationalAdministrator = active && r.chance(RATES_OF_PLANTING.noAdministrator);
  const noLocalAdministrator = active && r.chance(RATES_OF_PLANTING.noAdministrator);
  const administrator = r.int(0, ADMINISTRATORS_PER_AREA - 1);
  if (noNationalAdministrator) out.case('NO_ADMINISTRATOR', ref('national-tax', tp.nationalTin));
  if (noLocalAdministrator) out.case('NO_ADMINISTRATOR', ref('local-tax', tp.localTin));

  const { registrationType } = tp.form;
  const generalVatPayer = !tp.individual && r.chance(0.3);
  return {
    nationalStatus,
    localStatus,
    deregisteredOn,
    abnormalSince,
    abnormalInLocal,
    active,
    noNationalAdministrator,
    noLocalAdministrator,
    administrator,
    registrationType,
    generalVatPayer,
  };
}
