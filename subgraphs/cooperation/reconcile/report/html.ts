/** Building blocks of the report's HTML: escaping, inlining and tables. */

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
export function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export const num = (n: number) => n.toLocaleString('en-US');
export const when = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '—');

/** A table of ready HTML cells; `columns` gives each column's class ('n': a number). */
export function table(head: string[], rows: string[][], columns: string[] = [], rowClass: (i: number) => string = () => ''): string {
  const cls = (j: number) => (columns[j] ? ` class="${columns[j]}"` : '');
  const th = head.map((h, j) => `<th${cls(j)}>${h}</th>`).join('');
  const body = rows
    .map((r, i) => `<tr${rowClass(i) ? ` class="${rowClass(i)}"` : ''}>${r.map((c, j) => `<td${cls(j)}>${c}</td>`).join('')}</tr>`)
    .join('\n');
  return `<div class="scroll"><table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}
