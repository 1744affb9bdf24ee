import type { ReportData } from './data';
import { areaLabel, areaOrder, colourAt, colourOf, kindLabel, sumBy } from './groups';

/** One hue per registration event, one shade per source (the stacks stand side by side). */
const EVENT_SHADES: Record<string, string[]> = {
  new: ['#2e7d32', '#66bb6a', '#a5d6a7'],
  changed: ['#1f4e8c', '#4e79a7', '#9fbfe0'],
  migrated: ['#b35900', '#f28e2b', '#ffc48a'],
  deregistered: ['#a11d1d', '#e15759', '#f4a3a4'],
};
const EVENTS = ['new', 'changed', 'migrated', 'deregistered'];

export interface ChartSpec {
  id: string;
  type: 'bar' | 'line';
  labels: string[];
  datasets: { label: string; data: number[]; backgroundColor: string | string[]; borderColor?: string; stack?: string }[];
  stacked: boolean;
  horizontal?: boolean;
  xTitle: string;
  yTitle: string;
  legend: boolean;
}

/** Up to this many areas get their own bar; the rest are summed as "other areas". */
export const MAX_AREA_BARS = 30;
/** Registration counts are shown per month up to this many months, else per quarter. */
const MAX_MONTHS = 36;

const quarterOfMonth = (month: string) => `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;

/** The overview's and task 1's charts, drawn in the browser by assets/charts.js. */
export function chartSpecs(data: ReportData, kinds: string[]): ChartSpec[] {
  const byTask: ChartSpec = {
    id: 'chart-by-task',
    type: 'bar',
    labels: kinds.map(kindLabel),
    datasets: [
      { label: 'Findings', data: kinds.map((k) => data.lists.find((l) => l.kind === k)?.total ?? 0), backgroundColor: kinds.map(colourOf) },
    ],
    stacked: false,
    horizontal: true,
    xTitle: 'findings',
    yTitle: '',
    legend: false,
  };

  const areaTotals = sumBy(
    data.byDivision,
    (d) => areaLabel(d.division),
    (d) => d.findings,
  );
  const areas = [...areaTotals.keys()].sort(areaOrder);
  const shown =
    areas.length <= MAX_AREA_BARS
      ? areas
      : [...areaTotals]
          .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
          .slice(0, MAX_AREA_BARS - 1)
          .map(([a]) => a)
          .sort();
  const areaBar = (a: string) => (shown.includes(a) ? a : 'other areas');
  const areaLabels = areas.length <= MAX_AREA_BARS ? shown : [...shown, 'other areas'];
  const byAreaKind = sumBy(
    data.byDivision,
    (d) => `${areaBar(areaLabel(d.division))}|${d.kind}`,
    (d) => d.findings,
  );
  const byArea: ChartSpec = {
    id: 'chart-by-area',
    type: 'bar',
    labels: areaLabels,
    datasets: kinds.map((k) => ({
      label: kindLabel(k),
      data: areaLabels.map((a) => byAreaKind.get(`${a}|${k}`) ?? 0),
      backgroundColor: colourOf(k),
    })),
    stacked: true,
    xTitle: 'area (administrative division)',
    yTitle: 'findings',
    legend: true,
  };

  const years = [...new Set(data.byPeriod.filter((p) => p.year !== null).map((p) => String(p.year)))].sort();
  const byYearKind = sumBy(
    data.byPeriod.filter((p) => p.year !== null),
    (p) => `${p.year}|${p.kind}`,
    (p) => p.findings,
  );
  const byPeriod: ChartSpec = {
    id: 'chart-by-period',
    type: 'bar',
    labels: years,
    datasets: kinds
      .filter((k) => years.some((y) => byYearKind.has(`${y}|${k}`)))
      .map((k) => ({ label: kindLabel(k), data: years.map((y) => byYearKind.get(`${y}|${k}`) ?? 0), backgroundColor: colourOf(k) })),
    stacked: true,
    xTitle: 'year of the finding',
    yTitle: 'findings',
    legend: true,
  };

  const reg = registrationSeries(data);
  const registrations: ChartSpec = {
    id: 'chart-registrations',
    type: 'bar',
    labels: reg.periods,
    datasets: reg.series.map((s, i) => ({
      label: `${s.source}: ${s.event}`,
      data: reg.periods.map((p) => reg.counts.get(`${p}|${s.source}|${s.event}`) ?? 0),
      backgroundColor: EVENT_SHADES[s.event]?.[reg.sources.indexOf(s.source) % 3] ?? colourAt(i),
      borderColor: '#ffffff',
      stack: s.source,
    })),
    stacked: true,
    xTitle: reg.granularity,
    yTitle: 'records',
    legend: true,
  };
  return [byTask, byArea, byPeriod, registrations];
}

/** Task 1's series: one per source and event, per month (or per quarter over more than MAX_MONTHS months). */
export function registrationSeries(data: ReportData) {
  const months = [...new Set(data.registrations.map((r) => r.month))].sort();
  const granularity = months.length > MAX_MONTHS ? 'quarter' : 'month';
  const periodOf = (month: string) => (granularity === 'quarter' ? quarterOfMonth(month) : month);
  const periods = [...new Set(months.map(periodOf))].sort();
  const counts = sumBy(
    data.registrations,
    (r) => `${periodOf(r.month)}|${r.source}|${r.event}`,
    (r) => r.records,
  );
  const sources = [...new Set(data.registrations.map((r) => r.source))].sort();
  const eventRank = (e: string) => (EVENTS.indexOf(e) < 0 ? EVENTS.length : EVENTS.indexOf(e));
  const series = sources.flatMap((source) =>
    [...new Set(data.registrations.filter((r) => r.source === source).map((r) => r.event))]
      .sort((a, b) => eventRank(a) - eventRank(b) || a.localeCompare(b))
      .map((event) => ({ source, event })),
  );
  return { granularity, periods, counts, series, sources };
}
