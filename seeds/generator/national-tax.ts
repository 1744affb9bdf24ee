/**
 * National tax's (国税) rows: registration (DJ_NSRXX) with its abnormal and change records, returns
 * and levy (SB_SBXX, ZS_YJSF), quotas, deemed CIT rates, credit ratings, freight invoices.
 */
import { makeUsccSafeOrgCode, oldTin } from '../../shared/identifiers';
import { addDays } from '../../shared/dates';
import { fenToYuan } from '../../shared/money';
import type { IdentityEntry } from '../manifest';
import { AS_OF, FORMER_DIVISIONS, QUARTERS } from '../reference';
import type { RowOf } from '../tables';
import type { Emitter } from './emitter';
import { bookNational } from './ledgers';
import { nationalAdministrator, nationalOffice } from './offices';
import { RATES_OF_PLANTING } from './rates';
import type { Standing } from './standing';
import type { Taxpayer } from './taxpayer';
import { pad, pct } from './values';

export function nationalRegistration(tp: Taxpayer, st: Standing, identity: IdentityEntry, out: Emitter): void {
  const { r, area, individual, knownUscc } = tp;
  const enteredMinute = r.int(0, 59);
  const keepsUscc = knownUscc && (individual || tp.tinIsUscc || r.chance(0.6)) ? knownUscc : null;
  const keepsRegNo = r.chance(0.8) ? tp.regNo : null;
  const record: RowOf<'djNsrxx'> = {
    djxh: tp.djxh,
    nsrsbh: tp.padded ? `  ${tp.nationalTin} ` : tp.nationalTin,
    shxydm: keepsUscc,
    nsrmc: tp.name,
    fddbrxm: tp.person,
    fddbrsfzjhm: tp.citizenId,
    djzclx_dm: st.registrationType,
    hy_dm: tp.industry.code,
    nsrzt_dm: st.nationalStatus,
    zgswj_dm: nationalOffice(area),
    ssgly_dm: st.noNationalAdministrator ? null : nationalAdministrator(area, st.administrator),
    gsdjzch: keepsRegNo,
    zcdz: tp.address,
    scjydz: tp.address,
    lxdh: tp.phone,
    xzqh_dm: area.division,
    zzsybnsrbz: st.generalVatPayer ? 'Y' : 'N',
    djrq: tp.registered,
    zxrq: st.deregisteredOn,
    lrrq: `${tp.registered} 09:${pad(enteredMinute, 2)}:00`,
    xgrq: st.deregisteredOn ? `${st.deregisteredOn} 10:00:00` : null,
    yxbz: 'Y',
  };
  out.row('djNsrxx', record);
  out.event('national-tax', area.division, tp.registered, 'new');
  if (st.deregisteredOn) out.event('national-tax', area.division, st.deregisteredOn, 'deregistered');
  if (st.abnormalSince) out.row('djFzch', { djxh: tp.djxh, rdrq: st.abnormalSince, jcrq: null });
  if (tp.life === 'migrated' && st.deregisteredOn) {
    const to = r.pick(FORMER_DIVISIONS);
    out.row('djBgdj', {
      bgxh: `${tp.djxh.slice(1)}1`,
      djxh: tp.djxh,
      bgxmmc: '迁出',
      bgqnr: area.name,
      bghnr: to,
      bgrq: st.deregisteredOn,
    });
    out.event('national-tax', area.division, st.deregisteredOn, 'migrated');
  }

  // A duplicate registration (task 14): the same TIN entered again later under a new key.
  if (!individual && st.active && r.chance(RATES_OF_PLANTING.duplicate)) {
    const key = `2${area.division}${pad(tp.i, 13)}`;
    const entered = addDays(tp.registered > '2015-01-01' ? tp.registered : '2015-01-01', r.int(20, 300));
    const on = entered > AS_OF ? AS_OF : entered;
    out.row('djNsrxx', {
      ...record,
      djxh: key,
      nsrsbh: tp.nationalTin,
      shxydm: null,
      nsrzt_dm: '03',
      ssgly_dm: nationalAdministrator(area, st.administrator),
      gsdjzch: null,
      zzsybnsrbz: 'N',
      djrq: on,
      zxrq: null,
      lrrq: `${on} 11:00:00`,
      xgrq: null,
    });
    out.event('national-tax', area.division, on, 'new');
    out.case('DUPLICATE_RECORD', { uscc: tp.uscc, source: 'national-tax', legacyId: key, detail: { original: tp.djxh } });
    out.identity('DUPLICATE', identity);
  }
}

/** One quarter's return of a levy item (SB_SBXX) and its levy record (ZS_YJSF, ledgers.ts); `k` numbers the item within the quarter. */
export function nationalReturn(
  tp: Taxpayer,
  quarter: number,
  k: number,
  item: { levy: string; base: number; rate: number; due: number; exemptCredit: number },
  out: Emitter,
): void {
  const { from, to, filed } = QUARTERS[quarter];
  out.row('sbSbxx', {
    sbuuid: `${pad(tp.i, 12)}${quarter}${k}`.padStart(32, 'S'),
    djxh: tp.djxh,
    zsxm_dm: item.levy,
    skssqq: from,
    skssqz: to,
    jsyj: fenToYuan(item.base),
    sl1: item.rate.toFixed(4),
    ynse: fenToYuan(item.due),
    sbrq: filed,
  });
  bookNational(tp, quarter, k, item, out);
}

/** An individual business's monthly turnover quota (HD_DEXX), in whole yuan. */
export function nationalQuota(tp: Taxpayer, year: number, quotaYuan: number, assessed: string, out: Emitter): void {
  out.row('hdDexx', { djxh: tp.djxh, nd: year, ydxse: fenToYuan(quotaYuan * 100), hdrq: assessed });
}

/** A carrier's freight invoices (FP_HYFP) of 2015: the total in four quarterly invoices. */
export function freightInvoices(tp: Taxpayer, totalFen: number, out: Emitter): void {
  const per = Math.floor(totalFen / 4);
  for (let k = 0; k < 4; k++) {
    const amount = k === 3 ? totalFen - per * 3 : per;
    out.row('fpHyfp', {
      fpdm: `1${tp.area.division}15${pad(k, 3)}`,
      fphm: pad(tp.i % 1e8, 8),
      cyrnsrsbh: tp.nationalTin,
      cyrmc: tp.name,
      spfnsrsbh: oldTin(tp.area.division, makeUsccSafeOrgCode(tp.i + 7)),
      kprq: QUARTERS[k].to,
      yfje: fenToYuan(amount),
      se: fenToYuan(pct(amount, 0.11)),
    });
  }
}

export function nationalCreditRating(tp: Taxpayer, year: number, score: number, grade: string, out: Emitter): void {
  out.row('xyN', { djxh: tp.djxh, pjnd: year, pjfs: `${score}.0`, xydj_dm: grade });
}

export function nationalDeemedRate(tp: Taxpayer, year: number, rate: string, out: Emitter): void {
  out.row('sdsHdN', { djxh: tp.djxh, nd: year, yssdl: rate });
}

/** National tax's change record (DJ_BGDJ) of an address change. */
export function nationalAddressChange(tp: Taxpayer, on: string, out: Emitter): void {
  const bgxh = `${tp.djxh.slice(1)}2`;
  out.row('djBgdj', { bgxh, djxh: tp.djxh, bgxmmc: '地址', bgqnr: tp.address, bghnr: `${tp.area.name}新址`, bgrq: on });
  out.event('national-tax', tp.area.division, on, 'changed');
}

/** A test row typed into national tax (task 14): a placeholder TIN, a name of digits, nothing else. */
export function nationalGarbage(tp: Taxpayer, out: Emitter): void {
  const { area } = tp;
  const key = `9${area.division}${pad(tp.i, 13)}`;
  out.row('djNsrxx', {
    djxh: key,
    nsrsbh: '111111111111111',
    shxydm: null,
    nsrmc: '1111',
    fddbrxm: null,
    fddbrsfzjhm: null,
    djzclx_dm: '410',
    hy_dm: '5211',
    nsrzt_dm: '03',
    zgswj_dm: nationalOffice(area),
    ssgly_dm: null,
    gsdjzch: null,
    zcdz: null,
    scjydz: null,
    lxdh: null,
    xzqh_dm: area.division,
    zzsybnsrbz: 'N',
    djrq: '2009-01-01',
    zxrq: null,
    lrrq: '2009-01-01 00:00:00',
    xgrq: null,
    yxbz: 'Y',
  });
  out.case('GARBAGE_RECORD', { source: 'national-tax', legacyId: key, detail: { field: 'registration' } });
}
