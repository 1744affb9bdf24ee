/**
 * Databases on a PostgreSQL server the development tools may administer (the embedded one, a
 * test or benchmark server): whether it answers, and creating, listing and dropping databases.
 */
import { Client } from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';

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
    throw new Error(`Cannot connect to PostgreSQL at ${hostPort(url)}: ${(err as Error).message}`, { cause: err });
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
