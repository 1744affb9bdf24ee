/**
 * One way to run a compiled entry point of dist/ as a child process, wait until it answers, and
 * stop it: the start command, the tests and the benchmarks launch the gateway, the subgraphs and
 * their peers through it.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { repoRoot } from '../shared/paths';

/** The compiled tree the entry points are taken from. */
export const DIST = join(repoRoot(), 'dist');

/** Text of a process's output kept for errors and tests (the oldest is dropped beyond it). */
const OUTPUT_KEPT = 2_000_000;

export interface LaunchOptions {
  /** The compiled tree the entry point is taken from (another commit's, for comparisons). @default DIST */
  dist?: string;
  /** Arguments after the entry point. */
  args?: string[];
  /** Variables set over this process's environment. */
  env?: NodeJS.ProcessEnv;
  /** Run on this core only (`taskset -c`; taskset execs node, so the child's pid is node's). */
  core?: number;
  /** Flags for node itself, e.g. --cpu-prof. */
  nodeArgs?: string[];
  /** Its name on echoed lines and in errors. @default the first argument, else the entry point */
  label?: string;
  /** Which of its streams are echoed on our stderr, each line prefixed with `[label]`. @default neither */
  echo?: { stdout?: boolean; stderr?: boolean };
}

export interface Launched {
  label: string;
  child: ChildProcess;
  /** Its output so far, stdout and stderr as they came (the latest 2 MB). */
  output: string[];
}

/** Fails with a clear message when dist/ lacks an entry point (the tree was never built). */
export function requireBuild(entry = 'gateway/main.js'): void {
  if (!existsSync(join(DIST, entry)))
    throw new Error(`dist/${entry} is missing: run \`npm run build\` (npm test and npm start build first)`);
}

/** Starts `node dist/<entry>`; its output is kept in `output` and echoed as `echo` says. */
export function launch(entry: string, opts: LaunchOptions = {}): Launched {
  const args = opts.args ?? [];
  const label = opts.label ?? args[0] ?? entry;
  const command = [process.execPath, ...(opts.nodeArgs ?? []), join(opts.dist ?? DIST, entry), ...args];
  const [file, ...argv] = opts.core === undefined ? command : ['taskset', '-c', String(opts.core), ...command];
  const child = spawn(file, argv, { env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  let kept = 0;
  const take = (echo: boolean | undefined) => (chunk: Buffer) => {
    const text = chunk.toString();
    output.push(text);
    for (kept += text.length; kept > OUTPUT_KEPT && output.length > 1;) kept -= output.shift()!.length;
    if (echo) process.stderr.write(prefixLines(label, text));
  };
  // A spawn failure (taskset missing) sets exitCode to the negative error number and emits no 'exit'.
  child.on('error', (err) => output.push(`could not start ${file}: ${err.message}\n`));
  child.stdout!.on('data', take(opts.echo?.stdout));
  child.stderr!.on('data', take(opts.echo?.stderr));
  return { label, child, output };
}

function prefixLines(label: string, text: string): string {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => `[${label}] ${line}\n`)
    .join('');
}

function exitOf(child: ChildProcess): string | undefined {
  if (child.exitCode !== null) return `exit code ${child.exitCode}`;
  if (child.signalCode !== null) return child.signalCode;
  return undefined;
}

function outputTail(proc: Launched, lines = 12): string {
  const tail = proc.output.join('').trimEnd().split('\n').slice(-lines).join('\n');
  return tail ? `; its last output:\n${tail}` : '';
}

export interface WaitOptions {
  /** @default 30_000 */
  timeoutMs?: number;
  /** Headers for the request (a peer may need one to answer). */
  headers?: Record<string, string>;
}

/** Waits until `url` answers 2xx; fails as soon as the process exits, or after the timeout, with its last output. */
export async function waitForHealth(url: string, proc: Launched, opts: WaitOptions = {}): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const until = Date.now() + timeoutMs;
  for (;;) {
    const exited = exitOf(proc.child);
    if (exited) throw new Error(`${proc.label} exited (${exited}) before ${url} answered${outputTail(proc)}`);
    try {
      if ((await fetch(url, { headers: opts.headers, signal: AbortSignal.timeout(1000) })).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() >= until) throw new Error(`${proc.label}: no answer from ${url} in ${timeoutMs} ms${outputTail(proc)}`);
    await sleep(100);
  }
}

export interface StopOptions {
  /** The first signal. @default 'SIGTERM' */
  signal?: NodeJS.Signals;
  /** SIGKILL after this long if it is still running. @default 15_000 */
  graceMs?: number;
}

/** Stops a process (`signal`, then SIGKILL after the grace period) and resolves once it has exited. */
export function stopProcess(proc: Launched | ChildProcess, opts: StopOptions = {}): Promise<void> {
  const child = 'child' in proc ? proc.child : proc;
  if (exitOf(child)) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), opts.graceMs ?? 15_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill(opts.signal ?? 'SIGTERM');
  });
}

/** Stops every process given, all at once. */
export async function stopProcesses(procs: Iterable<Launched | ChildProcess>, opts: StopOptions = {}): Promise<void> {
  await Promise.all([...procs].map((p) => stopProcess(p, opts)));
}
