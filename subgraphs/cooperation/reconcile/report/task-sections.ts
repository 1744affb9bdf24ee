import type { ReportData, ReportFinding } from './data';
import { rule, TASK_TITLES, taskOf, taskTitle } from './groups';
import { escapeHtml, num, table } from './html';
import { swatch } from './sections';

/** The report's sections per joint task: each kind's findings listed with their legal basis, and task 13's administrators. */

const value = (v: ReportFinding['values'][number]) =>
  `<span class="val"><span class="s">${escapeHtml(v.source)} · ${escapeHtml(v.field)}</span>` +
  `<b>${v.value === null ? '<i>none</i>' : escapeHtml(v.value)}</b></span>`;

function findingRow(f: ReportFinding, i: number): string[] {
  const who = f.uscc
    ? `<span class="id">${escapeHtml(f.uscc)}</span>`
    : f.legacyId
      ? `<span class="id">${escapeHtml(f.legacyId)}</span><br><span class="note">legacy id</span>`
      : '—';
  const values = f.values.length ? `<div class="vals">${f.values.map(value).join('')}</div>` : '—';
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

const FINDING_COLUMNS = [
  '#',
  'Taxpayer (USCC / legacy id)',
  'Record',
  'Sources',
  'Detail',
  'Values',
  'Area',
  'Period',
  'Tax office',
  'First detected',
];

/** One kind's findings: its rule and basis, and its list (capped, with the true total). */
function kindSection(data: ReportData, k: string): string {
  const list = data.lists.find((l) => l.kind === k)!;
  const r = rule(k);
  const capped = list.rows.length < list.total;
  const count = capped
    ? `Showing ${num(list.rows.length)} of ${num(list.total)} findings (the first by area, then taxpayer); ` +
      `the full list is in the graph (<code>findings(filter: {kinds: [${escapeHtml(k)}]})</code>).`
    : `${num(list.total)} finding${list.total === 1 ? '' : 's'}.`;
  return `<section class="kind" id="kind-${escapeHtml(k)}">
<h3>${swatch(k)}${escapeHtml(r?.title ?? k)} <span class="note">(${escapeHtml(k)})</span></h3>
<div class="basis"><b>Legal basis.</b> ${escapeHtml(r?.basis ?? 'not a known check')}</div>
<p class="${capped ? 'capped' : 'note'}">${count}</p>
${table(FINDING_COLUMNS, list.rows.map(findingRow), ['n', '', '', '', 'detail', 'values'])}
</section>`;
}

/** The busiest administrators, with how many there are and their households in all. */
function administrators(data: ReportData): string {
  const { count, households, top } = data.administrators;
  const list = top.length
    ? table(
        ['Source', 'Administrator', 'Name', 'Area', 'Tax office', 'Households'],
        top.map((a) => [
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
  return `<p class="note">${num(count)} administrators hold ${num(households)} active households; the ${num(top.length)} with the most:</p>${list}`;
}

/**
 * A section per task with findings, in task order, and task 13's (administrators' loads) even when
 * it has none; with the tasks in the order of their sections.
 */
export function taskSections(data: ReportData, kinds: string[]): { tasks: number[]; sections: string[] } {
  const tasks = [...new Set(kinds.map(taskOf))].sort((a, b) => a - b);
  const sections = tasks.map((t) => {
    const taskKinds = kinds.filter((k) => taskOf(k) === t);
    const extra = t === 13 ? `<h3>Administrators' loads</h3>${administrators(data)}` : '';
    return (
      `<section class="task" id="task-${t}"><h2>Task ${t}: ${escapeHtml(taskTitle(t, taskKinds))}</h2>\n` +
      `${taskKinds.map((k) => kindSection(data, k)).join('\n')}${extra}</section>`
    );
  });
  if (!tasks.includes(13) && data.administrators.count) {
    sections.push(`<section class="task" id="task-13"><h2>Task 13: ${escapeHtml(TASK_TITLES[13])}</h2>${administrators(data)}</section>`);
    return { tasks: [...tasks, 13], sections };
  }
  return { tasks, sections };
}
