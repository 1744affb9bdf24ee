/**
 * `npm run bench -- seed [--taxpayers N] [--seed S]`: rows per second of the generator loading
 * the four legacy databases (default N = 100,000), against the generator alone (no database), so
 * the ratio says how much of the time the database takes. Uses BENCH_DATABASE_URL (a server where
 * it may create and drop databases) or a throwaway embedded PostgreSQL.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { dropDatabases, ensureDatabases } from '../dev/databases';
import { startEmbeddedPostgres } from '../dev/embedded-postgres';
import { freePort } from '../dev/ports';
import { Emitter, generateTaxpayer } from '../seeds/generator';
import { seedAll } from '../seeds/seed';
import { LEGACY_SOURCES, SOURCE_INFO, SourceUrls } from '../shared/sources';

/** Generation alone: the same taxpayers, rows counted and encoded nowhere. */
function generateOnly(taxpayers: number, seed: number): { rows: number; seconds: number } {
  let rows = 0;
  const sink: Emitter = {
    row: () => void rows++,
    case: () => undefined,
    identity: () => undefined,
    event: () => undefined,
    deemed: () => undefined,
  };
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < taxpayers; i++) generateTaxpayer(seed, i, sink);
  return { rows, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { taxpayers: { type: 'string' }, seed: { type: 'string' } }, strict: false });
  const taxpayers = Number(values.taxpayers ?? 100_000);
  const seed = Number(values.seed ?? 42);
  let admin = process.env.BENCH_DATABASE_URL;
  let stopServer = async () => undefined as void;
  let dir: string | undefined;
  if (!admin) {
    // A fresh path (not mkdtemp's root-owned directory): as root, initdb runs as the postgres user.
    dir = join(tmpdir(), `taxgraph-bench-pg-${process.pid}`);
    const server = await startEmbeddedPostgres({ dir: join(dir, 'pg'), port: await freePort() });
    admin = server.adminUrl;
    stopServer = server.stop;
  }
  const names = LEGACY_SOURCES.map((s) => `bench_seed_${SOURCE_INFO[s].database}`);
  try {
    const urls = await ensureDatabases(admin, names);
    const sources = Object.fromEntries(LEGACY_SOURCES.map((s, k) => [s, urls[names[k]]])) as SourceUrls;
    process.stderr.write(`seeding ${taxpayers.toLocaleString('en')} taxpayers...\n`);
    const loaded = await seedAll({ taxpayers, seed, urls: sources });
    const alone = generateOnly(taxpayers, seed);
    const loadedRate = loaded.totalRows / loaded.seconds;
    const aloneRate = alone.rows / alone.seconds;
    const table = [
      ['run', 'rows', 'seconds', 'rows/s', 'ratio'],
      ['generate + COPY + indexes', loaded.totalRows, loaded.seconds.toFixed(1), Math.round(loadedRate), '1.00'],
      ['generate only (baseline)', alone.rows, alone.seconds.toFixed(1), Math.round(aloneRate), (aloneRate / loadedRate).toFixed(2)],
    ];
    process.stdout.write(`\nbench seed: N = ${taxpayers.toLocaleString('en')}, seed ${seed}\n`);
    for (const r of table)
      process.stdout.write(
        `  ${String(r[0]).padEnd(28)}${r
          .slice(1)
          .map((c) => String(c).padStart(12))
          .join('')}\n`,
      );
  } finally {
    await dropDatabases(admin, names).catch(() => undefined);
    await stopServer();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
