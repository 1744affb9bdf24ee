/**
 * `npm run config:check [-- FILE]`: the effective configuration, checked. Reads FILE (else
 * TAXGRAPH_CONFIG, else ./taxgraph.config.yaml when present) and the environment, and prints every
 * setting with its value and where it comes from (env, file, default, unset), secrets as `***` and
 * URLs' passwords hidden; exit 0. When the file or an environment variable breaks a rule, or
 * settings disagree (three legacy databases of four), every problem goes to stderr naming its key
 * and variable; exit 1. Exit 2: a usage error.
 */
import { parseArgs } from 'node:util';
import { configFilePath, envValue } from '../shared/config-file';
import { FileValues, readConfigFile } from '../shared/config-parse';
import { Setting, SETTINGS, shownValue } from '../shared/settings';
import { LEGACY_SOURCES, SOURCE_INFO } from '../shared/sources';
import { webhookConfigFromEnv } from '../subgraphs/cooperation/cases/webhooks';
import { practiceFromEnv } from '../subgraphs/cooperation/rules/practice';

export type Origin = 'env' | 'file' | 'default' | 'unset';

export interface Effective {
  setting: Setting;
  /** The value a process gets (for `default`, the catalogue's description of the default). */
  value: string | undefined;
  origin: Origin;
}

/**
 * Each setting's effective value. PORT and HOST from the environment count for the gateway's keys:
 * npm start gives each subgraph its port itself.
 */
export function effectiveSettings(values: FileValues, env: NodeJS.ProcessEnv): Effective[] {
  return SETTINGS.map((setting) => {
    const fromEnv = setting.process && setting.process !== 'gateway' ? undefined : envValue(env, setting.env);
    if (fromEnv !== undefined) return { setting, value: fromEnv, origin: 'env' };
    const fromFile = setting.key === null ? undefined : values.get(setting.key);
    if (fromFile !== undefined) return { setting, value: fromFile, origin: 'file' };
    if (setting.default !== undefined) return { setting, value: setting.default, origin: 'default' };
    return { setting, value: undefined, origin: 'unset' };
  });
}

const named = (s: Setting) => (s.key ? `${s.key} (${s.env})` : s.env);

/** The environment's variables checked by the same rules as the file's keys. */
export function checkEnvironment(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const setting of SETTINGS) {
    const raw = envValue(env, setting.env);
    if (raw === undefined || seen.has(setting.env)) continue;
    seen.add(setting.env);
    const result = setting.rule.safeParse(raw);
    if (!result.success) {
      const keys = SETTINGS.filter((s) => s.env === setting.env && s.key && (!s.process || s.process === 'gateway')).map((s) => s.key);
      const got = setting.secret ? '' : `, got '${shownValue(setting, raw)}'`;
      problems.push(
        `${setting.env} (environment${keys.length ? `, over ${keys.join(', ')}` : ''}): ${result.error.issues[0].message}${got}`,
      );
    }
  }
  return problems;
}

/** What no single rule sees: settings that must go together, or not together, and the cooperation subgraph's own tables. */
export function checkTogether(effective: Effective[], env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  const byEnv = (name: string) => effective.find((e) => e.setting.env === name)!;
  const isSet = (name: string) => ['env', 'file'].includes(byEnv(name).origin);
  const databases = LEGACY_SOURCES.map((s) => byEnv(SOURCE_INFO[s].urlVariable));
  const missing = databases.filter((e) => e.origin === 'unset');
  if (missing.length > 0 && missing.length < databases.length) {
    problems.push(
      `databases: all four legacy databases or none (none: the embedded PostgreSQL); missing ${missing.map((e) => named(e.setting)).join(', ')}`,
    );
  }
  for (const [one, other] of [
    ['TAXGRAPH_PRACTICE', 'TAXGRAPH_PRACTICE_FILE'],
    ['TAXGRAPH_OFFICE_WEBHOOKS', 'TAXGRAPH_OFFICE_WEBHOOKS_FILE'],
  ]) {
    if (isSet(one) && isSet(other)) problems.push(`${named(byEnv(one).setting)} and ${named(byEnv(other).setting)}: set one, not both`);
  }
  // The cooperation subgraph's checks of its tables (as it runs them when it starts), on the effective variables.
  const effectiveEnv: NodeJS.ProcessEnv = { ...env };
  for (const e of effective) if (e.origin === 'file') effectiveEnv[e.setting.env] = e.value;
  const alreadySaid = problems.length > 0;
  for (const [keys, check] of [
    ['cooperation.practice, cooperation.practiceFile', () => practiceFromEnv(effectiveEnv)],
    ['cooperation.webhooks', () => webhookConfigFromEnv(effectiveEnv)],
  ] as const) {
    try {
      check();
    } catch (err) {
      if (!alreadySaid || !/not both/.test((err as Error).message)) problems.push(`${keys}: ${(err as Error).message}`);
    }
  }
  return problems;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')).join('\n');
}

/** The sections in the example file's order; environment-only variables (`~`) last. */
const SECTION_ORDER = [
  'databases',
  'gateway',
  'limits',
  'rateLimit',
  'subgraphs',
  'auth',
  'log',
  'audit',
  'cooperation',
  'reconcile',
  'telemetry',
  'dev',
  '~',
];

/** The printout: grouped by the key's first part, environment-only variables last. */
export function render(file: string | null, how: string, effective: Effective[]): string {
  const sections: string[] = [];
  const sectionOf = (e: Effective) => e.setting.key?.split('.')[0] ?? '~';
  const rank = (section: string) =>
    section === '~' ? Infinity : SECTION_ORDER.includes(section) ? SECTION_ORDER.indexOf(section) : SECTION_ORDER.length;
  const order = [...new Set(effective.map(sectionOf))].sort((a, b) => rank(a) - rank(b));
  const rows: string[][] = [['KEY', 'VARIABLE', 'FROM', 'VALUE']];
  for (const section of order) {
    for (const e of effective.filter((x) => sectionOf(x) === section)) {
      const value = e.value === undefined ? '-' : e.origin === 'default' ? `${e.value} (default)` : shownValue(e.setting, e.value);
      rows.push([e.setting.key ?? '(environment only)', e.setting.env, e.origin, value]);
    }
  }
  sections.push(file ? `Configuration file: ${file} (${how})` : `No configuration file (${how}): the environment and the defaults`);
  sections.push('Environment variables override the file; secrets are shown as ***.\n');
  sections.push(table(rows));
  return `${sections.join('\n')}\n`;
}

export interface CheckResult {
  code: 0 | 1;
  stdout: string;
  stderr: string;
}

/** The whole check, for a file named on the command line (or none: TAXGRAPH_CONFIG, else ./taxgraph.config.yaml). */
export function checkConfig(named: string | undefined, env: NodeJS.ProcessEnv, cwd = process.cwd()): CheckResult {
  const file = named ? configFilePath({ TAXGRAPH_CONFIG: named }, cwd) : configFilePath(env, cwd);
  const how = named
    ? 'named on the command line'
    : env.TAXGRAPH_CONFIG
      ? 'TAXGRAPH_CONFIG'
      : file
        ? 'found in the working directory'
        : 'none found';
  const read = file ? readConfigFile(file, env) : { values: new Map<string, string>(), problems: [] };
  const effective = effectiveSettings(read.values, env);
  const problems = [...read.problems, ...checkEnvironment(env)];
  if (problems.length === 0) problems.push(...checkTogether(effective, env));
  if (problems.length > 0) {
    const where = file ? `${file}` : 'the environment';
    const stderr = `The taxgraph configuration (${where}) is invalid: ${problems.length} problem${problems.length > 1 ? 's' : ''}\n${problems
      .map((p) => `  ${p}\n`)
      .join('')}`;
    return { code: 1, stdout: '', stderr };
  }
  return { code: 0, stdout: render(file, how, effective), stderr: '' };
}

function main(): number {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\nusage: npm run config:check [-- FILE]\n`);
    return 2;
  }
  if (parsed.values.help || parsed.positionals.length > 1) {
    process.stderr.write(
      'usage: npm run config:check [-- FILE]   (FILE: a taxgraph.config.yaml or .json; default TAXGRAPH_CONFIG, else ./taxgraph.config.yaml)\n',
    );
    return parsed.values.help ? 0 : 2;
  }
  const result = checkConfig(parsed.positionals[0], process.env);
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  return result.code;
}

if (require.main === module) process.exitCode = main();
