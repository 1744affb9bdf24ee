/**
 * The legal parameters the joint rules apply, each with where it comes from. They are the law's,
 * not the data's: a rule never learns its threshold from the records it judges.
 */

/**
 * Days a deducted payment may take to reach the treasury (入库) before it is followed up: one
 * deducted more than this many calendar days before the as-of day is late, one deducted exactly
 * this many days before is not yet. PRACTICE, not law: the notice says only "税款及时入库", and the
 * TIPS documents we could find (财库〔2007〕49号 实施方案; 税款缴库退库工作规程, 国家税务总局令第31号)
 * have deducted tax paid straight into the treasury without naming a number of days. Three days is
 * the bank's same or next working day with a weekend between.
 */
export const TREASURY_GRACE_DAYS = 3;

/**
 * Days a deduction request may wait for the bank's answer (待扣款) before it is followed up: more
 * than this many calendar days after it was entrusted. PRACTICE: a monthly return is filed and paid
 * within 15 days (增值税暂行条例 第二十三条, 营业税暂行条例 第十五条); a request still unanswered after
 * that span has outlived the filing period it was sent in. A real-time deduction is answered at once.
 */
export const PENDING_DEDUCTION_DAYS = 15;

/**
 * A bureau's booking (its payment ledger) of a payment through TIPS that is not in the treasury is
 * followed up once this many days have passed since it was booked: TREASURY_GRACE_DAYS, the same
 * practice rule as for a deducted payment.
 */
export const LEDGER_GRACE_DAYS = TREASURY_GRACE_DAYS;

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
  'PAYMENT_DEDUCTION_FAILED',
  'PAYMENT_LONG_PENDING',
  'BOOKED_NOT_IN_TREASURY',
  'TREASURY_NOT_BOOKED',
  'BOOKED_AMOUNT_MISMATCH',
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
      'Tax credit is rated jointly by both bureaus; the joint grade is the lower of the two (纳税信用管理办法(试行) 2014, 第十五条; order A > B > M > C > D).',
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
      "Business tax of at least 1,000,000 yuan in a year puts an enterprise under key tax source monitoring (the seed notice's local rule).",
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
      'The notice asks that tax reach the treasury in time (税款及时入库); under TIPS deducted tax is paid straight into the treasury ' +
      "(财税库银税收收入电子缴库横向联网实施方案, 财库〔2007〕49号). The time limit is practice, not the notice's nor TIPS's (their texts name no " +
      `number of days): a payment deducted (result 90000) more than ${TREASURY_GRACE_DAYS} days before the as-of day and not in the treasury ` +
      'is followed up with the bank.',
  },
  ORPHAN_PAYMENT: {
    task: 15,
    title: 'A payment whose payer no tax office knows',
    basis:
      'Every TIPS payment belongs to a registered taxpayer of its tax office; one that matches none is a misrouted or mistyped payment (财税库银横向联网 对账).',
  },
  PAYMENT_DEDUCTION_FAILED: {
    task: 15,
    title: 'The bank refused the deduction, and no later deduction paid it',
    basis:
      'Tax is to reach the treasury in time (税款及时入库): a deduction the bank refused (TIPS result other than 90000, e.g. 账户余额不足) ' +
      'leaves the tax unpaid. It is closed by a later deduction through TIPS of the same tax office, payer, tax type and period; one paid ' +
      'outside TIPS (at the tax office) is closed by hand on its case.',
  },
  PAYMENT_LONG_PENDING: {
    task: 15,
    title: "A deduction request left without the bank's answer",
    basis:
      `Tax is to reach the treasury in time (税款及时入库): a deduction request still awaiting the bank (待扣款) more than ${PENDING_DEDUCTION_DAYS} ` +
      "days after it was entrusted is followed up. The limit is practice (a filing period of 15 days, 增值税暂行条例 第二十三条), not the notice's.",
  },
  BOOKED_NOT_IN_TREASURY: {
    task: 15,
    title: 'Booked as collected through TIPS, not in the treasury',
    basis:
      "A bureau's payment ledger (national tax's levy records 已缴税费, local tax's 税票缴款 ledger) and TIPS are reconciled voucher by voucher " +
      '(tax office and voucher number; 财税库银横向联网 对账, 税款缴库退库工作规程): a voucher booked as paid through TIPS that TIPS never deducted (none, refused or still ' +
      `awaiting) more than ${LEDGER_GRACE_DAYS} days after booking (practice, as for a deducted payment) is collected on paper only.`,
  },
  TREASURY_NOT_BOOKED: {
    task: 15,
    title: 'In the treasury through TIPS, not booked by its bureau',
    basis:
      "A bureau's payment ledger and TIPS are reconciled voucher by voucher (财税库银横向联网 对账): a payment TIPS carried into the treasury that " +
      'its tax office never booked leaves the taxpayer owing on the books what the treasury holds.',
  },
  BOOKED_AMOUNT_MISMATCH: {
    task: 15,
    title: 'The bureau booked another amount than TIPS carried',
    basis:
      "A bureau's payment ledger and TIPS are reconciled voucher by voucher (财税库银横向联网 对账): the amount booked for a voucher equals the " +
      'amount TIPS deducted for it.',
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
