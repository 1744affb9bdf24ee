/** The business registry's (工商) rows: the registration record, its cancellation or move, its changes. */
import { addDays } from '../../shared/dates';
import { AS_OF, FORMER_DIVISIONS } from '../reference';
import type { Emitter } from './emitter';
import { registrationValues } from './mismatch';
import { WINDOW_FROM } from './rates';
import type { Taxpayer } from './taxpayer';
import { dateBetween } from './values';

/** What the registry's record says of the licence: REGSTATE and the revocation day (吊销). */
export interface RegistryStanding {
  state: string;
  revokedOn: string | null;
}

/**
 * A revoked licence's revocation day: for a few of those still normal in tax, 15 or 16 days before the
 * as-of day (a Thursday: the 15th day after either is a weekday), the edge of the 15 days to deregister;
 * else at least 30 days before, past it.
 */
function revocationDay(tp: Taxpayer): string {
  if (tp.life === 'revokedButActive' && tp.i % 3 !== 2) return addDays(AS_OF, -[15, 16][tp.i % 3]);
  return dateBetween(tp.r, '2015-06-01', addDays(AS_OF, -30));
}

/** REGSTATE: 1 in business, 2 licence revoked, 4 cancelled, 6 moved out. */
export function registryRecord(tp: Taxpayer, out: Emitter): RegistryStanding {
  const { r, area, individual, life } = tp;
  const facts = registrationValues(tp, 'business-registry');
  let state = '1';
  let revoked: string | null = null;
  if (life === 'cancelledButActive' || life === 'deregistered') state = '4';
  if (life === 'migrated' || life === 'movedOutButActive') state = '6';
  if (life === 'revokedButActive' || (life === 'abnormal' && r.chance(0.3))) {
    state = '2'; // 吊销: abnormal households often lose their licence
    revoked = revocationDay(tp);
  }
  const capital = individual ? null : `${r.int(10, 5000)}.0000`;
  out.row('eBase', {
    pripid: tp.pripid,
    regno: tp.padded ? `${tp.regNo}   ` : tp.regNo,
    uniscid: tp.usccInRegistry ? tp.uscc : null,
    entname: facts.name,
    enttype: tp.form.entityType,
    lerep: facts.person,
    cerno: tp.citizenId,
    regcap: capital,
    regcapcur: individual ? null : '156',
    estdate: tp.established,
    apprdate: tp.established,
    regorg: area.division,
    dom: facts.address,
    opscope: `${tp.industry.name}及相关服务`,
    industryco: facts.industryCode,
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
  return { state, revokedOn: revoked };
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
