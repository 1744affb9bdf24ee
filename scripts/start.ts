/**
 * `npm start`: the development launcher. With no database URLs it starts the embedded PostgreSQL
 * under the data directory and seeds it on first run; with the URLs set it uses those databases
 * and seeds nothing. It composes processes and holds no business logic.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { printSummary, DEFAULT_SEED, DEFAULT_TAXPAYERS } from '../seeds/cli';
import { dataDir, resolveDevDatabases } from '../seeds/postgres';
import { isSeeded, seedAll } from '../seeds/seed';
import { LEGACY_SOURCES, SOURCE_INFO } from '../subgraphs/kit/sources';

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

async function main(): Promise<void> {
  const dbs = await resolveDevDatabases();
  const manifestPath = join(dataDir(), 'ground-truth.json');
  if (dbs.embedded && !(existsSync(manifestPath) && (await isSeeded(dbs.sources)))) {
    process.stdout.write(`First run: seeding ${DEFAULT_TAXPAYERS} taxpayers into the embedded PostgreSQL...\n`);
    printSummary(await seedAll({ taxpayers: DEFAULT_TAXPAYERS, seed: DEFAULT_SEED, urls: dbs.sources, manifestPath }));
  }
  process.stdout.write(`\nLegacy databases (${dbs.embedded ? 'embedded PostgreSQL' : 'from the environment'}):\n`);
  for (const source of LEGACY_SOURCES) {
    process.stdout.write(`  ${SOURCE_INFO[source].urlVariable.padEnd(32)} ${redact(dbs.sources[source])}\n`);
  }
  process.stdout.write(`  ${'TAXGRAPH_DATABASE_URL'.padEnd(32)} ${redact(dbs.federation)}\n`);
  if (dbs.embedded) process.stdout.write(`  ground truth: ${manifestPath}\n`);
  if (!dbs.embedded) return;
  process.stdout.write('\nThe embedded PostgreSQL runs until you press Ctrl-C.\n');
  const stop = () => {
    dbs.stop().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  setInterval(() => undefined, 1 << 30);
}

main().catch((err: Error) => {
  process.stderr.write(`start failed: ${err.message}\n`);
  process.exit(1);
});
