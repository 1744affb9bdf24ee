import type { Knex } from 'knex';
import type { DeemedRateGroup } from '../../kit/deemed-rates';
import { ONE_REPEATED_CHARACTER, PLACEHOLDER_ORG_CODE } from '../../../shared/identifiers';
import { CodeTables } from '../../kit/code-names';
import type { TaxpayerMatch } from '../../kit/taxpayer-key';
import type { NationalTaxStatus } from '../types/enums';
import { statusCodeOf } from './codes';

/**
 * The national tax bureau's tables, by their legacy names (金税三期 style: DJ_NSRXX keyed by DJXH,
 * code tables DM_*, returns SB_SBXX, levy ZS_YJSF...). Nothing outside repository/ sees these names.
 * Every batch function takes many keys and sends one statement.
 */

/** The organization code inside NSRSBH, written exactly as index DJ_NSRXX_ZZJGDM defines it so the index is used. */
const ORG_CODE_EXPR =
  'CASE WHEN LENGTH(TRIM(NSRSBH)) = 18 THEN SUBSTR(TRIM(NSRSBH), 9, 9) WHEN LENGTH(TRIM(NSRSBH)) = 15 THEN SUBSTR(TRIM(NSRSBH), 7, 9) END';

/** NSRSBH without stray blanks, as index DJ_NSRXX_NSRSBH defines it. */
const TIN_EXPR = 'TRIM(NSRSBH)';

/**
 * The code tables' names, held per process (kit/code-names.ts) rather than joined into every lookup:
 * DM_DJZCLX, DM_HY, DM_NSRZT, DM_SWJG, DM_GY_SWRY (360 officials), DM_XZQH and DM_ZSXM.
 */
const CODE_TABLES = new CodeTables(
  'national-tax',
  `SELECT 'djzclx' AS kind, djzclx_dm AS code, djzclxmc AS name FROM dm_djzclx
   UNION ALL SELECT 'hy', hy_dm, hymc FROM dm_hy
   UNION ALL SELECT 'nsrzt', nsrzt_dm, nsrztmc FROM dm_nsrzt
   UNION ALL SELECT 'swjg', swjg_dm, swjgmc FROM dm_swjg
   UNION ALL SELECT 'swry', swry_dm, swryxm FROM dm_gy_swry
   UNION ALL SELECT 'xzqh', xzqh_dm, xzqhmc FROM dm_xzqh
   UNION ALL SELECT 'zsxm', zsxm_dm, zsxmmc FROM dm_zsxm`,
);

/** DJ_NSRXX with its code-table names, the open abnormal determination and the lookup keys. */
export interface AccountRow {
  djxh: string;
  nsrsbh: string;
  shxydm: string | null;
  nsrmc: string;
  fddbrxm: string | null;
  fddbrsfzjhm: string | null;
  djzclx_dm: string;
  djzclxmc: string | null;
  hy_dm: string;
  hymc: string | null;
  nsrzt_dm: string;
  nsrztmc: string | null;
  zgswj_dm: string;
  swjgmc: string | null;
  ssgly_dm: string | null;
  swryxm: string | null;
  gsdjzch: string | null;
  zcdz: string | null;
  scjydz: string | null;
  lxdh: string | null;
  xzqh_dm: string;
  xzqhmc: string | null;
  zzsybnsrbz: string;
  djrq: string;
  zxrq: string | null;
  /** Latest DJ_FZCHRDXX.RDRQ not lifted (JCRQ null). */
  fzch_rdrq: string | null;
  /** ORG_CODE_EXPR, for grouping rows under the USCC that found them. */
  zzjgdm: string | null;
  /** TIN_EXPR, for grouping rows under the TIN that found them. */
  nsrsbh_trim: string;
}

export interface ChangeRow {
  djxh: string;
  bgxh: string;
  bgxmmc: string;
  bgqnr: string | null;
  bghnr: string | null;
  bgrq: string;
}

export interface ReturnRow {
  djxh: string;
  zsxm_dm: string;
  zsxmmc: string | null;
  skssqq: string;
  skssqz: string;
  jsyj: string;
  sl1: string;
  ynse: string;
  sbrq: string;
  jtysxse: string | null;
}

export interface PaymentRow {
  djxh: string;
  dzsphm: string;
  zsxm_dm: string;
  zsxmmc: string | null;
  skssqq: string;
  skssqz: string;
  sjje: string;
  jkrq: string;
  mdse: string;
  skzl_dm: string | null;
  jkfs_dm: string | null;
  yskm_dm: string | null;
}

export interface QuotaRow {
  djxh: string;
  nd: string;
  ydxse: string;
  hdrq: string;
}

export interface DeemedCitRow {
  djxh: string;
  nd: string;
  yssdl: string;
}

export interface CreditRatingRow {
  djxh: string;
  pjnd: string;
  pjfs: string;
  xydj_dm: string;
}

export interface FreightInvoiceRow {
  fpdm: string;
  fphm: string;
  cyrnsrsbh: string;
  spfnsrsbh: string;
  kprq: string;
  yfje: string;
  se: string;
  /** The recipient's certification (FP_JXRZ), null when it did not deduct the invoice. */
  rzrq: string | null;
  rz_je: string | null;
  rz_se: string | null;
}

/** DJ_NSRXX rows without their code-table names (`withNames` adds them). */
function accountQuery(db: Knex) {
  return db
    .from('dj_nsrxx as n')
    .select(
      'n.djxh',
      'n.nsrsbh',
      'n.shxydm',
      'n.nsrmc',
      'n.fddbrxm',
      'n.fddbrsfzjhm',
      'n.djzclx_dm',
      'n.hy_dm',
      'n.nsrzt_dm',
      'n.zgswj_dm',
      'n.ssgly_dm',
      'n.gsdjzch',
      'n.zcdz',
      'n.scjydz',
      'n.lxdh',
      'n.xzqh_dm',
      'n.zzsybnsrbz',
      'n.djrq',
      'n.zxrq',
      db.raw('(SELECT MAX(f.rdrq) FROM dj_fzchrdxx f WHERE f.djxh = n.djxh AND f.jcrq IS NULL) AS fzch_rdrq'),
      db.raw(`(${ORG_CODE_EXPR}) AS zzjgdm`),
      db.raw(`${TIN_EXPR} AS nsrsbh_trim`),
    );
}

/** Registrations with the names of their codes, as a LEFT JOIN of the code tables gave them. */
async function withNames(db: Knex, query: Knex.QueryBuilder): Promise<AccountRow[]> {
  const [rows, names] = await Promise.all([query as Promise<AccountRow[]>, CODE_TABLES.of(db)]);
  for (const row of rows) {
    row.djzclxmc = names.name('djzclx', row.djzclx_dm);
    row.hymc = names.name('hy', row.hy_dm);
    row.nsrztmc = names.name('nsrzt', row.nsrzt_dm);
    row.swjgmc = names.name('swjg', row.zgswj_dm);
    row.swryxm = names.name('swry', row.ssgly_dm);
    row.xzqhmc = names.name('xzqh', row.xzqh_dm);
  }
  return rows;
}

/** Returns or levy records with their levy item's name (DM_ZSXM). */
async function withLevyItemNames<R extends { zsxm_dm: string; zsxmmc: string | null }>(db: Knex, query: Knex.QueryBuilder): Promise<R[]> {
  const [rows, names] = await Promise.all([query as Promise<R[]>, CODE_TABLES.of(db)]);
  for (const row of rows) row.zsxmmc = names.name('zsxm', row.zsxm_dm);
  return rows;
}

/**
 * The records of many taxpayers: by the recorded USCC (SHXYDM), by a TIN that is the USCC, or, for
 * organizations, by the organization code inside the TIN (index DJ_NSRXX_ZZJGDM).
 */
function whereMatches(q: Knex.QueryBuilder, matches: readonly TaxpayerMatch[]): void {
  const usccs = matches.map((m) => m.uscc);
  const orgs = matches.map((m) => m.orgCode).filter((o): o is string => o !== null);
  q.where((w) => {
    w.whereRaw('n.shxydm = ANY(?)', [usccs]).orWhereRaw(`${TIN_EXPR} = ANY(?)`, [usccs]);
    if (orgs.length) w.orWhereRaw(`(${ORG_CODE_EXPR}) = ANY(?)`, [orgs]);
  });
}

export async function accountsByUsccs(db: Knex, matches: readonly TaxpayerMatch[]): Promise<AccountRow[]> {
  const q = accountQuery(db);
  whereMatches(q, matches);
  return withNames(db, q);
}

/** Records by TIN, stray blanks in NSRSBH ignored (index DJ_NSRXX_NSRSBH). */
export async function accountsByTins(db: Knex, tins: readonly string[]): Promise<AccountRow[]> {
  return withNames(db, accountQuery(db).whereRaw(`${TIN_EXPR} = ANY(?)`, [[...tins]]));
}

/**
 * Records by the business registration number copied from the licence, stray blanks ignored (index
 * DJ_NSRXX_GSDJZCH, seeds/ddl/indexes/): how an old registry record without a USCC finds its taxpayer.
 */
export async function accountsByRegistrationNumbers(db: Knex, numbers: readonly string[]): Promise<AccountRow[]> {
  return withNames(db, accountQuery(db).whereRaw('TRIM(n.gsdjzch) = ANY(?)', [[...numbers]]));
}

export async function accountsByIds(db: Knex, ids: readonly string[]): Promise<AccountRow[]> {
  return withNames(db, accountQuery(db).whereRaw('n.djxh = ANY(?::numeric[])', [[...ids]]));
}

export interface ListFilter {
  match?: TaxpayerMatch | null;
  division?: string | null;
  industryCode?: string | null;
  status?: NationalTaxStatus | null;
  taxOfficeCode?: string | null;
  administratorCode?: string | null;
  registeredFrom?: string | null;
  registeredTo?: string | null;
}

/** One page in DJXH order after `afterId`; `limit` rows (callers ask one more to learn whether more follow). */
export async function list(db: Knex, filter: ListFilter, limit: number, afterId: string | null): Promise<AccountRow[]> {
  const q = accountQuery(db).orderBy('n.djxh').limit(limit);
  if (filter.match) whereMatches(q, [filter.match]);
  if (filter.division) q.where('n.xzqh_dm', filter.division);
  if (filter.industryCode) q.where('n.hy_dm', filter.industryCode);
  if (filter.status) q.where('n.nsrzt_dm', statusCodeOf(filter.status));
  if (filter.taxOfficeCode) q.where('n.zgswj_dm', filter.taxOfficeCode);
  if (filter.administratorCode) q.where('n.ssgly_dm', filter.administratorCode);
  if (filter.registeredFrom) q.where('n.djrq', '>=', filter.registeredFrom);
  if (filter.registeredTo) q.where('n.djrq', '<=', filter.registeredTo);
  if (afterId) q.whereRaw('n.djxh > ?::numeric', [afterId]);
  return withNames(db, q);
}

export async function changesFor(db: Knex, ids: readonly string[]): Promise<ChangeRow[]> {
  return db
    .from('dj_bgdj')
    .select('djxh', 'bgxh', 'bgxmmc', 'bgqnr', 'bghnr', 'bgrq')
    .whereRaw('djxh = ANY(?::numeric[])', [[...ids]])
    .orderBy(['djxh', 'bgrq', 'bgxh']);
}

/** Bounds of a calendar year, for DATE columns. */
function yearRange(year: number): [string, string] {
  return [`${String(year).padStart(4, '0')}-01-01`, `${String(year + 1).padStart(4, '0')}-01-01`];
}

/** Returns of many accounts; with `year`, only periods starting in that year (index SB_SBXX_DJXH on DJXH, SKSSQQ). */
export async function returnsFor(db: Knex, ids: readonly string[], year: number | null): Promise<ReturnRow[]> {
  const q = db
    .from('sb_sbxx as s')
    .select('s.djxh', 's.zsxm_dm', 's.skssqq', 's.skssqz', 's.jsyj', 's.sl1', 's.ynse', 's.sbrq', 's.jtysxse')
    .whereRaw('s.djxh = ANY(?::numeric[])', [[...ids]])
    .orderBy(['s.djxh', 's.skssqq', 's.zsxm_dm', 's.sbuuid']);
  if (year !== null) {
    const [from, to] = yearRange(year);
    q.where('s.skssqq', '>=', from).where('s.skssqq', '<', to);
  }
  return withLevyItemNames<ReturnRow>(db, q);
}

/** Levy records of many accounts; with `year`, only periods starting in that year (index ZS_YJSF_DJXH on DJXH, SKSSQQ). */
export async function paymentsFor(db: Knex, ids: readonly string[], year: number | null): Promise<PaymentRow[]> {
  const q = db
    .from('zs_yjsf as z')
    .select('z.djxh', 'z.dzsphm', 'z.zsxm_dm', 'z.skssqq', 'z.skssqz', 'z.sjje', 'z.jkrq', 'z.mdse', 'z.skzl_dm', 'z.jkfs_dm', 'z.yskm_dm')
    .whereRaw('z.djxh = ANY(?::numeric[])', [[...ids]])
    .orderBy(['z.djxh', 'z.skssqq', 'z.zsxm_dm', 'z.dzsphm']);
  if (year !== null) {
    const [from, to] = yearRange(year);
    q.where('z.skssqq', '>=', from).where('z.skssqq', '<', to);
  }
  return withLevyItemNames<PaymentRow>(db, q);
}

export async function quotasFor(db: Knex, ids: readonly string[], year: number | null): Promise<QuotaRow[]> {
  const q = db
    .from('hd_dexx')
    .select('djxh', 'nd', 'ydxse', 'hdrq')
    .whereRaw('djxh = ANY(?::numeric[])', [[...ids]])
    .orderBy(['djxh', 'nd']);
  if (year !== null) q.where('nd', year);
  return q;
}

export async function deemedCitFor(db: Knex, ids: readonly string[], year: number | null): Promise<DeemedCitRow[]> {
  const q = db
    .from('sds_hdzsxx')
    .select('djxh', 'nd', 'yssdl')
    .whereRaw('djxh = ANY(?::numeric[])', [[...ids]])
    .orderBy(['djxh', 'nd']);
  if (year !== null) q.where('nd', year);
  return q;
}

/**
 * A TIN typed as a placeholder (shared/identifiers.ts isPlaceholderTin, the rule kit/data-quality.ts
 * judges by): the whole TIN one repeated character (111111111111111), or the organization code inside
 * it with a body of one.
 */
const PLACEHOLDER_TIN = `(${TIN_EXPR} ~ '${ONE_REPEATED_CHARACTER.source}' OR COALESCE((${ORG_CODE_EXPR}) ~ '${PLACEHOLDER_ORG_CODE.source}', false))`;

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
 * How many registrations of each division (DJ_NSRXX.XZQH_DM) and industry (HY_DM) got each deemed
 * income rate for a year, for many groups in one statement (the groups as three arrays, numbered in
 * the order given); garbage-TIN records left out; per group the most common rate first.
 *
 * The groups' codes are bound as bpchar[], the columns' type: bound as text, the comparison casts the
 * column and the area index goes unused (a scan of every registration, per page of subjects).
 */
export async function deemedCitRatesFor(db: Knex, groups: readonly DeemedRateGroup[]): Promise<DeemedRateGroupRow[]> {
  // Counted per group (LATERAL), each through the area index as the one-group count was: planned
  // generically, a join over all the groups at once scanned every registration.
  const perGroup = db
    .from('dj_nsrxx as n')
    .join('sds_hdzsxx as h', 'h.djxh', 'n.djxh')
    .select('h.yssdl')
    .count({ taxpayers: '*' })
    .whereRaw('n.xzqh_dm = g.division AND n.hy_dm = g.industry AND h.nd = g.year')
    .whereRaw(`NOT ${PLACEHOLDER_TIN}`)
    .groupBy('h.yssdl')
    .toSQL();
  return db
    .from(
      db.raw('unnest(?::bpchar[], ?::bpchar[], ?::int[]) WITH ORDINALITY AS g(division, industry, year, "group")', [
        groups.map((g) => g.division),
        groups.map((g) => g.industryCode),
        groups.map((g) => g.year),
      ]),
    )
    .joinRaw(`CROSS JOIN LATERAL (${perGroup.sql}) AS r`, [...perGroup.bindings])
    .select('g.group', 'r.yssdl', 'r.taxpayers')
    .orderBy([{ column: 'g.group' }, { column: 'r.taxpayers', order: 'desc' }, { column: 'r.yssdl' }]);
}

export async function creditRatingsFor(db: Knex, ids: readonly string[], year: number | null): Promise<CreditRatingRow[]> {
  const q = db
    .from('xy_nsrxypj')
    .select('djxh', 'pjnd', 'pjfs', 'xydj_dm')
    .whereRaw('djxh = ANY(?::numeric[])', [[...ids]])
    .orderBy(['djxh', 'pjnd']);
  if (year !== null) q.where('pjnd', year);
  return q;
}

/**
 * Freight invoices whose carrier TIN (FP_HYFP.CYRNSRSBH, index FP_HYFP_CYR) is one of `tins`; with
 * `year`, issued that year. Each with its recipient's certification for deduction (FP_JXRZ, by its
 * primary key): the invoice's own recipient TIN (SPFNSRSBH), not anyone who certified the number.
 */
export async function freightInvoicesFor(db: Knex, tins: readonly string[], year: number | null): Promise<FreightInvoiceRow[]> {
  const q = db
    .from('fp_hyfp as f')
    .leftJoin('fp_jxrz as r', function () {
      this.on('r.fpdm', 'f.fpdm').andOn('r.fphm', 'f.fphm').andOn(db.raw('TRIM(r.gfnsrsbh) = TRIM(f.spfnsrsbh)'));
    })
    .select('f.fpdm', 'f.fphm', 'f.cyrnsrsbh', 'f.spfnsrsbh', 'f.kprq', 'f.yfje', 'f.se', 'r.rzrq', 'r.je as rz_je', 'r.se as rz_se')
    .whereRaw('f.cyrnsrsbh = ANY(?)', [[...tins]])
    .orderBy(['f.cyrnsrsbh', 'f.kprq', 'f.fpdm', 'f.fphm']);
  if (year !== null) {
    const [from, to] = yearRange(year);
    q.where('f.kprq', '>=', from).where('f.kprq', '<', to);
  }
  return q;
}

/** DM_SWJG: the tax offices of one division (XZQH_DM), by code. */
export async function officesIn(db: Knex, division: string): Promise<{ swjg_dm: string; swjgmc: string | null }[]> {
  return db.from('dm_swjg').select('swjg_dm', 'swjgmc').where('xzqh_dm', division).orderBy('swjg_dm');
}
