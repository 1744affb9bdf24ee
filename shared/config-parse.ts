/**
 * The config file's parser: YAML (or JSON) text to the catalogue's settings (shared/settings.ts),
 * `${VAR}` expanded, checked whole against a schema built from the catalogue, every problem named
 * by its key and rule. shared/config-file.ts loads it when there is a file.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { Setting, SETTINGS } from './settings';

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
