/**
 * `npm run seed -- --taxpayers N [--seed S] [--manifest PATH] [--force]`
 *
 * Seeds the four legacy databases: the ones the *_DATABASE_URL variables name, or the embedded
 * PostgreSQL under the data directory when none is set. Deterministic for a given N and S.
 */
import { SingleBar, Presets } from 'cli-progress';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sourceUrlsFromEnv } from '../shared/sources';
import { resolveDevDatabases } from '../dev/development-databases';
import { useConfigFile } from '../shared/config-file';
import { dataDir } from '../shared/paths';
import { seedAll, SeedSummary } from './seed';

export const DEFAULT_TAXPAYERS = 2000;
export const DEFAULT_SEED = 42;

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got '${raw}'`);
  return n;
}

export function printSummary(summary: SeedSummary, write: (s: string) => void = (s) => process.stdout.write(s)): void {
  const width = Math.max(...Object.keys(summary.rows).map((k) => k.length));
  write(`\nSeeded ${summary.taxpayers.toLocaleString('en')} taxpayers (seed ${summary.seed}) in ${summary.seconds.toFixed(1)} s\n`);
  for (const [table, n] of Object.entries(summary.rows)) write(`  ${table.padEnd(width)}  ${n.toLocaleString('en').padStart(12)}\n`);
  const rate = Math.round(summary.totalRows / summary.seconds).toLocaleString('en');
  write(`  ${'total'.padEnd(width)}  ${summary.totalRows.toLocaleString('en').padStart(12)}  (${rate} rows/s)\n`);
  const cases = Object.entries(summary.manifest.cases).map(([k, v]) => `${k} ${v.length}`);
  write(`  planted cases: ${cases.join(', ')}\n`);
}

async function main(): Promise<void> {
  useConfigFile();
  const { values } = parseArgs({
    options: {
      taxpayers: { type: 'string' },
      seed: { type: 'string' },
      manifest: { type: 'string' },
      force: { type: 'boolean', default: false },
      'no-progress': { type: 'boolean', default: false },
    },
  });
  const taxpayers = positiveInt('taxpayers', values.taxpayers, DEFAULT_TAXPAYERS);
  const seed = positiveInt('seed', values.seed, DEFAULT_SEED);
  const manifestPath = values.manifest ?? join(dataDir(), 'ground-truth.json');

  const fromEnv = sourceUrlsFromEnv();
  const dev = fromEnv ? undefined : await resolveDevDatabases();
  const urls = fromEnv ?? dev!.sources;
  process.stderr.write(fromEnv ? 'Seeding the databases named by the *_DATABASE_URL variables\n' : 'Seeding the embedded PostgreSQL\n');

  const bar =
    values['no-progress'] || !process.stderr.isTTY
      ? undefined
      : new SingleBar(
          { format: 'seeding [{bar}] {percentage}% | {value}/{total} taxpayers | {eta}s left', stream: process.stderr },
          Presets.shades_classic,
        );
  bar?.start(taxpayers, 0);
  let lastLogged = 0;
  try {
    const summary = await seedAll({
      taxpayers,
      seed,
      urls,
      manifestPath,
      force: values.force,
      onProgress: (done, total) => {
        if (bar) bar.update(done);
        else if (done === total || done - lastLogged >= total / 10) {
          lastLogged = done;
          process.stderr.write(`seeding: ${done}/${total} taxpayers\n`);
        }
      },
    });
    bar?.stop();
    printSummary(summary);
    process.stdout.write(`  ground truth: ${manifestPath}\n`);
  } finally {
    bar?.stop();
    await dev?.stop();
  }
}

if (require.main === module) {
  main().catch((err: Error) => {
    process.stderr.write(`seed failed: ${err.message}\n`);
    process.exit(1);
  });
}
