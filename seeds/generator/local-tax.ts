/**
 * Local tax's (地税) rows: registration (SWDJ), returns (SB_MX), quotas, deemed CIT rates, credit
 * ratings and audit cases. Local tax keeps dates as CHAR(8) and amounts as integer fen.
 */
import { addDays } from '../../shared/dates';
import { AS_OF, LOCAL_TO_LEVY, QUARTERS } from '../reference';
import type { Emitter } from './emitter';
import { registrationValues } from './mismatch';
import { bookLocal } from './ledgers';
import { localAdministrator, localOffice } from './offices';
import { RATES_OF_PLANTING } from './rates';
import type { Standing } from './standing';
import type { Taxpayer } from './taxpayer';
import { base36, compact, dateBetween, pad, toFullWidth } from './values';

export function localRegistration(tp: Taxpayer, st: Standing, out: Emitter): void {
  const { r, area, individual, knownUscc } = tp;
  const fullWidthOrg = !individual && r.chance(RATES_OF_PLANTING.fullWidthOrgCode);
  const orgPrinted = `${tp.orgCode.slice(0, 8)}-${tp.orgCode.slice(8)}`;
  const orgCode = individual ? null : fullWidthOrg ? toFullWidth(orgPrinted) : r.chance(0.85) ? orgPrinted : null;
  // Without an administrator the column is NULL or, as often, blank.
  const administrator = st.noLocalAdministrator ? (r.chance(0.5) ? null : '        ') : localAdministrator(area, st.administrator);
  const statusSince = st.abnormalInLocal && st.abnormalSince ? st.abnormalSince : st.localDeregisteredOn;
  const facts = registrationValues(tp, 'local-tax');
  out.row('swdj', {
    jsjdm: tp.jsjdm,
    swdjzh: tp.localTin,
    tyxydm: individual && knownUscc ? knownUscc : tp.tinIsUscc ? tp.uscc : null,
    zzjgdm: orgCode,
    nsrmc: facts.name,
    frxm: facts.person,
    frzjhm: tp.citizenId,
    lxdh: tp.phone,
    djlx: st.registrationType,
    hydm: tp.industry.code,
    xzqh: area.division,
    swjgdm: localOffice(area),
    zgydm: administrator,
    dz: facts.address,
    zt: st.localStatus,
    ztrq: statusSince ? compact(statusSince) : '00000000',
    djrq: compact(tp.registered),
    zxrq: st.localDeregisteredOn ? compact(st.localDeregisteredOn) : null,
    czbz: '0',
  });
  out.event('local-tax', area.division, tp.registered, 'new');
  if (st.localDeregisteredOn) out.event('local-tax', area.division, st.localDeregisteredOn, 'deregistered');
  if (fullWidthOrg) {
    out.case('GARBAGE_RECORD', { uscc: tp.uscc, source: 'local-tax', legacyId: tp.jsjdm, detail: { field: 'organizationCode' } });
  }
}

/** One return line of a local tax type (SB_MX), amounts in fen. */
export interface LocalItem {
  taxType: string;
  base: number;
  rate: number;
  due: number;
  /** Paid on the line when less than due (the rest deferred, 缓缴); else as due. */
  paid?: number;
  /** A back-tax line (申报类型 2 查补): tax collected after an audit, not declared on a return. */
  backTax?: boolean;
  /** The local audit case (JC_AJ.AJBH) of a back-tax line, when local tax audited. */
  auditCase?: string;
}

/**
 * One return line of a local tax type (SB_MX) for quarter `quarter` of QUARTERS, or for `period`
 * (then `quarter` only numbers it), and its ledger row (SP_JK, ledgers.ts); `k` numbers the tax
 * within the quarter. Only a 2015 quarter's declared line may go through TIPS; back-tax and the
 * old era's lines are booked at the counter.
 */
export function localReturn(
  tp: Taxpayer,
  quarter: number,
  k: number,
  item: LocalItem,
  out: Emitter,
  period: { from: string; to: string; filed: string } = QUARTERS[quarter],
): void {
  out.row('sbMx', {
    sblsh: `${base36(tp.i, 8)}${pad(quarter, 4)}${pad(k, 4)}`,
    jsjdm: tp.jsjdm,
    szdm: item.taxType,
    ssqq: compact(period.from),
    ssqz: compact(period.to),
    jsyj: item.base,
    sl: item.rate.toFixed(4),
    ynse: item.due,
    sbrq: compact(period.filed),
    sjse: item.paid ?? item.due,
    sblx: item.backTax ? '2' : '1',
    ajbh: item.auditCase ?? null,
  });
  const inQuarter = period === QUARTERS[quarter];
  bookLocal(
    tp,
    quarter,
    {
      taxType: item.taxType,
      levy: LOCAL_TO_LEVY[item.taxType],
      from: period.from,
      to: period.to,
      amount: item.paid ?? item.due,
      paidOn: period.filed,
      tips: inQuarter && !item.backTax,
      counterVoucher: `D${pad(tp.i, 10)}${pad(quarter, 2)}${k}`,
    },
    out,
  );
}

/** An individual business's fixed turnover quota (GTDE), in whole yuan. */
export function localQuota(tp: Taxpayer, year: number, quotaYuan: number, assessed: string, out: Emitter): void {
  out.row('gtde', { jsjdm: tp.jsjdm, nd: String(year), yyye: quotaYuan * 100, hdrq: compact(assessed) });
}

export function localCreditRating(tp: Taxpayer, year: number, score: number, grade: string, out: Emitter): void {
  out.row('xyL', { jsjdm: tp.jsjdm, nd: String(year), df: `${score}.0`, dj: grade });
}

export function localDeemedRate(tp: Taxpayer, year: number, rate: string, out: Emitter): void {
  out.row('sdsHdL', { jsjdm: tp.jsjdm, nd: String(year), yssdl: rate });
}

/** Now and then an enterprise is audited (稽查), the data of joint audits. */
export function auditCase(tp: Taxpayer, out: Emitter): void {
  const { r } = tp;
  if (tp.individual || !r.chance(RATES_OF_PLANTING.auditCase)) return;
  const filed = dateBetween(r, '2015-01-01', '2016-02-28');
  const closed = r.chance(0.6) ? addDays(filed, r.int(30, 120)) : null;
  const origin = r.pick(['选案', '举报', '国地联合稽查']);
  const taxDue = r.int(0, 50000) * 100;
  const fine = r.int(0, 20000) * 100;
  out.row('jcAj', {
    ajbh: `AJ${tp.area.division}${pad(tp.i % 1e8, 8)}`,
    jsjdm: tp.jsjdm,
    ajly: origin,
    larq: compact(filed),
    jarq: closed && closed <= AS_OF ? compact(closed) : null,
    bjsk: taxDue,
    fk: fine,
    ay: '少缴税款',
  });
}

/** A test row typed into local tax (task 14): a placeholder TIN, a test or full-width name, an impossible date. */
export function localGarbage(tp: Taxpayer, out: Emitter): void {
  const { area } = tp;
  const key = `Z${base36(tp.i, 7)}`;
  out.row('swdj', {
    jsjdm: key,
    swdjzh: '000000000000000',
    tyxydm: null,
    zzjgdm: null,
    nsrmc: tp.i % 800 === 200 ? '测试户' : toFullWidth('XX') + '商店',
    frxm: null,
    frzjhm: null,
    lxdh: null,
    djlx: '410',
    hydm: '5211',
    xzqh: area.division,
    swjgdm: localOffice(area),
    zgydm: null,
    dz: null,
    zt: '10',
    ztrq: '00000000',
    djrq: '20150230',
    zxrq: null,
    czbz: '0',
  });
  out.case('GARBAGE_RECORD', { source: 'local-tax', legacyId: key, detail: { field: 'registration' } });
}
