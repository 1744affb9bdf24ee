/**
 * Facts two sources record each in their own way: both bureaus' credit ratings (task 3), the
 * deemed-profit CIT rate of whichever bureau assesses it (task 5), an address change in the
 * registry and in national tax.
 */
import { AS_OF, RATING_YEARS } from '../reference';
import type { Emitter } from './emitter';
import { registryAddressChange } from './business-registry';
import { localCreditRating, localDeemedRate } from './local-tax';
import { nationalAddressChange, nationalCreditRating, nationalDeemedRate } from './national-tax';
import { RATES_OF_PLANTING, WINDOW_FROM } from './rates';
import type { Taxpayer } from './taxpayer';
import { dateBetween } from './values';

export const GRADE_ORDER = ['A', 'B', 'M', 'C', 'D'] as const;
const SCORE_BANDS: Record<string, [number, number]> = { A: [90, 99], B: [70, 89], C: [40, 69], D: [20, 39] };
const gradeOf = (score: number) => (score >= 90 ? 'A' : score >= 70 ? 'B' : score >= 40 ? 'C' : 'D');

/**
 * The joint grade takes the lower of the two (order A > B > M > C > D). The ground truth computes
 * it here, apart from cooperation's rule, so the tests compare the subgraph with an independent answer.
 */
export function lowerGrade(a: string, b: string): string {
  return GRADE_ORDER.indexOf(a as never) >= GRADE_ORDER.indexOf(b as never) ? a : b;
}

/** Both bureaus rate an enterprise each year it was registered by June; in 2015 their grades sometimes differ. */
export function creditRatings(tp: Taxpayer, out: Emitter): void {
  const { r } = tp;
  if (tp.individual) return;
  for (const year of RATING_YEARS) {
    if (tp.registered > `${year}-06-30`) continue;
    const grade = r.pick(['A', 'B', 'B', 'C', 'D', 'A', 'B']);
    const disagree = year === 2015 && r.chance(RATES_OF_PLANTING.creditDisagreement);
    const localGrade = disagree ? GRADE_ORDER.filter((g) => g !== grade && g !== 'M')[r.int(0, 2)] : grade;
    const nationalScore = r.int(...SCORE_BANDS[grade]);
    const localScore = r.int(...SCORE_BANDS[localGrade]);
    nationalCreditRating(tp, year, nationalScore, gradeOf(nationalScore), out);
    localCreditRating(tp, year, localScore, gradeOf(localScore), out);
    if (disagree) {
      out.case('CREDIT_RATING_DISAGREEMENT', {
        uscc: tp.uscc,
        year,
        detail: { nationalTax: grade, localTax: localGrade, joint: lowerGrade(grade, localGrade) },
      });
    }
  }
}

/** Deemed-profit CIT (enterprises): assessed by national tax if first registered 2002-2008, else by local tax. */
export function deemedProfit(tp: Taxpayer, out: Emitter): void {
  const { r, industry } = tp;
  if (tp.individual || !r.chance(RATES_OF_PLANTING.deemed)) return;
  const national = tp.registered >= '2002-01-01' && tp.registered <= '2008-12-31';
  const off = r.chance(RATES_OF_PLANTING.deemedOff);
  const rate = (off ? industry.deemedRate + r.pick([0.02, 0.03, 0.05]) : industry.deemedRate).toFixed(4);
  const year = 2015;
  if (national) nationalDeemedRate(tp, year, rate, out);
  else localDeemedRate(tp, year, rate, out);
  out.deemed(`${tp.area.division}|${industry.code}|${year}`, rate, {
    uscc: tp.uscc,
    year,
    source: national ? 'national-tax' : 'local-tax',
    detail: { rate },
  });
}

/** A registry change of address, mirrored in national tax's change records when it came after tax registration. */
export function addressChange(tp: Taxpayer, out: Emitter): void {
  if (!tp.r.chance(RATES_OF_PLANTING.change)) return;
  const on = dateBetween(tp.r, WINDOW_FROM, AS_OF);
  if (on <= tp.established) return;
  registryAddressChange(tp, on, out);
  if (on > tp.registered) nationalAddressChange(tp, on, out);
}
