import type { LegacySource } from '../shared/sources';

/** The generator's view of a legacy table: where it lives and the column order of its COPY rows. */
export interface TableSpec {
  source: LegacySource;
  /** The table's name as PostgreSQL stores it (unquoted legacy names fold to lower case). */
  name: string;
  columns: readonly string[];
}

const t = (source: LegacySource, name: string, columns: string): TableSpec => ({
  source,
  name,
  columns: columns.trim().split(/\s+/),
});

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
    'djxh nsrsbh shxydm nsrmc fddbrxm fddbrsfzjhm djzclx_dm hy_dm nsrzt_dm zgswj_dm ssgly_dm gsdjzch zcdz scjydz lxdh xzqh_dm zzsybnsrbz djrq zxrq lrrq xgrq yxbz',
  ),
  djFzch: t('national-tax', 'dj_fzchrdxx', 'djxh rdrq jcrq'),
  djBgdj: t('national-tax', 'dj_bgdj', 'bgxh djxh bgxmmc bgqnr bghnr bgrq'),
  sbSbxx: t('national-tax', 'sb_sbxx', 'sbuuid djxh zsxm_dm skssqq skssqz jsyj sl1 ynse sbrq'),
  zsYjsf: t('national-tax', 'zs_yjsf', 'dzsphm djxh zsxm_dm skssqq skssqz sjje jkrq mdse'),
  hdDexx: t('national-tax', 'hd_dexx', 'djxh nd ydxse hdrq'),
  sdsHdN: t('national-tax', 'sds_hdzsxx', 'djxh nd yssdl'),
  xyN: t('national-tax', 'xy_nsrxypj', 'djxh pjnd pjfs xydj_dm'),
  fpHyfp: t('national-tax', 'fp_hyfp', 'fpdm fphm cyrnsrsbh cyrmc spfnsrsbh kprq yfje se'),
  // local tax (地税)
  dmZt: t('local-tax', 'dm_zt', 'ztdm ztmc'),
  dmSz: t('local-tax', 'dm_sz', 'szdm szmc'),
  dmSwjgL: t('local-tax', 'dm_swjg', 'swjgdm swjgmc xzqh'),
  dmZgy: t('local-tax', 'dm_zgy', 'zgydm zgyxm swjgdm'),
  swdj: t('local-tax', 'swdj', 'jsjdm swdjzh tyxydm zzjgdm nsrmc frxm frzjhm lxdh djlx hydm xzqh swjgdm zgydm dz zt ztrq djrq zxrq czbz'),
  sbMx: t('local-tax', 'sb_mx', 'sblsh jsjdm szdm ssqq ssqz jsyj sl ynse sbrq'),
  gtde: t('local-tax', 'gtde', 'jsjdm nd yyye hdrq'),
  sdsHdL: t('local-tax', 'sds_hd', 'jsjdm nd yssdl'),
  xyL: t('local-tax', 'xypj', 'jsjdm nd df dj'),
  jcAj: t('local-tax', 'jc_aj', 'ajbh jsjdm ajly larq jarq bjsk fk ay'),
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
    'TaxOrgCode EntrustDate TraNo TaxVouNo TaxPayCode TaxPayName PayBkCode PayAcct TreCode TraAmt TaxTypeCode BudgetSubjectCode BudgetLevelCode TaxStartDate TaxEndDate PayMode Result AddWord DeductDate DeductTime',
  ),
  tTreasury: t('treasury-bank', 'TreasuryEntry', 'TaxOrgCode EntrustDate TraNo TreCode TreDate TreTime'),
  tRefund: t('treasury-bank', 'RefundInfo', 'RefundNo TaxOrgCode OriTaxVouNo RefundAmt RefundDate RefundTime'),
} as const satisfies Record<string, TableSpec>;

export type TableKey = keyof typeof TABLES;
export type Row = (string | number | null)[];
