/**
 * What the supergraph reload and the readiness probes are made of, without processes: which
 * supergraphs the gateway refuses (and why), the watch following a file (a fake `update` stands in
 * for @apollo/gateway's), SUPERGRAPH_WATCH, and the readiness cache (a clock given by the test).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { loadConfig } from '../../gateway/config';
import { GatewayMetrics } from '../../gateway/metrics';
import { checkSupergraph, SupergraphWatch } from '../../gateway/supergraph-watch';
import { cachedCheck } from '../../shared/readiness';

const committed = readFileSync(join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8');
/** The environment without subgraph URL overrides: the supergraph's own URLs count. */
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^SUBGRAPH_/.test(k)));
const config = loadConfig(env);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('checking a supergraph before it serves', () => {
  it('accepts the committed supergraph, hashed as sha256sum hashes its file', () => {
    const checked = checkSupergraph(committed, config.subgraphsOf);
    expect(checked.hash).toBe(sha256(committed));
    expect(checked.subgraphs.map((s) => s.name).sort()).toEqual([
      'audit',
      'business-registry',
      'cooperation',
      'local-tax',
      'national-tax',
      'treasury-bank',
    ]);
  });

  it.each([
    ['an empty file', '', /the file is empty/],
    ['text that does not parse', committed.slice(0, 5000), /Syntax Error/],
    ['a schema that is not a supergraph', 'type Query { a: Int }', /Invalid supergraph/],
    [
      'broken join metadata (a graph renamed)',
      committed.replace('AUDIT @join__graph', 'AUDITX @join__graph'),
      /not a valid GraphQL schema/,
    ],
    [
      'a subgraph URL that is not http(s)',
      committed.replace('http://127.0.0.1:4006/graphql', 'ftp://127.0.0.1/graphql'),
      /URL for audit must be an http\(s\) URL/,
    ],
  ])('refuses %s, saying why', (_what, text, reason) => {
    expect(() => checkSupergraph(text, config.subgraphsOf)).toThrow(reason);
  });
});

describe('SUPERGRAPH_WATCH', () => {
  it('is on unless turned off, and names itself when it is neither', () => {
    expect(config.supergraphWatch).toBe(true);
    expect(loadConfig({ ...env, SUPERGRAPH_WATCH: 'off' }).supergraphWatch).toBe(false);
    expect(() => loadConfig({ ...env, SUPERGRAPH_WATCH: 'sometimes' })).toThrow(/SUPERGRAPH_WATCH must be 'on' or 'off'/);
  });
});

describe('following the supergraph file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'taxgraph-watch-'));
  const path = join(dir, 'supergraph.graphql');
  const logger = pino({ level: 'silent' });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A watch over `path` with a recording `update`; `watch: false` follows nothing. */
  async function watching(watch: boolean) {
    writeFileSync(path, committed);
    const metrics = new GatewayMetrics();
    const served: string[] = [];
    const manager = new SupergraphWatch({
      path,
      initial: checkSupergraph(committed, config.subgraphsOf),
      check: (text) => checkSupergraph(text, config.subgraphsOf),
      willServe: () => undefined,
      watch,
      pollMs: 100,
      debounceMs: 20,
      logger,
      metrics,
    });
    const { supergraphSdl, cleanup } = await manager.initialize({
      update: (sdl) => void served.push(sdl),
      healthCheck: async () => undefined,
      getDataSource: () => undefined as never,
    });
    expect(supergraphSdl).toBe(config.supergraphSdl);
    const count = async (outcome: string) =>
      (await metrics.supergraphReloads.get()).values.find((v) => v.labels.outcome === outcome)?.value;
    return { manager, served, cleanup, count };
  }

  async function until(done: () => boolean | Promise<boolean>): Promise<void> {
    for (let i = 0; i < 200 && !(await done()); i++) await sleep(25);
  }

  it('serves a changed file moved into place, refuses a broken one once, and keeps the served one', async () => {
    const { manager, served, cleanup, count } = await watching(true);
    try {
      // A new field in a description is a change of text: the same graph, a new supergraph to serve.
      const next = committed.replace('type Query', '"The root."\ntype Query');
      expect(next).not.toBe(committed);
      writeFileSync(join(dir, 'next.graphql'), next);
      renameSync(join(dir, 'next.graphql'), path);
      await until(() => served.length === 1);
      expect(served).toHaveLength(1);
      expect(manager.supergraph.hash).toBe(sha256(next));
      expect(await count('ok')).toBe(1);

      writeFileSync(path, 'type Query {');
      await until(async () => (await count('refused')) === 1);
      expect(await count('refused')).toBe(1);
      // Judged once: the polls that follow leave it alone.
      await sleep(400);
      expect(await count('refused')).toBe(1);
      expect(served).toHaveLength(1);
      expect(manager.supergraph.hash).toBe(sha256(next));
    } finally {
      await cleanup();
    }
  });

  it('follows nothing with SUPERGRAPH_WATCH off', async () => {
    const { manager, served, cleanup } = await watching(false);
    try {
      writeFileSync(path, committed.replace('type Query', '"Another root."\ntype Query'));
      await sleep(400);
      expect(served).toHaveLength(0);
      expect(manager.supergraph.hash).toBe(sha256(committed));
    } finally {
      await cleanup();
    }
  });
});

describe('the readiness cache', () => {
  it('shares one check among concurrent callers and keeps its answer for the time given', async () => {
    let now = 0;
    let checks = 0;
    let release!: () => void;
    const ready = cachedCheck(
      () => {
        checks += 1;
        return new Promise<number>((resolve) => (release = () => resolve(checks)));
      },
      1000,
      () => now,
    );
    const waiting = Array.from({ length: 20 }, () => ready());
    release();
    expect(await Promise.all(waiting)).toEqual(Array(20).fill(1));
    now = 999;
    expect(await ready()).toBe(1);
    now = 1000;
    const fresh = ready();
    release();
    expect(await fresh).toBe(2);
    expect(checks).toBe(2);
  });

  it('does not keep a check that threw', async () => {
    let calls = 0;
    const ready = cachedCheck(async () => {
      calls += 1;
      if (calls === 1) throw new Error('first fails');
      return 'ok';
    });
    await expect(ready()).rejects.toThrow('first fails');
    expect(await ready()).toBe('ok');
  });
});
