import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';

/**
 * What the report inlines besides its HTML: its stylesheet and browser script (files in assets/,
 * beside this module) and Chart.js's browser build. Compiled code runs from dist/, where tsc copies
 * no assets: it reads them from the source tree, at the same path under the project root.
 */
function assetsDir(): string {
  const beside = join(__dirname, 'assets');
  if (existsSync(beside)) return beside;
  const parts = __dirname.split(sep);
  const dist = parts.lastIndexOf('dist');
  const inSource = dist < 0 ? beside : join(parts.slice(0, dist).join(sep) || sep, ...parts.slice(dist + 1), 'assets');
  if (existsSync(inSource)) return inSource;
  throw new Error(`the report's assets are missing (looked in ${beside} and ${inSource})`);
}

const cache = new Map<string, string>();
const read = (key: string, path: () => string) => {
  if (!cache.has(key)) cache.set(key, readFileSync(path(), 'utf8'));
  return cache.get(key)!;
};

/** The report's stylesheet. */
export const reportCss = () => read('css', () => join(assetsDir(), 'report.css'));

/** The browser script that draws the charts from their specs (embedded as JSON in the page). */
export const chartsScript = () => read('charts', () => join(assetsDir(), 'charts.js'));

/** Chart.js's browser build, read from the installed package (its exports map hides dist/). */
export const chartJsSource = () => read('chart.js', () => join(dirname(require.resolve('chart.js')), 'chart.umd.js'));
