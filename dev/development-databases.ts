/**
 * The databases of the development system (`npm start`, `npm run seed`): the ones the environment
 * names, or the embedded PostgreSQL under the data directory.
 */
import path from 'node:path';
import { dataDir } from '../shared/paths';
import { FEDERATION_DATABASE, LEGACY_SOURCES, SOURCE_INFO, SourceUrls, sourceUrlsFromEnv } from '../shared/sources';
import { ensureDatabases } from './databases';
import { DEFAULT_EMBEDDED_PORT, startEmbeddedPostgres } from './embedded-postgres';

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

  const server = await startEmbeddedPostgres({ dir: path.join(dataDir(env), 'pg'), port: embeddedPort(env) });
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
