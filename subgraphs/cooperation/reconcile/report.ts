import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FINDING_KINDS, FINDING_RULES, FindingKind } from '../rules/reference';
import type { ReportData, ReportFinding } from './report/data';

export { loadReportData } from './report/data';
export type { ReportAdministrator, ReportData, ReportFinding, ReportOptions, ReportRun } from './report/data';

/**
 * `npm run reconcile -- --report FILE.html`: the run's findings as one self-contained HTML file,
 * the paper an analyst hands to a meeting of the two bureaus. Charts by task, area and period and
 * the lists behind them, with each check's legal basis. The page loads nothing: Chart.js is inlined
 * from node_modules, a CSP forbids every request, and everything from the store is HTML-escaped.
 */

// ---------------------------------------------------------------------------------------------
// Rendering

/** Escapes text for HTML content and quoted attributes. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * Script text safe inside <script>: `</script` and `<!--` cannot end or disturb the element. `\x3C`
 * means `<` in a JS string, template or regular expression alike, the only places either can occur.
 */
export function inlineScript(source: string): string {
  const safe = source.replace(/<(\/script|!--)/gi, '\\x3C$1');
  if (/<\/script/i.test(safe)) throw new Error('script text still closes its element');
  return safe;
}

/** JSON for a <script type="application/json"> element (no `<`, `>`, `&` or line separators left). */
function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Chart.js's browser build, read from the installed package (its exports map hides dist/). */
function chartJsSource(): string {
  return readFileSync(join(dirname(require.resolve('chart.js')), 'chart.umd.js'), 'utf8');
}

export const REPORT_CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

/** One colour per finding kind (FINDING_KINDS order), the same in every chart. */
const KIND_COLOURS = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
  '#1f77b4',
  '#aec7e8',
  '#8c564b',
  '#17becf',
  '#bcbd22',
  '#7f7f7f',
];
/** One hue per registration event, one shade per source (the stacks stand side by side). */
const EVENT_SHADES: Record<string, string[]> = {
  new: ['#2e7d32', '#66bb6a', '#a5d6a7'],
  changed: ['#1f4e8c', '#4e79a7', '#9fbfe0'],
  migrated: ['#b35900', '#f28e2b', '#ffc48a'],
  deregistered: ['#a11d1d', '#e15759', '#f4a3a4'],
};
const EVENTS = ['new', 'changed', 'migrated', 'deregistered'];

/** The joint tasks' names (DOMAIN.md), for headings. */
const TASK_TITLES: Record<number, string> = {
  1: 'Registration information exchange',
  3: 'Joint credit rating',
  4: "Joint assessment of individual businesses' turnover",
  5: 'Consistent deemed-profit CIT',
  6: 'Freight invoices and business tax',
  7: 'Urban construction tax base',
  9: 'Registry vs tax: unregistered businesses (漏征漏管户)',
  10: 'Abnormal taxpayers (非正常户)',
  11: 'Below-threshold households',
  12: 'Key tax sources (重点税源)',
  13: 'Tax administrators and their households',
  14: '三清: duplicate and garbage records',
  15: 'Payments: deducted, not in the treasury',
};
const taskTitle = (t: number, kinds: string[]) => TASK_TITLES[t] ?? kinds.map((k) => rule(k)?.title ?? k).join('; ');

const rule = (kind: string) => FINDING_RULES[kind as FindingKind] as (typeof FINDING_RULES)[FindingKind] | undefined;
const taskOf = (kind: string) => rule(kind)?.task ?? 0;
const kindOrder = (kind: string) => {
  const i = FINDING_KINDS.indexOf(kind as FindingKind);
  return i < 0 ? FINDING_KINDS.length : i;
};
const byTaskThenKind = (a: string, b: string) => taskOf(a) - taskOf(b) || kindOrder(a) - kindOrder(b) || a.localeCompare(b);
const colourOf = (kind: string) => KIND_COLOURS[kindOrder(kind) % KIND_COLOURS.length];
const kindLabel = (kind: string) => `T${taskOf(kind) || '?'} ${kind}`;
const num = (n: number) => n.toLocaleString('en-US');
const when = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '—');
const areaLabel = (division: string | null) => division ?? 'no area';

interface ChartSpec {
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
const MAX_AREA_BARS = 30;
/** Registration counts are shown per month up to this many months, else per quarter. */
const MAX_MONTHS = 36;

const quarterOfMonth = (month: string) => `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;

function sumBy<T>(items: T[], key: (t: T) => string, value: (t: T) => number): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of items) m.set(key(t), (m.get(key(t)) ?? 0) + value(t));
  return m;
}

function charts(data: ReportData, kinds: string[]) {
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
  const areas = [...areaTotals.keys()].sort((a, b) => (a === 'no area' ? 1 : b === 'no area' ? -1 : a.localeCompare(b)));
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
      backgroundColor: EVENT_SHADES[s.event]?.[reg.sources.indexOf(s.source) % 3] ?? KIND_COLOURS[i % KIND_COLOURS.length],
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

function registrationSeries(data: ReportData) {
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

const CSS = `
:root { --ink: #1d2330; --muted: #5b6477; --line: #d8dce4; --band: #f4f6f9; --accent: #2b5797; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: var(--ink); background: #fff; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--accent); }
h3 { font-size: 16px; margin: 22px 0 4px; }
.sub { color: var(--muted); margin: 0 0 16px; }
.facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 8px; margin: 12px 0 8px; }
.fact { background: var(--band); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; }
.fact .n { font-size: 20px; font-weight: 600; }
.fact .l { color: var(--muted); font-size: 12px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; }
nav ol { columns: 2; margin: 8px 0; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(560px, 1fr)); gap: 16px; }
.chart { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; break-inside: avoid; }
.chart h3 { margin-top: 0; }
.canvas-box { position: relative; height: 340px; }
.note { color: var(--muted); font-size: 12px; margin: 4px 0; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 4px; font-size: 12px; }
th, td { border: 1px solid var(--line); padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: var(--band); font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.sum td { font-weight: 600; background: var(--band); }
tr.q td:first-child { padding-left: 18px; color: var(--muted); }
.id { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 11px; white-space: nowrap; }
.scroll { overflow-x: auto; }
th .vert { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; display: inline-block; font-weight: 500; font-size: 11px; }
thead th { vertical-align: bottom; }
th:has(.vert) { text-align: center; }
td.detail { min-width: 240px; }
td.values { min-width: 200px; }
.vals { display: flex; flex-wrap: wrap; gap: 4px; }
.val { border: 1px solid var(--line); border-radius: 4px; padding: 1px 5px; background: #fafbfc; }
.val .s { display: block; color: var(--muted); font-size: 10px; }
.val b { font-weight: 600; }
.basis { border-left: 3px solid var(--accent); background: var(--band); padding: 6px 10px; margin: 6px 0; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: baseline; }
.capped { color: #8a5a00; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { padding: 0; font-size: 10pt; }
  nav { display: none; }
  h2 { break-before: page; break-after: avoid; }
  h2.first { break-before: auto; }
  h3 { break-after: avoid; }
  .charts { display: block; }
  .chart { margin-bottom: 8mm; }
  .canvas-box { height: 80mm; }
  canvas { max-width: 100% !important; }
  table { font-size: 8pt; }
  .scroll { overflow: visible; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;

/** Draws every chart from the embedded specs; a chart marks its canvas once it has drawn. */
const CLIENT = `
(function () {
  var specs = JSON.parse(document.getElementById('report-charts').textContent);
  var marker = { id: 'taxgraphRendered', afterRender: function (chart) { chart.canvas.setAttribute('data-rendered', 'true'); } };
  specs.forEach(function (c) {
    var canvas = document.getElementById(c.id);
    if (!canvas) return;
    var axis = function (title, stacked) { return { stacked: stacked, beginAtZero: true, ticks: { precision: 0 }, title: { display: !!title, text: title } }; };
    var chart = new Chart(canvas, {
      type: c.type,
      data: { labels: c.labels, datasets: c.datasets },
      plugins: [marker],
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        devicePixelRatio: Math.max(window.devicePixelRatio || 1, 2),
        indexAxis: c.horizontal ? 'y' : 'x',
        scales: { x: axis(c.xTitle, c.stacked), y: c.horizontal ? Object.assign(axis(c.yTitle, c.stacked), { ticks: { autoSkip: false } }) : axis(c.yTitle, c.stacked) },
        plugins: { legend: { display: c.legend, position: 'bottom', labels: { boxWidth: 12, font: { size: 11 } } } }
      }
    });
    if (chart.canvas) chart.canvas.setAttribute('data-rendered', 'true');
  });
})();
`;

/** A table of ready HTML cells; `columns` gives each column's class ('n': a number). */
function table(head: string[], rows: string[][], columns: string[] = [], rowClass: (i: number) => string = () => ''): string {
  const cls = (j: number) => (columns[j] ? ` class="${columns[j]}"` : '');
  const th = head.map((h, j) => `<th${cls(j)}>${h}</th>`).join('');
  const body = rows
    .map((r, i) => `<tr${rowClass(i) ? ` class="${rowClass(i)}"` : ''}>${r.map((c, j) => `<td${cls(j)}>${c}</td>`).join('')}</tr>`)
    .join('\n');
  return `<div class="scroll"><table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

const swatch = (kind: string) => `<span class="swatch" style="background:${colourOf(kind)}"></span>`;
/** A kind as a column heading, set vertically: sixteen columns fit a landscape page. */
const kindHead = (k: string) =>
  `<span class="vert" title="${escapeHtml(rule(k)?.title ?? k)}">${swatch(k)}T${taskOf(k) || '?'} ${escapeHtml(k)}</span>`;

function findingRow(f: ReportFinding, i: number): string[] {
  const who = f.uscc
    ? `<span class="id">${escapeHtml(f.uscc)}</span>`
    : f.legacyId
      ? `<span class="id">${escapeHtml(f.legacyId)}</span><br><span class="note">legacy id</span>`
      : '—';
  const values = f.values.length
    ? `<div class="vals">${f.values.map((v) => `<span class="val"><span class="s">${escapeHtml(v.source)} · ${escapeHtml(v.field)}</span><b>${v.value === null ? '<i>none</i>' : escapeHtml(v.value)}</b></span>`).join('')}</div>`
    : '—';
  const period = f.periodFrom
    ? `${escapeHtml(f.periodFrom)} – ${escapeHtml(f.periodTo ?? '')}`
    : f.year !== null
      ? escapeHtml(f.year)
      : 'standing';
  const area = [
    f.division ? `<span class="id">${escapeHtml(f.division)}</span>` : '—',
    f.industryCode ? `<br><span class="note">industry ${escapeHtml(f.industryCode)}</span>` : '',
  ].join('');
  return [
    String(i + 1),
    who,
    `${escapeHtml(f.record.source)}<br><span class="id">${escapeHtml(f.record.id)}</span>`,
    f.sources.map(escapeHtml).join('<br>'),
    escapeHtml(f.detail),
    values,
    area,
    period,
    f.taxOfficeCodes.length ? f.taxOfficeCodes.map((c) => `<span class="id">${escapeHtml(c)}</span>`).join('<br>') : '—',
    escapeHtml(f.detectedAt),
  ];
}

/** The report as one HTML document: no request leaves it. */
export function renderReport(data: ReportData): string {
  const { run } = data;
  const kinds = data.lists.map((l) => l.kind).sort(byTaskThenKind);
  const total = data.lists.reduce((s, l) => s + l.total, 0);
  const specs = charts(data, kinds);
  const tasks = [...new Set(kinds.map(taskOf))].sort((a, b) => a - b);
  const areaCount = new Set(data.byDivision.filter((d) => d.division !== null).map((d) => d.division)).size;
  const title = `Joint reconciliation of the national and local tax bureaus — run ${run.id}, as of ${run.asOf}`;

  // Summary by task and kind
  const kindRows = kinds.map((k) => {
    const list = data.lists.find((l) => l.kind === k)!;
    return [
      String(taskOf(k) || '?'),
      `${swatch(k)}<a href="#kind-${escapeHtml(k)}">${escapeHtml(k)}</a>`,
      escapeHtml(rule(k)?.title ?? k),
      num(list.total),
    ];
  });
  kindRows.push(['', '<b>All findings</b>', '', num(total)]);

  // Area x kind
  const areaKind = sumBy(
    data.byDivision,
    (d) => `${areaLabel(d.division)}|${d.kind}`,
    (d) => d.findings,
  );
  const areas = [...new Set(data.byDivision.map((d) => areaLabel(d.division)))].sort((a, b) =>
    a === 'no area' ? 1 : b === 'no area' ? -1 : a.localeCompare(b),
  );
  const areaRows = areas.map((a) => [
    `<span class="id">${escapeHtml(a)}</span>`,
    ...kinds.map((k) => (areaKind.get(`${a}|${k}`) ? num(areaKind.get(`${a}|${k}`)!) : '')),
    num(kinds.reduce((s, k) => s + (areaKind.get(`${a}|${k}`) ?? 0), 0)),
  ]);
  const countColumns = ['', ...kinds.map(() => 'n'), 'n'];

  // Period x kind: each year, then its quarters for dated findings; standing findings last.
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
  const periodRows: string[][] = [];
  const periodClasses: string[] = [];
  const cells = (get: (k: string) => number) => [
    ...kinds.map((k) => (get(k) ? num(get(k)) : '')),
    num(kinds.reduce((s, k) => s + get(k), 0)),
  ];
  for (const y of years) {
    periodRows.push([`<b>${y}</b>`, ...cells((k) => yearKind.get(`${y}|${k}`) ?? 0)]);
    periodClasses.push('');
    const quarters = [...new Set(data.byPeriod.filter((p) => p.year === y && p.quarter).map((p) => p.quarter!))].sort();
    for (const q of quarters) {
      periodRows.push([escapeHtml(q), ...cells((k) => periodKind.get(`${y}|${q}|${k}`) ?? 0)]);
      periodClasses.push('q');
    }
  }
  const standing = kinds.reduce((s, k) => s + (yearKind.get(`|${k}`) ?? 0), 0);
  if (standing) {
    periodRows.push(['no period (standing)', ...cells((k) => yearKind.get(`|${k}`) ?? 0)]);
    periodClasses.push('');
  }

  // Registration exchange (task 1)
  const reg = registrationSeries(data);
  const regTotals = sumBy(
    data.registrations,
    (r) => `${r.source}|${r.event}`,
    (r) => r.records,
  );
  const regSeries = reg.series;
  const regRows = reg.periods.map((p) => [escapeHtml(p), ...regSeries.map((s) => num(reg.counts.get(`${p}|${s.source}|${s.event}`) ?? 0))]);
  regRows.push(['<b>Total</b>', ...regSeries.map((s) => num(regTotals.get(`${s.source}|${s.event}`) ?? 0))]);

  const adminTable = data.administrators.top.length
    ? table(
        ['Source', 'Administrator', 'Name', 'Area', 'Tax office', 'Households'],
        data.administrators.top.map((a) => [
          escapeHtml(a.source),
          `<span class="id">${escapeHtml(a.administrator)}</span>`,
          escapeHtml(a.name ?? '—'),
          `<span class="id">${escapeHtml(a.division)}</span>`,
          `<span class="id">${escapeHtml(a.taxOfficeCode)}</span>`,
          num(a.households),
        ]),
        ['', '', '', '', '', 'n'],
      )
    : '<p class="note">No administrator loads were recorded in this run.</p>';
  const adminBlock = `<p class="note">${num(data.administrators.count)} administrators hold ${num(data.administrators.households)} active households; the ${num(data.administrators.top.length)} with the most:</p>${adminTable}`;

  const chartBox = (id: string, heading: string, note: string) =>
    `<div class="chart"><h3>${heading}</h3><div class="canvas-box"><canvas id="${id}" role="img" aria-label="${escapeHtml(heading)}"></canvas></div>${note ? `<p class="note">${note}</p>` : ''}</div>`;

  const taskSections = tasks.map((t) => {
    const taskKinds = kinds.filter((k) => taskOf(k) === t);
    const parts = taskKinds.map((k) => {
      const list = data.lists.find((l) => l.kind === k)!;
      const r = rule(k);
      const capped = list.rows.length < list.total;
      return `<section class="kind" id="kind-${escapeHtml(k)}">
<h3>${swatch(k)}${escapeHtml(r?.title ?? k)} <span class="note">(${escapeHtml(k)})</span></h3>
<div class="basis"><b>Legal basis.</b> ${escapeHtml(r?.basis ?? 'not a known check')}</div>
<p class="${capped ? 'capped' : 'note'}">${capped ? `Showing ${num(list.rows.length)} of ${num(list.total)} findings (the first by area, then taxpayer); the full list is in the graph (<code>findings(filter: {kinds: [${escapeHtml(k)}]})</code>).` : `${num(list.total)} finding${list.total === 1 ? '' : 's'}.`}</p>
${table(['#', 'Taxpayer (USCC / legacy id)', 'Record', 'Sources', 'Detail', 'Values', 'Area', 'Period', 'Tax office', 'First detected'], list.rows.map(findingRow), ['n', '', '', '', 'detail', 'values'])}
</section>`;
    });
    const extra = t === 13 ? `<h3>Administrators' loads</h3>${adminBlock}` : '';
    return `<section class="task" id="task-${t}"><h2>Task ${t}: ${escapeHtml(taskTitle(t, taskKinds))}</h2>\n${parts.join('\n')}${extra}</section>`;
  });
  const sectionTasks = [...tasks];
  if (!tasks.includes(13) && data.administrators.count) {
    sectionTasks.push(13);
    taskSections.push(`<section class="task" id="task-13"><h2>Task 13: ${escapeHtml(TASK_TITLES[13])}</h2>${adminBlock}</section>`);
  }

  const nav = [
    '<li><a href="#overview">Overview charts</a></li>',
    `<li><a href="#task-1">Task 1: ${escapeHtml(TASK_TITLES[1])}</a></li>`,
    ...sectionTasks.map(
      (t) =>
        `<li><a href="#task-${t}">Task ${t}: ${escapeHtml(
          taskTitle(
            t,
            kinds.filter((k) => taskOf(k) === t),
          ),
        )}</a></li>`,
    ),
  ].join('\n');

  const fact = (n: string, l: string) => `<div class="fact"><div class="n">${n}</div><div class="l">${l}</div></div>`;

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<p class="sub">Findings of the cross-agency checks (国税地税合作), for the joint meeting of the national and local tax bureaus.</p>
<dl class="meta">
<dt>Data as of</dt><dd>${escapeHtml(run.asOf)}</dd>
<dt>Run</dt><dd>${escapeHtml(run.id)} · ${escapeHtml(run.status)}${run.status === 'completed' ? '' : ' <b class="capped">(not a completed run: its lists are partial)</b>'} · started ${escapeHtml(when(run.startedAt))} · finished ${escapeHtml(when(run.finishedAt))}${run.resumed ? ` · resumed ${escapeHtml(run.resumed)}×` : ''}</dd>
<dt>Purpose</dt><dd>${escapeHtml(run.purpose)}</dd>
</dl>
<div class="facts">
${fact(num(run.records), 'records read')}
${fact(num(run.subjects), 'taxpayers and records judged')}
${fact(num(total), 'findings')}
${fact(num(kinds.length), 'kinds of finding')}
${fact(num(tasks.length), 'joint tasks with findings')}
${fact(num(areaCount), 'areas')}
</div>
<nav><b>Contents</b><ol>${nav}</ol></nav>
</header>

<section id="overview">
<h2 class="first">Overview</h2>
<div class="charts">
${chartBox('chart-by-task', 'Findings by task and kind', '')}
${chartBox('chart-by-area', 'Findings by area and kind', areas.length > MAX_AREA_BARS ? `The ${MAX_AREA_BARS - 1} areas with the most findings; the rest are summed as "other areas". The table lists every area.` : '')}
${chartBox('chart-by-period', 'Findings by year', standing ? `${num(standing)} standing findings (no period: registrations, status, records) are not in this chart; quarters of dated findings are in the table.` : '')}
</div>
<h3>By task and kind</h3>
${table(['Task', 'Kind', 'Check', 'Findings'], kindRows, ['n', '', '', 'n'], (i) => (i === kindRows.length - 1 ? 'sum' : ''))}
<h3>By area</h3>
${table(['Area', ...kinds.map(kindHead), 'Total'], areaRows, countColumns)}
<h3>By period</h3>
<p class="note">A year counts all its findings (per-year ones, and those of a return period in it); the quarters under it count the findings of a return period.</p>
${periodRows.length ? table(['Period', ...kinds.map(kindHead), 'Total'], periodRows, countColumns, (i) => periodClasses[i]) : '<p class="note">No findings.</p>'}
</section>

<section class="task" id="task-1">
<h2>Task 1: ${escapeHtml(TASK_TITLES[1])}</h2>
<p class="note">Registration events each source holds, counted ${reg.granularity === 'quarter' ? 'per quarter' : 'per month'} over all areas: what the bureaus and the registry exchange.</p>
<div class="chart">${`<h3>Registration events by ${reg.granularity} and source</h3><div class="canvas-box"><canvas id="chart-registrations" role="img" aria-label="Registration events"></canvas></div>`}</div>
${regSeries.length ? table([reg.granularity === 'quarter' ? 'Quarter' : 'Month', ...regSeries.map((s) => `${escapeHtml(s.source)}<br>${escapeHtml(s.event)}`)], regRows, ['', ...regSeries.map(() => 'n')], (i) => (i === regRows.length - 1 ? 'sum' : '')) : '<p class="note">No registration events were counted in this run.</p>'}
</section>

${taskSections.join('\n\n')}

<footer>
Generated by taxgraph from reconciliation run ${escapeHtml(run.id)} (the cooperation store). Values are as each source holds them. Charts drawn with Chart.js (MIT licence), embedded.
</footer>
<script type="application/json" id="report-charts">${inlineJson(specs)}</script>
<script>${inlineScript(chartJsSource())}</script>
<script>${inlineScript(CLIENT)}</script>
</body>
</html>
`;
}
