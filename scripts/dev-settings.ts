/**
 * The development system's settings: `npm start` writes them to `<data dir>/dev.env` (the
 * federation's database, a reconcile analyst's token, the gateway's URL); the operational
 * commands (reconcile, audit:verify) read them only when their own variables are unset and never
 * under NODE_ENV=production, and say so. Outside development those commands are told everything.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseEnv } from 'node:util';
import { dataDir } from '../shared/paths';

/** The variables npm start writes. */
export interface DevSettings {
  TAXGRAPH_DATABASE_URL: string;
  RECONCILE_TOKEN: string;
  TAXGRAPH_GATEWAY_URL: string;
  /** The development audit checkpoint key: audit:verify checks the checkpoints with its public half. */
  TAXGRAPH_AUDIT_SIGNING_KEY_FILE?: string;
}

export function devSettingsPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(dataDir(env), 'dev.env');
}

/** How a person would type the path: relative to the working directory when it is below it. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/** Writes the development system's settings (readable by this user only: the token is a credential). */
export function writeDevSettings(settings: DevSettings, env: NodeJS.ProcessEnv = process.env): string {
  const path = devSettingsPath(env);
  mkdirSync(dirname(path), { recursive: true });
  const lines = [
    '# The development system npm start runs: read by npm run reconcile and audit:verify when their variables are unset',
    '# (never under NODE_ENV=production). Rewritten by every npm start.',
    ...Object.entries(settings)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => `${name}=${value}`),
  ];
  writeFileSync(path, `${lines.join('\n')}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return path;
}

/**
 * Makes sure `env` holds each variable of `needed` (name -> how to give it, for the error). When
 * one is unset, NODE_ENV is not production and npm start has written its settings, the unset ones
 * among `needed` and `optional` are taken from there, saying so in one line on stderr. Fails naming
 * every variable still missing. `fromDev`: the development settings were used.
 */
export function requireSettings(
  command: string,
  needed: Record<string, string>,
  optional: string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): { fromDev: boolean } {
  const path = devSettingsPath(env);
  const unset = (name: string) => !env[name];
  let fromDev = false;
  if (Object.keys(needed).some(unset) && env.NODE_ENV !== 'production' && existsSync(path)) {
    const settings = parseEnv(readFileSync(path, 'utf8')) as Record<string, string | undefined>;
    for (const name of [...Object.keys(needed), ...optional].filter(unset)) {
      if (settings[name]) {
        env[name] = settings[name];
        fromDev = true;
      }
    }
    if (fromDev) process.stderr.write(`using the development system's settings from ${shown(path)} (written by npm start)\n`);
  }
  const missing = Object.keys(needed).filter(unset);
  if (missing.length > 0) {
    const hint = env.NODE_ENV === 'production' ? '' : `; in development, npm start writes them to ${shown(path)}`;
    throw new Error(`${command} needs ${missing.map((name) => needed[name]).join(' and ')}${hint}`);
  }
  return { fromDev };
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH']);

/** With the development settings in use, a refused connection means the development system is not running: say so. */
export function explainUnreachable(err: unknown, fromDev: boolean): Error {
  const { code, message, cause } = (err ?? {}) as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  if (!fromDev || !UNREACHABLE.has(code ?? cause?.code ?? '')) return err as Error;
  const detail = cause?.message && cause.message !== message ? `${message}: ${cause.message}` : message;
  return new Error(`the development system does not answer (${detail}); start it with npm start`, { cause: err });
}
