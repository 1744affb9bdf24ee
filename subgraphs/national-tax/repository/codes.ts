import { CodeTable } from '../../kit/code-table';
import { NationalTaxChangeItem, NationalTaxLevyItem, NationalTaxLevyKind, NationalTaxStatus } from '../types/enums';

/**
 * National tax's legacy codes (NSRZT_DM, DJZCLX_DM, ZSXM_DM, BGXMMC): the mapper decodes rows by
 * them, the repository filters by them.
 */

/** NSRZT_DM -> status; the label falls back to these names when DM_NSRZT lacks the code. */
export const NATIONAL_STATUSES = new CodeTable<NationalTaxStatus, NationalTaxStatus.OTHER>(
  {
    '01': [NationalTaxStatus.ACCEPTED, '受理'],
    '02': [NationalTaxStatus.PREPARING, '筹建期'],
    '03': [NationalTaxStatus.NORMAL, '正常'],
    '04': [NationalTaxStatus.SUSPENDED, '停业'],
    '05': [NationalTaxStatus.ABNORMAL, '非正常'],
    '06': [NationalTaxStatus.LIQUIDATING, '清算'],
    '07': [NationalTaxStatus.DEREGISTERED, '注销'],
    '08': [NationalTaxStatus.ABNORMAL_DEREGISTERED, '非正常户注销'],
    '09': [NationalTaxStatus.OUT_OF_AREA_OPERATION, '报验'],
    '99': [NationalTaxStatus.OTHER, '其他'],
  },
  { value: NationalTaxStatus.OTHER, blankLabel: '其他' },
);

/** NSRZT_DM of an abnormal taxpayer (非正常户). */
export const ABNORMAL = '05';
/** DJZCLX_DM of an individual business (个体工商户). */
export const INDIVIDUAL_BUSINESS_TYPE = '410';

/** ZSXM_DM; the label of DM_ZSXM comes first, these names when it lacks the code. */
export const LEVY_ITEMS = new CodeTable<NationalTaxLevyItem, NationalTaxLevyItem.OTHER>(
  {
    '10101': [NationalTaxLevyItem.VAT, '增值税'],
    '10102': [NationalTaxLevyItem.CONSUMPTION_TAX, '消费税'],
    '10104': [NationalTaxLevyItem.CIT, '企业所得税'],
  },
  { value: NationalTaxLevyItem.OTHER, blankLabel: '' },
);

/** BGXMMC, written out by hand in the legacy screen: the names clerks used for each change. */
export const CHANGE_ITEMS: Record<string, NationalTaxChangeItem> = {
  名称: NationalTaxChangeItem.NAME,
  纳税人名称: NationalTaxChangeItem.NAME,
  地址: NationalTaxChangeItem.ADDRESS,
  注册地址: NationalTaxChangeItem.ADDRESS,
  生产经营地址: NationalTaxChangeItem.ADDRESS,
  法定代表人: NationalTaxChangeItem.LEGAL_REPRESENTATIVE,
  迁出: NationalTaxChangeItem.MIGRATED_OUT,
};

/** The NSRZT_DM code for a status, for filtering . */
export function statusCodeOf(status: NationalTaxStatus): string {
  return NATIONAL_STATUSES.codeOf(status);
}

/** SKZL_DM 税款种类 of a levy record; a blank code is a declared payment (the column's default). */
export const LEVY_KINDS = new CodeTable<NationalTaxLevyKind, NationalTaxLevyKind.OTHER>(
  {
    '10': [NationalTaxLevyKind.DECLARED, '申报'],
    '20': [NationalTaxLevyKind.AUDIT_BACK_TAX, '查补'],
    '30': [NationalTaxLevyKind.DEFERRED, '缓缴'],
  },
  { value: NationalTaxLevyKind.OTHER, blankLabel: '申报' },
);
