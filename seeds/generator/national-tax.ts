/**
 * National tax's (国税) rows: registration (DJ_NSRXX) with its abnormal and change records, returns
 * and levy (SB_SBXX, ZS_YJSF), quotas, deemed CIT rates, credit ratings, freight invoices.
 */
import { makeUsccSafeOrgCode, oldTin } from '../../shared/identifiers';
import { addDays, addMonths } from '../../shared/dates';
import { fenToYuan } from '../../shared/money';
import type { IdentityEntry } from '../manifest';
import { AS_OF, FORMER_DIVISIONS, QUARTERS } from '../reference';
import type { RowOf } from '../tables';
import type { Emitter } from './emitter';
import { registrationValues } from './mismatch';
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
  const facts = registrationValues(tp, 'national-tax');
  const record: RowOf<'djNsrxx'> = {
    djxh: tp.djxh,
    nsrsbh: tp.padded ? `  ${tp.nationalTin} ` : tp.nationalTin,
    shxydm: keepsUscc,
    nsrmc: tp.name,
    fddbrxm: facts.person,
    fddbrsfzjhm: tp.citizenId,
    djzclx_dm: st.registrationType,
    hy_dm: tp.industry.code,
    nsrzt_dm: st.nationalStatus,
    zgswj_dm: nationalOffice(area),
    ssgly_dm: st.noNationalAdministrator ? null : nationalAdministrator(area, st.administrator),
    gsdjzch: keepsRegNo,
    zcdz: facts.address,
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

  // A duplicate registration (task 14): the same TIN entered again later under a new key; every other
  // one of an old-TIN taxpayer is a re-registration under its USCC from 2015-10 (same organization code).
  if (!individual && st.active && !st.onlyIn && r.chance(RATES_OF_PLANTING.duplicate)) {
    const key = `2${area.division}${pad(tp.i, 13)}`;
    const underUscc = !tp.tinIsUscc && tp.i % 2 === 0;
    const since = underUscc ? '2015-10-01' : '2015-01-01';
    const entered = addDays(tp.registered > since ? tp.registered : since, r.int(20, 300));
    const on = entered > AS_OF ? AS_OF : entered;
    out.row('djNsrxx', {
      ...record,
      djxh: key,
      nsrsbh: underUscc ? tp.uscc : tp.nationalTin,
      shxydm: underUscc ? tp.uscc : null,
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
    out.case('DUPLICATE_RECORD', {
      uscc: tp.uscc,
      source: 'national-tax',
      legacyId: key,
      detail: { original: tp.djxh, ...(underUscc ? { reRegisteredUnder: tp.uscc } : {}) },
    });
    out.identity('DUPLICATE', identity);
  }
}

/** A tax period and its filing day. */
export interface Period {
  from: string;
  to: string;
  filed: string;
}

/** What one return of a levy item declares and what was paid on it, in fen. */
export interface NationalItem {
  levy: string;
  base: number;
  rate: number;
  due: number;
  exemptCredit: number;
  /** Transport sales within the base (营改增 carriers), else 0. */
  transport?: number;
  /** Part of the tax paid only after an approved deferral (缓缴), on `deferredPaidOn`. */
  deferred?: number;
  deferredPaidOn?: string;
}

/**
 * One return of a levy item (SB_SBXX) and its levy records (ZS_YJSF): a quarter's, or with `month`
 * (0-2) one month of the quarter; `k` numbers the item within the quarter. A deferred part is a
 * second levy record (税款种类 30) paid later for the same period.
 */
export function nationalReturn(tp: Taxpayer, quarter: number, k: number, item: NationalItem, out: Emitter, month?: number): void {
  const { from, to, filed } = month === undefined ? QUARTERS[quarter] : monthOf(QUARTERS[quarter].from, month);
  const kk = month === undefined ? k : 5 + month;
  out.row('sbSbxx', {
    sbuuid: `${pad(tp.i, 12)}${quarter}${kk}`.padStart(32, 'S'),
    djxh: tp.djxh,
    zsxm_dm: item.levy,
    skssqq: from,
    skssqz: to,
    jsyj: fenToYuan(item.base),
    sl1: item.rate.toFixed(4),
    ynse: fenToYuan(item.due),
    sbrq: filed,
    jtysxse: fenToYuan(item.transport ?? 0),
  });
  const deferred = item.deferred ?? 0;
  const counterVoucher = (n: number) => `${n}${tp.area.division}${pad(tp.i, 11)}${quarter}${kk}`;
  const record = { levy: item.levy, from, to, exemptCredit: item.exemptCredit };
  // Paid on filing: through TIPS when the taxpayer and item go through it (the quarter's voucher, shared by its months).
  bookNational(
    tp,
    quarter,
    { ...record, amount: item.due - deferred, paidOn: filed, tips: true, counterVoucher: counterVoucher(3), kind: LEVY_KINDS.DECLARED },
    out,
  );
  if (deferred > 0) {
    const later = { amount: deferred, paidOn: item.deferredPaidOn!, tips: false, counterVoucher: counterVoucher(4) };
    bookNational(tp, quarter, { ...record, ...later, exemptCredit: 0, kind: LEVY_KINDS.DEFERRED }, out);
  }
}

/** Audit back-tax (查补) of a levy item for a quarter, collected on `paidOn` at the counter: a levy record of 税款种类 20. */
export function nationalBackTax(tp: Taxpayer, quarter: number, levyItem: string, amount: number, paidOn: string, out: Emitter): void {
  const { from, to } = QUARTERS[quarter];
  const counterVoucher = `5${tp.area.division}${pad(tp.i, 11)}${quarter}8`;
  bookNational(
    tp,
    quarter,
    { levy: levyItem, from, to, amount, paidOn, tips: false, counterVoucher, exemptCredit: 0, kind: LEVY_KINDS.AUDIT },
    out,
  );
}

/** 税款种类 of a levy record (ZS_YJSF.SKZL_DM). */
export const LEVY_KINDS = { DECLARED: '10', AUDIT: '20', DEFERRED: '30' } as const;

/** Month `m` (0-2) of the quarter starting `quarterFrom`, filed by the 15th of the next month. */
export function monthOf(quarterFrom: string, m: number): Period {
  const from = addMonths(quarterFrom, m);
  const next = addMonths(quarterFrom, m + 1);
  return { from, to: addDays(next, -1), filed: addDays(next, 14) };
}

/** An individual business's monthly turnover quota (HD_DEXX), in whole yuan. */
export function nationalQuota(tp: Taxpayer, year: number, quotaYuan: number, assessed: string, out: Emitter): void {
  out.row('hdDexx', { djxh: tp.djxh, nd: year, ydxse: fenToYuan(quotaYuan * 100), hdrq: assessed });
}

/** One freight invoice a carrier issued: when, for how much (fen), at which rate, and whether its recipient deducted it. */
export interface FreightInvoice {
  issuedOn: string;
  amount: number;
  rate: number;
  /** The recipient certified it for deduction (FP_JXRZ) on this day; null when it did not. */
  deductedOn: string | null;
}

/**
 * A carrier's freight invoices (FP_HYFP), numbered from `first` within its invoice code of the year,
 * and each recipient's deduction of them (FP_JXRZ), under the recipient TIN the invoice carries.
 * Before 2013-08-01 the recipient deducted 7% of the freight as input VAT; after it, the invoice's tax.
 */
export function freightInvoices(tp: Taxpayer, invoices: readonly FreightInvoice[], first: number, out: Emitter): void {
  invoices.forEach((f, k) => {
    const fpdm = `1${tp.area.division}${f.issuedOn.slice(2, 4)}${pad(first + k, 3)}`;
    const fphm = pad(tp.i % 1e8, 8);
    const recipient = oldTin(tp.area.division, makeUsccSafeOrgCode(tp.i + 7 + k));
    const tax = pct(f.amount, f.rate);
    out.row('fpHyfp', {
      fpdm,
      fphm,
      cyrnsrsbh: tp.nationalTin,
      cyrmc: tp.name,
      spfnsrsbh: recipient,
      kprq: f.issuedOn,
      yfje: fenToYuan(f.amount),
      se: fenToYuan(tax),
    });
    if (f.deductedOn) {
      const input = f.issuedOn < '2013-08-01' ? pct(f.amount, 0.07) : tax;
      out.row('fpJxrz', { fpdm, fphm, gfnsrsbh: recipient, rzrq: f.deductedOn, je: fenToYuan(f.amount), se: fenToYuan(input) });
    }
  });
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
