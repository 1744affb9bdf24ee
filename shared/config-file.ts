/**
 * `taxgraph.config.yaml`: one file for every process's settings. Its keys are the catalogue's
 * (shared/settings.ts); `${VAR}` in a value is taken from the environment (secrets stay out of the
 * file), `${VAR:-default}` has a default, `$${` is a literal `${`. Environment variables override
 * the file. The loader checks the whole file at once and names every problem by its key and rule;
 * a valid file becomes the variables each process has always read, set where the environment has
 * none, so every process honours the file and the environment still wins. Without a file the
 * parser (zod, yaml: a quarter of a second to load) is never loaded.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FileValues } from './config-parse';
import type { Setting } from './settings';

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
  // Loaded only when there is a file to read.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { readConfigFile } = require('./config-parse') as typeof import('./config-parse');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { settingsFor } = require('./settings') as typeof import('./settings');
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
