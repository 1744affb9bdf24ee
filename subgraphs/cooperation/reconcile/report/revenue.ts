import type { RevenueFigure } from '../../types/revenue-figure';
import { escapeHtml, table } from './html';

/**
 * The exchange of revenue figures (定期交换税收会计、统计及计划报表数据) beside the run's findings: the
 * three sources' collected revenue by tax, area, month and budget subject, as an HTML section of the
 * report and a CSV file next to it. The figures are live (cooperation's revenueExchange through the
 * gateway), not from the run: the sources sum them at the time the report is written.
 */

/** What the report asks the gateway for. */
export const REVENUE_QUERY = `query RevenueExchange($year: Int!) { revenueExchange(year: $year) {
  levyItemCode levyItem division month budgetSubjectCode nationalTax nationalTaxThroughTips localTax localTaxThroughTips treasury difference } }`;

export interface RevenueReport {
  year: number;
  figures: RevenueFigure[];
}

const COLUMNS: [string, keyof RevenueFigure][] = [
  ['levy item', 'levyItemCode'],
  ['tax', 'levyItem'],
  ['division', 'division'],
  ['month', 'month'],
  ['budget subject', 'budgetSubjectCode'],
  ['national tax', 'nationalTax'],
  ['national tax through TIPS', 'nationalTaxThroughTips'],
  ['local tax', 'localTax'],
  ['local tax through TIPS', 'localTaxThroughTips'],
  ['treasury (TIPS)', 'treasury'],
  ['difference', 'difference'],
];

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The figures as CSV: a header row, then one line per tax, area, month and budget subject; an empty cell where a source could not be asked. */
export function revenueCsv(figures: RevenueFigure[]): string {
  const lines = [COLUMNS.map(([h]) => h), ...figures.map((f) => COLUMNS.map(([, k]) => f[k]))];
  return `${lines.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** The report's section: every line, lines whose difference is not zero marked. */
export function revenueSection(report: RevenueReport, csvName: string | null): string {
  const rows = report.figures.map((f) => COLUMNS.map(([, k]) => escapeHtml(f[k] ?? '—')));
  const off = (i: number) => {
    const d = report.figures[i].difference;
    return d !== null && d !== '0.00' ? 'capped' : '';
  };
  const numeric = COLUMNS.map((_, j) => (j >= 5 ? 'n' : ''));
  return `<section id="revenue">
<h2>The exchange of revenue figures, ${report.year}</h2>
<p>Collected revenue by tax, area, month and budget subject (定期交换税收会计、统计及计划报表数据): what national tax booked (已缴税费) and local
tax booked (税票缴款) as collected, and what TIPS carried into the treasury. <b>Difference</b> is what the bureaus booked as paid through TIPS
minus the treasury's entries: lines where it is not zero are marked; the payments behind them are task 15's findings. Cash paid at a tax
office reaches the treasury outside TIPS and is in the bureaus' columns only.${csvName ? ` The same lines: <code>${escapeHtml(csvName)}</code>.` : ''}</p>
${table(
  COLUMNS.map(([h]) => escapeHtml(h)),
  rows,
  numeric,
  off,
)}
</section>`;
}
