/**
 * `npm run bench -- NAME [options]`: runs one benchmark by hand (never in CI). Each benchmark
 * starts what it measures, prints one table, and ends every process it started.
 */
import { parseArgs } from 'node:util';

const BENCHMARKS: Record<string, () => Promise<{ run(args: string[]): Promise<void> }>> = {
  seed: () => import('./seed'),
  stack: () => import('./stack'),
  audit: () => import('./audit'),
  gateways: () => import('./gateways'),
  fleet: () => import('./fleet'),
  scale: () => import('./scale'),
  reconcile: () => import('./reconcile'),
};

async function main(): Promise<void> {
  const { positionals } = parseArgs({ allowPositionals: true, strict: false });
  const [name] = positionals;
  const names = Object.keys(BENCHMARKS);
  const chosen = name === 'all' ? names : name ? [name] : [];
  if (!chosen.length || chosen.some((n) => !BENCHMARKS[n])) {
    process.stderr.write(`usage: npm run bench -- <${[...names, 'all'].join('|')}> [options]\n`);
    process.exit(2);
  }
  for (const n of chosen) await (await BENCHMARKS[n]()).run(process.argv.slice(3).filter((a) => a !== n));
}

main().catch((err: Error) => {
  process.stderr.write(`bench failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
