/**
 * `npm run reconcile -- [--gateway URL] [--token JWT] [--purpose TEXT] [--as-of YYYY-MM-DD]
 *   [--page-size N] [--restart] [--report FILE.html] [--no-run]`
 *
 * Runs a reconciliation through the gateway (default http://127.0.0.1:$PORT/graphql, as an analyst:
 * `--token`, else RECONCILE_TOKEN, else a development analyst token), storing its findings in the
 * federation's database (TAXGRAPH_DATABASE_URL, else the embedded development one). An unfinished
 * run is resumed unless `--restart`. `--report FILE.html` then writes the self-contained report of
 * the latest run (`--no-run`: only the report). Exit 1: the run stopped (it resumes next time).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { issueDevToken } from '../gateway/auth/tokens';
import { resolveDevDatabases } from '../dev/development-databases';
import { loadReportData, renderReport } from '../subgraphs/cooperation/reconcile/report';
import { openStore, Progress, reconcile } from '../subgraphs/cooperation/reconcile/runner';
import { FEDERATION_DATABASE } from '../shared/sources';
import { devSecret } from '../dev/secrets';

const DEFAULT_PURPOSE = 'joint reconciliation of the agencies (npm run reconcile)';

/** One line on a terminal, redrawn; a line every few seconds elsewhere (CI logs). */
function progressPrinter(): { update(p: Progress): void; done(): void } {
  const tty = process.stderr.isTTY;
  let lastLine = 0;
  return {
    update(p) {
      const share = p.passTotal ? Math.min(1, p.passDone / p.passTotal) : null;
      const width = 24;
      const bar = share === null ? '' : `[${'#'.repeat(Math.round(share * width)).padEnd(width, '.')}] ${Math.round(share * 100)}% `;
      const line = `pass ${p.passIndex + 1}/${p.passes} ${p.pass.padEnd(8)} ${bar}${p.passDone}${p.passTotal ? `/${p.passTotal}` : ''} records | run ${p.runId}: ${p.pages} pages, ${p.subjects} subjects, ${p.findings} findings`;
      if (tty) process.stderr.write(`\r${line}\x1b[K`);
      else if (Date.now() - lastLine > 5000) {
        lastLine = Date.now();
        process.stderr.write(`${line}\n`);
      }
    },
    done() {
      if (tty) process.stderr.write('\n');
    },
  };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      gateway: { type: 'string' },
      token: { type: 'string' },
      purpose: { type: 'string' },
      'as-of': { type: 'string' },
      'page-size': { type: 'string' },
      restart: { type: 'boolean' },
      report: { type: 'string' },
      'no-run': { type: 'boolean' },
    },
  });
  let databaseUrl = process.env[FEDERATION_DATABASE.urlVariable];
  let stop = async (): Promise<void> => undefined;
  if (!databaseUrl) {
    const dbs = await resolveDevDatabases();
    databaseUrl = dbs.federation;
    stop = dbs.stop;
  }
  try {
    if (!values['no-run']) {
      const gatewayUrl = values.gateway ?? `http://127.0.0.1:${process.env.PORT || 4000}/graphql`;
      const token =
        values.token ??
        process.env.RECONCILE_TOKEN ??
        (await issueDevToken({ role: 'analyst', subject: 'reconcile', scopes: [], expiresIn: '12h' }, devSecret()));
      const pageSize = values['page-size'] ? Number(values['page-size']) : undefined;
      if (pageSize !== undefined && (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500))
        throw new Error('--page-size must be an integer from 1 to 500');
      const progress = progressPrinter();
      const summary = await reconcile({
        gatewayUrl,
        token,
        databaseUrl,
        pageSize,
        purpose: values.purpose ?? DEFAULT_PURPOSE,
        asOf: values['as-of'],
        restart: values.restart,
        onProgress: (p) => progress.update(p),
      });
      progress.done();
      process.stdout.write(
        `reconciliation run ${summary.runId} ${summary.status}${summary.resumed ? ' (resumed)' : ''} as of ${summary.asOf}: ` +
          `${summary.records} records in ${summary.pages} pages, ${summary.subjects} subjects judged, ${summary.findings} findings, ${summary.operations} gateway operations\n`,
      );
      if (summary.status !== 'completed') return 1;
    }
    if (values.report) {
      const db = openStore(databaseUrl);
      try {
        const data = await loadReportData(db);
        writeFileSync(values.report, renderReport(data));
        process.stdout.write(`report written to ${values.report}\n`);
      } finally {
        await db.destroy();
      }
    }
    return 0;
  } finally {
    await stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`\nreconcile failed: ${err.message}\n`);
    process.exit(1);
  },
);
