/**
 * `npm run reconcile -- [--gateway URL] [--token JWT] [--database URL] [--purpose TEXT] [--as-of YYYY-MM-DD]
 *   [--page-size N] [--restart] [--shards N [--workers W]] [--report FILE.html] [--no-run]`
 *
 * Runs a reconciliation through the gateway (`--gateway`, else TAXGRAPH_GATEWAY_URL, else
 * http://127.0.0.1:$PORT/graphql) as an analyst (`--token`, else RECONCILE_TOKEN), storing its
 * findings in the federation's database (`--database`, else TAXGRAPH_DATABASE_URL). Both must be
 * given; in development, when they are unset, the settings npm start wrote are used (and it says
 * so). An unfinished run is resumed unless `--restart`. `--shards N`: the run as distributed jobs (about
 * N shards in pg-boss, taken by `npm run reconcile:worker` processes anywhere; `--workers W` starts W
 * of them here and stops them at the end; RECONCILE_SHARD_LEASE_SECONDS is a shard's lease). `--report FILE.html` then writes the
 * self-contained report of the latest run (`--no-run`: only the report, no token needed), and,
 * when it has an analyst's token, the publication lists beside it in FILE-lists/ (the abnormal-taxpayer
 * notice per area, the joint credit rating lists of `--rating-years Y,Y` (default the two years before
 * the as-of day's) per year, area and grade, as CSV and HTML; `--no-lists`: not). Exit 1: the run
 * stopped (it resumes next time) or could not start, or the lists could not be read.
 */
import { Format, SingleBar } from 'cli-progress';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { gatewayClient } from '../subgraphs/cooperation/reconcile/gateway-client';
import { loadReportData } from '../subgraphs/cooperation/reconcile/report/data';
import { renderPublication } from '../subgraphs/cooperation/reconcile/report/publication';
import { defaultRatingYears, loadPublication } from '../subgraphs/cooperation/reconcile/report/publication-data';
import { renderReport } from '../subgraphs/cooperation/reconcile/report/render';
import { REVENUE_QUERY, RevenueReport, revenueCsv } from '../subgraphs/cooperation/reconcile/report/revenue';
import { DistributedProgress, reconcileDistributed } from '../subgraphs/cooperation/reconcile/coordinator';
import { Progress, reconcile, RunSummary } from '../subgraphs/cooperation/reconcile/runner';
import { leaseSeconds } from '../subgraphs/cooperation/reconcile/shard-queue';
import { openStore } from '../subgraphs/cooperation/store/connection';
import { useConfigFile } from '../shared/config-file';
import { FEDERATION_DATABASE } from '../shared/sources';
import { explainUnreachable, requireSettings } from './dev-settings';

const DEFAULT_PURPOSE = 'joint reconciliation of the agencies (npm run reconcile)';

/** A bar redrawn on a terminal; elsewhere (CI logs) a line every 5 s. */
const BAR = {
  stream: process.stderr,
  noTTYOutput: true,
  notTTYSchedule: 5000,
  barsize: 24,
  barCompleteChar: '#',
  barIncompleteChar: '.',
} as const;

function progressBar(): { update(p: Progress): void; stop(): void } {
  const bar = new SingleBar({
    ...BAR,
    format: (options, params, p: Progress) => {
      const known = p.passTotal !== null;
      const share = known ? `[${Format.BarFormat(params.progress, options)}] ${Math.round(params.progress * 100)}% ` : '';
      const records = `${p.passDone}${known ? `/${p.passTotal}` : ''} records`;
      const run = `run ${p.runId}: ${p.pages} pages, ${p.subjects} subjects, ${p.findings} findings`;
      return `pass ${p.passIndex + 1}/${p.passes} ${p.pass.padEnd(8)} ${share}${records} | ${run}`;
    },
  });
  // On a terminal the bar turns line wrapping off while it runs: a Ctrl-C stops it (wrapping back on), then ends the
  // run as the signal would (it resumes next time).
  const interrupted = (signal: NodeJS.Signals) => {
    bar.stop();
    process.kill(process.pid, signal);
  };
  let started = false;
  return {
    update(p) {
      const total = p.passTotal ?? Math.max(1, p.passDone);
      if (!started) {
        bar.start(total, p.passDone, p);
        process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
      }
      started = true;
      bar.setTotal(total);
      bar.update(Math.min(p.passDone, total), p);
    },
    stop: () => {
      process.removeListener('SIGINT', interrupted).removeListener('SIGTERM', interrupted);
      bar.stop();
    },
  };
}

/** The distributed run's progress: shards done, and the rate across all workers. */
function shardBar(): { update(p: DistributedProgress): void; stop(): void } {
  const bar = new SingleBar({
    ...BAR,
    format: (options, params, p: DistributedProgress) =>
      `run ${p.runId}: [${Format.BarFormat(params.progress, options)}] ${p.done}/${p.shards} shards | ${p.records} records, ` +
      `${p.subjects} subjects, ${p.findings} findings | ${p.subjectsPerSecond.toFixed(0)} taxpayers/s` +
      `${p.workers ? ` | ${p.workers} local workers` : ''}${p.retaken ? ` | ${p.retaken} shards taken again` : ''}`,
  });
  let started = false;
  return {
    update(p) {
      if (!started) bar.start(Math.max(1, p.shards), p.done, p);
      started = true;
      bar.setTotal(Math.max(1, p.shards));
      bar.update(p.done, p);
    },
    stop: () => bar.stop(),
  };
}

/**
 * The exchange of revenue figures for the report, live through the gateway (it needs the token): the
 * year given by --revenue-year, else the last whole year before the run's as-of day. Written as CSV
 * beside the report (FILE.revenue-YEAR.csv). Without a token, none (the report says nothing of it).
 */
async function revenueFor(
  values: { gateway?: string; token?: string; purpose?: string; report?: string; 'revenue-year'?: string },
  asOf: string,
  fromDev: boolean,
): Promise<(RevenueReport & { csvName: string | null }) | null> {
  const token = values.token ?? process.env.RECONCILE_TOKEN;
  if (!token || !values.report) return null;
  const year = values['revenue-year'] ? Number(values['revenue-year']) : Number(asOf.slice(0, 4)) - 1;
  if (!Number.isInteger(year)) throw new Error('--revenue-year must be a year, e.g. 2015');
  const url = values.gateway ?? process.env.TAXGRAPH_GATEWAY_URL ?? `http://127.0.0.1:${process.env.PORT || 4000}/graphql`;
  const ask = gatewayClient({ url, token, purpose: values.purpose ?? DEFAULT_PURPOSE });
  const { revenueExchange: figures } = await ask<{ revenueExchange: RevenueReport['figures'] }>('RevenueExchange', REVENUE_QUERY, {
    year,
  }).catch((err: unknown) => Promise.reject(explainUnreachable(err, fromDev)));
  const csvName = values.report.replace(/\.html?$/i, '') + `.revenue-${year}.csv`;
  writeFileSync(csvName, revenueCsv(figures));
  return { year, figures, csvName };
}

async function main(): Promise<number> {
  // The config file's settings; PORT is the gateway's (gateway.port), which the default gateway URL names.
  useConfigFile('gateway');
  const { values } = parseArgs({
    options: {
      gateway: { type: 'string' },
      token: { type: 'string' },
      database: { type: 'string' },
      purpose: { type: 'string' },
      'as-of': { type: 'string' },
      'page-size': { type: 'string' },
      restart: { type: 'boolean' },
      shards: { type: 'string' },
      workers: { type: 'string' },
      report: { type: 'string' },
      'no-run': { type: 'boolean' },
      'no-lists': { type: 'boolean' },
      'rating-years': { type: 'string' },
      'revenue-year': { type: 'string' },
    },
  });
  const run = !values['no-run'];
  const needed: Record<string, string> = {};
  if (!values.database) needed[FEDERATION_DATABASE.urlVariable] = `its database (${FEDERATION_DATABASE.urlVariable} or --database URL)`;
  if (run && !values.token) needed.RECONCILE_TOKEN = "an analyst's token (RECONCILE_TOKEN or --token JWT)";
  const { fromDev } = requireSettings('npm run reconcile', needed, values.gateway ? [] : ['TAXGRAPH_GATEWAY_URL']);
  const databaseUrl = values.database ?? process.env[FEDERATION_DATABASE.urlVariable]!;

  const gatewayUrl = values.gateway ?? process.env.TAXGRAPH_GATEWAY_URL ?? `http://127.0.0.1:${process.env.PORT || 4000}/graphql`;
  const ratingYears = values['rating-years']?.split(',').map((y) => Number(y.trim()));
  if (ratingYears?.some((y) => !Number.isInteger(y) || y < 2014 || y > 2100))
    throw new Error('--rating-years must be years from 2014, separated by commas (e.g. 2014,2015)');
  if (run) {
    const pageSize = values['page-size'] ? Number(values['page-size']) : undefined;
    if (pageSize !== undefined && (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500))
      throw new Error('--page-size must be an integer from 1 to 500');
    const shards = values.shards === undefined ? undefined : Number(values.shards);
    if (shards !== undefined && (!Number.isInteger(shards) || shards < 1 || shards > 100_000))
      throw new Error('--shards must be an integer from 1 to 100000');
    const workers = values.workers === undefined ? 0 : Number(values.workers);
    if (!Number.isInteger(workers) || workers < 0 || workers > 64) throw new Error('--workers must be an integer from 0 to 64');
    if (workers && shards === undefined) throw new Error('--workers needs --shards N (the run as distributed jobs)');
    const token = values.token ?? process.env.RECONCILE_TOKEN!;
    const common = {
      gatewayUrl,
      token,
      databaseUrl,
      pageSize,
      purpose: values.purpose ?? DEFAULT_PURPOSE,
      asOf: values['as-of'],
      restart: values.restart,
    };
    const progress = shards === undefined ? progressBar() : shardBar();
    let summary: RunSummary;
    try {
      summary =
        shards === undefined
          ? await reconcile({ ...common, onProgress: (p) => (progress as ReturnType<typeof progressBar>).update(p) })
          : await reconcileDistributed({
              ...common,
              shards,
              lease: leaseSeconds(),
              workers: {
                count: workers,
                command: process.execPath,
                args: [join(__dirname, 'reconcile-worker.js')],
                // Local workers share this machine: each serves its probes on a free port (0), never on a configured one.
                env: {
                  ...process.env,
                  TAXGRAPH_DATABASE_URL: databaseUrl,
                  TAXGRAPH_GATEWAY_URL: gatewayUrl,
                  RECONCILE_TOKEN: token,
                  RECONCILE_WORKER_PORT: '0',
                },
              },
              onProgress: (p) => (progress as ReturnType<typeof shardBar>).update(p),
            });
    } catch (err) {
      throw explainUnreachable(err, fromDev);
    } finally {
      progress.stop();
    }
    process.stdout.write(
      `reconciliation run ${summary.runId} ${summary.status}${summary.resumed ? ' (resumed)' : ''} as of ${summary.asOf}: ` +
        `${summary.records} records in ${summary.pages} pages, ${summary.subjects} subjects judged, ` +
        `${summary.findings} findings, ${summary.operations} gateway operations\n`,
    );
    if (summary.status !== 'completed') return 1;
  }
  if (values.report) {
    const db = openStore(databaseUrl);
    try {
      const data = await loadReportData(db).catch((err: unknown) => Promise.reject(explainUnreachable(err, fromDev)));
      const token = values.token ?? process.env.RECONCILE_TOKEN;
      // The lists are read live through the gateway, so they need a token; without one the report stands alone.
      const listsDir = join(dirname(values.report), `${basename(values.report).replace(/\.html?$/i, '')}-lists`);
      let files: Map<string, string> | null = null;
      if (!values['no-lists'] && token) {
        const gql = gatewayClient({ url: gatewayUrl, token, purpose: values.purpose ?? DEFAULT_PURPOSE });
        const years = ratingYears ?? defaultRatingYears(data.run.asOf);
        const publication = await loadPublication(gql, data.run.asOf, years).catch((err: unknown) =>
          Promise.reject(explainUnreachable(err, fromDev)),
        );
        files = renderPublication(publication);
      } else if (!values['no-lists']) {
        process.stderr.write(
          "publication lists not written: they are read through the gateway with an analyst's token (--token or RECONCILE_TOKEN)\n",
        );
      }
      const revenue = await revenueFor(values, data.run.asOf, fromDev);
      writeFileSync(
        values.report,
        renderReport(data, {
          ...(files ? { publicationIndex: `${basename(listsDir)}/index.html` } : {}),
          ...(revenue ? { revenue } : {}),
        }),
      );
      process.stdout.write(`report written to ${values.report}\n`);
      if (files) {
        mkdirSync(listsDir, { recursive: true });
        for (const [name, content] of files) writeFileSync(join(listsDir, name), content);
        process.stdout.write(`publication lists written to ${listsDir}/ (${files.size} files, index.html)\n`);
      }
      if (revenue?.csvName) process.stdout.write(`revenue figures written to ${revenue.csvName}\n`);
    } finally {
      await db.destroy();
    }
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`\nreconcile failed: ${err.message}\n`);
    process.exit(1);
  },
);
