/**
 * The legal parameters the joint rules apply, each with where it comes from. They are the law's,
 * not the data's: a rule never learns its threshold from the records it judges.
 */

/** Days a deducted payment may take to reach the treasury before it is followed up (TIPS practice). */
export const TREASURY_GRACE_DAYS = 3;

/** Key tax source: business tax in one year, in fen (1,000,000 yuan). */
export const KEY_TAX_SOURCE_FEN = 100_000_000n;

/** More than this many calendar months abnormal makes a registration due for voiding. */
export const ABNORMAL_VOID_MONTHS = 3;

/** Joint tasks 1-15 of the seed (DOMAIN.md), one finding kind per check. */
export const FINDING_KINDS = [
  'UNREGISTERED_BUSINESS',
  'CANCELLED_BUT_ACTIVE',
  'ABNORMAL',
  'ABNORMAL_OVERDUE',
  'CREDIT_RATING_DISAGREEMENT',
  'QUOTA_MISMATCH',
  'DEEMED_RATE_IMBALANCE',
  'FREIGHT_UNDERDECLARED',
  'UCT_BASE_MISMATCH',
  'BELOW_THRESHOLD',
  'KEY_TAX_SOURCE',
  'NO_ADMINISTRATOR',
  'DUPLICATE_RECORD',
  'GARBAGE_RECORD',
  'DEDUCTED_NOT_IN_TREASURY',
  'ORPHAN_PAYMENT',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** Which joint task (DOMAIN.md numbering) each kind serves, and the rule with its legal basis. */
export const FINDING_RULES: Record<FindingKind, { task: number; title: string; basis: string }> = {
  UNREGISTERED_BUSINESS: {
    task: 9,
    title: 'Registered in the business registry, never registered for tax (漏征漏管户)',
    basis:
      'A business must register for tax within 30 days of its licence (税收征收管理法 第十五条); registry and tax records are compared to find those who did not ' +
      '(国税地税合作工作规范 登记信息共享).',
  },
  CANCELLED_BUT_ACTIVE: {
    task: 9,
    title: 'Cancelled in the registry, still normal in tax',
    basis:
      'A taxpayer deregisters for tax before its business licence is cancelled (税收征收管理法实施细则 第十五条); a cancelled licence with a normal tax registration ' +
      'is followed up by both bureaus.',
  },
  ABNORMAL: {
    task: 10,
    title: 'Abnormal taxpayer (非正常户)',
    basis:
      'A taxpayer who does not file and cannot be found is declared abnormal (非正常户), its certificate and invoices suspended (税务登记管理办法 第四十条); both ' +
      'bureaus exchange and publish the lists.',
  },
  ABNORMAL_OVERDUE: {
    task: 10,
    title: 'Abnormal for more than three months and not voided',
    basis:
      'After more than 3 months as abnormal the tax registration can be declared void (税务登记管理办法 第四十一条); a record still abnormal after that is due for voiding.',
  },
  CREDIT_RATING_DISAGREEMENT: {
    task: 3,
    title: "The bureaus' credit grades differ",
    basis:
      'Notice (Sichuan 2004): both bureaus rate tax credit jointly, by the applicable rating method (国、地税机关联合按照有关评定办法标准,评定纳税信用等级); ' +
      'grades of the 2014 scheme (纳税信用管理办法(试行), A > B > C > D; M from 2018). Practice, not the notice: a year the two grades differ is a ' +
      "finding, and the joint grade is the lower of the two unless the province's practice lets one bureau lead (rules/practice.ts, " +
      'TAXGRAPH_PRACTICE); the detail names the rule applied.',
  },
  QUOTA_MISMATCH: {
    task: 4,
    title: 'Individual business turnover quotas differ between the bureaus',
    basis:
      'Both bureaus assess an individual business on the same turnover base (个体工商户税收定期定额征收管理办法; 国地税合作 共同定额).',
  },
  DEEMED_RATE_IMBALANCE: {
    task: 5,
    title: 'Deemed CIT rate out of line with its area and industry',
    basis:
      'Deemed-profit CIT: similar enterprises in one area get the same income rate (企业所得税核定征收办法(试行) 国税发〔2008〕30号 第八条); the rate used by most of the ' +
      'area and industry is the reference (ties: the lower).',
  },
  FREIGHT_UNDERDECLARED: {
    task: 6,
    title: "Freight invoices exceed the carrier's declared business tax base",
    basis:
      "Freight invoices (national data) back the carrier's business tax (local data): invoiced freight above the declared base is undeclared turnover " +
      '(货物运输业发票 管理; 营业税暂行条例).',
  },
  UCT_BASE_MISMATCH: {
    task: 7,
    title: 'Urban construction tax base differs from the taxes paid',
    basis:
      'The urban construction tax base is the VAT, consumption tax (incl. approved 免抵 VAT) and business tax actually paid (城市维护建设税暂行条例 第三条; 财税〔2005〕25号).',
  },
  BELOW_THRESHOLD: {
    task: 11,
    title: 'Below-threshold household (未达起征点户) kept under management',
    basis:
      'Individuals below the VAT threshold pay no VAT but stay registered and managed (增值税暂行条例实施细则 第三十七条; thresholds from 2011-11: 5,000-20,000 yuan a ' +
      'month by province).',
  },
  KEY_TAX_SOURCE: {
    task: 12,
    title: 'Key tax source enterprise (重点税源)',
    basis:
      'Notice (Guangxi local tax 2005): key tax source enterprises are monitored closely; the region sets its standard at business tax of ' +
      '1,000,000 yuan a year (区局以年缴纳营业税收入在100万元以上的纳税人作为标准) and leaves the standard to each local bureau. Practice, not the ' +
      'notice: that threshold applied per province (rules/practice.ts, TAXGRAPH_PRACTICE; default the Guangxi 1,000,000 yuan), on business ' +
      'tax due as filed (the notice says paid); the detail names the threshold applied.',
  },
  NO_ADMINISTRATOR: {
    task: 13,
    title: 'Active household without a tax administrator',
    basis: 'Every active household is assigned a tax administrator responsible for it (税收管理员制度(试行) 国税发〔2005〕40号).',
  },
  DUPLICATE_RECORD: {
    task: 14,
    title: 'One taxpayer registered twice in one source',
    basis:
      '三清 (clean households, taxes, invoices): one taxpayer, one registration; a second record under the same TIN is a duplicate to merge.',
  },
  GARBAGE_RECORD: {
    task: 14,
    title: 'Unusable record content',
    basis: '三清: test rows, placeholder identifiers, impossible dates and full-width codes are cleaned from the registers.',
  },
  DEDUCTED_NOT_IN_TREASURY: {
    task: 15,
    title: 'Deducted by the bank, not in the treasury',
    basis:
      `A payment deducted by the bank (TIPS result 90000) reaches the treasury (入库) within ${TREASURY_GRACE_DAYS} days; ` +
      'later it is followed up with the bank (财税库银横向联网 业务规范).',
  },
  ORPHAN_PAYMENT: {
    task: 15,
    title: 'A payment whose payer no tax office knows',
    basis:
      'Every TIPS payment belongs to a registered taxpayer of its tax office; one that matches none is a misrouted or mistyped payment (财税库银横向联网 对账).',
  },
};

/**
 * Monthly VAT threshold for individuals (起征点) from 2011-11, yuan, by province (first two digits
 * of the division). Provinces set it between 5,000 and 20,000; the ones taxgraph serves chose the
 * maximum. A division of another province uses DEFAULT_VAT_THRESHOLD.
 */
export const VAT_THRESHOLD_BY_PROVINCE: Record<string, number> = { '21': 20_000, '45': 20_000, '51': 20_000 };
export const DEFAULT_VAT_THRESHOLD = 20_000;

/** Credit grades, best first: the joint grade is the later of two in this order. */
export const GRADE_ORDER = ['A', 'B', 'M', 'C', 'D'] as const;
export type Grade = (typeof GRADE_ORDER)[number];
export function lowerGrade(a: Grade, b: Grade): Grade {
  return GRADE_ORDER.indexOf(a) >= GRADE_ORDER.indexOf(b) ? a : b;
}
