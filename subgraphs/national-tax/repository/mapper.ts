import type { ArgumentRule } from '../../kit/arguments';
import { detectDataIssues } from '../../kit/data-quality';
import { code, text } from '../../kit/mapping';
import { numericToYuan } from '../../../shared/money';
import { RecordKeys, usccFor } from '../../kit/taxpayer-key';
import type { NationalTaxAccount } from '../types/account';
import type { NationalTaxOffice } from '../types/tax-office';
import type { NationalTaxCreditRating } from '../types/credit-rating';
import type { NationalTaxDeemedCit, NationalTaxDeemedCitRateCount } from '../types/deemed-cit';
import { NationalTaxChangeItem, NationalTaxCreditGrade, NationalTaxLevyItem, NationalTaxpayerType } from '../types/enums';
import type { NationalTaxFreightInvoice } from '../types/freight-invoice';
import type { NationalTaxRegistrationChange } from '../types/registration-change';
import type { NationalTaxReturn } from '../types/tax-return';
import type { NationalTaxPayment } from '../types/tax-payment';
import type { NationalTaxTurnoverQuota } from '../types/turnover-quota';
import type {
  AccountRow,
  ChangeRow,
  CreditRatingRow,
  DeemedCitRow,
  DeemedRateRow,
  FreightInvoiceRow,
  PaymentRow,
  QuotaRow,
  ReturnRow,
} from './national-tax.repository';
import { ABNORMAL, CHANGE_ITEMS, INDIVIDUAL_BUSINESS_TYPE, LEVY_ITEMS, LEVY_KINDS, NATIONAL_STATUSES } from './codes';

/**
 * Legacy rows -> graph objects: NSRZT_DM, ZSXM_DM, XYDJ_DM and BGXMMC to enums with their Chinese
 * labels, CHAR padding and full-width typing cleaned, NUMERIC yuan to exactly two places.
 */

const GRADES = new Set<string>(Object.values(NationalTaxCreditGrade));

/** A NUMERIC fraction ('0.0300') as a decimal string with trailing zeros dropped down to two places ('0.03'). */
export function fraction(value: string): string {
  const t = value.trim();
  const m = /^(-?\d+)\.(\d*?)0*$/.exec(t);
  if (!m) return t;
  return `${m[1]}.${m[2].padEnd(2, '0')}`;
}

function levyItem(zsxm: string, name: string | null): [NationalTaxLevyItem, string] {
  const [item, fallback] = LEVY_ITEMS.decode(zsxm);
  return [item, text(name) ?? fallback];
}

function taxpayerType(row: AccountRow): [NationalTaxpayerType, string] {
  if (text(row.djzclx_dm) === INDIVIDUAL_BUSINESS_TYPE) return [NationalTaxpayerType.INDIVIDUAL_BUSINESS, '个体工商户'];
  return code(row.zzsybnsrbz) === 'Y' ? [NationalTaxpayerType.GENERAL, '一般纳税人'] : [NationalTaxpayerType.SMALL_SCALE, '小规模纳税人'];
}

/** The keys a record is found by (kit's RecordKeys, and its TIN), for grouping a batch's rows under the keys that asked. */
export interface AccountKeys extends RecordKeys {
  /** NSRSBH without stray blanks (the batch compared TRIM(NSRSBH)). */
  tin: string;
}

/**
 * DJXH as PostgreSQL prints it; the recorded SHXYDM exactly as stored and the trimmed NSRSBH (the
 * batch compares both with the USCC); the organization code inside NSRSBH (the index expression's value).
 */
export function keysOf(row: AccountRow): AccountKeys {
  return { id: row.djxh, tin: row.nsrsbh_trim, usccs: [row.shxydm, row.nsrsbh_trim], orgCode: row.zzjgdm };
}

/** The internal key (DJXH) as clients give it: up to 20 digits, leading zeros dropped as PostgreSQL prints NUMERIC. */
export const ACCOUNT_KEY: ArgumentRule = {
  expected: 'a national-tax internal key (DJXH, up to 20 digits)',
  pattern: /^\d{1,20}$/,
  canonical: (id) => id.replace(/^0+(?=\d)/, ''),
};

/** A tax administrator (SSGLY_DM, DM_GY_SWRY.SWRY_DM): 11 digits. */
export const ADMINISTRATOR_CODE: ArgumentRule = { expected: 'an 11-digit administrator code', pattern: /^\d{11}$/ };

/** The account (DJXH) a dependent row belongs to. */
export const accountOf = (row: { djxh: string }): string => row.djxh;

/** The business registration number a record copied from the licence (GSDJZCH trimmed; '' when none). */
export const registrationNumberOf = (row: AccountRow): string => code(row.gsdjzch) ?? '';

/** The carrier TIN a freight invoice was found by (compared exactly). */
export const carrierOf = (row: FreightInvoiceRow): string => row.cyrnsrsbh;

export function toAccount(row: AccountRow): NationalTaxAccount {
  const [status, fallbackLabel] = NATIONAL_STATUSES.decode(row.nsrzt_dm);
  const [type, typeLabel] = taxpayerType(row);
  const personName = text(row.fddbrxm);
  const personId = code(row.fddbrsfzjhm);
  const administrator = code(row.ssgly_dm);
  return {
    id: row.djxh,
    tin: code(row.nsrsbh) ?? '',
    uscc: usccFor(row.shxydm, row.nsrsbh, row.xzqh_dm),
    name: text(row.nsrmc) ?? '',
    legalRepresentative: personName || personId ? { name: personName, idNumber: personId } : null,
    phone: text(row.lxdh),
    registrationType: { code: code(row.djzclx_dm) ?? '', label: text(row.djzclxmc) },
    industry: { code: code(row.hy_dm) ?? '', name: text(row.hymc) },
    division: code(row.xzqh_dm) ?? '',
    divisionName: text(row.xzqhmc),
    status,
    statusLabel: text(row.nsrztmc) ?? fallbackLabel,
    abnormalSince: text(row.nsrzt_dm) === ABNORMAL ? row.fzch_rdrq : null,
    taxpayerType: type,
    taxpayerTypeLabel: typeLabel,
    taxOffice: { code: code(row.zgswj_dm) ?? '', name: text(row.swjgmc) },
    administrator: administrator ? { code: administrator, name: text(row.swryxm) } : null,
    registrationNumber: code(row.gsdjzch),
    addresses: { registered: text(row.zcdz), business: text(row.scjydz) },
    registeredOn: row.djrq,
    deregisteredOn: row.zxrq,
    // DJRQ and ZXRQ are DATE columns: PostgreSQL holds no impossible date there.
    dataIssues: detectDataIssues([
      { field: 'tin', kind: 'tin', value: row.nsrsbh },
      { field: 'uscc', kind: 'uscc', value: row.shxydm },
      { field: 'registrationNumber', kind: 'registrationNo', value: row.gsdjzch },
      { field: 'name', kind: 'name', value: row.nsrmc },
    ]),
  };
}

export function toChange(row: ChangeRow): NationalTaxRegistrationChange {
  const label = text(row.bgxmmc) ?? '其他';
  return {
    item: CHANGE_ITEMS[label] ?? NationalTaxChangeItem.OTHER,
    itemLabel: label,
    before: text(row.bgqnr),
    after: text(row.bghnr),
    changedOn: row.bgrq,
  };
}

export function toReturn(row: ReturnRow): NationalTaxReturn {
  const [item, label] = levyItem(row.zsxm_dm, row.zsxmmc);
  return {
    levyItem: item,
    levyItemLabel: label,
    periodFrom: row.skssqq,
    periodTo: row.skssqz,
    taxableBase: numericToYuan(row.jsyj)!,
    rate: fraction(row.sl1),
    taxDue: numericToYuan(row.ynse)!,
    filedOn: row.sbrq,
    transportSales: numericToYuan(row.jtysxse ?? '0')!,
  };
}

/** ZS_YJSF.JKFS_DM of a payment through TIPS (横向联网电子缴税): DZSPHM is then the voucher TIPS carried. */
export const TIPS_PAYMENT_METHOD = '01';

export function toPayment(row: PaymentRow): NationalTaxPayment {
  const [item, label] = levyItem(row.zsxm_dm, row.zsxmmc);
  return {
    voucherNumber: code(row.dzsphm) ?? '',
    levyItem: item,
    levyItemLabel: label,
    periodFrom: row.skssqq,
    periodTo: row.skssqz,
    amountPaid: numericToYuan(row.sjje)!,
    exemptCredit: numericToYuan(row.mdse)!,
    paidOn: row.jkrq,
    kind: LEVY_KINDS.decode(row.skzl_dm)[0],
    paymentMethod: code(row.jkfs_dm),
    throughTips: code(row.jkfs_dm) === TIPS_PAYMENT_METHOD,
    budgetSubjectCode: code(row.yskm_dm),
  };
}

export function toQuota(row: QuotaRow): NationalTaxTurnoverQuota {
  return { year: Number(row.nd), monthlyTurnover: numericToYuan(row.ydxse)!, assessedOn: row.hdrq };
}

export function toDeemedCit(row: DeemedCitRow): NationalTaxDeemedCit {
  return { year: Number(row.nd), deemedIncomeRate: fraction(row.yssdl) };
}

export function toDeemedCitRateCount(row: DeemedRateRow): NationalTaxDeemedCitRateCount {
  return { rate: fraction(row.yssdl), taxpayers: Number(row.taxpayers) };
}

/** A grade outside A B M C D cannot be shown as an enum: such a row is dropped (see toCreditRatings). */
export function toCreditRating(row: CreditRatingRow): NationalTaxCreditRating | null {
  const grade = code(row.xydj_dm);
  if (!grade || !GRADES.has(grade)) return null;
  return { year: Number(row.pjnd), score: Number(row.pjfs), grade: grade as NationalTaxCreditGrade };
}

export function toFreightInvoice(row: FreightInvoiceRow): NationalTaxFreightInvoice {
  return {
    code: code(row.fpdm) ?? '',
    number: code(row.fphm) ?? '',
    recipientTin: code(row.spfnsrsbh) ?? '',
    issuedOn: row.kprq,
    freightAmount: numericToYuan(row.yfje)!,
    tax: numericToYuan(row.se)!,
    deduction: row.rzrq ? { deductedOn: row.rzrq, amount: numericToYuan(row.rz_je)!, inputTax: numericToYuan(row.rz_se)! } : null,
  };
}

/** A DM_SWJG row as a tax office. */
export const toOffice = (row: { swjg_dm: string; swjgmc: string | null }): NationalTaxOffice => ({
  code: code(row.swjg_dm) ?? '',
  name: text(row.swjgmc),
});
