/**
 * Jest globalSetup: chooses the test server and a run id.
 * - `TEST_DATABASE_URL` set: that server (tests create and drop their own databases there).
 * - otherwise: an embedded PostgreSQL in `<tmpdir>/taxgraph-test-pg-<pid>` on a free port.
 * Workers inherit `TAXGRAPH_TEST_ADMIN_URL` and `TAXGRAPH_TEST_RUN`; globalTeardown drops the
 * run's databases and stops the embedded server.
 */
import crypto from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { canConnect, dropDatabases, listDatabases } from '../../dev/databases';
import { startEmbeddedPostgres } from '../../dev/embedded-postgres';
import { freePort } from '../../dev/ports';

/** Where globalSetup leaves its state for globalTeardown (they run in the same process). */
export const TEST_SERVER_STATE = '__taxgraphTestServer';

export interface TestServerState {
  runId: string;
  adminUrl?: string;
  /** Set when globalSetup started an embedded server. */
  embedded?: { dir: string; stop(): Promise<void> };
}

const TEMP_PREFIX = 'taxgraph-test-pg-';
const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}

/** Temp clusters of earlier runs that were killed before their teardown (their Jest process is gone). */
function removeStaleTempClusters(): void {
  for (const entry of fs.readdirSync(os.tmpdir())) {
    const match = new RegExp(`^${TEMP_PREFIX}(\\d+)(\\.log)?$`).exec(entry);
    if (!match || Number(match[1]) === process.pid || alive(Number(match[1]))) continue;
    const full = path.join(os.tmpdir(), entry);
    try {
      const pid = Number.parseInt(fs.readFileSync(path.join(full, 'postmaster.pid'), 'utf8'), 10);
      if (alive(pid)) continue; // its server is still running: leave it alone
    } catch {
      // no server lock file
    }
    fs.rmSync(full, { recursive: true, force: true });
  }
}

/** Databases of earlier runs on a shared server that were killed before their teardown (older than a day). */
async function dropStaleRunDatabases(admin: string): Promise<void> {
  const stale = (await listDatabases(admin, 'tg_t')).filter((name) => {
    const match = /^tg_t([0-9a-z]{8})[0-9a-z]{3}_/.exec(name);
    return match !== null && Date.now() - Number.parseInt(match[1], 36) > STALE_AFTER_MS;
  });
  if (stale.length > 0) await dropDatabases(admin, stale);
}

export default async function globalSetup(): Promise<void> {
  // t + milliseconds in base 36 (8 characters until 2059) + 3 random characters.
  const runId = `t${Date.now().toString(36)}${crypto
    .randomInt(36 ** 3)
    .toString(36)
    .padStart(3, '0')}`;
  process.env.TAXGRAPH_TEST_RUN = runId;

  const external = process.env.TEST_DATABASE_URL;
  const state: TestServerState = { runId };
  if (external) {
    if (!(await canConnect(external, 5000))) {
      throw new Error(`TEST_DATABASE_URL is set but the server does not answer: ${external.replace(/:[^:@/]*@/, ':***@')}`);
    }
    state.adminUrl = external;
    await dropStaleRunDatabases(external).catch(() => undefined);
  } else {
    try {
      removeStaleTempClusters();
    } catch {
      // best effort
    }
    const dir = path.join(os.tmpdir(), `${TEMP_PREFIX}${process.pid}`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(`${dir}.log`, { force: true });
    const server = await startEmbeddedPostgres({
      dir,
      port: await freePort(),
      // Durability and passwords buy nothing here (dev/embedded-postgres.ts says what it costs).
      throwaway: true,
    });
    state.adminUrl = server.adminUrl;
    state.embedded = { dir, stop: server.stop };
  }
  process.env.TAXGRAPH_TEST_ADMIN_URL = state.adminUrl;
  (globalThis as Record<string, unknown>)[TEST_SERVER_STATE] = state;
}
