/**
 * `npm run drill -- soak [--minutes M] [--taxpayers N] [--connections C]`: the drills too long for
 * `npm test` (the others are in test/drills/). Exits non-zero when a goal is missed.
 *
 * soak: M minutes (default 10) of mixed load on taxgraph's gateway, as it ships (audit on): the
 * three users at once, each request a different taxpayer, page or voucher: apps reading the 360
 * view (half the connections), analysts paging (a quarter), banks looking up payments (a quarter).
 * The gateway's resident memory is read every 5 s. Goals: error rate 0 (no non-2xx, no socket
 * error, no GraphQL error), and RSS at the end at most 10% above RSS at minute 2 (after warm-up:
 * JIT, caches and pools have settled). Uses BENCH_DATABASE_URL or a throwaway embedded PostgreSQL.
 */
import { parseArgs } from 'node:util';
import { seedAll } from '../seeds/seed';
import { startSystems } from './gateways';
import { benchDatabases, cannon, cleanupLater, Measure, memoryMb, pinning, startSubgraphs, SubgraphStack } from './support';
import { drawWorkload, scenarios, tokensFor } from './workload';

const DRILLS: Record<string, (args: string[]) => Promise<boolean>> = { soak };

/** RSS is read this often. */
const SAMPLE_MS = 5_000;
/** The reading RSS growth is measured from: after this long, the gateway has warmed up. */
const SETTLED_MS = 120_000;
/** The goal: RSS at the end at most this much above RSS at minute 2. */
const MAX_GROWTH = 0.1;

async function soak(args: string[]): Promise<boolean> {
  const { values } = parseArgs({
    args,
    options: { minutes: { type: 'string' }, taxpayers: { type: 'string' }, connections: { type: 'string' } },
    strict: false,
  });
  const minutes = typeof values.minutes === 'string' ? Number(values.minutes) : 10;
  const taxpayers = typeof values.taxpayers === 'string' ? Number(values.taxpayers) : 10_000;
  const connections = typeof values.connections === 'string' ? Number(values.connections) : 16;
  const seconds = Math.round(minutes * 60);
  if (seconds * 1000 <= SETTLED_MS + 2 * SAMPLE_MS)
    throw new Error(`a soak needs more than ${SETTLED_MS / 60_000} minutes: RSS growth is measured from minute 2`);
  const dbs = await benchDatabases('soak');
  let stack: SubgraphStack | undefined;
  const stops: (() => Promise<void>)[] = [];
  try {
    process.stderr.write(`seeding ${taxpayers.toLocaleString('en')} taxpayers (seed 42)...\n`);
    await seedAll({ taxpayers, seed: 42, urls: dbs.sources });
    pinning([dbs]);
    stack = await startSubgraphs(dbs);
    const workload = await drawWorkload(stack);
    const all = scenarios(workload);
    // One gateway serves the three kinds of caller: the 360 scenario starts it, the others reuse its URL with their own tokens.
    const tokens = await tokensFor(stack.secrets.JWT_SECRET, workload.bank);
    const gateway = await startSystems({ stack, dbs, scenario: { ...all[0], systems: ['taxgraph'] }, tokens });
    stops.push(gateway.stop);
    const { url, pid } = gateway.systems[0];
    const share = { '360': 0.5, analyst: 0.25, bank: 0.25 } as const;

    const samples: { at: number; rssMb: number }[] = [];
    const started = Date.now();
    const sampler = setInterval(() => {
      const rssMb = memoryMb(pid, 'VmRSS');
      if (rssMb !== undefined) samples.push({ at: Date.now() - started, rssMb });
    }, SAMPLE_MS);
    const stopSampler = cleanupLater(async () => clearInterval(sampler));
    process.stderr.write(`soak: ${minutes} min of mixed load (${connections} connections) on taxgraph's gateway...\n`);
    let results: Measure[];
    try {
      results = await Promise.all(
        all.map((s) =>
          cannon({
            url,
            connections: Math.max(1, Math.round(connections * share[s.key])),
            seconds,
            headers: () => ({ authorization: `Bearer ${tokens[s.key]}`, 'x-purpose': 'soak drill' }),
            bodies: s.bodies('taxgraph'),
          }),
        ),
      );
    } finally {
      await stopSampler();
    }

    const requests = results.reduce((n, r) => n + r.requests, 0);
    const errors = results.reduce((n, r) => n + r.errors, 0);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    // Around minute 2, and the last half minute: medians, so one GC's swing is not the figure.
    const settled = median(samples.filter((s) => Math.abs(s.at - SETTLED_MS) <= 15_000).map((s) => s.rssMb));
    const end = median(samples.filter((s) => s.at >= seconds * 1000 - 30_000).map((s) => s.rssMb));
    const growth = end / settled - 1;
    const errorsOk = errors === 0;
    const memoryOk = growth < MAX_GROWTH;

    const out = process.stdout;
    out.write(
      `\ndrill soak: ${minutes} min, ${taxpayers.toLocaleString('en')} taxpayers, ${connections} connections (360 view ${share['360'] * 100}%, analyst pages ${share.analyst * 100}%, bank lookups ${share.bank * 100}%)\n`,
    );
    for (const [k, r] of results.entries()) {
      out.write(
        `  ${all[k].key.padEnd(8)} ${r.requests.toLocaleString('en').padStart(10)} requests  ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(0)} ms  p99 ${r.p99.toFixed(0)} ms  errors ${r.errors}\n`,
      );
    }
    out.write(
      `  error rate: ${errors} / ${requests.toLocaleString('en')} = ${((errors / Math.max(1, requests)) * 100).toFixed(4)}% (goal 0): ${errorsOk ? 'met' : 'MISSED'}\n`,
    );
    out.write(
      `  gateway RSS: ${settled.toFixed(0)} MiB at minute 2, ${end.toFixed(0)} MiB at the end (peak ${Math.max(...samples.map((s) => s.rssMb)).toFixed(0)} MiB): ${(growth * 100).toFixed(1)}% growth (goal < ${MAX_GROWTH * 100}%): ${memoryOk ? 'met' : 'MISSED'}\n`,
    );
    const perMinute = Array.from({ length: Math.ceil(seconds / 60) }, (_, m) =>
      median(samples.filter((s) => s.at >= m * 60_000 && s.at < (m + 1) * 60_000).map((s) => s.rssMb)),
    );
    out.write(`  RSS by minute (median, MiB): ${perMinute.map((x) => (x === undefined ? '-' : x.toFixed(0))).join(' ')}\n`);
    return errorsOk && memoryOk;
  } finally {
    for (const stop of stops) await stop();
    await stack?.stop();
    await dbs.cleanup();
  }
}

async function main(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2);
  const drill = name ? DRILLS[name] : undefined;
  if (!drill) {
    process.stderr.write(`usage: npm run drill -- <${Object.keys(DRILLS).join('|')}> [options]\n`);
    process.exit(2);
  }
  const ok = await drill(rest);
  process.exit(ok ? 0 : 1);
}

main().catch((err: Error) => {
  process.stderr.write(`drill failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
