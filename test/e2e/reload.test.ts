/**
 * Supergraph reload (issue 14): a gateway process over a supergraph in a temporary file, under a
 * steady load of several clients, is handed a new supergraph that adds a subgraph and a field
 * (moved into place with `mv`, as a release manager ships one): the new field answers without a
 * restart. Then two supergraphs that must not load (text that does not parse, one whose subgraph URL
 * is not http) are written over it in place: each is refused, logged and counted on /metrics, and
 * the current one keeps serving. No request of the load fails at any point.
 *
 * The subgraphs are small ones in this process (`alpha` answers `ping`, slowly enough that requests
 * are in flight at each swap; `beta` answers `pong`), composed here with @apollo/composition.
 */
import { composeServices } from '@apollo/composition';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { execute, parse, validate, GraphQLSchema } from 'graphql';
import { createHash } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { launch, Launched, requireBuild, stopProcess, waitForHealth } from '../../dev/launch';
import { freePort } from '../../dev/ports';
import { createTestDatabases } from '../support/db';
import { graphql, GraphQLResponse } from '../support/seeded';

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';
const ALPHA = `${LINK}\ntype Query { "A test field." ping: String }`;
const BETA = `${LINK}\ntype Query { "The field the second supergraph adds." pong: String }`;
const CLIENTS = 4;

/** A subgraph answering POST /graphql over its schema, `delayMs` per operation. */
async function testSubgraph(typeDefs: string, resolvers: Record<string, () => string>, delayMs: number) {
  const schema: GraphQLSchema = buildSubgraphSchema({ typeDefs: parse(typeDefs), resolvers: { Query: resolvers } });
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET') {
      res.writeHead(req.url === '/ready' || req.url === '/health' ? 200 : 404, { 'content-type': 'application/json' });
      return void res.end('{"status":"ready"}');
    }
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', async () => {
      const { query, variables } = JSON.parse(body) as { query: string; variables?: Record<string, unknown> };
      const document = parse(query);
      const errors = validate(schema, document);
      await sleep(delayMs);
      const result = errors.length ? { errors } : await execute({ schema, document, variableValues: variables });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(result));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` };
}

function compose(subgraphs: { name: string; url: string; typeDefs: string }[]): string {
  const result = composeServices(subgraphs.map((s) => ({ ...s, typeDefs: parse(s.typeDefs) })));
  if (result.errors) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.supergraphSdl;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('supergraph reload under load', () => {
  const dir = mkdtempSync(join(tmpdir(), 'taxgraph-reload-'));
  const path = join(dir, 'supergraph.graphql');
  const servers: Server[] = [];
  let gateway: Launched & { base: string };

  afterAll(async () => {
    if (gateway) await stopProcess(gateway);
    for (const s of servers) s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The gateway's /metrics text. */
  const metrics = async () => (await fetch(`${gateway.base}/metrics`)).text();
  const reloads = async (outcome: string) =>
    Number(new RegExp(`taxgraph_supergraph_reloads_total\\{outcome="${outcome}"\\} (\\d+)`).exec(await metrics())?.[1]);

  it('swaps to a supergraph with a new field without failing a request, and refuses ones that do not load', async () => {
    requireBuild();
    const alpha = await testSubgraph(ALPHA, { ping: () => 'ping' }, 15);
    const beta = await testSubgraph(BETA, { pong: () => 'pong' }, 0);
    servers.push(alpha.server, beta.server);
    const v1 = compose([{ name: 'alpha', url: alpha.url, typeDefs: ALPHA }]);
    const v2 = compose([
      { name: 'alpha', url: alpha.url, typeDefs: ALPHA },
      { name: 'beta', url: beta.url, typeDefs: BETA },
    ]);
    writeFileSync(path, v1);

    const federation = (await createTestDatabases('reload', ['federation'])).federation;
    const port = await freePort();
    gateway = {
      ...launch('gateway/main.js', {
        label: 'gateway',
        env: { SUPERGRAPH_PATH: path, TAXGRAPH_DATABASE_URL: federation, PORT: String(port), LOG_LEVEL: 'info' },
      }),
      base: `http://127.0.0.1:${port}`,
    };
    await waitForHealth(`${gateway.base}/health`, gateway);
    const url = `${gateway.base}/graphql`;
    expect(await metrics()).toContain(`taxgraph_supergraph_loaded_timestamp_seconds{hash="${sha256(v1)}"}`);

    // The steady load: CLIENTS clients, each asking again as soon as it has its answer. Once the new field answers,
    // they ask for it too, so it has to keep answering across the refusals that follow.
    let query = '{ ping }';
    let running = true;
    const answers: GraphQLResponse[] = [];
    const clients = Array.from({ length: CLIENTS }, async () => {
      while (running) answers.push(await graphql(url, query));
    });
    const answered = async (n: number) => {
      for (const target = answers.length + n; answers.length < target;) await sleep(20);
    };
    try {
      await answered(20);
      expect((await graphql(url, '{ ping pong }')).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

      // Shipped as a release manager would: written beside it, then moved over it.
      writeFileSync(join(dir, 'next.graphql'), v2);
      renameSync(join(dir, 'next.graphql'), path);
      let swapped: GraphQLResponse | undefined;
      for (let attempt = 0; attempt < 300 && !swapped?.data?.pong; attempt++) {
        swapped = await graphql(url, '{ ping pong }');
        if (!swapped.data?.pong) await sleep(50);
      }
      expect(swapped).toMatchObject({ status: 200, data: { ping: 'ping', pong: 'pong' } });
      expect(await reloads('ok')).toBe(1);
      expect(await metrics()).toContain(`taxgraph_supergraph_loaded_timestamp_seconds{hash="${sha256(v2)}"}`);
      expect(await metrics()).not.toContain(sha256(v1));
      expect(await metrics()).toMatch(/taxgraph_circuit_state\{subgraph="beta"\} 0/);
      query = '{ ping pong }';
      await answered(20);

      // Written in place (an editor's save): text that does not parse, then a supergraph whose subgraph URL is not http(s).
      const broken: [text: string, reason: RegExp][] = [
        [v2.slice(0, v2.length / 2), /Syntax Error/],
        [v2.replace(beta.url, 'ftp://127.0.0.1/graphql'), /must be an http\(s\) URL/],
      ];
      for (const [n, [text, reason]] of broken.entries()) {
        writeFileSync(path, text);
        for (let attempt = 0; attempt < 300 && (await reloads('refused')) < n + 1; attempt++) await sleep(50);
        expect(await reloads('refused')).toBe(n + 1);
        const log = gateway.output.join('');
        expect(log).toMatch(
          new RegExp(`"hash":"${sha256(text)}".*supergraph refused, the current one keeps serving: [^"]*${reason.source}`),
        );
        await answered(20);
      }
      expect(await reloads('ok')).toBe(1);
      expect(await metrics()).toContain(`taxgraph_supergraph_loaded_timestamp_seconds{hash="${sha256(v2)}"}`);
      expect(await graphql(url, '{ ping pong }')).toMatchObject({ status: 200, data: { ping: 'ping', pong: 'pong' } });
      const ready = (await (await fetch(`${gateway.base}/ready`)).json()) as { supergraph: { hash: string }; subgraphs: object };
      expect(ready.supergraph.hash).toBe(sha256(v2));
      expect(Object.keys(ready.subgraphs).sort()).toEqual(['alpha', 'beta']);
    } finally {
      running = false;
      await Promise.all(clients);
    }

    // Every answer of the load, before, across and after each swap: 200, data, no error.
    const failed = answers.filter((a) => a.status !== 200 || a.errors || a.data?.ping !== 'ping');
    expect(failed.slice(0, 5)).toEqual([]);
    expect(answers.length).toBeGreaterThan(80);
    expect(answers.filter((a) => a.data?.pong === 'pong').length).toBeGreaterThan(40);
  });
});
