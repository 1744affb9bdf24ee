/**
 * The config file as processes: `npm run config:check`'s compiled script on the shipped example (exit
 * 0, secrets hidden) and on broken files (exit 1, every bad key named; exit 2 on a usage error); a
 * gateway that takes its port, limits and audit switch from the file, the environment overriding
 * it, and refuses to start on a bad file naming the key; a subgraph that takes its database and
 * port from the file.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, launch, Launched, stopProcesses, waitForHealth } from '../../dev/launch';
import { freePort } from '../../dev/ports';
import { seededSources, tokenFor } from '../support/seeded';
import { requireBuild } from '../support/processes';

const ROOT = join(__dirname, '..', '..');
const EXAMPLE = join(ROOT, 'taxgraph.config.example.yaml');

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a compiled script to its end. */
function run(entry: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(DIST, entry), ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const configCheck = (args: string[], env: NodeJS.ProcessEnv = {}) => run('scripts/config-check.js', args, env);

/** The row config:check prints for a key: [variable, from, value]. */
function row(stdout: string, key: string): string[] | undefined {
  const line = stdout.split('\n').find((l) => l.startsWith(`${key} `));
  return line
    ?.trim()
    .split(/\s{2,}/)
    .slice(1);
}

describe('npm run config:check', () => {
  let dir: string;
  beforeAll(() => {
    requireBuild('scripts/config-check.js');
    dir = mkdtempSync(join(tmpdir(), 'taxgraph-config-check-'));
  });

  it('passes the shipped example as it is, showing each value and where it comes from', async () => {
    const { code, stdout, stderr } = await configCheck([EXAMPLE], { TAXGRAPH_CONFIG: '', PORT: '', MAX_DEPTH: '' });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`Configuration file: ${EXAMPLE}`);
    expect(row(stdout, 'gateway.port')).toEqual(['PORT', 'file', '4000']);
    expect(row(stdout, 'limits.maxDepth')).toEqual(['MAX_DEPTH', 'file', '12']);
    expect(row(stdout, 'dev.dataDir')).toEqual(['TAXGRAPH_DATA_DIR', 'default', '.data/ (default)']);
    expect(row(stdout, 'rateLimit.redisUrl')).toEqual(['REDIS_URL', 'unset', '-']);
  });

  it('takes secrets from the environment and never prints them; the environment overrides the file', async () => {
    const secret = 'jwt-secret-from-the-vault-0123456789abcdef';
    const principal = 'principal-secret-from-the-vault-0123456789';
    const { code, stdout } = await configCheck([EXAMPLE], {
      JWT_HS256_SECRET: secret,
      PRINCIPAL_SECRET: principal,
      JWT_SECRET: '',
      TAXGRAPH_PRINCIPAL_SECRET: '',
      MAX_DEPTH: '20',
      TAXGRAPH_DATABASE_URL: 'postgres://taxgraph:db-password-xyz@db.example/taxgraph',
    });
    expect(code).toBe(0);
    expect(row(stdout, 'auth.jwt.secret')).toEqual(['JWT_SECRET', 'file', '***']);
    expect(row(stdout, 'auth.principalSecret')).toEqual(['TAXGRAPH_PRINCIPAL_SECRET', 'file', '***']);
    expect(row(stdout, 'limits.maxDepth')).toEqual(['MAX_DEPTH', 'env', '20']);
    expect(row(stdout, 'databases.federation')).toEqual(['TAXGRAPH_DATABASE_URL', 'env', 'postgres://taxgraph:***@db.example/taxgraph']);
    for (const hidden of [secret, principal, 'db-password-xyz']) expect(stdout).not.toContain(hidden);
  });

  it('fails on a wrong key and a bad URL, naming each (all of them), and on a usage error', async () => {
    const wrongKey = join(dir, 'wrong-key.yaml');
    writeFileSync(wrongKey, 'gateway:\n  prot: 4000\nlimits:\n  maxDepht: 5\n');
    const badUrl = join(dir, 'bad-url.yaml');
    writeFileSync(badUrl, "subgraphs:\n  nationalTax:\n    url: 'ftp://nt.example/graphql'\nrateLimit:\n  redisUrl: http://redis:6379\n");

    const key = await configCheck([wrongKey]);
    expect(key.code).toBe(1);
    expect(key.stdout).toBe('');
    expect(key.stderr).toContain('gateway.prot: unknown key (did you mean port?)');
    expect(key.stderr).toContain('limits.maxDepht: unknown key (did you mean maxDepth?)');

    const url = await configCheck([badUrl]);
    expect(url.code).toBe(1);
    expect(url.stderr).toContain("subgraphs.nationalTax.url: must be an http:// or https:// URL, got 'ftp://nt.example/graphql'");
    expect(url.stderr).toContain("rateLimit.redisUrl: must be a redis:// or rediss:// URL, got 'http://redis:6379'");

    // TAXGRAPH_CONFIG names the file when no argument does.
    expect((await configCheck([], { TAXGRAPH_CONFIG: badUrl })).code).toBe(1);
    expect((await configCheck([join(dir, 'missing.yaml')])).stderr).toContain('cannot read it: ENOENT');
    expect((await configCheck([EXAMPLE, 'another.yaml'])).code).toBe(2);
    expect((await configCheck(['--frobnicate'])).code).toBe(2);
  });
});

describe('processes honour the file', () => {
  const procs: Launched[] = [];
  let dir: string;
  afterAll(() => stopProcesses(procs));
  beforeAll(() => {
    requireBuild();
    dir = mkdtempSync(join(tmpdir(), 'taxgraph-config-processes-'));
  });

  /** A gateway with no subgraphs behind it (the limits refuse before any is called), the audit trail off by the file. */
  async function gatewayFrom(file: string, env: NodeJS.ProcessEnv, port: number): Promise<Launched> {
    const proc = launch('gateway/main.js', {
      label: 'gateway',
      env: { TAXGRAPH_CONFIG: file, NODE_ENV: 'development', PORT: '', MAX_DEPTH: '', ...env },
    });
    procs.push(proc);
    await waitForHealth(`http://127.0.0.1:${port}/health`, proc);
    return proc;
  }

  /** The extensions of the first error a query at `depth` levels gets (3: registration's status; 5: a payment's voucher number). */
  async function refusal(port: number, depth: 3 | 5): Promise<unknown> {
    const token = await tokenFor({ role: 'app', scopes: [] });
    const selection = depth === 3 ? 'registration { status }' : 'payments(first: 1) { edges { node { voucherNo } } }';
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `{ taxpayer(uscc: "9121020200012HJ264") { ${selection} } }` }),
    });
    const body = (await res.json()) as { errors?: { extensions?: Record<string, unknown> }[] };
    return body.errors?.[0]?.extensions;
  }

  it('a gateway listens on the port and applies the limits of the file; the environment overrides both', async () => {
    const filePort = await freePort();
    const file = join(dir, 'gateway.yaml');
    writeFileSync(file, `gateway:\n  port: ${filePort}\nlimits:\n  maxDepth: 2\naudit:\n  trail: off\nlog:\n  level: warn\n`);
    await gatewayFrom(file, {}, filePort);
    expect(await refusal(filePort, 3)).toEqual({ code: 'QUERY_TOO_COMPLEX', depth: 3, limit: 2 });

    const envPort = await freePort();
    await gatewayFrom(file, { PORT: String(envPort), MAX_DEPTH: '4' }, envPort);
    expect(await refusal(envPort, 5)).toEqual({ code: 'QUERY_TOO_COMPLEX', depth: 5, limit: 4 });
    // The file's port is the first gateway's, so the second listens on the environment's only.
    expect(envPort).not.toBe(filePort);
  });

  it('a gateway refuses to start on a bad file, naming the key and the rule', async () => {
    const file = join(dir, 'bad-gateway.yaml');
    writeFileSync(file, 'gateway:\n  port: 4000\nlimits:\n  maxDepth: none\n');
    const { code, stderr } = await run('gateway/main.js', [], { TAXGRAPH_CONFIG: file });
    expect(code).toBe(1);
    expect(stderr).toContain(`${file} is not a valid taxgraph configuration:`);
    expect(stderr).toContain("limits.maxDepth: must be an integer between 1 and 1000, got 'none'");
  });

  it('a subgraph reads its database and port from the file', async () => {
    const seeded = await seededSources('config_file', 30);
    const port = await freePort();
    const file = join(dir, 'subgraph.yaml');
    // The password, if any, stays in the environment.
    writeFileSync(
      file,
      `databases:\n  nationalTax: '${seeded.urls['national-tax']}'\nsubgraphs:\n  nationalTax:\n    port: ${port}\nlog:\n  level: warn\n`,
    );
    const proc = launch('scripts/start-subgraph.js', {
      args: ['national-tax'],
      env: { TAXGRAPH_CONFIG: file, NATIONAL_TAX_DATABASE_URL: '', PORT: '' },
    });
    procs.push(proc);
    await waitForHealth(`http://127.0.0.1:${port}/health`, proc);
    // Its database answers: the file's URL (the environment's is empty, which alone would stop it).
    expect(await (await fetch(`http://127.0.0.1:${port}/ready`)).json()).toEqual({
      status: 'ready',
      source: 'national-tax',
      database: 'up',
    });
  });
});
