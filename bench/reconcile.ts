/**
 * `npm run bench -- reconcile [--taxpayers N] [--page-size P]`: a reconciliation run at scale. Seeds
 * N taxpayers (default 100,000, seed 42), starts the subgraphs (counting their SQL statements) and
 * taxgraph's gateway, runs `reconcile()` through the gateway as an analyst, and prints taxpayers
 * reconciled per second, the time per operation kind, and SQL statements per page (the sources'
 * and cooperation's own store writes are apart: the store is the federation's database).
 */
import { parseArgs } from 'node:util';
import { issueDevToken } from '../gateway/auth/tokens';
import { stopProcesses, waitForHealth } from '../dev/launch';
import { freePort } from '../dev/ports';
import { seedAll } from '../seeds/seed';
import { reconcile } from '../subgraphs/cooperation/reconcile/runner';
import { benchDatabases, printTable, startProcess, startSubgraphs } from './support';

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { taxpayers: { type: 'string' }, 'page-size': { type: 'string' } }, strict: false });
  const taxpayers = Number(values.taxpayers ?? 100_000);
  const pageSize = Number(values['page-size'] ?? 250);
  const out = process.stdout;
  const dbs = await benchDatabases('reconcile');
  try {
    process.stderr.write(`seeding ${taxpayers} taxpayers...\n`);
    const seeded = await seedAll({ taxpayers, seed: 42, urls: dbs.sources });
    const stack = await startSubgraphs(dbs, { TAXGRAPH_AS_OF: seeded.manifest.asOf });
    const port = await freePort();
    const gateway = startProcess(
      'gateway/main.js',
      {
        ...stack.gatewayEnv,
        ...stack.secrets,
        TAXGRAPH_DATABASE_URL: dbs.federation,
        RATE_LIMIT_ANALYST_PER_MINUTE: '10000000',
        SUBGRAPH_TIMEOUT_MS: '60000',
        PORT: String(port),
      },
      { label: 'gateway' },
    );
    try {
      await waitForHealth(`http://127.0.0.1:${port}/health`, gateway);
      const token = await issueDevToken(
        { role: 'analyst', subject: 'bench-reconcile', expiresIn: '12h' },
        new TextEncoder().encode(stack.secrets.JWT_SECRET),
      );
      const perOperation = new Map<string, { n: number; ms: number }>();
      const sqlBefore = await stack.sqlStatements();
      const started = performance.now();
      let lastPrint = 0;
      const summary = await reconcile({
        gatewayUrl: `http://127.0.0.1:${port}/graphql`,
        token,
        purpose: 'bench: reconciliation at scale',
        databaseUrl: dbs.federation,
        pageSize,
        onOperation: (name, ms) => {
          const e = perOperation.get(name) ?? { n: 0, ms: 0 };
          e.n += 1;
          e.ms += ms;
          perOperation.set(name, e);
        },
        onProgress: (p) => {
          if (Date.now() - lastPrint > 10_000) {
            lastPrint = Date.now();
            process.stderr.write(
              `  ${p.pass} ${p.passDone}${p.passTotal ? `/${p.passTotal}` : ''}: ${p.pages} pages, ${p.subjects} subjects, ${p.findings} findings\n`,
            );
          }
        },
      });
      const seconds = (performance.now() - started) / 1000;
      const sql = (await stack.sqlStatements()) - sqlBefore;
      out.write(`\nreconciliation of ${taxpayers.toLocaleString('en')} taxpayers through the gateway (page size ${pageSize})\n`);
      printTable(
        out,
        ['measure', 'value'],
        [
          ['wall time, s', seconds.toFixed(1)],
          ['taxpayers reconciled per second', (taxpayers / seconds).toFixed(0)],
          ['subjects judged', summary.subjects],
          ['subjects per second', (summary.subjects / seconds).toFixed(0)],
          ['source records paged', summary.records],
          ['pages', summary.pages],
          ['findings stored', summary.findings],
          ['gateway operations', summary.operations],
          ['SQL statements (sources), total', sql],
          ['SQL statements per page', (sql / summary.pages).toFixed(1)],
          ['SQL statements per subject', (sql / summary.subjects).toFixed(2)],
        ],
        34,
        14,
      );
      out.write('\nper operation\n');
      printTable(
        out,
        ['operation', 'count', 'total s', 'mean ms'],
        [...perOperation].map(([name, e]) => [name, e.n, (e.ms / 1000).toFixed(1), (e.ms / e.n).toFixed(0)]),
        34,
        12,
      );
    } finally {
      await stopProcesses([gateway]);
      await stack.stop();
    }
  } finally {
    await dbs.cleanup();
  }
}
