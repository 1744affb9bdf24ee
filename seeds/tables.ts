import type { LegacySource } from '../shared/sources';

/** A value as a COPY row carries it: text, a number, or NULL. */
export type Value = string | number | null;

/** The words of a space-separated list, as a tuple type ('a b' -> ['a', 'b']). */
type Words<S extends string, Done extends string[] = []> = S extends `${infer Head} ${infer Tail}`
  ? Words<Tail, [...Done, Head]>
  : [...Done, S];
/** The words of several lists, in order. */
type WordsOf<Lines extends readonly string[]> = Lines extends readonly [infer Head extends string, ...infer Tail extends string[]]
  ? [...Words<Head>, ...WordsOf<Tail>]
  : [];

/** The generator's view of a legacy table: where it lives and its columns, in the order its COPY rows carry them. */
export interface TableSpec<Columns extends readonly string[] = readonly string[]> {
  source: LegacySource;
  /** The table's name as PostgreSQL stores it (unquoted legacy names fold to lower case). */
  name: string;
  columns: Columns;
}

/**
 * Declares a table once: its columns in COPY order, as space-separated lists (more than one where a
 * line would grow too long), which also give the type of its rows.
 */
function t<const L extends readonly string[]>(source: LegacySource, name: string, ...lines: L): TableSpec<WordsOf<L>> {
  const columns = lines.join(' ').split(' ');
  if (columns.some((c) => !/^\w+$/.test(c))) throw new Error(`${name}: columns must be names separated by one space: ${lines.join(' | ')}`);
  return { source, name, columns: columns as WordsOf<L> };
}

export const TABLES = {
  // national tax (国税)
  dmNsrzt: t('national-tax', 'dm_nsrzt', 'nsrzt_dm nsrztmc'),
  dmDjzclx: t('national-tax', 'dm_djzclx', 'djzclx_dm djzclxmc'),
  dmHy: t('national-tax', 'dm_hy', 'hy_dm hymc'),
  dmXzqh: t('national-tax', 'dm_xzqh', 'xzqh_dm xzqhmc'),
  dmSwjgN: t('national-tax', 'dm_swjg', 'swjg_dm swjgmc xzqh_dm'),
  dmZsxm: t('national-tax', 'dm_zsxm', 'zsxm_dm zsxmmc'),
  dmSwry: t('national-tax', 'dm_gy_swry', 'swry_dm swryxm swjg_dm'),
  djNsrxx: t(
    'national-tax',
    'dj_nsrxx',
    'djxh nsrsbh shxydm nsrmc fddbrxm fddbrsfzjhm djzclx_dm hy_dm nsrzt_dm zgswj_dm ssgly_dm',
    'gsdjzch zcdz scjydz lxdh xzqh_dm zzsybnsrbz djrq zxrq lrrq xgrq yxbz',
  ),
  djFzch: t('national-tax', 'dj_fzchrdxx', 'djxh rdrq jcrq'),
  djBgdj: t('national-tax', 'dj_bgdj', 'bgxh djxh bgxmmc bgqnr bghnr bgrq'),
  sbSbxx: t('national-tax', 'sb_sbxx', 'sbuuid djxh zsxm_dm skssqq skssqz jsyj sl1 ynse sbrq jtysxse'),
  zsYjsf: t('national-tax', 'zs_yjsf', 'dzsphm djxh zsxm_dm skssqq skssqz sjje jkrq mdse skzl_dm jkfs_dm yskm_dm'),
  hdDexx: t('national-tax', 'hd_dexx', 'djxh nd ydxse hdrq'),
  sdsHdN: t('national-tax', 'sds_hdzsxx', 'djxh nd yssdl'),
  xyN: t('national-tax', 'xy_nsrxypj', 'djxh pjnd pjfs xydj_dm'),
  fpHyfp: t('national-tax', 'fp_hyfp', 'fpdm fphm cyrnsrsbh cyrmc spfnsrsbh kprq yfje se'),
  fpJxrz: t('national-tax', 'fp_jxrz', 'fpdm fphm gfnsrsbh rzrq je se'),
  // local tax (地税)
  dmZt: t('local-tax', 'dm_zt', 'ztdm ztmc'),
  dmSz: t('local-tax', 'dm_sz', 'szdm szmc'),
  dmSwjgL: t('local-tax', 'dm_swjg', 'swjgdm swjgmc xzqh'),
  dmZgy: t('local-tax', 'dm_zgy', 'zgydm zgyxm swjgdm'),
  swdj: t('local-tax', 'swdj', 'jsjdm swdjzh tyxydm zzjgdm nsrmc frxm frzjhm lxdh djlx hydm xzqh swjgdm zgydm dz zt ztrq djrq zxrq czbz'),
  sbMx: t('local-tax', 'sb_mx', 'sblsh jsjdm szdm ssqq ssqz jsyj sl ynse sbrq sjse sblx ajbh'),
  gtde: t('local-tax', 'gtde', 'jsjdm nd yyye hdrq'),
  sdsHdL: t('local-tax', 'sds_hd', 'jsjdm nd yssdl'),
  xyL: t('local-tax', 'xypj', 'jsjdm nd df dj'),
  jcAj: t('local-tax', 'jc_aj', 'ajbh jsjdm ajly larq jarq bjsk fk ay'),
  spJk: t('local-tax', 'sp_jk', 'swjgdm sphm jsjdm szdm ssqq ssqz sjje jkrq jkfs yskm'),
  // business registry (工商)
  eBase: t(
    'business-registry',
    'e_baseinfo',
    'pripid regno uniscid entname enttype lerep cerno regcap regcapcur estdate apprdate regorg dom opscope industryco regstate revdate tel',
  ),
  eAlter: t('business-registry', 'e_alter', 'altid pripid altitem altbe altaf altdate'),
  eCancel: t('business-registry', 'e_cancel', 'pripid candate canrea'),
  eMove: t('business-registry', 'e_moveout', 'pripid movedate toregorg'),
  // TIPS (财税库银)
  tOrg: t('treasury-bank', 'TaxOrgCodeTable', 'TaxOrgCode TaxOrgName TaxOrgType'),
  tBank: t('treasury-bank', 'BankCodeTable', 'BankCode BankName'),
  tTre: t('treasury-bank', 'TreCodeTable', 'TreCode TreName'),
  tProtocol: t('treasury-bank', 'ProtocolInfo', 'ProtocolNo TaxOrgCode TaxPayCode PayBkCode PayAcct HandleDate'),
  tPayment: t(
    'treasury-bank',
    'TaxPayment',
    'TaxOrgCode EntrustDate TraNo TaxVouNo TaxPayCode TaxPayName PayBkCode PayAcct TreCode TraAmt',
    'TaxTypeCode BudgetSubjectCode BudgetLevelCode TaxStartDate TaxEndDate PayMode Result AddWord DeductDate DeductTime',
  ),
  tTreasury: t('treasury-bank', 'TreasuryEntry', 'TaxOrgCode EntrustDate TraNo TreCode TreDate TreTime'),
  tRefund: t('treasury-bank', 'RefundInfo', 'RefundNo TaxOrgCode OriTaxVouNo RefundAmt RefundDate RefundTime'),
} as const satisfies Record<string, TableSpec>;

export type TableKey = keyof typeof TABLES;
export type ColumnOf<K extends TableKey> = (typeof TABLES)[K]['columns'][number];
/** One row of table K keyed by its legacy column names: every column (null where empty), nothing else. */
export type RowOf<K extends TableKey> = { [C in ColumnOf<K>]: Value };

/**
 * A row's values in its table's COPY column order: the one place a row becomes positional. Throws on
 * a missing or unknown column, which in a positional row would silently shift every value after it.
 */
export function toCopyRow<K extends TableKey>(table: K, row: RowOf<K>): Value[] {
  const spec: TableSpec = TABLES[table];
  const given = row as Record<string, Value | undefined>;
  const values = new Array<Value>(spec.columns.length);
  for (let k = 0; k < spec.columns.length; k++) {
    const value = given[spec.columns[k]];
    if (value === undefined) throw new Error(`${spec.source} ${spec.name}: the row has no value for column ${spec.columns[k]}`);
    values[k] = value;
  }
  let keys = 0;
  for (const _ in given) keys++;
  if (keys !== spec.columns.length) {
    const unknown = Object.keys(given).filter((c) => !spec.columns.includes(c));
    throw new Error(`${spec.source} ${spec.name}: the row has unknown column(s) ${unknown.join(', ')}`);
  }
  return values;
}
