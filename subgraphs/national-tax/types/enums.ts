import { registerEnumType } from 'type-graphql';

/** 纳税人状态 (DJ_NSRXX.NSRZT_DM, code table DM_NSRZT). */
export enum NationalTaxStatus {
  ACCEPTED = 'ACCEPTED',
  PREPARING = 'PREPARING',
  NORMAL = 'NORMAL',
  SUSPENDED = 'SUSPENDED',
  ABNORMAL = 'ABNORMAL',
  LIQUIDATING = 'LIQUIDATING',
  DEREGISTERED = 'DEREGISTERED',
  ABNORMAL_DEREGISTERED = 'ABNORMAL_DEREGISTERED',
  OUT_OF_AREA_OPERATION = 'OUT_OF_AREA_OPERATION',
  OTHER = 'OTHER',
}
registerEnumType(NationalTaxStatus, {
  name: 'NationalTaxStatus',
  description:
    'National-tax registration status (纳税人状态, DJ_NSRXX.NSRZT_DM, DM_NSRZT): 01 受理 accepted, 02 筹建期 preparing, 03 正常 normal, ' +
    '04 停业 suspended, 05 非正常 abnormal, 06 清算 liquidating, 07 注销 deregistered, 08 非正常户注销 abnormal and voided, ' +
    '09 报验 out-of-area operation, 99 其他 other (also any code the table does not list).',
  valuesConfig: {
    ACCEPTED: { description: '01 受理: application accepted.' },
    PREPARING: { description: '02 筹建期: in preparation.' },
    NORMAL: { description: '03 正常: normal.' },
    SUSPENDED: { description: '04 停业: business suspended.' },
    ABNORMAL: { description: '05 非正常: abnormal taxpayer (did not file, cannot be found).' },
    LIQUIDATING: { description: '06 清算: in liquidation.' },
    DEREGISTERED: { description: '07 注销: deregistered.' },
    ABNORMAL_DEREGISTERED: { description: '08 非正常户注销: registration voided after being abnormal.' },
    OUT_OF_AREA_OPERATION: { description: '09 报验: registered for operation outside its home area.' },
    OTHER: { description: '99 其他: other, or a code DM_NSRZT does not list.' },
  },
});

/** 纳税人类型, derived from DJ_NSRXX.DJZCLX_DM and ZZSYBNSRBZ. */
export enum NationalTaxpayerType {
  GENERAL = 'GENERAL',
  SMALL_SCALE = 'SMALL_SCALE',
  INDIVIDUAL_BUSINESS = 'INDIVIDUAL_BUSINESS',
}
registerEnumType(NationalTaxpayerType, {
  name: 'NationalTaxpayerType',
  description:
    'VAT taxpayer type: registration type 410 (DJ_NSRXX.DJZCLX_DM) is an individual business (个体工商户); otherwise the general-taxpayer ' +
    'flag DJ_NSRXX.ZZSYBNSRBZ Y is a general VAT taxpayer (一般纳税人), N small-scale (小规模纳税人).',
  valuesConfig: {
    GENERAL: { description: '一般纳税人: general VAT taxpayer (ZZSYBNSRBZ = Y).' },
    SMALL_SCALE: { description: '小规模纳税人: small-scale VAT taxpayer (ZZSYBNSRBZ = N).' },
    INDIVIDUAL_BUSINESS: { description: '个体工商户: individual business (DJZCLX_DM = 410).' },
  },
});

/** 征收项目 (ZSXM_DM, code table DM_ZSXM). */
export enum NationalTaxLevyItem {
  VAT = 'VAT',
  CONSUMPTION_TAX = 'CONSUMPTION_TAX',
  CIT = 'CIT',
  OTHER = 'OTHER',
}
registerEnumType(NationalTaxLevyItem, {
  name: 'NationalTaxLevyItem',
  description:
    'Levy item, i.e. which tax (征收项目, ZSXM_DM, DM_ZSXM): 10101 增值税 VAT, 10102 消费税 consumption tax, 10104 企业所得税 CIT; anything else OTHER.',
  valuesConfig: {
    VAT: { description: '10101 增值税: value-added tax.' },
    CONSUMPTION_TAX: { description: '10102 消费税: consumption tax.' },
    CIT: { description: '10104 企业所得税: corporate income tax.' },
    OTHER: { description: 'Another levy item; its name is in the label.' },
  },
});

/** 纳税信用等级 (XY_NSRXYPJ.XYDJ_DM). */
export enum NationalTaxCreditGrade {
  A = 'A',
  B = 'B',
  M = 'M',
  C = 'C',
  D = 'D',
}
registerEnumType(NationalTaxCreditGrade, {
  name: 'NationalTaxCreditGrade',
  description:
    'Tax credit grade (纳税信用等级, XY_NSRXYPJ.XYDJ_DM), best first: A (>= 90), B (70-89), M (new enterprise, from 2018), C (40-69), D (< 40 or evasion).',
  valuesConfig: {
    A: { description: 'A级: score 90 or more.' },
    B: { description: 'B级: score 70 to 89.' },
    M: { description: 'M级: new enterprise without a full year of history (from 2018).' },
    C: { description: 'C级: score 40 to 69.' },
    D: { description: 'D级: score under 40, or rated D directly for evasion.' },
  },
});

/** 变更项目 (DJ_BGDJ.BGXMMC). */
export enum NationalTaxChangeItem {
  NAME = 'NAME',
  ADDRESS = 'ADDRESS',
  LEGAL_REPRESENTATIVE = 'LEGAL_REPRESENTATIVE',
  MIGRATED_OUT = 'MIGRATED_OUT',
  OTHER = 'OTHER',
}
registerEnumType(NationalTaxChangeItem, {
  name: 'NationalTaxChangeItem',
  description:
    'What a registration change altered (变更项目, DJ_BGDJ.BGXMMC): 名称 name, 地址 address, 法定代表人 legal representative, 迁出 migration out; anything else OTHER.',
  valuesConfig: {
    NAME: { description: '名称: the name.' },
    ADDRESS: { description: '地址: the address.' },
    LEGAL_REPRESENTATIVE: { description: '法定代表人: the legal representative.' },
    MIGRATED_OUT: { description: '迁出: moved to another tax office.' },
    OTHER: { description: 'Another item; its name is in the label.' },
  },
});

/** 税款种类 of a levy record (ZS_YJSF.SKZL_DM). */
export enum NationalTaxLevyKind {
  DECLARED = 'DECLARED',
  AUDIT_BACK_TAX = 'AUDIT_BACK_TAX',
  DEFERRED = 'DEFERRED',
  OTHER = 'OTHER',
}
registerEnumType(NationalTaxLevyKind, {
  name: 'NationalTaxLevyKind',
  description:
    'What a levy record collected (税款种类, ZS_YJSF.SKZL_DM): 10 declared on a return, 20 audit back-tax (查补), 30 tax paid after an approved ' +
    'deferral (缓缴). All of them are tax actually paid and count in the urban construction tax base.',
  valuesConfig: {
    DECLARED: { description: '10 申报: tax declared on a return and paid with it.' },
    AUDIT_BACK_TAX: { description: '20 查补: back-tax collected after an audit, for the period it belonged to.' },
    DEFERRED: { description: '30 缓缴: tax of a period paid late under an approved deferral.' },
    OTHER: { description: 'A levy record of another kind (a code outside 10, 20, 30).' },
  },
});
