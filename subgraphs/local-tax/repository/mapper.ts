import { isPlaceholderOrgCode, isValidOrgCode, normalizeOrgCode, toHalfWidth } from '../../../shared/identifiers';
import type { ArgumentRule } from '../../kit/arguments';
import { detectDataIssues } from '../../kit/data-quality';
import { charDate, code, text } from '../../kit/mapping';
import { fenToYuan } from '../../../shared/money';
import { RecordKeys, usccFor } from '../../kit/taxpayer-key';
import type { LocalTaxAccount } from '../types/account';
import type { LocalTaxAuditCase } from '../types/audit-case';
import type { LocalTaxCreditRating } from '../types/credit-rating';
import type { LocalTaxDeemedCit, LocalTaxDeemedCitRateCount } from '../types/deemed-cit';
import { LocalTaxCreditGrade } from '../types/enums';
import type { LocalTaxReturn } from '../types/return';
import type { LocalTaxTurnoverQuota } from '../types/turnover-quota';
import type { LocalTaxOffice } from '../types/tax-office';
import type { DeemedRateRow, QuotaRow, AuditCaseRow, ReturnRow, DeemedCitRow, AccountRow, CreditRatingRow } from './local-tax.repository';
import { RETURN_KINDS, STATUSES, TAX_TYPES } from './codes';

/**
 * Legacy rows -> graph objects: this system's 2-digit codes to enums with their Chinese labels,
 * CHAR(8) dates to ISO, fen to yuan, padded and full-width identifiers to clean ones.
 */

const GRADES = new Set<string>(Object.values(LocalTaxCreditGrade));

/** Free text (names, addresses): trimmed, with full-width ASCII typed through a Chinese IME made half-width. */
function plain(value: string | null | undefined): string | null {
  const t = text(value);
  return t === null ? null : text(toHalfWidth(t));
}

/** The internal key (JSJDM, trimmed) a row belongs to, as the graph spells it. */
export const accountOf = (row: { jsjdm: string }): string => text(row.jsjdm) ?? '';

/** The keys a registration is found by (kit's RecordKeys), and its TIN (SWDJZH trimmed, half-width). */
export interface AccountKeys extends RecordKeys {
  tin: string;
}

/** JSJDM; the recorded TYXYDM (the batch compares it with the USCC); the organization code in SWDJZH (the index expression's value). */
export function keysOf(row: AccountRow): AccountKeys {
  return { id: accountOf(row), tin: code(row.swdjzh) ?? '', usccs: [code(row.tyxydm)], orgCode: code(row.tin_org) };
}

/** The internal computer code (JSJDM, CHAR(8)) as clients give it. */
export const ACCOUNT_KEY: ArgumentRule = {
  expected: 'an internal computer code (JSJDM, up to 8 letters and digits)',
  pattern: /^[0-9A-Z]{1,8}$/,
};

/** A tax administrator (ZGYDM, CHAR(8)). */
export const ADMINISTRATOR_CODE: ArgumentRule = {
  expected: 'an administrator code (up to 8 letters and digits)',
  pattern: /^[0-9A-Z]{1,8}$/,
};

export function toAccount(row: AccountRow): LocalTaxAccount {
  const [status, fallbackLabel] = STATUSES.decode(row.zt);
  const orgCode = text(row.zzjgdm) ? normalizeOrgCode(row.zzjgdm as string) : null;
  const person = text(row.frxm) || text(row.frzjhm) ? { name: plain(row.frxm), idNumber: code(row.frzjhm) } : null;
  const administratorCode = code(row.zgydm);
  return {
    id: accountOf(row),
    tin: code(row.swdjzh) ?? '',
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

export function toReturn(row: ReturnRow): LocalTaxReturn {
  const [taxType, fallbackLabel] = TAX_TYPES.decode(row.szdm);
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
    amountPaid: fenToYuan(row.sjse ?? row.ynse) as string,
    kind: RETURN_KINDS.decode(row.sblx)[0],
    auditCaseNumber: code(row.ajbh),
  };
}

export function toTurnoverQuota(row: QuotaRow): LocalTaxTurnoverQuota {
  return { year: Number(text(row.nd)), monthlyTurnover: fenToYuan(row.yyye) as string, assessedOn: charDate(row.hdrq) };
}

export function toDeemedCit(row: DeemedCitRow): LocalTaxDeemedCit {
  return { year: Number(text(row.nd)), deemedIncomeRate: text(row.yssdl) ?? '' };
}

export function toDeemedCitRateCount(row: DeemedRateRow): LocalTaxDeemedCitRateCount {
  return { rate: text(row.yssdl) ?? '', taxpayers: Number(row.taxpayers) };
}

export function toCreditRating(row: CreditRatingRow): LocalTaxCreditRating {
  const dj = code(row.dj) ?? '';
  return { year: Number(text(row.nd)), score: Number(row.df), grade: GRADES.has(dj) ? (dj as LocalTaxCreditGrade) : null };
}

export function toAuditCase(row: AuditCaseRow): LocalTaxAuditCase {
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

/** A DM_SWJG row as a tax office. */
export const toOffice = (row: { swjgdm: string; swjgmc: string | null }): LocalTaxOffice => ({
  code: code(row.swjgdm) ?? '',
  name: plain(row.swjgmc),
});
