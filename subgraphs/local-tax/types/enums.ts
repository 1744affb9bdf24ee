import { registerEnumType } from 'type-graphql';

/** 状态 (SWDJ.ZT, code table DM_ZT). */
export enum LocalTaxStatus {
  NORMAL = 'NORMAL',
  ABNORMAL = 'ABNORMAL',
  MISSING = 'MISSING',
  PENDING_DEREGISTRATION = 'PENDING_DEREGISTRATION',
  DEREGISTERED = 'DEREGISTERED',
  DEREGISTERED_FROM_ABNORMAL = 'DEREGISTERED_FROM_ABNORMAL',
}
registerEnumType(LocalTaxStatus, {
  name: 'LocalTaxStatus',
  description:
    'Registration status in local tax (状态, SWDJ.ZT / DM_ZT): 10 正常 normal, 30 非正常 abnormal, 40 失踪 missing, 50 待注销 pending ' +
    'deregistration, 60 注销 deregistered, 61 非正常注销 deregistered from abnormal.',
  valuesConfig: {
    NORMAL: { description: '10 正常: registered and filing.' },
    ABNORMAL: { description: '30 非正常: did not file and cannot be found (非正常户).' },
    MISSING: { description: '40 失踪: the taxpayer has disappeared.' },
    PENDING_DEREGISTRATION: { description: '50 待注销: deregistration applied for, not yet complete.' },
    DEREGISTERED: { description: '60 注销: deregistered.' },
    DEREGISTERED_FROM_ABNORMAL: { description: '61 非正常注销: registration voided after being abnormal.' },
  },
});

/** 税种 (SB_MX.SZDM, code table DM_SZ). */
export enum LocalTaxType {
  BUSINESS_TAX = 'BUSINESS_TAX',
  CIT = 'CIT',
  URBAN_CONSTRUCTION_TAX = 'URBAN_CONSTRUCTION_TAX',
  EDUCATION_SURCHARGE = 'EDUCATION_SURCHARGE',
  LOCAL_EDUCATION_SURCHARGE = 'LOCAL_EDUCATION_SURCHARGE',
}
registerEnumType(LocalTaxType, {
  name: 'LocalTaxType',
  description:
    'Tax type in local tax (税种, SB_MX.SZDM / DM_SZ): 03 营业税 business tax, 05 企业所得税 CIT, 10 城市维护建设税 urban construction tax, 51 教育费附加 ' +
    'education surcharge, 61 地方教育附加 local education surcharge.',
  valuesConfig: {
    BUSINESS_TAX: { description: '03 营业税 business tax (replaced by VAT from 2016-05).' },
    CIT: { description: '05 企业所得税 corporate income tax.' },
    URBAN_CONSTRUCTION_TAX: {
      description: '10 城市维护建设税 urban construction tax (7% / 5% / 1% of VAT + consumption tax + business tax paid).',
    },
    EDUCATION_SURCHARGE: { description: '51 教育费附加 education surcharge (3%).' },
    LOCAL_EDUCATION_SURCHARGE: { description: '61 地方教育附加 local education surcharge (2%, or less before 2010).' },
  },
});

/** 纳税信用等级 (XYPJ.DJ). */
export enum LocalTaxCreditGrade {
  A = 'A',
  B = 'B',
  M = 'M',
  C = 'C',
  D = 'D',
}
registerEnumType(LocalTaxCreditGrade, {
  name: 'LocalTaxCreditGrade',
  description:
    'Tax credit grade (纳税信用等级, XYPJ.DJ), best first: A (>= 90), B (70-89), M (new enterprises, from 2018), C (40-69), D (< 40 or evasion).',
  valuesConfig: {
    A: { description: 'A: 90 points or more.' },
    B: { description: 'B: 70 to 89 points.' },
    M: { description: 'M: a new enterprise without a full year to rate (from 2018).' },
    C: { description: 'C: 40 to 69 points.' },
    D: { description: 'D: below 40 points, or directly for evasion and similar acts.' },
  },
});

/** 申报类型 of a return line (SB_MX.SBLX). */
export enum LocalTaxReturnKind {
  RETURN = 'RETURN',
  AUDIT_BACK_TAX = 'AUDIT_BACK_TAX',
}
registerEnumType(LocalTaxReturnKind, {
  name: 'LocalTaxReturnKind',
  description: 'How a return line arose (申报类型, SB_MX.SBLX): 1 declared on a return, 2 back-tax collected after an audit (查补).',
  valuesConfig: {
    RETURN: { description: '1 正常申报: declared by the taxpayer on its return.' },
    AUDIT_BACK_TAX: {
      description: '2 查补: back-tax of an audit, for the period it belonged to (the case in auditCaseNumber when local tax audited).',
    },
  },
});
