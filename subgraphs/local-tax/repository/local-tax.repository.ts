import type { Knex } from 'knex';
import type { DeemedRateGroup } from '../../kit/deemed-rates';
import { ONE_REPEATED_CHARACTER, PLACEHOLDER_ORG_CODE } from '../../../shared/identifiers';
import { CodeTables } from '../../kit/code-names';
import type { TaxpayerMatch } from '../../kit/taxpayer-key';
import type { LocalTaxStatus, LocalTaxType } from '../types/enums';
import { notSoftDeleted, statusCodeOf, taxTypeCodeOf } from './codes';

/**
 * The local tax (地税) tables, by their legacy names: SWDJ registration with its code tables
 * (DM_SWJG tax offices, DM_ZGY administrators, DM_ZT statuses), SB_MX return lines with DM_SZ,
 * GTDE quotas, SDS_HD deemed CIT, XYPJ credit ratings, JC_AJ audit cases. Nothing outside
 * repository/ sees these names.
 *
 * The system keeps CHAR columns blank-padded. PostgreSQL's bpchar comparison ignores trailing
 * blanks, so CHAR keys are compared as `col = ANY(?::bpchar[])`: a text[] would cast the column
 * and lose its index. Soft-deleted registrations (CZBZ = '1', 作废) are never read.
 */

/** The organization code embedded in the TIN: verbatim from the DDL's SWDJ_TIN_ORG index, so the planner uses it. */
const TIN_ORG = `(CASE WHEN LENGTH(RTRIM(SWDJZH)) = 18 THEN SUBSTR(SWDJZH, 9, 9)
                                        WHEN LENGTH(RTRIM(SWDJZH)) = 15 THEN SUBSTR(SWDJZH, 7, 9) END)`;

/** The code tables' names, held per process (kit/code-names.ts) rather than joined into every lookup. */
const CODE_TABLES = new CodeTables(
  'local-tax',
  `SELECT 'swjg' AS kind, swjgdm AS code, swjgmc AS name FROM dm_swjg
   UNION ALL SELECT 'zgy', zgydm, zgyxm FROM dm_zgy
   UNION ALL SELECT 'zt', ztdm, ztmc FROM dm_zt
   UNION ALL SELECT 'sz', szdm, szmc FROM dm_sz`,
);

/** SWDJ 税务登记 with the names of its codes. */
export interface AccountRow {
  jsjdm: string;
  swdjzh: string;
  tyxydm: string | null;
  zzjgdm: string | null;
  nsrmc: string;
  frxm: string | null;
  frzjhm: string | null;
  lxdh: string | null;
  djlx: string;
  hydm: string;
  xzqh: string;
  swjgdm: string;
  /** DM_SWJG.SWJGMC */
  swjgmc: string | null;
  zgydm: string | null;
  /** DM_ZGY.ZGYXM */
  zgyxm: string | null;
  dz: string | null;
  zt: string;
  /** DM_ZT.ZTMC */
  ztmc: string | null;
  ztrq: string | null;
  djrq: string;
  zxrq: string | null;
  /** The TIN_ORG expression's value. */
  tin_org: string | null;
}

/** SB_MX 申报明细 with DM_SZ.SZMC. */
export interface ReturnRow {
  sblsh: string;
  jsjdm: string;
  szdm: string;
  szmc: string | null;
  ssqq: string;
  ssqz: string;
  jsyj: string;
  sl: string;
  ynse: string;
  sbrq: string;
  sjse: string | null;
  sblx: string | null;
  ajbh: string | null;
}

/** GTDE 个体定额. */
export interface QuotaRow {
  jsjdm: string;
  nd: string;
  yyye: string;
  hdrq: string;
}

/** SDS_HD 企业所得税核定. */
export interface DeemedCitRow {
  jsjdm: string;
  nd: string;
  yssdl: string;
}

/** XYPJ 纳税信用等级评定. */
export interface CreditRatingRow {
  jsjdm: string;
  nd: string;
  df: string;
  dj: string;
}

/** JC_AJ 稽查案件. */
export interface AuditCaseRow {
  ajbh: string;
  jsjdm: string;
  ajly: string;
  larq: string;
  jarq: string | null;
  bjsk: string;
  fk: string;
  ay: string | null;
}

/** SWDJ rows without their code-table names (`withNames` adds them). */
function registrations(db: Knex) {
  return db
    .from('swdj as s')
    .select(
      's.jsjdm',
      's.swdjzh',
      's.tyxydm',
      's.zzjgdm',
      's.nsrmc',
      's.frxm',
      's.frzjhm',
      's.lxdh',
      's.djlx',
      's.hydm',
      's.xzqh',
      's.swjgdm',
      's.zgydm',
      's.dz',
      's.zt',
      's.ztrq',
      's.djrq',
      's.zxrq',
      db.raw(`${TIN_ORG} AS tin_org`),
    )
    .whereRaw(notSoftDeleted('s'));
}

/** Registrations with the names of their codes, as a LEFT JOIN of the code tables gave them. */
async function withNames(db: Knex, query: Knex.QueryBuilder): Promise<AccountRow[]> {
  const [rows, names] = await Promise.all([query as Promise<AccountRow[]>, CODE_TABLES.of(db)]);
  for (const row of rows) {
    row.swjgmc = names.name('swjg', row.swjgdm);
    row.zgyxm = names.name('zgy', row.zgydm);
    row.ztmc = names.name('zt', row.zt);
  }
  return rows;
}

/**
 * Registrations for many USCCs in one statement: by the recorded TYXYDM, or, for organizations,
 * by the organization code inside SWDJZH. Individual businesses carry no organization code in a
 * TIN (theirs is a citizen ID), so only TYXYDM finds them.
 */
export async function accountsByUsccs(db: Knex, matches: readonly TaxpayerMatch[]): Promise<AccountRow[]> {
  const usccs = matches.map((m) => m.uscc);
  const orgs = matches.map((m) => m.orgCode).filter((o): o is string => o !== null);
  return withNames(
    db,
    registrations(db).where((w) => {
      w.whereRaw('s.tyxydm = ANY(?::varchar[])', [usccs]);
      if (orgs.length) w.orWhereRaw(`${TIN_ORG} = ANY(?::text[])`, [orgs]);
    }),
  );
}

/** Registrations by TIN as issued (SWDJZH, CHAR(20)). */
export async function accountsByTins(db: Knex, tins: readonly string[]): Promise<AccountRow[]> {
  return withNames(db, registrations(db).whereRaw('s.swdjzh = ANY(?::bpchar[])', [[...tins]]));
}

/** Registrations by internal key (JSJDM, CHAR(8)). */
export async function accountsByIds(db: Knex, ids: readonly string[]): Promise<AccountRow[]> {
  return withNames(db, registrations(db).whereRaw('s.jsjdm = ANY(?::bpchar[])', [[...ids]]));
}

export interface ListFilter {
  division?: string | null;
  industryCode?: string | null;
  status?: LocalTaxStatus | null;
  taxOfficeCode?: string | null;
  administratorCode?: string | null;
  /** true: ZGYDM null or blank; false: one assigned. */
  withoutAdministrator?: boolean | null;
}

/** One page in JSJDM order after `afterId`; `limit` rows (callers ask one more to learn if more follow). */
export async function list(db: Knex, filter: ListFilter, limit: number, afterId: string | null): Promise<AccountRow[]> {
  const q = registrations(db).orderBy('s.jsjdm').limit(limit);
  if (filter.division) q.where('s.xzqh', filter.division);
  if (filter.industryCode) q.where('s.hydm', filter.industryCode);
  if (filter.status) q.where('s.zt', statusCodeOf(filter.status));
  if (filter.taxOfficeCode) q.where('s.swjgdm', filter.taxOfficeCode);
  if (filter.administratorCode) q.where('s.zgydm', filter.administratorCode);
  // A blank CHAR(8) equals '' under bpchar comparison: both spellings of "none assigned" match.
  if (filter.withoutAdministrator === true) q.where((w) => w.whereNull('s.zgydm').orWhere('s.zgydm', ''));
  if (filter.withoutAdministrator === false) q.whereNotNull('s.zgydm').whereNot('s.zgydm', '');
  if (afterId) q.where('s.jsjdm', '>', afterId);
  return withNames(db, q);
}

/** The first and last CHAR(8) day of a year, for range conditions that keep an index on a date column usable. */
function yearRange(year: number): [string, string] {
  return [`${String(year).padStart(4, '0')}0101`, `${String(year).padStart(4, '0')}1231`];
}

/** Return lines of many registrations, optionally of one year (by SSQQ, 所属期起) and tax type (SZDM). */
export async function returnsFor(
  db: Knex,
  ids: readonly string[],
  year: number | null,
  taxType: LocalTaxType | null,
): Promise<ReturnRow[]> {
  const q = db
    .from('sb_mx as m')
    .select('m.sblsh', 'm.jsjdm', 'm.szdm', 'm.ssqq', 'm.ssqz', 'm.jsyj', 'm.sl', 'm.ynse', 'm.sbrq', 'm.sjse', 'm.sblx', 'm.ajbh')
    .whereRaw('m.jsjdm = ANY(?::bpchar[])', [[...ids]])
    .orderBy(['m.jsjdm', 'm.ssqq', 'm.szdm', 'm.sblsh']);
  if (year !== null) q.whereBetween('m.ssqq', yearRange(year));
  if (taxType !== null) q.where('m.szdm', taxTypeCodeOf(taxType));
  const [rows, names] = await Promise.all([q as Promise<ReturnRow[]>, CODE_TABLES.of(db)]);
  for (const row of rows) row.szmc = names.name('sz', row.szdm);
  return rows;
}

export async function quotasFor(db: Knex, ids: readonly string[], year: number | null): Promise<QuotaRow[]> {
  const q = db
    .from('gtde')
    .select('jsjdm', 'nd', 'yyye', 'hdrq')
    .whereRaw('jsjdm = ANY(?::bpchar[])', [[...ids]])
    .orderBy(['jsjdm', 'nd']);
  if (year !== null) q.where('nd', String(year));
  return q;
}

export async function deemedCitFor(db: Knex, ids: readonly string[], year: number | null): Promise<DeemedCitRow[]> {
  const q = db
    .from('sds_hd')
    .select('jsjdm', 'nd', 'yssdl')
    .whereRaw('jsjdm = ANY(?::bpchar[])', [[...ids]])
    .orderBy(['jsjdm', 'nd']);
  if (year !== null) q.where('nd', String(year));
  return q;
}

/**
 * A TIN typed as a placeholder (shared/identifiers.ts isPlaceholderTin, the rule kit/data-quality.ts
 * judges by): the whole TIN one repeated character (000000000000000), or the organization code inside
 * it with a body of one.
 */
const PLACEHOLDER_TIN = `(TRIM(s.swdjzh) ~ '${ONE_REPEATED_CHARACTER.source}' OR COALESCE(${TIN_ORG} ~ '${PLACEHOLDER_ORG_CODE.source}', false))`;

export interface DeemedRateRow {
  yssdl: string;
  /** COUNT(*) as PostgreSQL's int8 text. */
  taxpayers: string;
}

/** A rate's count in the `group`-th group asked (from 1). */
export interface DeemedRateGroupRow extends DeemedRateRow {
  group: string;
}

/**
 * How many registrations of each division (XZQH) and industry (HYDM) got each deemed income rate
 * for a year, for many groups in one statement (the groups as three arrays, numbered in the order
 * given); soft-deleted and garbage-TIN registrations left out; per group the most common rate first
 * (index SWDJ_AREA).
 *
 * The groups' codes are bound as bpchar[], the columns' type: bound as text, the comparison casts the
 * column and the area index goes unused (a scan of every registration, per page of subjects).
 */
export async function deemedCitRatesFor(db: Knex, groups: readonly DeemedRateGroup[]): Promise<DeemedRateGroupRow[]> {
  // Counted per group (LATERAL), each through the area index as the one-group count was: planned
  // generically, a join over all the groups at once scanned every registration.
  const perGroup = db
    .from('swdj as s')
    .join('sds_hd as d', 'd.jsjdm', 's.jsjdm')
    .select('d.yssdl')
    .count({ taxpayers: '*' })
    .whereRaw('s.xzqh = g.division AND s.hydm = g.industry AND d.nd = g.year')
    .whereRaw(notSoftDeleted('s'))
    .whereRaw(`NOT ${PLACEHOLDER_TIN}`)
    .groupBy('d.yssdl')
    .toSQL();
  return db
    .from(
      db.raw('unnest(?::bpchar[], ?::bpchar[], ?::bpchar[]) WITH ORDINALITY AS g(division, industry, year, "group")', [
        groups.map((g) => g.division),
        groups.map((g) => g.industryCode),
        groups.map((g) => String(g.year)),
      ]),
    )
    .joinRaw(`CROSS JOIN LATERAL (${perGroup.sql}) AS r`, [...perGroup.bindings])
    .select('g.group', 'r.yssdl', 'r.taxpayers')
    .orderBy([{ column: 'g.group' }, { column: 'r.taxpayers', order: 'desc' }, { column: 'r.yssdl' }]);
}

export async function creditRatingsFor(db: Knex, ids: readonly string[], year: number | null): Promise<CreditRatingRow[]> {
  const q = db
    .from('xypj')
    .select('jsjdm', 'nd', 'df', 'dj')
    .whereRaw('jsjdm = ANY(?::bpchar[])', [[...ids]])
    .orderBy(['jsjdm', 'nd']);
  if (year !== null) q.where('nd', String(year));
  return q;
}

/** Audit cases of many registrations, optionally those filed (LARQ 立案日期) in one year. */
export async function auditCasesFor(db: Knex, ids: readonly string[], year: number | null): Promise<AuditCaseRow[]> {
  const q = db
    .from('jc_aj')
    .select('ajbh', 'jsjdm', 'ajly', 'larq', 'jarq', 'bjsk', 'fk', 'ay')
    .whereRaw('jsjdm = ANY(?::bpchar[])', [[...ids]])
    .orderBy(['jsjdm', 'larq', 'ajbh']);
  if (year !== null) q.whereBetween('larq', yearRange(year));
  return q;
}

/** DM_SWJG: the local tax offices of one division (XZQH), by code. */
export async function officesIn(db: Knex, division: string): Promise<{ swjgdm: string; swjgmc: string | null }[]> {
  return db.from('dm_swjg').select('swjgdm', 'swjgmc').where('xzqh', division).orderBy('swjgdm');
}
