import { CodeTable } from '../../kit/code-table';
import { ChangeItem, EntityType, RegistrationStatus } from '../types/enums';

/** The business registry's legacy codes (ENTTYPE, REGSTATE, ALTITEM): the mapper decodes rows by them, the repository filters by them. */

/** ENTTYPE. */
export const ENTITY_TYPES = new CodeTable<EntityType, EntityType.OTHER>(
  {
    '1100': [EntityType.LIMITED_LIABILITY_COMPANY, '有限责任公司'],
    '1200': [EntityType.JOINT_STOCK_COMPANY, '股份有限公司'],
    '4100': [EntityType.STATE_OWNED_ENTERPRISE, '全民所有制'],
    '9100': [EntityType.FARMERS_COOPERATIVE, '农民专业合作社'],
    '9500': [EntityType.INDIVIDUAL_BUSINESS, '个体工商户'],
  },
  { value: EntityType.OTHER, blankLabel: '未知' },
);

/** REGSTATE. */
export const REGISTRY_STATES = new CodeTable<RegistrationStatus, RegistrationStatus.OTHER>(
  {
    '1': [RegistrationStatus.ACTIVE, '存续'],
    '2': [RegistrationStatus.REVOKED, '吊销,未注销'],
    '3': [RegistrationStatus.REVOKED_AND_CANCELLED, '吊销,已注销'],
    '4': [RegistrationStatus.CANCELLED, '注销'],
    '5': [RegistrationStatus.WITHDRAWN, '撤销'],
    '6': [RegistrationStatus.MIGRATED_OUT, '迁出'],
  },
  { value: RegistrationStatus.OTHER, blankLabel: '未知' },
);

/** E_ALTER.ALTITEM. */
export const CHANGE_ITEMS = new CodeTable<ChangeItem, ChangeItem.OTHER>(
  {
    '01': [ChangeItem.NAME, '名称'],
    '02': [ChangeItem.ADDRESS, '住所'],
    '03': [ChangeItem.LEGAL_REPRESENTATIVE, '法定代表人'],
    '04': [ChangeItem.REGISTERED_CAPITAL, '注册资本'],
    '05': [ChangeItem.BUSINESS_SCOPE, '经营范围'],
  },
  { value: ChangeItem.OTHER, blankLabel: '其他' },
);

/** The registry code (REGSTATE) for a status, for filtering. */
export function statusCodeOf(status: RegistrationStatus): string {
  return REGISTRY_STATES.codeOf(status);
}
