/**
 * A subgraph process as operators see it: pino's JSON lines (shared/logger.ts), info on stdout and
 * warnings and errors on stderr, each naming its service; and /metrics from prom-client with the
 * process's own metrics, its operations by outcome, their duration, and sql_statements_total{source}
 * as the benchmarks read it.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { requireBuild } from '../support/processes';
import { graphql, seededSources } from '../support/seeded';
import type { Manifest } from '../../seeds/manifest';

const DIST = join(__dirname, '..', '..', 'dist');

interface Run {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
}

/** Starts dist/subgraphs/national-tax on a free port with `env`; its streams are kept apart. */
function startNationalTax(env: NodeJS.ProcessEnv): Run {
  const run: Run = { child: undefined as never, stdout: [], stderr: [] };
  run.child = spawn(process.execPath, [join(DIST, 'subgraphs', 'national-tax', 'index.js')], {
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  run.child.stdout!.on('data', (c: Buffer) => run.stdout.push(c.toString()));
  run.child.stderr!.on('data', (c: Buffer) => run.stderr.push(c.toString()));
  return run;
}

/** The JSON lines a stream carried so far. */
const lines = (chunks: string[]): Record<string, any>[] =>
  chunks
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

async function until<T>(what: string, probe: () => T | undefined, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function stop(run: Run | undefined): Promise<void> {
  if (!run || run.child.exitCode !== null || run.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    run.child.once('exit', () => resolve());
    run.child.kill('SIGTERM');
  });
}

describe('a subgraph process: logs and metrics', () => {
  let run: Run;
  let url: string;
  let manifest: Manifest;

  beforeAll(async () => {
    requireBuild();
    const seeded = await seededSources('observability', 100);
    manifest = seeded.manifest;
    run = startNationalTax({ NATIONAL_TAX_DATABASE_URL: seeded.urls['national-tax'], LOG_LEVEL: 'debug' });
    url = await until('the ready line', () => lines(run.stdout).find((l) => l.msg === 'subgraph ready')?.url as string | undefined);
  });

  afterAll(() => stop(run));

  it('logs JSON lines naming the service, info and below on stdout', () => {
    const ready = lines(run.stdout).find((l) => l.msg === 'subgraph ready')!;
    expect(ready).toMatchObject({ level: 30, service: 'national-tax', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/) });
    expect(lines(run.stderr)).toEqual([]);
  });

  it('exposes its operations, their duration and every SQL statement at /metrics', async () => {
    const metrics = async () => (await fetch(url.replace(/\/graphql$/, '/metrics'))).text();
    const value = (text: string, series: string) => Number(new RegExp(`^${series.replace(/[{}"]/g, '\\$&')} (\\d+)`, 'm').exec(text)?.[1]);
    const before = await metrics();
    expect(before).toMatch(/^taxgraph_national_tax_process_cpu_user_seconds_total \d/m);
    const statements = value(before, 'sql_statements_total{source="national-tax"}');
    expect(statements).toBeGreaterThanOrEqual(0);

    const id = manifest.identities.ENTERPRISE[0].nationalKey!;
    const res = await graphql(url, 'query ObservedLookup($id: ID) { nationalTaxAccount(id: $id) { id } }', { id });
    expect(res.data).toEqual({ nationalTaxAccount: { id } });
    const bad = await graphql(url, 'query ObservedBadInput { nationalTaxAccount(tin: "12") { id } }');
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const after = await metrics();
    // One lookup by internal key is one statement; bad input reaches no database.
    expect(value(after, 'sql_statements_total{source="national-tax"}')).toBe(statements + 1);
    expect(value(after, 'taxgraph_requests_total{operation="ObservedLookup",outcome="ok"}')).toBe(1);
    expect(value(after, 'taxgraph_requests_total{operation="ObservedBadInput",outcome="partial"}')).toBe(1);
    expect(value(after, 'taxgraph_request_duration_seconds_count{operation="ObservedLookup"}')).toBe(1);
    // The operation's debug line carries the gateway's request id, which ties it to the gateway's line.
    const logged = await until('the operation line', () => lines(run.stdout).find((l) => l.operation === 'ObservedLookup'));
    expect(logged).toMatchObject({ level: 20, service: 'national-tax', outcome: 'ok', requestId: expect.stringMatching(/^test-/) });
  });

  it('logs a failed start as a fatal line on stderr, and exits 1', async () => {
    const failed = startNationalTax({ NATIONAL_TAX_DATABASE_URL: '' });
    const code = await new Promise<number | null>((resolve) => failed.child.once('exit', resolve));
    expect(code).toBe(1);
    expect(lines(failed.stdout)).toEqual([]);
    expect(lines(failed.stderr)).toEqual([
      expect.objectContaining({
        level: 60,
        service: 'national-tax',
        msg: expect.stringMatching(/failed to start: NATIONAL_TAX_DATABASE_URL is not set/),
      }),
    ]);
  });
});
