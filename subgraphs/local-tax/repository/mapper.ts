import { isPlaceholderOrgCode, isValidOrgCode, normalizeOrgCode, toHalfWidth } from '../../../shared/identifiers';
import { CodeTable } from '../../kit/code-table';
import { detectDataIssues } from '../../kit/data-quality';
import { charDate, code, text } from '../../kit/mapping';
import { fenToYuan } from '../../../shared/money';
import { usccFor } from '../../kit/taxpayer-key';
import type { LocalTaxAccount } from '../types/account';
import type { LocalTaxAuditCase } from '../types/audit-case';
import type { LocalTaxCreditRating } from '../types/credit-rating';
import type { LocalTaxDeemedCit, LocalTaxDeemedCitRateCount } from '../types/deemed-cit';
import { LocalTaxCreditGrade, LocalTaxStatus, LocalTaxType } from '../types/enums';
import type { LocalTaxReturn } from '../types/return';
import type { LocalTaxTurnoverQuota } from '../types/turnover-quota';
import type { DeemedRateRow, GtdeRow, JcAjRow, SbMxRow, SdsHdRow, SwdjRow, XypjRow } from './local-tax.repository';

/**
 * Legacy rows -> graph objects: this system's 2-digit codes to enums with their Chinese labels,
 * CHAR(8) dates to ISO, fen to yuan, padded and full-width identifiers to clean ones.
 */

/** DM_ZT: the code, the enum, and the label used when the code table lacks the row. */
const STATUSES = new CodeTable<LocalTaxStatus>({
  '10': [LocalTaxStatus.NORMAL, '正常'],
  '30': [LocalTaxStatus.ABNORMAL, '非正常'],
  '40': [LocalTaxStatus.MISSING, '失踪'],
  '50': [LocalTaxStatus.PENDING_DEREGISTRATION, '待注销'],
  '60': [LocalTaxStatus.DEREGISTERED, '注销'],
  '61': [LocalTaxStatus.DEREGISTERED_FROM_ABNORMAL, '非正常注销'],
});

/** DM_SZ. */
const TAX_TYPES = new CodeTable<LocalTaxType>({
  '03': [LocalTaxType.BUSINESS_TAX, '营业税'],
  '05': [LocalTaxType.CIT, '企业所得税'],
  '10': [LocalTaxType.URBAN_CONSTRUCTION_TAX, '城市维护建设税'],
  '51': [LocalTaxType.EDUCATION_SURCHARGE, '教育费附加'],
  '61': [LocalTaxType.LOCAL_EDUCATION_SURCHARGE, '地方教育附加'],
});

const GRADES = new Set<string>(Object.values(LocalTaxCreditGrade));

/** The ZT code for a status, for filtering. */
export function statusCodeOf(status: LocalTaxStatus): string {
  return STATUSES.codeOf(status);
}

/** The SZDM code for a tax type, for filtering. */
export function taxTypeCodeOf(taxType: LocalTaxType): string {
  return TAX_TYPES.codeOf(taxType);
}

/** Free text (names, addresses): trimmed, with full-width ASCII typed through a Chinese IME made half-width. */
function plain(value: string | null | undefined): string | null {
  const t = text(value);
  return t === null ? null : text(toHalfWidth(t));
}

/** The internal key a row belongs to, as the graph spells it (JSJDM trimmed). */
export const ownerOf = (row: { jsjdm: string }): string => text(row.jsjdm) ?? '';

/** The recorded USCC (TYXYDM) as a match key. */
export const recordedUsccOf = (row: SwdjRow): string | null => code(row.tyxydm);

/** The organization code embedded in the TIN (the indexed expression's value). */
export const tinOrgCodeOf = (row: SwdjRow): string | null => code(row.tin_org);

/** The TIN as a match key (SWDJZH trimmed, half-width). */
export const tinOf = (row: SwdjRow): string => code(row.swdjzh) ?? '';

/** Deregistered (60 注销, 61 非正常注销): such a record is never the primary one while another exists. */
function deregistered(row: SwdjRow): boolean {
  const zt = text(row.zt);
  return zt === '60' || zt === '61';
}

/**
 * Orders a taxpayer's registrations with the primary record first: not deregistered first, then
 * the earliest registration date (impossible dates last), then the lowest internal key.
 */
export function byPrimaryFirst(a: SwdjRow, b: SwdjRow): number {
  const d = Number(deregistered(a)) - Number(deregistered(b));
  if (d !== 0) return d;
  const da = charDate(a.djrq) ?? '9999-99-99';
  const db = charDate(b.djrq) ?? '9999-99-99';
  if (da !== db) return da < db ? -1 : 1;
  const ka = ownerOf(a);
  const kb = ownerOf(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

export function toAccount(row: SwdjRow): LocalTaxAccount {
  const zt = text(row.zt) ?? '';
  const [status, fallbackLabel] = STATUSES.lookup(zt) ?? [null, zt || '未知'];
  const orgCode = text(row.zzjgdm) ? normalizeOrgCode(row.zzjgdm as string) : null;
  const person = text(row.frxm) || text(row.frzjhm) ? { name: plain(row.frxm), idNumber: code(row.frzjhm) } : null;
  const administratorCode = code(row.zgydm);
  return {
    id: ownerOf(row),
    tin: tinOf(row),
    uscc: usccFor(row.tyxydm, row.swdjzh, row.xzqh),
    organizationCode: orgCode && isValidOrgCode(orgCode) && !isPlaceholderOrgCode(orgCode) ? orgCode : null,
    name: plain(row.nsrmc) ?? '',
    legalRepresentative: person,
    phone: code(row.lxdh),
    registrationType: code(row.djlx) ?? '',
    industryCode: code(row.hydm) ?? '',
    division: code(row.xzqh) ?? '',
    taxOffice: { code: code(row.swjgdm) ?? '', name: plain(row.swjgmc) },
    administrator: administratorCode ? { code: administratorCode, name: plain(row.zgyxm) } : null,
    address: plain(row.dz),
    status,
    statusLabel: plain(row.ztmc) ?? fallbackLabel,
    statusChangedOn: charDate(row.ztrq),
    registeredOn: charDate(row.djrq),
    deregisteredOn: charDate(row.zxrq),
    dataIssues: detectDataIssues([
      { field: 'tin', kind: 'tin', value: row.swdjzh },
      { field: 'uscc', kind: 'uscc', value: row.tyxydm },
      { field: 'organizationCode', kind: 'orgCode', value: row.zzjgdm },
      { field: 'name', kind: 'name', value: row.nsrmc },
      { field: 'statusChangedOn', kind: 'charDate', value: row.ztrq },
      { field: 'registeredOn', kind: 'charDate', value: row.djrq },
      { field: 'deregisteredOn', kind: 'charDate', value: row.zxrq },
    ]),
  };
}

export function toReturn(row: SbMxRow): LocalTaxReturn {
  const szdm = text(row.szdm) ?? '';
  const [taxType, fallbackLabel] = TAX_TYPES.lookup(szdm) ?? [null, szdm || '未知'];
  return {
    serialNumber: code(row.sblsh) ?? '',
    taxType,
    taxTypeLabel: plain(row.szmc) ?? fallbackLabel,
    periodFrom: charDate(row.ssqq),
    periodTo: charDate(row.ssqz),
    taxableBase: fenToYuan(row.jsyj) as string,
    rate: text(row.sl) ?? '',
    taxDue: fenToYuan(row.ynse) as string,
    filedOn: charDate(row.sbrq),
  };
}

export function toTurnoverQuota(row: GtdeRow): LocalTaxTurnoverQuota {
  return { year: Number(text(row.nd)), monthlyTurnover: fenToYuan(row.yyye) as string, assessedOn: charDate(row.hdrq) };
}

export function toDeemedCit(row: SdsHdRow): LocalTaxDeemedCit {
  return { year: Number(text(row.nd)), deemedIncomeRate: text(row.yssdl) ?? '' };
}

export function toDeemedCitRateCount(row: DeemedRateRow): LocalTaxDeemedCitRateCount {
  return { rate: text(row.yssdl) ?? '', taxpayers: Number(row.taxpayers) };
}

export function toCreditRating(row: XypjRow): LocalTaxCreditRating {
  const dj = code(row.dj) ?? '';
  return { year: Number(text(row.nd)), score: Number(row.df), grade: GRADES.has(dj) ? (dj as LocalTaxCreditGrade) : null };
}

export function toAuditCase(row: JcAjRow): LocalTaxAuditCase {
  return {
    caseNumber: code(row.ajbh) ?? '',
    source: plain(row.ajly) ?? '',
    filedOn: charDate(row.larq),
    closedOn: charDate(row.jarq),
    backTaxes: fenToYuan(row.bjsk) as string,
    fine: fenToYuan(row.fk) as string,
    reason: plain(row.ay),
  };
}
