/**
 * `npm run bench -- scale [--small N] [--large N] [--connections C] [--seconds S] [--rounds R]
 * [--warmup W]`: whether latency grows with the data. The taxpayer 360 view and the bank's payment
 * lookup through taxgraph's gateway at 10,000 and at 1,000,000 taxpayers (seeding a million takes
 * about 8 minutes; `--large` picks a smaller size for a quick run). Both data sets are live at once,
 * each with its own subgraphs and gateway, and the runs alternate small large small large, so the
 * machine's drift falls on both; the load is light (C = 4 connections) so latency is the work's,
 * not a queue's. The table gives p50, p99, requests/s and SQL statements per operation at each size,
 * and the ratio large/small: with the legacy systems' indexes, keyset paging and no scans it stays
 * near 1.
 */
import { parseArgs } from 'node:util';
import { seedAll } from '../seeds/seed';
import { checkSameData, RunningSystem, sqlPerOperation, startSystems, summarize, Summary, timedRun, Run } from './gateways';
import { BenchDatabases, benchDatabases, cannon, pinning, printTable, startSubgraphs, SubgraphStack } from './support';
import { drawWorkload, Scenario, scenarios, tokensFor } from './workload';

interface Size {
  taxpayers: number;
  dbs: BenchDatabases;
  stack?: SubgraphStack;
  /** Per scenario: taxgraph's gateway as that scenario's caller sees it. */
  systems: Map<Scenario['key'], RunningSystem>;
  stops: (() => Promise<void>)[];
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      small: { type: 'string' },
      large: { type: 'string' },
      connections: { type: 'string' },
      seconds: { type: 'string' },
      rounds: { type: 'string' },
      warmup: { type: 'string' },
    },
    strict: false,
  });
  const num = (v: unknown, fallback: number) => (typeof v === 'string' ? Number(v) : fallback);
  const small = num(values.small, 10_000);
  const large = num(values.large, 1_000_000);
  const connections = num(values.connections, 4);
  const seconds = num(values.seconds, 10);
  const rounds = Math.max(2, num(values.rounds, 2));
  const warmup = num(values.warmup, 5);
  const sizes: Size[] = [];
  try {
    for (const taxpayers of [small, large]) {
      const size: Size = { taxpayers, dbs: await benchDatabases(`scale_${taxpayers}`), systems: new Map(), stops: [] };
      sizes.push(size);
      process.stderr.write(`seeding ${taxpayers.toLocaleString('en')} taxpayers (seed 42)...\n`);
      const seeded = await seedAll({ taxpayers, seed: 42, urls: size.dbs.sources });
      process.stderr.write(`  ${seeded.totalRows.toLocaleString('en')} rows in ${seeded.seconds.toFixed(0)} s\n`);
    }
    const pin = pinning(sizes.map((s) => s.dbs));
    for (const size of sizes) {
      size.stack = await startSubgraphs(size.dbs);
      const workload = await drawWorkload(size.stack);
      const tokens = await tokensFor(size.stack.secrets.JWT_SECRET, workload.bank);
      for (const scenario of scenarios(workload).filter((s) => s.key === '360' || s.key === 'bank')) {
        const running = await startSystems({ stack: size.stack, dbs: size.dbs, scenario: { ...scenario, systems: ['taxgraph'] }, tokens });
        size.stops.push(running.stop);
        await checkSameData(running.systems, scenario);
        size.systems.set(scenario.key, running.systems[0]);
      }
    }

    const out = process.stdout;
    out.write(
      `\nbench scale: taxgraph's gateway at ${small.toLocaleString('en')} and ${large.toLocaleString('en')} taxpayers, ${connections} connections, ${seconds} s per run, sizes alternating x${rounds}; ${pin.describe}\n`,
    );
    const rows: (string | number)[][] = [];
    const verdicts: string[] = [];
    for (const key of ['360', 'bank'] as const) {
      const sql = await Promise.all(sizes.map((s) => sqlPerOperation(s.systems.get(key)!)));
      for (const s of sizes) {
        const system = s.systems.get(key)!;
        await cannon({ url: system.url, connections, seconds: warmup, headers: system.headers, bodies: system.bodies });
      }
      const runs: Run[][] = sizes.map(() => []);
      for (let round = 1; round <= rounds; round++) {
        for (const [k, s] of sizes.entries()) {
          process.stderr.write(`[${key}] round ${round}: ${s.taxpayers.toLocaleString('en')} taxpayers for ${seconds} s...\n`);
          runs[k].push(await timedRun(s.systems.get(key)!, connections, seconds, round));
        }
      }
      const summaries: Summary[] = runs.map((r, k) => summarize(r, 'taxgraph', sql[k], undefined, seconds));
      for (const [k, s] of summaries.entries()) {
        rows.push([
          `${key} at ${sizes[k].taxpayers.toLocaleString('en')}`,
          s.p50.toFixed(1),
          s.p99.toFixed(1),
          s.rps.toFixed(0),
          s.errors,
          s.sqlPerOp.toFixed(1),
        ]);
      }
      const [a, b] = summaries;
      verdicts.push(
        `${key}: p50 x${(b.p50 / a.p50).toFixed(2)}, p99 x${(b.p99 / a.p99).toFixed(2)}, req/s x${(b.rps / a.rps).toFixed(2)}, SQL/op ${a.sqlPerOp.toFixed(1)} -> ${b.sqlPerOp.toFixed(1)}`,
      );
    }
    printTable(out, ['scenario at taxpayers', 'p50 ms', 'p99 ms', 'req/s', 'errors', 'SQL/op'], rows, 26, 10);
    out.write(`  large/small (goal: latency does not grow with the data, ~1.0): ${verdicts.join('; ')}\n`);
  } finally {
    for (const s of sizes.reverse()) {
      for (const stop of s.stops) await stop();
      await s.stack?.stop();
      await s.dbs.cleanup();
    }
  }
}
