import { MAX_AREA_BARS, registrationSeries } from './charts';
import type { ReportData } from './data';
import { areaLabel, areaOrder, colourOf, rule, sumBy, TASK_TITLES, taskOf } from './groups';
import { escapeHtml, num, table } from './html';

/** The report's first sections: the overview (charts and the tables by kind, area and period) and task 1's exchange counts. */

export const swatch = (kind: string) => `<span class="swatch" style="background:${colourOf(kind)}"></span>`;

/** A kind as a column heading, set vertically: sixteen columns fit a landscape page. */
const kindHead = (k: string) =>
  `<span class="vert" title="${escapeHtml(rule(k)?.title ?? k)}">${swatch(k)}T${taskOf(k) || '?'} ${escapeHtml(k)}</span>`;

/** A chart's box; the canvas is drawn in the browser from the spec of the same id (charts.ts). */
const chartBox = (id: string, heading: string, note: string) =>
  `<div class="chart"><h3>${heading}</h3>` +
  `<div class="canvas-box"><canvas id="${id}" role="img" aria-label="${escapeHtml(heading)}"></canvas></div>` +
  `${note ? `<p class="note">${note}</p>` : ''}</div>`;

/** Each kind's findings, its task and title, and the total. */
function kindTable(data: ReportData, kinds: string[]): string {
  const total = data.lists.reduce((s, l) => s + l.total, 0);
  const rows = kinds.map((k) => {
    const list = data.lists.find((l) => l.kind === k)!;
    return [
      String(taskOf(k) || '?'),
      `${swatch(k)}<a href="#kind-${escapeHtml(k)}">${escapeHtml(k)}</a>`,
      escapeHtml(rule(k)?.title ?? k),
      num(list.total),
    ];
  });
  rows.push(['', '<b>All findings</b>', '', num(total)]);
  return table(['Task', 'Kind', 'Check', 'Findings'], rows, ['n', '', '', 'n'], (i) => (i === rows.length - 1 ? 'sum' : ''));
}

/** Area x kind, every area (the chart shows the busiest). */
function areaTable(data: ReportData, kinds: string[], areas: string[]): string {
  const areaKind = sumBy(
    data.byDivision,
    (d) => `${areaLabel(d.division)}|${d.kind}`,
    (d) => d.findings,
  );
  const rows = areas.map((a) => [
    `<span class="id">${escapeHtml(a)}</span>`,
    ...kinds.map((k) => (areaKind.get(`${a}|${k}`) ? num(areaKind.get(`${a}|${k}`)!) : '')),
    num(kinds.reduce((s, k) => s + (areaKind.get(`${a}|${k}`) ?? 0), 0)),
  ]);
  return table(['Area', ...kinds.map(kindHead), 'Total'], rows, ['', ...kinds.map(() => 'n'), 'n']);
}

/** Period x kind: each year, then its quarters for dated findings; standing findings last. Also how many stand. */
function periodTable(data: ReportData, kinds: string[]): { html: string; standing: number } {
  const periodKind = sumBy(
    data.byPeriod,
    (p) => `${p.year ?? ''}|${p.quarter ?? ''}|${p.kind}`,
    (p) => p.findings,
  );
  const yearKind = sumBy(
    data.byPeriod,
    (p) => `${p.year ?? ''}|${p.kind}`,
    (p) => p.findings,
  );
  const years = [...new Set(data.byPeriod.map((p) => p.year))].filter((y): y is number => y !== null).sort((a, b) => a - b);
  const rows: string[][] = [];
  const classes: string[] = [];
  const cells = (get: (k: string) => number) => [
    ...kinds.map((k) => (get(k) ? num(get(k)) : '')),
    num(kinds.reduce((s, k) => s + get(k), 0)),
  ];
  for (const y of years) {
    rows.push([`<b>${y}</b>`, ...cells((k) => yearKind.get(`${y}|${k}`) ?? 0)]);
    classes.push('');
    const quarters = [...new Set(data.byPeriod.filter((p) => p.year === y && p.quarter).map((p) => p.quarter!))].sort();
    for (const q of quarters) {
      rows.push([escapeHtml(q), ...cells((k) => periodKind.get(`${y}|${q}|${k}`) ?? 0)]);
      classes.push('q');
    }
  }
  const standing = kinds.reduce((s, k) => s + (yearKind.get(`|${k}`) ?? 0), 0);
  if (standing) {
    rows.push(['no period (standing)', ...cells((k) => yearKind.get(`|${k}`) ?? 0)]);
    classes.push('');
  }
  const html = rows.length
    ? table(['Period', ...kinds.map(kindHead), 'Total'], rows, ['', ...kinds.map(() => 'n'), 'n'], (i) => classes[i])
    : '<p class="note">No findings.</p>';
  return { html, standing };
}

const PERIOD_NOTE =
  'A year counts all its findings (per-year ones, and those of a return period in it); the quarters under it count the findings of a return period.';

export function overviewSection(data: ReportData, kinds: string[]): string {
  const areas = [...new Set(data.byDivision.map((d) => areaLabel(d.division)))].sort(areaOrder);
  const periods = periodTable(data, kinds);
  const areaNote =
    areas.length > MAX_AREA_BARS
      ? `The ${MAX_AREA_BARS - 1} areas with the most findings; the rest are summed as "other areas". The table lists every area.`
      : '';
  const periodNote = periods.standing
    ? `${num(periods.standing)} standing findings (no period: registrations, status, records) are not in this chart; ` +
      'quarters of dated findings are in the table.'
    : '';
  return `<section id="overview">
<h2 class="first">Overview</h2>
<div class="charts">
${chartBox('chart-by-task', 'Findings by task and kind', '')}
${chartBox('chart-by-area', 'Findings by area and kind', areaNote)}
${chartBox('chart-by-period', 'Findings by year', periodNote)}
</div>
<h3>By task and kind</h3>
${kindTable(data, kinds)}
<h3>By area</h3>
${areaTable(data, kinds, areas)}
<h3>By period</h3>
<p class="note">${PERIOD_NOTE}</p>
${periods.html}
</section>`;
}

/** Task 1: the registration events each source holds, per month (or quarter) and source. */
export function registrationSection(data: ReportData): string {
  const reg = registrationSeries(data);
  const totals = sumBy(
    data.registrations,
    (r) => `${r.source}|${r.event}`,
    (r) => r.records,
  );
  const rows = reg.periods.map((p) => [escapeHtml(p), ...reg.series.map((s) => num(reg.counts.get(`${p}|${s.source}|${s.event}`) ?? 0))]);
  rows.push(['<b>Total</b>', ...reg.series.map((s) => num(totals.get(`${s.source}|${s.event}`) ?? 0))]);
  const head = [
    reg.granularity === 'quarter' ? 'Quarter' : 'Month',
    ...reg.series.map((s) => `${escapeHtml(s.source)}<br>${escapeHtml(s.event)}`),
  ];
  const counts = reg.series.length
    ? table(head, rows, ['', ...reg.series.map(() => 'n')], (i) => (i === rows.length - 1 ? 'sum' : ''))
    : '<p class="note">No registration events were counted in this run.</p>';
  const per = reg.granularity === 'quarter' ? 'per quarter' : 'per month';
  const chart =
    `<h3>Registration events by ${reg.granularity} and source</h3>` +
    '<div class="canvas-box"><canvas id="chart-registrations" role="img" aria-label="Registration events"></canvas></div>';
  return `<section class="task" id="task-1">
<h2>Task 1: ${escapeHtml(TASK_TITLES[1])}</h2>
<p class="note">Registration events each source holds, counted ${per} over all areas: what the bureaus and the registry exchange.</p>
<div class="chart">${chart}</div>
${counts}
</section>`;
}
