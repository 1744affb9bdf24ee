import type { ArgumentRule } from '../../kit/arguments';
import { CodeTable } from '../../kit/code-table';
import type { RecordKeys } from '../../kit/taxpayer-key';
import { detectDataIssues } from '../../kit/data-quality';
import { text, code } from '../../kit/mapping';
import { wanToYuan } from '../../../shared/money';
import { isValidUscc } from '../../../shared/identifiers';
import { ChangeItem, EntityType, RegistrationStatus } from '../types/enums';
import type { Registration } from '../types/registration';
import type { RegistrationChange } from '../types/registration-change';
import type { ChangeRow, RegistrationRow } from './registry.repository';

/** Legacy rows -> graph objects: code tables to enums with their Chinese labels, 万元 to yuan, trimmed text. */

const ENTITY_TYPES = new CodeTable<EntityType, EntityType.OTHER>(
  {
    '1100': [EntityType.LIMITED_LIABILITY_COMPANY, '有限责任公司'],
    '1200': [EntityType.JOINT_STOCK_COMPANY, '股份有限公司'],
    '4100': [EntityType.STATE_OWNED_ENTERPRISE, '全民所有制'],
    '9100': [EntityType.FARMERS_COOPERATIVE, '农民专业合作社'],
    '9500': [EntityType.INDIVIDUAL_BUSINESS, '个体工商户'],
  },
  { value: EntityType.OTHER, blankLabel: '未知' },
);

const REGISTRY_STATES = new CodeTable<RegistrationStatus, RegistrationStatus.OTHER>(
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

const CHANGE_ITEMS = new CodeTable<ChangeItem, ChangeItem.OTHER>(
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

/** The keys a registry record is found by (kit's RecordKeys), and its registration number (REGNO trimmed). */
export interface RegistrationKeys extends RecordKeys {
  registrationNumber: string;
}

/** PRIPID; UNISCID (the batch compares it with the USCC) and the organization code inside it (SUBSTR(UNISCID, 9, 9)); REGNO. */
export function keysOf(row: RegistrationRow): RegistrationKeys {
  const uscc = code(row.uniscid);
  return { id: row.pripid, registrationNumber: code(row.regno) ?? '', usccs: [uscc], orgCode: uscc?.slice(8, 17) ?? null };
}

/** The record (PRIPID) a change belongs to. */
export const registrationOf = (row: { pripid: string }): string => row.pripid;

/** The registry's internal key (PRIPID) as clients give it: case kept, since the registry's keys may hold lower case. */
export const REGISTRATION_KEY: ArgumentRule = {
  expected: 'a registry internal key (PRIPID: up to 36 letters, digits and hyphens)',
  pattern: /^[0-9A-Za-z-]{1,36}$/,
  caseSensitive: true,
};

export function toRegistration(row: RegistrationRow): Registration {
  const [entityType, entityTypeLabel] = ENTITY_TYPES.decode(row.enttype);
  // A state the code table does not list is OTHER, with the raw code as its label: never guessed as active.
  const [status, statusLabel] = REGISTRY_STATES.decode(row.regstate);
  const uscc = code(row.uniscid);
  const person = text(row.lerep) || text(row.cerno) ? { name: text(row.lerep), idNumber: code(row.cerno) } : null;
  return {
    id: row.pripid,
    uscc: uscc && isValidUscc(uscc) ? uscc : null,
    registrationNumber: code(row.regno),
    name: text(row.entname) ?? '',
    entityType,
    entityTypeLabel,
    legalRepresentative: person,
    registeredCapital: wanToYuan(row.regcap),
    capitalCurrency: text(row.regcapcur),
    establishedOn: row.estdate,
    approvedOn: row.apprdate,
    division: text(row.regorg) ?? '',
    address: text(row.dom),
    businessScope: text(row.opscope),
    industryCode: text(row.industryco),
    status,
    statusLabel,
    revokedOn: row.revdate,
    cancelledOn: row.candate,
    cancellationReason: text(row.canrea),
    migratedOutOn: row.movedate,
    migratedTo: text(row.toregorg),
    phone: text(row.tel),
    // The dates are DATE columns: PostgreSQL holds no impossible date there.
    dataIssues: detectDataIssues([
      { field: 'uscc', kind: 'uscc', value: row.uniscid },
      { field: 'registrationNumber', kind: 'registrationNo', value: row.regno },
      { field: 'name', kind: 'name', value: row.entname },
    ]),
  };
}

export function toChange(row: ChangeRow): RegistrationChange {
  const [item, itemLabel] = CHANGE_ITEMS.decode(row.altitem);
  return { item, itemLabel, before: text(row.altbe), after: text(row.altaf), changedOn: row.altdate };
}
