/**
 * Thresholds (起征点) for individuals, by date, tax and province: the law sets a range per period,
 * each province picks its level within it. A turnover is judged against the level in force in its
 * month, never against today's level in every year.
 */

/** Which threshold: VAT on goods, VAT on taxable services (processing, repair: 应税劳务), business tax. */
export type ThresholdTax = 'VAT_GOODS' | 'VAT_SERVICES' | 'BUSINESS_TAX';

interface ThresholdPeriod {
  /** First day in force (YYYY-MM-DD). */
  from: string;
  /** The law and its monthly range per tax, yuan. */
  basis: string;
  range: Record<ThresholdTax, readonly [number, number]>;
  /** The level each province (first two digits of the division) chose; a province not listed is taken at the upper limit. */
  provinces: Record<string, Partial<Record<ThresholdTax, number>>>;
}

/**
 * Oldest first. The provincial levels are not verified against the provinces' own notices (none in
 * the seed): from 2011-11 Sichuan (51), Guangxi (45) and Liaoning (21) are taken at 20,000 yuan as the
 * seed data holds; before, at the upper limit of the national range, as most provinces chose.
 */
export const THRESHOLD_PERIODS: readonly ThresholdPeriod[] = [
  {
    from: '2003-01-01',
    basis: '财税〔2002〕208号 (VAT goods 2,000-5,000, services 1,500-3,000, business tax 1,000-5,000 yuan a month)',
    range: { VAT_GOODS: [2000, 5000], VAT_SERVICES: [1500, 3000], BUSINESS_TAX: [1000, 5000] },
    provinces: {},
  },
  {
    from: '2009-01-01',
    basis:
      '增值税暂行条例实施细则 第三十七条 (财政部令第50号) and 营业税暂行条例实施细则 第二十三条 (财政部令第52号), ' + 'same ranges as 2003',
    range: { VAT_GOODS: [2000, 5000], VAT_SERVICES: [1500, 3000], BUSINESS_TAX: [1000, 5000] },
    provinces: {},
  },
  {
    from: '2011-11-01',
    basis: '财政部令第65号 (VAT goods and services, business tax: 5,000-20,000 yuan a month)',
    range: { VAT_GOODS: [5000, 20000], VAT_SERVICES: [5000, 20000], BUSINESS_TAX: [5000, 20000] },
    provinces: {
      '21': { VAT_GOODS: 20000, VAT_SERVICES: 20000, BUSINESS_TAX: 20000 },
      '45': { VAT_GOODS: 20000, VAT_SERVICES: 20000, BUSINESS_TAX: 20000 },
      '51': { VAT_GOODS: 20000, VAT_SERVICES: 20000, BUSINESS_TAX: 20000 },
    },
  },
];

/** The monthly threshold in force on a day, in yuan, with its basis; none before 2003. */
export function thresholdOn(division: string, tax: ThresholdTax, day: string): { yuan: number; basis: string } | null {
  const period = [...THRESHOLD_PERIODS].reverse().find((p) => p.from <= day);
  if (!period) return null;
  const chosen = period.provinces[division.slice(0, 2)]?.[tax];
  return { yuan: chosen ?? period.range[tax][1], basis: period.basis };
}

/**
 * The VAT threshold that applies to an industry (GB/T 4754-2011): repair and processing are taxable
 * services (43 machinery repair, 81 repair of vehicles and household goods); everything else, goods.
 */
export function vatThresholdTax(industryCode: string): ThresholdTax {
  return ['43', '81'].includes(industryCode.slice(0, 2)) ? 'VAT_SERVICES' : 'VAT_GOODS';
}

/**
 * The months of a year in which a monthly turnover (fen) is below the threshold in force, and the
 * levels that applied: e.g. 8,000 yuan in 2011 in Sichuan is above 5,000 to October and below 20,000
 * from November. Levels only ever rose, so the months below are one run to the year's end; null when none.
 */
export function monthsBelow(
  division: string,
  tax: ThresholdTax,
  year: number,
  monthlyTurnoverFen: bigint,
): { from: string; to: string; levels: { from: string; yuan: number; basis: string }[] } | null {
  let span: { from: string; to: string; levels: { from: string; yuan: number; basis: string }[] } | null = null;
  for (let m = 1; m <= 12; m++) {
    const first = `${year}-${String(m).padStart(2, '0')}-01`;
    const t = thresholdOn(division, tax, first);
    if (!t || monthlyTurnoverFen >= BigInt(t.yuan) * 100n) continue;
    const last = new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10);
    span ??= { from: first, to: last, levels: [] };
    span.to = last;
    if (span.levels[span.levels.length - 1]?.yuan !== t.yuan) span.levels.push({ from: first, yuan: t.yuan, basis: t.basis });
  }
  return span;
}
