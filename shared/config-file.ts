/**
 * `taxgraph.config.yaml`: one file for every process's settings. Its keys are the catalogue's
 * (shared/settings.ts); `${VAR}` in a value is taken from the environment (secrets stay out of the
 * file), `${VAR:-default}` has a default, `$${` is a literal `${`. Environment variables override
 * the file. The loader checks the whole file at once and names every problem by its key and rule;
 * a valid file becomes the variables each process has always read, set where the environment has
 * none, so every process honours the file and the environment still wins.
 */
import { existsSync, readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { Setting, SETTINGS, settingsFor } from './settings';

/** Looked for in the working directory when TAXGRAPH_CONFIG is unset, in this order. */
export const DEFAULT_CONFIG_FILES = ['taxgraph.config.yaml', 'taxgraph.config.yml', 'taxgraph.config.json'] as const;

/** A config file that cannot be used: every problem, each naming its key. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file} is not a valid taxgraph configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

/** The config file in use: TAXGRAPH_CONFIG (a path), else the first of DEFAULT_CONFIG_FILES in `cwd`, else none. */
export function configFilePath(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string | null {
  const named = env.TAXGRAPH_CONFIG?.trim();
  if (named) return resolve(cwd, named);
  const found = DEFAULT_CONFIG_FILES.map((name) => resolve(cwd, name)).find((file) => existsSync(file));
  return found ?? null;
}

type Node = { [key: string]: Node | Setting };
const isSetting = (v: Node | Setting): v is Setting => typeof (v as Setting).env === 'string' && 'rule' in v;

/** The catalogue's keys as a tree: `gateway.port` -> { gateway: { port: Setting } }. */
function keyTree(): Node {
  const root: Node = {};
  for (const s of SETTINGS) {
    if (s.key === null) continue;
    const parts = s.key.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Node;
    node[parts[parts.length - 1]] = s;
  }
  return root;
}

const TREE = keyTree();

/** The file's schema: a strict mapping per level (an unknown key is an error), each setting's rule at its leaf. */
function schemaOf(node: Node): z.ZodType {
  const shape = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, (isSetting(v) ? v.rule : schemaOf(v)).optional()]));
  return z.strictObject(shape, { error: `must be a mapping of keys (${Object.keys(node).join(', ')})` });
}

const FILE_SCHEMA = schemaOf(TREE);

/** Where `path` leads in the tree, and the file's value there. */
function at(path: PropertyKey[], root: unknown): { node: Node | Setting | undefined; value: unknown } {
  let node: Node | Setting | undefined = TREE;
  let value = root;
  for (const part of path) {
    node = node && !isSetting(node) ? node[String(part)] : undefined;
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[String(part)] : undefined;
  }
  return { node, value };
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const kept = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = kept;
    }
  }
  return row[b.length];
}

/** For an unknown key: the key meant, when one is near (a typo, or an environment variable's name written as a key). */
function suggestion(parent: Node | Setting | undefined, key: string): string {
  const byVariable = [...new Set(SETTINGS.filter((s) => s.env === key && s.key !== null).map((s) => s.family?.key ?? s.key))];
  if (byVariable.length) return ` (${key} is the environment variable; the file's key is ${byVariable.join(' or ')})`;
  if (!parent || isSetting(parent)) return '';
  const near = Object.keys(parent)
    .map((k) => ({ k, d: k.toLowerCase() === key.toLowerCase() ? 0 : editDistance(k.toLowerCase(), key.toLowerCase()) }))
    .filter(({ k, d }) => d <= Math.max(2, Math.floor(k.length / 3)))
    .sort((a, b) => a.d - b.d)[0];
  return near ? ` (did you mean ${near.k}?)` : '';
}

const shown = (value: unknown): string => (typeof value === 'string' ? `'${value}'` : JSON.stringify(value));

/** zod's issues as lines naming the key: `gateway.port: must be an integer between 0 and 65535, got 70000`. */
function describeIssues(issues: z.core.$ZodIssue[], expanded: unknown): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    const key = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      const { node } = at(issue.path, expanded);
      for (const unknown of issue.keys) lines.push(`${key ? `${key}.` : ''}${unknown}: unknown key${suggestion(node, unknown)}`);
      continue;
    }
    const { node, value } = at(issue.path, expanded);
    const got = node && isSetting(node) && !node.secret && (value === null || typeof value !== 'object') ? `, got ${shown(value)}` : '';
    lines.push(`${key || '(the whole file)'}: ${issue.message}${got}`);
  }
  return lines;
}

const VARIABLE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * `${VAR}` and `${VAR:-default}` in every string, from `env`; nulls and empty strings dropped (a key
 * written without a value is unset). A `${VAR}` with VAR unset is a problem naming the key.
 */
function expand(value: unknown, path: string[], env: NodeJS.ProcessEnv, problems: string[]): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') {
    const text = value.replace(VARIABLE, (whole, name: string | undefined, fallback: string | undefined) => {
      if (whole === '$${') return '${';
      const set = env[name!];
      if (set !== undefined && set !== '') return set;
      if (fallback !== undefined) return fallback;
      problems.push(`${path.join('.')}: \${${name}} is not set in the environment (write \${${name}:-} to leave the key unset without it)`);
      return '';
    });
    return text === '' ? undefined : text;
  }
  if (Array.isArray(value)) return value.map((item, i) => expand(item, [...path, String(i)], env, problems));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const expanded = expand(v, [...path, k], env, problems);
      if (expanded !== undefined) out[k] = expanded;
    }
    return out;
  }
  return value;
}

/** The settings a file holds: key -> the variable's text. */
export type FileValues = Map<string, string>;

function flatten(parsed: unknown, node: Node, into: FileValues): void {
  if (parsed === null || typeof parsed !== 'object') return;
  for (const [k, child] of Object.entries(node)) {
    const value = (parsed as Record<string, unknown>)[k];
    if (value === undefined) continue;
    if (isSetting(child)) into.set(child.key!, value as string);
    else flatten(value, child, into);
  }
}

/** Parses a file's text (YAML, or JSON for a .json file), expands `${VAR}` and checks it: its values, or every problem. */
export function parseConfigText(
  text: string,
  file: string,
  env: NodeJS.ProcessEnv = process.env,
): { values: FileValues; problems: string[] } {
  let raw: unknown;
  try {
    raw = extname(file).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    return {
      values: new Map(),
      problems: [`not valid ${extname(file).toLowerCase() === '.json' ? 'JSON' : 'YAML'}: ${(err as Error).message}`],
    };
  }
  const problems: string[] = [];
  const expanded = expand(raw, [], env, problems) ?? {};
  const result = FILE_SCHEMA.safeParse(expanded);
  if (!result.success) problems.push(...describeIssues(result.error.issues, expanded));
  const values: FileValues = new Map();
  if (result.success) flatten(result.data, TREE, values);
  return { values, problems };
}

/** Reads and checks a config file. */
export function readConfigFile(file: string, env: NodeJS.ProcessEnv = process.env): { values: FileValues; problems: string[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { values: new Map(), problems: [`cannot read it: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`] };
  }
  return parseConfigText(text, file, env);
}

/** An environment variable that overrides: set and not empty (an empty one, as compose files pass, leaves the file's value). */
export const envValue = (env: NodeJS.ProcessEnv, name: string): string | undefined => (env[name] === '' ? undefined : env[name]);

export interface AppliedConfig {
  /** The file read (absolute), or null when there is none. */
  file: string | null;
  /** Its values by key. */
  values: FileValues;
}

/**
 * Reads the config file (if any) and sets, in `env`, each variable the environment leaves unset to
 * the file's value. `process`: who reads PORT and HOST (`gateway` or a subgraph's name); without it
 * they are left alone. TAXGRAPH_CONFIG is set to the file's absolute path, so processes started from
 * this one read the same file. Throws ConfigError naming every problem.
 */
export function applyConfigFile(opts: { process?: Setting['process']; env?: NodeJS.ProcessEnv; cwd?: string } = {}): AppliedConfig {
  const env = opts.env ?? process.env;
  const file = configFilePath(env, opts.cwd);
  if (!file) return { file: null, values: new Map() };
  const { values, problems } = readConfigFile(file, env);
  if (problems.length) throw new ConfigError(file, problems);
  for (const s of settingsFor(opts.process)) {
    const value = values.get(s.key!);
    if (value !== undefined && envValue(env, s.env) === undefined) env[s.env] = value;
  }
  env.TAXGRAPH_CONFIG = file;
  return { file, values };
}

/** For an entry point: applyConfigFile, and on a bad file the problems on stderr and exit 1 (before any other start-up work). */
export function useConfigFile(processName?: Setting['process']): AppliedConfig {
  try {
    return applyConfigFile({ process: processName });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n(npm run config:check -- ${err.file} shows the effective configuration)\n`);
    process.exit(1);
  }
}
