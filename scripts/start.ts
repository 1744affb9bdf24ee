/**
 * `npm start`: the development launcher. With no database URLs it starts the embedded PostgreSQL
 * under the data directory and seeds it on first run; with the URLs set it uses those databases and
 * seeds nothing. Then it starts every subgraph and the gateway as child processes and prints where
 * they answer. It composes processes and holds no business logic.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { printSummary, DEFAULT_SEED, DEFAULT_TAXPAYERS } from '../seeds/cli';
import { resolveDevDatabases } from '../dev/development-databases';
import { dataDir } from '../shared/paths';
import { isSeeded, seedAll } from '../seeds/seed';
import { AUDIT_SUBGRAPH, COOPERATION_SUBGRAPH, LEGACY_SOURCES, SOURCE_INFO, subgraphUrlVariable } from '../shared/sources';
import { issueDevToken } from '../gateway/auth/tokens';
import { devSecret, devSecretPath, devSecretText } from '../dev/secrets';

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

async function waitFor(url: string, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return false;
}

function run(name: string, script: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [join(__dirname, '..', script), ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter(Boolean)
      .map((l) => `[${name}] ${l}\n`)
      .join('');
  child.stdout!.on('data', (c: Buffer) => process.env.TAXGRAPH_VERBOSE && process.stdout.write(prefix(c)));
  child.stderr!.on('data', (c: Buffer) => process.stderr.write(prefix(c)));
  child.on('exit', (code, signal) => {
    if (!stopping) process.stderr.write(`[${name}] exited (${signal ?? code}); the others keep running\n`);
  });
  return child;
}

let stopping = false;

async function main(): Promise<void> {
  const dbs = await resolveDevDatabases();
  const manifestPath = join(dataDir(), 'ground-truth.json');
  if (dbs.embedded && !(existsSync(manifestPath) && (await isSeeded(dbs.sources)))) {
    process.stdout.write(`First run: seeding ${DEFAULT_TAXPAYERS} taxpayers into the embedded PostgreSQL...\n`);
    printSummary(await seedAll({ taxpayers: DEFAULT_TAXPAYERS, seed: DEFAULT_SEED, urls: dbs.sources, manifestPath }));
  }

  const children: ChildProcess[] = [];
  const secret = devSecret();
  // Gateway and subgraphs share the principal-signing secret; set your own in production.
  const principalSecret = process.env.TAXGRAPH_PRINCIPAL_SECRET ?? devSecretText('principal');
  const gatewayEnv: NodeJS.ProcessEnv = {
    TAXGRAPH_DATABASE_URL: dbs.federation,
    JWT_SECRET_FILE: devSecretPath('jwt'),
    TAXGRAPH_PRINCIPAL_SECRET: principalSecret,
  };
  for (const source of LEGACY_SOURCES) {
    const info = SOURCE_INFO[source];
    children.push(
      run(source, 'scripts/start-subgraph.js', [source], {
        [info.urlVariable]: dbs.sources[source],
        PORT: String(info.port),
        TAXGRAPH_PRINCIPAL_SECRET: principalSecret,
      }),
    );
    gatewayEnv[subgraphUrlVariable(source)] = `http://127.0.0.1:${info.port}/graphql`;
  }
  // The audit subgraph reads the trail the gateway writes into the federation's database.
  children.push(
    run(AUDIT_SUBGRAPH.name, 'scripts/start-subgraph.js', [AUDIT_SUBGRAPH.name], {
      [AUDIT_SUBGRAPH.urlVariable]: dbs.federation,
      PORT: String(AUDIT_SUBGRAPH.port),
      TAXGRAPH_PRINCIPAL_SECRET: principalSecret,
    }),
  );
  gatewayEnv[subgraphUrlVariable(AUDIT_SUBGRAPH.name)] = `http://127.0.0.1:${AUDIT_SUBGRAPH.port}/graphql`;
  // The cooperation subgraph asks the source subgraphs directly, at the URLs the gateway uses.
  const sourceUrls = Object.fromEntries(LEGACY_SOURCES.map((s) => [subgraphUrlVariable(s), gatewayEnv[subgraphUrlVariable(s)]]));
  // Seeded data stands at its as-of day: cooperation's checks count from it (unless TAXGRAPH_AS_OF says otherwise).
  const asOf = process.env.TAXGRAPH_AS_OF ?? (existsSync(manifestPath) ? (require(manifestPath).asOf as string) : undefined);
  children.push(
    run(COOPERATION_SUBGRAPH.name, 'scripts/start-subgraph.js', [COOPERATION_SUBGRAPH.name], {
      ...sourceUrls,
      [COOPERATION_SUBGRAPH.urlVariable]: dbs.federation,
      PORT: String(COOPERATION_SUBGRAPH.port),
      TAXGRAPH_PRINCIPAL_SECRET: principalSecret,
      ...(asOf ? { TAXGRAPH_AS_OF: asOf } : {}),
    }),
  );
  gatewayEnv[subgraphUrlVariable(COOPERATION_SUBGRAPH.name)] = `http://127.0.0.1:${COOPERATION_SUBGRAPH.port}/graphql`;
  const port = Number(process.env.PORT ?? 4000);
  children.push(run('gateway', 'gateway/main.js', [], { ...gatewayEnv, PORT: String(port) }));

  const stop = () => {
    if (stopping) return;
    stopping = true;
    for (const c of children) c.kill('SIGTERM');
    Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))))
      .then(() => dbs.stop())
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  const base = `http://127.0.0.1:${port}`;
  const up = await Promise.all([
    ...LEGACY_SOURCES.map((s) => waitFor(`http://127.0.0.1:${SOURCE_INFO[s].port}/health`, 30_000)),
    waitFor(`http://127.0.0.1:${AUDIT_SUBGRAPH.port}/health`, 30_000),
    waitFor(`http://127.0.0.1:${COOPERATION_SUBGRAPH.port}/health`, 30_000),
    waitFor(`${base}/health`, 30_000),
  ]);
  if (!up.every(Boolean)) {
    process.stderr.write('Not every process came up in 30 s; see the messages above.\n');
    return stop();
  }
  const example =
    dbs.embedded && existsSync(manifestPath) ? (require(manifestPath).identities.ENTERPRISE[0]?.uscc as string | undefined) : undefined;
  const out = process.stdout;
  out.write(`\ntaxgraph is up (${dbs.embedded ? 'embedded PostgreSQL' : 'databases from the environment'}).\n`);
  out.write(
    `  GraphQL endpoint  ${base}/graphql\n  Explorer          ${base}/\n  Health, readiness ${base}/health  ${base}/ready\n  Metrics           ${base}/metrics\n`,
  );
  for (const source of LEGACY_SOURCES)
    out.write(`  ${source.padEnd(18)}http://127.0.0.1:${SOURCE_INFO[source].port}/graphql  (${redact(dbs.sources[source])})\n`);
  out.write(
    `  ${AUDIT_SUBGRAPH.name.padEnd(18)}http://127.0.0.1:${AUDIT_SUBGRAPH.port}/graphql  (${redact(dbs.federation)}; npm run audit:verify checks the chain)\n`,
  );
  out.write(
    `  ${COOPERATION_SUBGRAPH.name.padEnd(18)}http://127.0.0.1:${COOPERATION_SUBGRAPH.port}/graphql  (taxpayerByLegacyId, findings, jointCreditRating: asks the source subgraphs above; npm run reconcile fills its lists)\n`,
  );
  const tokens = {
    app: await issueDevToken({ role: 'app', subject: 'dev-app', scopes: ['pii:read', 'audit:read'] }, secret),
    analyst: await issueDevToken({ role: 'analyst', subject: 'dev-analyst' }, secret),
    bank: await issueDevToken({ role: 'bank', subject: 'dev-bank', bank: '102651000019' }, secret),
  };
  out.write('\nDevelopment tokens (8 h; send as "Authorization: Bearer <token>"; more with npm run token):\n');
  out.write(
    `  app (pii:read, audit:read)  ${tokens.app}\n  analyst                     ${tokens.analyst}\n  bank 102651000019           ${tokens.bank}\n`,
  );
  const query = `{ taxpayer(uscc: \\"${example ?? '91110000600037341L'}\\") { uscc name registration { status } nationalTax { status } localTax { status } payments(first: 3) { edges { node { voucherNo status amount } } } } }`;
  out.write(
    `\nTry it:\n  curl -s ${base}/graphql -H 'content-type: application/json' -H 'authorization: Bearer ${tokens.app}' -d '{"query":"${query}"}'\n`,
  );
  out.write('\nPress Ctrl-C to stop everything.\n');
}

main().catch((err: Error) => {
  process.stderr.write(`start failed: ${err.message}\n`);
  process.exit(1);
});
