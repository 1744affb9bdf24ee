import { CodeTable } from '../../kit/code-table';
import { LocalTaxReturnKind, LocalTaxStatus, LocalTaxType } from '../types/enums';

/** Local tax's legacy codes (ZT, SZDM): the mapper decodes rows by them, the repository filters by them. */

/** DM_ZT: the code, the enum, and the label used when the code table lacks the row. */
export const STATUSES = new CodeTable<LocalTaxStatus>({
  '10': [LocalTaxStatus.NORMAL, '正常'],
  '30': [LocalTaxStatus.ABNORMAL, '非正常'],
  '40': [LocalTaxStatus.MISSING, '失踪'],
  '50': [LocalTaxStatus.PENDING_DEREGISTRATION, '待注销'],
  '60': [LocalTaxStatus.DEREGISTERED, '注销'],
  '61': [LocalTaxStatus.DEREGISTERED_FROM_ABNORMAL, '非正常注销'],
});

/** DM_SZ. */
export const TAX_TYPES = new CodeTable<LocalTaxType>({
  '03': [LocalTaxType.BUSINESS_TAX, '营业税'],
  '05': [LocalTaxType.CIT, '企业所得税'],
  '10': [LocalTaxType.URBAN_CONSTRUCTION_TAX, '城市维护建设税'],
  '51': [LocalTaxType.EDUCATION_SURCHARGE, '教育费附加'],
  '61': [LocalTaxType.LOCAL_EDUCATION_SURCHARGE, '地方教育附加'],
});

/** The ZT code for a status, for filtering. */
export function statusCodeOf(status: LocalTaxStatus): string {
  return STATUSES.codeOf(status);
}

/** The SZDM code for a tax type, for filtering. */
export function taxTypeCodeOf(taxType: LocalTaxType): string {
  return TAX_TYPES.codeOf(taxType);
}

/** SB_MX.SBLX 申报类型; a blank or unknown code is a return line (the column's default). */
export const RETURN_KINDS = new CodeTable<LocalTaxReturnKind, LocalTaxReturnKind.RETURN>(
  {
    '1': [LocalTaxReturnKind.RETURN, '正常申报'],
    '2': [LocalTaxReturnKind.AUDIT_BACK_TAX, '查补'],
  },
  { value: LocalTaxReturnKind.RETURN, blankLabel: '正常申报' },
);

/**
 * SWDJ rows not soft-deleted (CZBZ 1), as SQL for a registration under `alias`. The code is written
 * into the statement, not bound: every statement here runs on its generic plan (kit/db.ts), and a
 * bound `czbz <> $1` is estimated at one row, which turned the revenue aggregate into a nested loop
 * over every registration (3.3 s against 40 ms at 2,000 taxpayers, seconds more under load).
 */
export const notSoftDeleted = (alias: string): string => `${alias}.czbz <> '1'`;
