/**
 * `npm start`: the development launcher. With no database URLs it starts the embedded PostgreSQL
 * under the data directory and seeds it on first run; with the URLs set it uses those databases and
 * seeds nothing. Then it starts every subgraph and the gateway on their default ports (dev/), writes
 * the development system's settings for the operational commands (`<data dir>/dev.env`), and
 * prints where everything answers. It composes processes and holds no business logic.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { issueDevToken } from '../gateway/auth/tokens';
import { resolveDevDatabases } from '../dev/development-databases';
import { launch, Launched, stopProcesses, waitForHealth } from '../dev/launch';
import { devAuditSigningKeyPath, devSecret, devSecretPath, devSecretText } from '../dev/secrets';
import { defaultSubgraphPort, gatewayEnv, RunningSubgraph, startSubgraphs } from '../dev/subgraph-stack';
import { printSummary, DEFAULT_SEED, DEFAULT_TAXPAYERS } from '../seeds/cli';
import type { Manifest } from '../seeds/manifest';
import { isSeeded, seedAll } from '../seeds/seed';
import { useConfigFile } from '../shared/config-file';
import { dataDir } from '../shared/paths';
import { subgraphKey } from '../shared/settings';
import { AUDIT_SUBGRAPH, COOPERATION_SUBGRAPH, LEGACY_SOURCES, SubgraphName } from '../shared/sources';
import { writeDevSettings } from './dev-settings';

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

/** How long the reconcile analyst's token in dev.env lasts: a development system runs for days. */
const RECONCILE_TOKEN_LIFETIME = '30d';

const processes: Launched[] = [];
let databases: { stop(): Promise<void> } | undefined;
/** Set once everything answers: before that, a process that exits fails the start with its own message. */
let up = false;
let stopping = false;

/** Stops every process, then the embedded database if this command started it, and exits. */
function stopAll(code: number): void {
  if (stopping) return;
  stopping = true;
  void stopProcesses(processes)
    .then(() => databases?.stop())
    .finally(() => process.exit(code));
}

/** Keeps a launched process, telling when it exits while the others keep running. */
function watch(proc: Launched): void {
  processes.push(proc);
  proc.child.on('exit', (code, signal) => {
    if (up && !stopping) process.stderr.write(`[${proc.label}] exited (${signal ?? code}); the others keep running\n`);
  });
}

function printEndpoints(
  base: string,
  subgraphs: Map<SubgraphName, RunningSubgraph>,
  dbs: { sources: Record<string, string>; federation: string },
) {
  const out = process.stdout;
  out.write(`  GraphQL endpoint  ${base}/graphql\n  Explorer          ${base}/\n`);
  out.write(`  Health, readiness ${base}/health  ${base}/ready\n  Metrics           ${base}/metrics\n`);
  const notes: Record<SubgraphName, string> = {
    ...(Object.fromEntries(LEGACY_SOURCES.map((s) => [s, redact(dbs.sources[s])])) as Record<SubgraphName, string>),
    [AUDIT_SUBGRAPH.name]: `${redact(dbs.federation)}; npm run audit:verify checks the chain`,
    [COOPERATION_SUBGRAPH.name]:
      'taxpayerByLegacyId, findings, jointCreditRating: asks the source subgraphs above; npm run reconcile fills its lists',
  };
  for (const [name, proc] of subgraphs) out.write(`  ${name.padEnd(18)}${proc.url}  (${notes[name]})\n`);
}

async function main(): Promise<void> {
  process.once('SIGINT', () => stopAll(0));
  process.once('SIGTERM', () => stopAll(0));
  // The config file's settings become this process's variables (where the environment has none), so
  // every process started below has them too, and TAXGRAPH_CONFIG names the file for their own
  // PORT and HOST. The ports the launcher gives each process are the file's, else the defaults.
  const config = useConfigFile();
  const portOf = (name: SubgraphName) => Number(config.values.get(`subgraphs.${subgraphKey(name)}.port`) ?? defaultSubgraphPort(name));
  const dbs = await resolveDevDatabases();
  databases = dbs;
  const manifestPath = join(dataDir(), 'ground-truth.json');
  if (dbs.embedded && !(existsSync(manifestPath) && (await isSeeded(dbs.sources)))) {
    process.stdout.write(`First run: seeding ${DEFAULT_TAXPAYERS} taxpayers into the embedded PostgreSQL...\n`);
    printSummary(await seedAll({ taxpayers: DEFAULT_TAXPAYERS, seed: DEFAULT_SEED, urls: dbs.sources, manifestPath }));
  }
  const manifest = existsSync(manifestPath) ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest) : undefined;

  // Gateway and subgraphs share the principal-signing secret; set your own in production.
  const principalSecret = process.env.TAXGRAPH_PRINCIPAL_SECRET ?? devSecretText('principal');
  // Seeded data stands at its as-of day: cooperation's checks count from it (unless TAXGRAPH_AS_OF says otherwise).
  const asOf = process.env.TAXGRAPH_AS_OF ?? manifest?.asOf;
  const echo = { stderr: true, stdout: Boolean(process.env.TAXGRAPH_VERBOSE) };
  const subgraphs = await startSubgraphs(
    { ...dbs.sources, federation: dbs.federation },
    {
      port: portOf,
      env: { TAXGRAPH_PRINCIPAL_SECRET: principalSecret },
      envFor: asOf ? { [COOPERATION_SUBGRAPH.name]: { TAXGRAPH_AS_OF: asOf } } : {},
      launch: { echo },
      onLaunch: watch,
    },
  );
  // The gateway signs audit checkpoints; a development key unless one is configured.
  const ownAuditKey = process.env.TAXGRAPH_AUDIT_SIGNING_KEY || process.env.TAXGRAPH_AUDIT_SIGNING_KEY_FILE;
  const auditKey = ownAuditKey ? {} : { TAXGRAPH_AUDIT_SIGNING_KEY_FILE: devAuditSigningKeyPath() };
  const port = Number(process.env.PORT || config.values.get('gateway.port') || 4000);
  // The development token secret exists before the gateway reads it (a fresh data directory has none yet).
  const secret = devSecret();
  const gateway = launch('gateway/main.js', {
    label: 'gateway',
    echo,
    env: {
      OTEL_SERVICE_NAME: 'taxgraph-gateway',
      ...gatewayEnv(subgraphs, dbs.federation),
      JWT_SECRET_FILE: devSecretPath('jwt'),
      TAXGRAPH_PRINCIPAL_SECRET: principalSecret,
      ...auditKey,
      PORT: String(port),
    },
  });
  watch(gateway);
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(`${base}/health`, gateway);
  up = true;

  const settingsPath = writeDevSettings({
    TAXGRAPH_DATABASE_URL: dbs.federation,
    RECONCILE_TOKEN: await issueDevToken({ role: 'analyst', subject: 'reconcile', expiresIn: RECONCILE_TOKEN_LIFETIME }, secret),
    TAXGRAPH_GATEWAY_URL: `${base}/graphql`,
    ...auditKey,
  });
  const out = process.stdout;
  out.write(`\ntaxgraph is up (${dbs.embedded ? 'embedded PostgreSQL' : 'databases from the environment'}).\n`);
  printEndpoints(base, subgraphs, dbs);
  out.write(`  Settings for npm run reconcile and audit:verify: ${settingsPath}\n`);
  const tokens = {
    app: await issueDevToken({ role: 'app', subject: 'dev-app', scopes: ['pii:read', 'audit:read'] }, secret),
    analyst: await issueDevToken({ role: 'analyst', subject: 'dev-analyst' }, secret),
    bank: await issueDevToken({ role: 'bank', subject: 'dev-bank', bank: '102651000019' }, secret),
    // The explorer's Officer tab acts for this office (Dalian Zhongshan district's national tax office).
    officer: await issueDevToken({ role: 'officer', subject: 'dev-officer', office: '12102020000' }, secret),
  };
  out.write('\nDevelopment tokens (8 h; send as "Authorization: Bearer <token>"; more with npm run token):\n');
  out.write(`  app (pii:read, audit:read)  ${tokens.app}\n  analyst                     ${tokens.analyst}\n`);
  out.write(`  bank 102651000019           ${tokens.bank}\n`);
  out.write(`  officer 12102020000         ${tokens.officer}\n`);
  const example = (dbs.embedded ? manifest?.identities.ENTERPRISE[0]?.uscc : undefined) ?? '91110000600037341L';
  const query =
    `{ taxpayer(uscc: \\"${example}\\") { uscc name registration { status } nationalTax { status } localTax { status } ` +
    'payments(first: 3) { edges { node { voucherNo status amount } } } } }';
  out.write(
    `\nTry it:\n  curl -s ${base}/graphql -H 'content-type: application/json' -H 'authorization: Bearer ${tokens.app}' ` +
      `-d '{"query":"${query}"}'\n`,
  );
  out.write('\nPress Ctrl-C to stop everything.\n');
}

main().catch((err: Error) => {
  process.stderr.write(`start failed: ${err.message}\n`);
  stopAll(1);
});
