import { chartJsSource, chartsScript, reportCss } from './assets';
import { chartSpecs } from './charts';
import type { ReportData } from './data';
import { byTaskThenKind, TASK_TITLES, taskOf, taskTitle } from './groups';
import { escapeHtml, inlineJson, inlineScript, num, when } from './html';
import { RevenueReport, revenueSection } from './revenue';
import { overviewSection, registrationSection } from './sections';
import { taskSections } from './task-sections';

/**
 * `npm run reconcile -- --report FILE.html`: the run's findings as one self-contained HTML file,
 * the paper an analyst hands to a meeting of the two bureaus. Charts by task, area and period and
 * the lists behind them, with each check's legal basis. The page loads nothing: its stylesheet, its
 * script and Chart.js are inlined (assets.ts), a CSP forbids every request, and everything from the
 * store is HTML-escaped.
 */
export const REPORT_CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

const CREDITS = 'Values are as each source holds them. Charts drawn with Chart.js (MIT licence), embedded.';

const fact = (n: string, l: string) => `<div class="fact"><div class="n">${n}</div><div class="l">${l}</div></div>`;

/** The run: when it stood, how it went, why it ran. */
function runMeta(run: ReportData['run']): string {
  const partial = run.status === 'completed' ? '' : ' <b class="capped">(not a completed run: its lists are partial)</b>';
  const resumed = run.resumed ? ` · resumed ${escapeHtml(run.resumed)}×` : '';
  const times = `started ${escapeHtml(when(run.startedAt))} · finished ${escapeHtml(when(run.finishedAt))}`;
  return `<dl class="meta">
<dt>Data as of</dt><dd>${escapeHtml(run.asOf)}</dd>
<dt>Run</dt><dd>${escapeHtml(run.id)} · ${escapeHtml(run.status)}${partial} · ${times}${resumed}</dd>
<dt>Purpose</dt><dd>${escapeHtml(run.purpose)}</dd>
</dl>`;
}

/** The start of a report page up to its body: closed to the network by its CSP, the report's styles inlined. */
export function documentHead(title: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${reportCss()}</style>
</head>`;
}

/** What the report carries beside the runs' findings. */
export interface ReportOptions {
  /** The publication lists' index, relative to the report: linked from it when the lists were written beside it. */
  publicationIndex?: string;
  /** The exchange of revenue figures: its section comes last, its CSV named when written beside the report. */
  revenue?: RevenueReport & { csvName: string | null };
}

/** The report as one HTML document: no request leaves it. */
export function renderReport(data: ReportData, options: ReportOptions = {}): string {
  const { revenue } = options;
  const { run } = data;
  const kinds = data.lists.map((l) => l.kind).sort(byTaskThenKind);
  const total = data.lists.reduce((s, l) => s + l.total, 0);
  const withFindings = new Set(kinds.map(taskOf)).size;
  const areaCount = new Set(data.byDivision.filter((d) => d.division !== null).map((d) => d.division)).size;
  const title = `Joint reconciliation of the national and local tax bureaus — run ${run.id}, as of ${run.asOf}`;
  const { tasks, sections } = taskSections(data, kinds);
  const nav = [
    '<li><a href="#overview">Overview charts</a></li>',
    `<li><a href="#task-1">Task 1: ${escapeHtml(TASK_TITLES[1])}</a></li>`,
    ...tasks.map(
      (t) =>
        `<li><a href="#task-${t}">Task ${t}: ${escapeHtml(
          taskTitle(
            t,
            kinds.filter((k) => taskOf(k) === t),
          ),
        )}</a></li>`,
    ),
    ...(options.publicationIndex ? ['<li><a href="#publication">Publication lists</a></li>'] : []),
    ...(revenue ? [`<li><a href="#revenue">The exchange of revenue figures, ${revenue.year}</a></li>`] : []),
  ].join('\n');
  const publication = options.publicationIndex
    ? `<section id="publication"><h2>Publication lists</h2><p>The abnormal-taxpayer notice (非正常户公告) per area and the joint ` +
      `credit rating lists per year, area and grade, as CSV and HTML: <a href="${escapeHtml(options.publicationIndex)}">` +
      `${escapeHtml(options.publicationIndex)}</a> (read live when this report was written).</p></section>`
    : '';

  return `${documentHead(title)}
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<p class="sub">Findings of the cross-agency checks (国税地税合作), for the joint meeting of the national and local tax bureaus.</p>
${runMeta(run)}
<div class="facts">
${fact(num(run.records), 'records read')}
${fact(num(run.subjects), 'taxpayers and records judged')}
${fact(num(total), 'findings')}
${fact(num(kinds.length), 'kinds of finding')}
${fact(num(withFindings), 'joint tasks with findings')}
${fact(num(areaCount), 'areas')}
</div>
<nav><b>Contents</b><ol>${nav}</ol></nav>
</header>

${overviewSection(data, kinds)}

${registrationSection(data)}

${sections.join('\n\n')}

${publication}
${revenue ? revenueSection(revenue, revenue.csvName) : ''}

<footer>
Generated by taxgraph from reconciliation run ${escapeHtml(run.id)} (the cooperation store). ${CREDITS}
</footer>
<script type="application/json" id="report-charts">${inlineJson(chartSpecs(data, kinds))}</script>
<script>${inlineScript(chartJsSource())}</script>
<script>${inlineScript(chartsScript())}</script>
</body>
</html>
`;
}
