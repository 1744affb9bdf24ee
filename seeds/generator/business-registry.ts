/** The business registry's (工商) rows: the registration record, its cancellation or move, its changes. */
import { AS_OF, FORMER_DIVISIONS } from '../reference';
import type { Emitter } from './emitter';
import { WINDOW_FROM } from './rates';
import type { Taxpayer } from './taxpayer';
import { dateBetween } from './values';

/** REGSTATE: 1 in business, 2 licence revoked, 4 cancelled, 6 moved out. */
export function registryRecord(tp: Taxpayer, out: Emitter): void {
  const { r, area, industry, individual, life } = tp;
  let state = '1';
  let revoked: string | null = null;
  if (life === 'cancelledButActive' || life === 'deregistered') state = '4';
  if (life === 'migrated') state = '6';
  if (life === 'abnormal' && r.chance(0.3)) {
    state = '2'; // 吊销: abnormal households often lose their licence
    revoked = dateBetween(r, '2015-06-01', AS_OF);
  }
  const capital = individual ? null : `${r.int(10, 5000)}.0000`;
  out.row('eBase', {
    pripid: tp.pripid,
    regno: tp.padded ? `${tp.regNo}   ` : tp.regNo,
    uniscid: tp.usccInRegistry ? tp.uscc : null,
    entname: tp.name,
    enttype: tp.form.entityType,
    lerep: tp.person,
    cerno: tp.citizenId,
    regcap: capital,
    regcapcur: individual ? null : '156',
    estdate: tp.established,
    apprdate: tp.established,
    regorg: area.division,
    dom: tp.address,
    opscope: `${industry.name}及相关服务`,
    industryco: industry.code,
    regstate: state,
    revdate: revoked,
    tel: individual ? tp.phone : null,
  });
  out.event('business-registry', area.division, tp.established, 'new');
  if (state === '4') {
    const on = dateBetween(r, tp.established > WINDOW_FROM ? tp.established : WINDOW_FROM, AS_OF);
    const reason = r.pick(['决议解散', '经营期限届满', '个体户申请注销']);
    out.row('eCancel', { pripid: tp.pripid, candate: on, canrea: reason });
    out.event('business-registry', area.division, on, 'deregistered');
  }
  if (state === '6') {
    const on = dateBetween(r, tp.established > WINDOW_FROM ? tp.established : WINDOW_FROM, AS_OF);
    const to = r.pick(FORMER_DIVISIONS);
    out.row('eMove', { pripid: tp.pripid, movedate: on, toregorg: to });
    out.event('business-registry', area.division, on, 'migrated');
  }
}

/** The registry's record of an address change (its 02 item) on a day. */
export function registryAddressChange(tp: Taxpayer, on: string, out: Emitter): void {
  const number = tp.r.int(1, 99);
  out.row('eAlter', {
    altid: `A${tp.pripid.slice(1)}1`,
    pripid: tp.pripid,
    altitem: '02',
    altbe: tp.address,
    altaf: `${tp.area.name}新址${number}号`,
    altdate: on,
  });
  out.event('business-registry', tp.area.division, on, 'changed');
}
