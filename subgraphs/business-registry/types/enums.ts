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
  valuesConfig: {
    LIMITED_LIABILITY_COMPANY: { description: '1100 有限责任公司: limited liability company (a name ending 有限公司 or 有限责任公司).' },
    JOINT_STOCK_COMPANY: { description: '1200 股份有限公司: company limited by shares.' },
    STATE_OWNED_ENTERPRISE: {
      description:
        '4100 全民所有制: enterprise owned by the whole people (state-owned, not a Company Law company; names end in 厂 or 公司).',
    },
    FARMERS_COOPERATIVE: { description: "9100 农民专业合作社: farmers' specialized cooperative." },
    INDIVIDUAL_BUSINESS: { description: '9500 个体工商户: individual business (a natural person trading under a licence).' },
    OTHER: { description: "A code the registry's table does not list: the label shows the code (or 未知 when blank)." },
  },
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
  valuesConfig: {
    ACTIVE: { description: '1 存续: in existence, trading.' },
    REVOKED: { description: '2 吊销,未注销: licence revoked, not yet cancelled.' },
    REVOKED_AND_CANCELLED: { description: '3 吊销,已注销: licence revoked and the entity cancelled.' },
    CANCELLED: { description: '4 注销: cancelled (deregistered).' },
    WITHDRAWN: { description: '5 撤销: registration withdrawn (annulled).' },
    MIGRATED_OUT: { description: '6 迁出: moved to another registration authority.' },
    OTHER: { description: "A code the registry's table does not list: the label shows the code (or 未知 when blank)." },
  },
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
  valuesConfig: {
    NAME: { description: '01 名称: the name.' },
    ADDRESS: { description: '02 住所: the domicile.' },
    LEGAL_REPRESENTATIVE: { description: '03 法定代表人: the legal representative.' },
    REGISTERED_CAPITAL: { description: '04 注册资本: the registered capital.' },
    BUSINESS_SCOPE: { description: '05 经营范围: the business scope.' },
    OTHER: { description: "Any other item (其他), or a code the registry's table does not list." },
  },
});
