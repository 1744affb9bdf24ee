/**
 * `npm run audit:verify [-- --database URL]`: walks the audit trail's hash chain in the federation's
 * own database (`--database`, else TAXGRAPH_DATABASE_URL or the config file's databases.federation; in development, when unset, the settings
 * npm start wrote, saying so) and says OK with the number of records and the chain's head, or exits
 * 1 naming the first record that was changed, deleted or reordered. Exit 2: the database could not
 * be read.
 */
import { Client } from 'pg';
import { parseArgs } from 'node:util';
import { verifyAuditChain } from '../gateway/audit/verify';
import { useConfigFile } from '../shared/config-file';
import { FEDERATION_DATABASE } from '../shared/sources';
import { explainUnreachable, requireSettings } from './dev-settings';

async function main(): Promise<number> {
  useConfigFile();
  const { values } = parseArgs({ options: { database: { type: 'string' } } });
  const variable = FEDERATION_DATABASE.urlVariable;
  const { fromDev } = requireSettings(
    'npm run audit:verify',
    values.database ? {} : { [variable]: `its database (${variable} or --database URL)` },
  );
  const url = values.database ?? process.env[variable]!;
  const client = new Client({ connectionString: url, application_name: 'taxgraph-audit-verify', connectionTimeoutMillis: 5000 });
  try {
    await client.connect().catch((err: unknown) => Promise.reject(explainUnreachable(err, fromDev)));
    // One snapshot for the whole walk: records committed meanwhile are left for the next run.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const result = await verifyAuditChain(client);
    await client.query('COMMIT');
    if (result.ok) {
      const head = result.head ? `; head: record ${result.head.seq}, hash ${result.head.hash}` : '';
      process.stdout.write(`audit trail OK: ${result.count} records, chain intact${head}\n`);
      return 0;
    }
    process.stdout.write(`audit trail BROKEN at record ${result.seq} (${result.problem}): ${result.message}\n`);
    process.stdout.write(`${result.count} records before it verified.\n`);
    return 1;
  } finally {
    await client.end().catch(() => undefined);
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`audit:verify could not read the audit trail: ${err.message}\n`);
    process.exit(2);
  },
);
