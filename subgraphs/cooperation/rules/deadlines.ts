import { addDays } from '../../../shared/dates';

/**
 * How the law's time limits are counted, as taxgraph reads them. A period of N days "from" a day
 * (自领取营业执照之日起三十日内, 自营业执照被吊销之日起15日内) does not count that day (the civil law's
 * rule, 民法通则 第一百五十四条, now 民法典 第二百零一条): its last day is the day plus N, and the act is
 * still in time on that day. A last day that falls on a rest day moves to the next working day
 * (税收征收管理法实施细则 第一百零九条); taxgraph knows Saturdays and Sundays, not the State Council's
 * yearly holiday schedule (a last day in a holiday week may be judged a few days early).
 */
export function lastDayOfPeriod(from: string, days: number): string {
  let last = addDays(from, days);
  for (;;) {
    const weekday = new Date(`${last}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) return last;
    last = addDays(last, 1);
  }
}

/** Whether a period of `days` days from a day has run out by the as-of day (the as-of day is after its last day). */
export const periodOver = (from: string, days: number, asOf: string): boolean => asOf > lastDayOfPeriod(from, days);
