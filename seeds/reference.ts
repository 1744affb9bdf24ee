/**
 * Reference data shared by the four legacy databases: the seed's areas (DOMAIN.md), industries,
 * tax types and rates, banks and treasuries. Code-table rows are written from here.
 */

export interface Area {
  division: string; // GB/T 2260
  name: string;
  province: string;
  /** 城建税 rate: 7% in a city district, 5% in a county town, 1% elsewhere. */
  uctRate: number;
  /** The province's VAT threshold (起征点) for individual businesses from 2011-11, yuan per month (before: households.ts). */
  vatThreshold: number;
  treasury: string; // 10-digit 国库 code
}

export const AREAS: readonly Area[] = [
  { division: '510104', name: '成都市锦江区', province: '510000', uctRate: 0.07, vatThreshold: 20000, treasury: '0510104000' },
  { division: '510105', name: '成都市青羊区', province: '510000', uctRate: 0.07, vatThreshold: 20000, treasury: '0510105000' },
  { division: '510106', name: '成都市金牛区', province: '510000', uctRate: 0.07, vatThreshold: 20000, treasury: '0510106000' },
  { division: '510107', name: '成都市武侯区', province: '510000', uctRate: 0.07, vatThreshold: 20000, treasury: '0510107000' },
  { division: '510108', name: '成都市成华区', province: '510000', uctRate: 0.07, vatThreshold: 20000, treasury: '0510108000' },
  { division: '450502', name: '北海市海城区', province: '450000', uctRate: 0.07, vatThreshold: 20000, treasury: '0450502000' },
  { division: '451102', name: '贺州市八步区', province: '450000', uctRate: 0.07, vatThreshold: 20000, treasury: '0451102000' },
  { division: '210202', name: '大连市中山区', province: '210000', uctRate: 0.07, vatThreshold: 20000, treasury: '0210202000' },
  { division: '210224', name: '大连市长海县', province: '210000', uctRate: 0.05, vatThreshold: 20000, treasury: '0210224000' },
];

/** Divisions used only as the frozen division part of old TINs (where a taxpayer was first registered). */
export const FORMER_DIVISIONS: readonly string[] = ['510100', '510122', '450500', '451100', '210200', '210211'];

export const DIVISION_NAMES: Record<string, string> = {
  '510000': '四川省',
  '510100': '成都市',
  '510122': '双流县',
  '450000': '广西壮族自治区',
  '450500': '北海市',
  '451100': '贺州市',
  '210000': '辽宁省',
  '210200': '大连市',
  '210211': '甘井子区',
  ...Object.fromEntries(AREAS.map((a) => [a.division, a.name])),
};

export type TaxRegime = 'vat' | 'business' | 'both';

export interface Industry {
  code: string; // GB/T 4754-2011
  name: string;
  regime: TaxRegime;
  consumptionTax?: number; // rate, for goods subject to 消费税
  deemedRate: number; // the area's standard 应税所得率 for deemed-profit CIT
  carrier?: boolean; // issues freight invoices (货运发票)
  /** General VAT rate when not 17%: services moved from business tax by 营改增 (transport 11%, modern services 6%). */
  vatRate?: number;
  individualShare: number; // weight among individual businesses
  enterpriseShare: number; // weight among enterprises
}

export const INDUSTRIES: readonly Industry[] = [
  { code: '5211', name: '百货零售', regime: 'vat', deemedRate: 0.07, individualShare: 5, enterpriseShare: 3 },
  { code: '8111', name: '汽车修理与维护', regime: 'vat', deemedRate: 0.1, individualShare: 2, enterpriseShare: 1 },
  { code: '3311', name: '金属结构制造', regime: 'vat', deemedRate: 0.08, individualShare: 0, enterpriseShare: 2 },
  { code: '1512', name: '白酒制造', regime: 'vat', consumptionTax: 0.2, deemedRate: 0.1, individualShare: 0, enterpriseShare: 1 },
  { code: '0411', name: '海水养殖', regime: 'vat', deemedRate: 0.08, individualShare: 1, enterpriseShare: 1 },
  { code: '6110', name: '旅游饭店', regime: 'business', deemedRate: 0.15, individualShare: 1, enterpriseShare: 1 },
  { code: '6210', name: '正餐服务', regime: 'business', deemedRate: 0.15, individualShare: 4, enterpriseShare: 1 },
  // Transport and software development left business tax for VAT nationwide on 2013-08-01 (营改增, 财税〔2013〕37号).
  {
    code: '5430',
    name: '道路货物运输',
    regime: 'vat',
    vatRate: 0.11,
    deemedRate: 0.1,
    carrier: true,
    individualShare: 1,
    enterpriseShare: 2,
  },
  { code: '7010', name: '房地产开发经营', regime: 'business', deemedRate: 0.2, individualShare: 0, enterpriseShare: 1 },
  { code: '4700', name: '房屋建筑业', regime: 'business', deemedRate: 0.15, individualShare: 0, enterpriseShare: 1 },
  { code: '6510', name: '软件开发', regime: 'vat', vatRate: 0.06, deemedRate: 0.15, individualShare: 0, enterpriseShare: 1 },
];

/** National tax 征收项目 (also used by TIPS for the tax type). */
export const LEVY_ITEMS = {
  VAT: '10101',
  CONSUMPTION: '10102',
  BUSINESS: '10103',
  CIT: '10104',
  UCT: '10109',
  EDUCATION: '30203',
  LOCAL_EDUCATION: '30216',
} as const;

export { LEVY_ITEM_NAMES } from '../shared/levy-items';

/** Local tax 税种代码 of the older system. */
export const LOCAL_TAX_TYPES = { BUSINESS: '03', CIT: '05', UCT: '10', EDUCATION: '51', LOCAL_EDUCATION: '61' } as const;
export const LOCAL_TAX_TYPE_NAMES: Record<string, string> = {
  '03': '营业税',
  '05': '企业所得税',
  '10': '城市维护建设税',
  '51': '教育费附加',
  '61': '地方教育附加',
};
/** TIPS tax type for each local tax type. */
export const LOCAL_TO_LEVY: Record<string, string> = { '03': '10103', '05': '10104', '10': '10109', '51': '30203', '61': '30216' };

export const RATES = {
  smallScaleVat: 0.03,
  generalVat: 0.17,
  businessTax: 0.05,
  transportBusinessTax: 0.03,
  education: 0.03,
  localEducation: 0.02,
} as const;

export const NATIONAL_STATUSES: Record<string, string> = {
  '01': '受理',
  '02': '筹建期',
  '03': '正常',
  '04': '停业',
  '05': '非正常',
  '06': '清算',
  '07': '注销',
  '08': '非正常户注销',
  '09': '报验',
  '99': '其他',
};
export const LOCAL_STATUSES: Record<string, string> = {
  '10': '正常',
  '30': '非正常',
  '40': '失踪',
  '50': '待注销',
  '60': '注销',
  '61': '非正常注销',
};
export const REGISTRATION_TYPES: Record<string, string> = {
  '110': '国有企业',
  '120': '集体企业',
  '159': '其他有限责任公司',
  '160': '股份有限公司',
  '171': '私营独资企业',
  '173': '私营有限责任公司',
  '196': '事业单位',
  '410': '个体工商户',
};
export const ENTITY_TYPES: Record<string, string> = {
  '1100': '有限责任公司',
  '1200': '股份有限公司',
  '4100': '全民所有制',
  '9100': '农民专业合作社',
  '9500': '个体工商户',
};
export const REGISTRY_STATES: Record<string, string> = {
  '1': '存续',
  '2': '吊销,未注销',
  '3': '吊销,已注销',
  '4': '注销',
  '5': '撤销',
  '6': '迁出',
};

export const BANKS: readonly { code: string; name: string }[] = [
  { code: '102651000019', name: '中国工商银行成都分行' },
  { code: '103651000021', name: '中国农业银行成都分行' },
  { code: '104651000012', name: '中国银行成都分行' },
  { code: '105651000017', name: '中国建设银行成都分行' },
  { code: '102623000015', name: '中国工商银行北海分行' },
  { code: '105222000013', name: '中国建设银行大连分行' },
];

export const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split(
    '',
  );
export const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰春梅海燕波斌宇浩凯健俊帆帅旭宁'.split('');
export const BRAND = '华鑫盛达兴隆宏远恒通瑞丰金源泰和永安德昌富民天成博锦川蜀桂海辽滨鸿运汇通'.split('');

/**
 * Budget subject (政府收支分类科目, 类 101 税收收入, 款 09 城市维护建设税) of urban construction tax paid, by
 * registration type: 1010901 国有企业, 1010903 股份制企业, 1010906 私营企业, 1010999 其他城市维护建设税.
 */
export function uctBudgetSubject(registrationType: string | null): string {
  if (registrationType === '110') return '1010901';
  if (registrationType === '120') return '1010902';
  if (registrationType === '160') return '1010903';
  if (registrationType?.startsWith('17')) return '1010906';
  return '1010999';
}

/** The date the legacy data stands at: one quarter before the 2016-05 VAT reform ended business tax. */
export const AS_OF = '2016-03-31';
/** The returns in the data: four quarters of 2015 (business tax still in force). */
export const QUARTERS: readonly { from: string; to: string; filed: string }[] = [
  { from: '2015-01-01', to: '2015-03-31', filed: '2015-04-15' },
  { from: '2015-04-01', to: '2015-06-30', filed: '2015-07-15' },
  { from: '2015-07-01', to: '2015-09-30', filed: '2015-10-15' },
  { from: '2015-10-01', to: '2015-12-31', filed: '2016-01-15' },
];
/** A carrier's half year under business tax (before transport moved to VAT on 2013-08-01): task 6's old era. */
export const OLD_ERA_QUARTERS: readonly { from: string; to: string; filed: string }[] = [
  { from: '2013-01-01', to: '2013-03-31', filed: '2013-04-15' },
  { from: '2013-04-01', to: '2013-06-30', filed: '2013-07-15' },
];
export const RATING_YEARS: readonly number[] = [2014, 2015];
/** Days after deduction by which a payment must be in the treasury before it is a finding. */
export const TREASURY_GRACE_DAYS = 3;
/**
 * Budget subject (预算科目) of each levy item as TIPS and both bureaus' payment ledgers record it, but
 * the urban construction tax's, which is by registration type (uctBudgetSubject). One home for both:
 * budgetSubject(), so the three sources agree on every code the exchange of revenue figures groups by.
 */
export const BUDGET_SUBJECTS: Record<string, string> = {
  '10101': '1010101',
  '10102': '1010201',
  '10103': '1010301',
  '10104': '1010401',
  '30203': '1030203',
  '30216': '1030216',
};
/** The budget subject of a levy item paid by a taxpayer of a registration type (null: not known). */
export function budgetSubject(levy: string, registrationType: string | null): string {
  if (levy === LEVY_ITEMS.UCT) return uctBudgetSubject(registrationType);
  return BUDGET_SUBJECTS[levy] ?? '1019999';
}
/** Levy items paid through TIPS under a three-party agreement (the others are paid at the tax office). */
export const TIPS_LEVIES: readonly string[] = ['10101', '10103', '10109'];
/** Days a deduction request may await the bank's answer before it is followed up (the rule's PENDING_DEDUCTION_DAYS). */
export const PENDING_DEDUCTION_DAYS = 15;
