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
  'FREIGHT_INPUT_EXCEEDS_OUTPUT',
  'UNREGISTERED_HOUSEHOLD',
  'MISSING_RETURN',
  'INVOICE_NOT_NORMAL',
  'UNREGISTERED_WITH_BUREAU',
  'REVOKED_BUT_ACTIVE',
  'MOVED_OUT_BUT_ACTIVE',
  'REGISTRATION_MISMATCH',
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
    title: "Freight invoices exceed the carrier's declared business tax base (before transport moved to VAT)",
    basis:
      '"强化营业税管理": while transport paid business tax (to 2013-08-01 nationwide, earlier in the 营改增 pilot provinces), freight invoices (national data) ' +
      "back the carrier's business tax (local data): freight invoiced in a year above the business tax base declared for it is undeclared turnover " +
      '(营业税暂行条例 第五条; 国税地税合作 货运发票信息传递).',
  },
  UCT_BASE_MISMATCH: {
    task: 7,
    title: 'Urban construction tax base differs from the taxes paid',
    basis:
      'The urban construction tax base is the VAT, consumption tax (incl. approved 免抵 VAT) and business tax actually paid (城市维护建设税暂行条例 第三条; 财税〔2005〕25号).',
  },
  BELOW_THRESHOLD: {
    task: 11,
    title: 'Registered household below the threshold (未达起征点户), kept under management',
    basis:
      'A separate check, not the clean-up the notice asks for (that is UNREGISTERED_HOUSEHOLD): the notice asks that registered below-threshold ' +
      'households be kept under follow-up management (对未达起征点户,在严格办理税务登记手续的前提下…后续管理措施,使其始终置于税务机关的管理之中), ' +
      'so their list is kept. A monthly turnover quota is judged month by month against the threshold then in force in its province ' +
      '(增值税暂行条例实施细则 第三十七条; 2003-2011-10 goods 2,000-5,000 and services 1,500-3,000 yuan, from 2011-11 5,000-20,000 yuan, 财政部令第65号).',
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
      '三清 (清户: clean households): one taxpayer, one registration. Two records in one bureau under the same organization code (an old 15-character ' +
      'TIN, chars 7-15, and a USCC re-registration, chars 9-17) or the same individual TIN are one taxpayer registered twice: the later is the duplicate ' +
      'to merge (税务登记管理办法; 广西地税 2005 notice, 三清).',
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
  FREIGHT_INPUT_EXCEEDS_OUTPUT: {
    task: 6,
    title: "Freight deducted by the recipients exceeds the carrier's declared transport sales (VAT era)",
    basis:
      '"规范增值税抵扣": from the day transport moved to VAT (2013-08-01 nationwide, 财税〔2013〕37号; earlier in the pilot provinces), what the recipients named ' +
      "on a carrier's freight invoices deducted as input (their certified invoices, matched by the recipient TIN the invoice carries) is output the " +
      'carrier must have declared: deducted freight in a year above the transport sales on its VAT returns is output left undeclared.',
  },
  UNREGISTERED_HOUSEHOLD: {
    task: 11,
    title:
      'Individual business licensed, not registered for tax: a below-threshold household to bring under management (未达起征点户未办税务登记)',
    basis:
      "The notice's clean-up: 加强对未达起征点户未办税务登记的清理 (广西地税 2005). Below-threshold households must still register (税务登记管理办法 第二条, " +
      'within 30 days of the licence: 税收征收管理法 第十五条). Neither bureau holds a turnover for a household it never registered, so every ' +
      'licensed individual business active in the registry for more than 30 days and known to neither bureau is a candidate; the detail names the ' +
      'threshold in force for its province and tax, against which its turnover is assessed once registered.',
  },
  MISSING_RETURN: {
    task: 14,
    title: 'Returns missing for a period of an active registration (清税)',
    basis:
      '三清 (清税: clean taxes): a taxpayer registered and normal files a return for every tax period (税收征收管理法 第二十五条). A stretch with no return ' +
      'between two periods a normal registration did file is a period not declared; the end of the record is not judged, as the sources hold no ' +
      'filing frequency or deadline to judge it by.',
  },
  INVOICE_NOT_NORMAL: {
    task: 14,
    title: 'Freight invoices issued while the carrier was abnormal or deregistered (清票)',
    basis:
      "三清 (清票: clean invoices): an abnormal taxpayer's invoices are suspended (税务登记管理办法 第四十条) and a taxpayer surrenders its invoices " +
      'before deregistering (税务登记管理办法 第二十九条, 发票管理办法): a freight invoice issued on or after the day its issuer became abnormal, or after ' +
      'it was deregistered, is followed up by national tax.',
  },
  UNREGISTERED_WITH_BUREAU: {
    task: 9,
    title: 'An enterprise registered with one bureau only, owing the other a registration',
    basis:
      'A business registers for tax within 30 days of its licence (税收征收管理法 第十五条) with each bureau whose taxes it owes. Local tax: every ' +
      'enterprise (IIT withholding, stamp tax, the urban construction tax and surcharges on its VAT or business tax). National tax: an enterprise whose ' +
      'industry is under VAT on the day judged (goods and repairs; transport and the modern services from 2013-08-01, rail and post from ' +
      '2014-01-01; everything from 2016-05-01). Individual businesses, and enterprises only in business tax before 2016-05, are not reported: ' +
      "taxgraph's working rule from DOMAIN.md, not a quote from the seed notice.",
  },
  REVOKED_BUT_ACTIVE: {
    task: 9,
    title: 'Licence revoked in the registry (吊销), still normal in tax',
    basis:
      'A taxpayer whose licence is revoked applies to deregister for tax within 15 days of the revocation (税收征收管理法实施细则 第十五条; ' +
      '税务登记管理办法 第二十八条); a bureau still showing it normal after that follows it up.',
  },
  MOVED_OUT_BUT_ACTIVE: {
    task: 9,
    title: 'Moved out of the registry (迁出), still normal in tax',
    basis:
      'A taxpayer moving to another registration authority deregisters for tax before the move and registers where it goes within 30 days ' +
      '(税收征收管理法实施细则 第十五条; 税务登记管理办法 第二十七条); a bureau still showing it normal after the move follows it up.',
  },
  REGISTRATION_MISMATCH: {
    task: 2,
    title: 'The registry and the bureaus disagree on a registration fact',
    basis:
      '相同信息一次采集 (the seed notice, 信息共享): name, legal representative, address and industry are collected once, so the registry and both ' +
      'bureaus hold the same; a disagreement (after blanks, full-width typing and case are set aside; industry codes compared at the level both ' +
      'hold) is checked and corrected at the bureau, the registry being the source of record. Status: one bureau deregistered while the other ' +
      "shows it normal (a registry status against a bureau's is task 9's).",
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

/** Days from the licence to register for tax (税收征收管理法 第十五条: 自领取营业执照之日起三十日内). */
export const LICENCE_TO_TAX_REGISTRATION_DAYS = 30;
/** Days from a licence's revocation to apply for tax deregistration (税收征收管理法实施细则 第十五条). */
export const REVOKED_TO_TAX_DEREGISTRATION_DAYS = 15;
/** From this day every industry is under VAT (营改增 completed, 财税〔2016〕36号). */
export const VAT_FOR_ALL_FROM = '2016-05-01';
/**
 * Industries (GB/T 4754-2011 major groups) under VAT before 2016-05, from the day each came under it
 * nationwide: goods (agriculture, mining, manufacturing, utilities, trade) and repairs always; road, water,
 * air and pipeline transport, handling, storage, software and IT services, R&D from 2013-08-01 (财税〔2013〕37号);
 * railway and postal from 2014-01-01 (财税〔2013〕106号); telecommunications from 2014-06-01 (财税〔2014〕43号).
 * Pilot regions' earlier dates (Shanghai 2012) are not used: a business there is reported later, never wrongly.
 */
export const VAT_FROM_BY_INDUSTRY_GROUP: Record<string, string> = {
  ...Object.fromEntries(
    ['01', '02', '03', '04', ...Array.from({ length: 41 }, (_, i) => String(i + 6).padStart(2, '0')), '51', '52', '81'].map((g) => [
      g,
      '1994-01-01',
    ]),
  ),
  ...Object.fromEntries(['54', '55', '56', '57', '58', '59', '65', '73'].map((g) => [g, '2013-08-01'])),
  '53': '2014-01-01',
  '60': '2014-01-01',
  '63': '2014-06-01',
};

/** Credit grades, best first: the joint grade is the later of two in this order. */
export const GRADE_ORDER = ['A', 'B', 'M', 'C', 'D'] as const;
export type Grade = (typeof GRADE_ORDER)[number];
export function lowerGrade(a: Grade, b: Grade): Grade {
  return GRADE_ORDER.indexOf(a) >= GRADE_ORDER.indexOf(b) ? a : b;
}

/**
 * The day transport (and the modern services) moved from business tax to VAT, by province (first two
 * digits of the division): Shanghai's pilot from 2012-01-01, the 2012 pilot provinces
 * (财税〔2012〕71号), everywhere else 2013-08-01 (财税〔2013〕37号). A freight invoice or return
 * period from that day on is judged as VAT.
 */
export const TRANSPORT_VAT_FROM_BY_PROVINCE: Record<string, string> = {
  '31': '2012-01-01',
  '11': '2012-09-01',
  '32': '2012-10-01',
  '34': '2012-10-01',
  '35': '2012-11-01',
  '44': '2012-11-01',
  '12': '2012-12-01',
  '33': '2012-12-01',
  '42': '2012-12-01',
};
export const TRANSPORT_VAT_FROM = '2013-08-01';
export const transportVatFrom = (division: string | null): string =>
  (division && TRANSPORT_VAT_FROM_BY_PROVINCE[division.slice(0, 2)]) || TRANSPORT_VAT_FROM;
