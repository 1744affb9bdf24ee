import { registerEnumType } from 'type-graphql';

/** 市场主体类型 (E_BASEINFO.ENTTYPE). */
export enum EntityType {
  LIMITED_LIABILITY_COMPANY = 'LIMITED_LIABILITY_COMPANY',
  JOINT_STOCK_COMPANY = 'JOINT_STOCK_COMPANY',
  STATE_OWNED_ENTERPRISE = 'STATE_OWNED_ENTERPRISE',
  FARMERS_COOPERATIVE = 'FARMERS_COOPERATIVE',
  INDIVIDUAL_BUSINESS = 'INDIVIDUAL_BUSINESS',
  OTHER = 'OTHER',
}
registerEnumType(EntityType, {
  name: 'EntityType',
  description:
    'Kind of market entity (市场主体类型, E_BASEINFO.ENTTYPE): 1100 LLC, 1200 joint stock, 4100 state-owned, 9100 cooperative, 9500 individual business.',
});

/** 登记状态 (E_BASEINFO.REGSTATE). */
export enum RegistrationStatus {
  ACTIVE = 'ACTIVE',
  REVOKED = 'REVOKED',
  REVOKED_AND_CANCELLED = 'REVOKED_AND_CANCELLED',
  CANCELLED = 'CANCELLED',
  WITHDRAWN = 'WITHDRAWN',
  MIGRATED_OUT = 'MIGRATED_OUT',
  OTHER = 'OTHER',
}
registerEnumType(RegistrationStatus, {
  name: 'RegistrationStatus',
  description:
    'Registry status (登记状态, E_BASEINFO.REGSTATE): 1 存续 active, 2 吊销 revoked, 3 吊销已注销, 4 注销 cancelled, 5 撤销 withdrawn, 6 迁出 migrated out; ' +
    "OTHER for a code the registry's table does not list (its label shows the code).",
});

/** 变更事项 (E_ALTER.ALTITEM). */
export enum ChangeItem {
  NAME = 'NAME',
  ADDRESS = 'ADDRESS',
  LEGAL_REPRESENTATIVE = 'LEGAL_REPRESENTATIVE',
  REGISTERED_CAPITAL = 'REGISTERED_CAPITAL',
  BUSINESS_SCOPE = 'BUSINESS_SCOPE',
  OTHER = 'OTHER',
}
registerEnumType(ChangeItem, {
  name: 'ChangeItem',
  description:
    'What a registry change altered (变更事项, E_ALTER.ALTITEM): 01 name, 02 address, 03 legal representative, 04 capital, 05 scope.',
});
