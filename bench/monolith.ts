/**
 * The limit for federation's overhead on the taxpayer 360 view: one process that answers the same
 * query from the same four databases without federation. It builds the four source subgraphs'
 * schemas in process (their resolvers, loaders, repositories and mappers: the same code, so the
 * same data) and, for each request, executes the parts of the 360 view against them directly and
 * at once: no gateway, no query planning, no HTTP or JSON between the parts. It answers only the
 * 360 view (`{"variables":{"uscc":...}}`, the query text is not read), for one fixed principal
 * (BENCH_PRINCIPAL). Started by bench/gateways.ts; counts its SQL statements at /metrics.
 */
import 'reflect-metadata';
import { DocumentNode, execute, GraphQLSchema, parse } from 'graphql';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { loadSubgraph } from '../scripts/subgraphs';
import { openSourceDb } from '../subgraphs/kit/db';
import { LEGACY_SOURCES, LegacySource, SOURCE_INFO } from '../shared/sources';
import type { SubgraphContext, SubgraphModule } from '../subgraphs/kit/subgraph';
import { benchPrincipal } from './peers';

/** Q360 (bench/scenarios.ts) cut at the sources: the registry's part, and what each other source adds to the taxpayer. */
const PARTS: Record<LegacySource, string> = {
  'business-registry': 'query($uscc: USCC!) { taxpayer(uscc: $uscc) { uscc name registration { id name status } } }',
  'national-tax': 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Taxpayer { nationalTax { id tin status } } } }',
  'local-tax': 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Taxpayer { localTax { id tin status } } } }',
  'treasury-bank':
    'query($r: [_Any!]!) { _entities(representations: $r) { ... on Taxpayer { payments(first: 5) { edges { node { taxOfficeCode voucherNo status amount } } } } } }',
};

interface Part {
  schema: GraphQLSchema;
  document: DocumentNode;
  mod: SubgraphModule<SubgraphContext>;
  db: Knex;
}

async function main(): Promise<void> {
  const principal = benchPrincipal();
  /** SQL statements sent to the four databases, for /metrics. */
  let statements = 0;
  const parts = {} as Record<LegacySource, Part>;
  for (const source of LEGACY_SOURCES) {
    const mod = await loadSubgraph(source);
    const url = process.env[SOURCE_INFO[source].urlVariable];
    if (!url) throw new Error(`${SOURCE_INFO[source].urlVariable} is not set`);
    parts[source] = {
      mod,
      schema: await mod.buildSchema(),
      document: parse(PARTS[source]),
      db: openSourceDb({ source, url, onStatement: () => void statements++ }),
    };
  }

  async function answer(uscc: string): Promise<{ data?: unknown; errors?: unknown[] }> {
    const base = { requestId: randomUUID(), principal };
    const run = (source: LegacySource, variableValues: Record<string, unknown>) => {
      const p = parts[source];
      return execute({ schema: p.schema, document: p.document, variableValues, contextValue: p.mod.createContext(p.db, base) });
    };
    const r = [{ __typename: 'Taxpayer', uscc }];
    // All four at once: without federation nothing waits for the registry's answer first.
    const [registry, national, local, treasury] = await Promise.all([
      run('business-registry', { uscc }),
      run('national-tax', { r }),
      run('local-tax', { r }),
      run('treasury-bank', { r }),
    ]);
    const errors = [registry, national, local, treasury].flatMap((x) => x.errors ?? []);
    if (errors.length) return { errors: errors.map((e) => e.toJSON()) };
    const taxpayer = (registry.data as { taxpayer: Record<string, unknown> | null }).taxpayer;
    const entity = (x: typeof national) => (x.data as { _entities: Record<string, unknown>[] })._entities[0];
    return { data: { taxpayer: taxpayer && { ...taxpayer, ...entity(national), ...entity(local), ...entity(treasury) } } };
  }

  const send = (res: ServerResponse, status: number, body: string, type = 'application/json; charset=utf-8') => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  };
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'GET' && req.url === '/health') return send(res, 200, '{"status":"ok"}');
    if (req.method === 'GET' && req.url === '/metrics') return send(res, 200, `sql_statements_total ${statements}\n`, 'text/plain');
    if (req.method !== 'POST' || req.url !== '/graphql') return send(res, 404, '{"errors":[{"message":"POST /graphql"}]}');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const uscc = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { variables?: { uscc?: unknown } }).variables?.uscc;
    if (typeof uscc !== 'string') return send(res, 400, '{"errors":[{"message":"variables.uscc is required"}]}');
    send(res, 200, JSON.stringify(await answer(uscc)));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => send(res, 500, JSON.stringify({ errors: [{ message: err.message }] })));
  });
  server.keepAliveTimeout = 65_000;
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
  const stop = () => {
    server.closeAllConnections();
    server.close(() => void Promise.all(Object.values(parts).map((p) => p.db.destroy())).finally(() => process.exit(0)));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: Error) => {
  process.stderr.write(`monolith failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
