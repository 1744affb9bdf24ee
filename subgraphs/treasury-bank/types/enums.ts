import { registerEnumType } from 'type-graphql';

/** Where a payment stands (derived from TaxPayment.Result, TreasuryEntry and RefundInfo). */
export enum PaymentStatus {
  AWAITING_DEDUCTION = 'AWAITING_DEDUCTION',
  DEDUCTED = 'DEDUCTED',
  FAILED = 'FAILED',
  IN_TREASURY = 'IN_TREASURY',
  REFUNDED = 'REFUNDED',
}
registerEnumType(PaymentStatus, {
  name: 'PaymentStatus',
  description:
    'Where a TIPS payment stands: AWAITING_DEDUCTION 待扣款 (TaxPayment.Result empty), DEDUCTED 已扣款 (Result 90000, no TreasuryEntry yet), ' +
    'FAILED 扣款失败 (any other Result), IN_TREASURY 已入库 (Result 90000 and a TreasuryEntry; also after a partial refund), ' +
    'REFUNDED 已退库 (in the treasury, then refunded in whole: the RefundInfo rows of its voucher come to its amount).',
  valuesConfig: {
    AWAITING_DEDUCTION: { description: '待扣款: entrusted to the bank, no result yet (TaxPayment.Result empty).' },
    DEDUCTED: { description: '已扣款: the bank deducted it (Result 90000) and no treasury receipt exists yet.' },
    FAILED: { description: '扣款失败: the bank answered with a result other than 90000 (reason in TaxPayment.AddWord).' },
    IN_TREASURY: {
      description:
        '已入库: deducted and remitted to the treasury (TreasuryEntry); a partial refund leaves it here (see Payment.refundedAmount).',
    },
    REFUNDED: { description: '已退库: remitted to the treasury, then refunded in whole (RefundInfo rows coming to its amount).' },
  },
});

/** 扣税方式 (TaxPayment.PayMode). */
export enum PaymentMode {
  REAL_TIME = 'REAL_TIME',
  BATCH = 'BATCH',
  COUNTER = 'COUNTER',
  SELF_PAYMENT = 'SELF_PAYMENT',
}
registerEnumType(PaymentMode, {
  name: 'PaymentMode',
  description:
    'How the tax was paid (TaxPayment.PayMode): 1 实时扣税 real-time deduction, 2 批量扣税 batch deduction, 3 柜面缴税 at the bank counter, 4 自缴核销 ' +
    'self-payment with write-off.',
  valuesConfig: {
    REAL_TIME: { description: '1 实时扣税: real-time deduction under a three-party agreement.' },
    BATCH: { description: '2 批量扣税: batch deduction under a three-party agreement.' },
    COUNTER: { description: '3 柜面缴税: paid at the bank counter.' },
    SELF_PAYMENT: { description: '4 自缴核销: paid by the taxpayer, written off against the voucher.' },
  },
});

/** 征收机关类别 (TaxOrgCodeTable.TaxOrgType). */
export enum PaymentBureau {
  NATIONAL_TAX = 'NATIONAL_TAX',
  LOCAL_TAX = 'LOCAL_TAX',
}
registerEnumType(PaymentBureau, {
  name: 'PaymentBureau',
  description:
    'Which bureau levied the payment (TaxOrgCodeTable.TaxOrgType, else the first digit of the tax office code): 1 国税 national tax, 2 地税 local tax.',
  valuesConfig: {
    NATIONAL_TAX: { description: '1 国税: the national tax bureau.' },
    LOCAL_TAX: { description: '2 地税: the local tax bureau.' },
  },
});

/** 预算级次 (TaxPayment.BudgetLevelCode). */
export enum PaymentBudgetLevel {
  CENTRAL = 'CENTRAL',
  PROVINCIAL = 'PROVINCIAL',
  MUNICIPAL = 'MUNICIPAL',
  COUNTY = 'COUNTY',
}
registerEnumType(PaymentBudgetLevel, {
  name: 'PaymentBudgetLevel',
  description:
    'Budget level the revenue goes to (预算级次, TaxPayment.BudgetLevelCode): 1 中央 central, 2 省 provincial, 3 市 municipal, 4 县 county.',
  valuesConfig: {
    CENTRAL: { description: '1 中央级: central budget.' },
    PROVINCIAL: { description: '2 省级: provincial budget.' },
    MUNICIPAL: { description: '3 市级: municipal budget.' },
    COUNTY: { description: '4 县级: county budget.' },
  },
});
