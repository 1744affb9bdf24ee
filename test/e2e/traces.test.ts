/**
 * Traces end to end: the gateway and every subgraph as processes, exporting over OTLP/HTTP to a real
 * receiver in the test (dev/otlp-receiver.ts decodes what arrives: the subgraphs send protobuf, the
 * gateway JSON, so both encodings are exercised). One 360 view gives one trace, rooted at the
 * gateway's request, that reaches the four source subgraphs and their SQL; a source that is down
 * shows as an error span; the audit record and the operation's log line carry the trace id; a
 * caller's traceparent is continued. And without OTEL variables nothing is registered.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ReceivedSpan, startOtlpReceiver, OtlpReceiver } from '../../dev/otlp-receiver';
import { LEGACY_SOURCES } from '../../shared/sources';
import { freePort } from '../../dev/ports';
import { startSubgraph } from '../../dev/subgraph-stack';
import { stopProcess } from '../../dev/launch';
import { Proc, requireBuild, Stack } from '../support/processes';
import { asPrincipal, graphql, GraphQLResponse, Seeded, seededSources, sqlRows } from '../support/seeded';
import { fullTaxpayers, Q360 } from '../support/taxpayers';

const DIST = join(__dirname, '..', '..', 'dist');
const SOURCES = LEGACY_SOURCES.map((s) => `taxgraph-${s}`);
/** instrumentation-pg's SQL spans (semantic conventions 1.26+: db.system.name; before: db.system). */
const isSql = (s: ReceivedSpan) =>
  (s.attributes['db.system.name'] ?? s.attributes['db.system']) === 'postgresql' && s.name.startsWith('pg.query');

/** Waits until `probe` gives a value (spans leave in batches, every 100 ms here). */
async function until<T>(what: string, probe: () => T | undefined, ms = 30_000, seen?: () => unknown): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${seen ? `; received: ${JSON.stringify(seen(), null, 1)}` : ''}`);
    await sleep(100);
  }
}

/** The chain of parents from a span up to the trace's root (or to a parent that never arrived). */
function ancestors(span: ReceivedSpan, byId: Map<string, ReceivedSpan>): ReceivedSpan[] {
  const chain: ReceivedSpan[] = [];
  for (let p = byId.get(span.parentSpanId); p; p = byId.get(p.parentSpanId)) chain.push(p);
  return chain;
}

describe('traces (OpenTelemetry) across the stack', () => {
  let receiver: OtlpReceiver;
  let seeded: Seeded;
  let stack: Stack;
  let gateway: Proc;
  let uscc: string;

  const otel = (protocol: string) => ({
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
    OTEL_TRACES_SAMPLER: 'parentbased_always_on',
    OTEL_BSP_SCHEDULE_DELAY: '100',
  });

  async function view360(requestId: string, extra: Record<string, string> = {}): Promise<GraphQLResponse> {
    const res = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await asPrincipal()), 'x-request-id': requestId, ...extra },
      body: JSON.stringify({ query: Q360, variables: { uscc } }),
    });
    return { status: res.status, ...((await res.json()) as object) };
  }

  /** The gateway's server span of the request with this id, once it has arrived. */
  const rootOf = (requestId: string) =>
    until(`the gateway's span of ${requestId}`, () =>
      receiver.spans.find((s) => s.service === 'taxgraph-gateway' && s.kind === 2 && s.attributes['taxgraph.request_id'] === requestId),
    );

  beforeAll(async () => {
    requireBuild();
    receiver = await startOtlpReceiver();
    seeded = await seededSources('traces', 300);
    uscc = fullTaxpayers(seeded, 1)[0].uscc!;
    stack = new Stack(seeded.urls, otel('http/protobuf'));
    await stack.startSubgraphs();
    gateway = await stack.startGateway({ ...otel('http/json'), LOG_LEVEL: 'info' });
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver?.close();
  });

  it('gives one 360 view one trace: the gateway, its plan and fetches, all four sources and their SQL, one tree', async () => {
    const res = await view360('trace-360');
    expect(res.errors).toBeUndefined();
    expect((res.data as any).taxpayer.payments.edges.length).toBeGreaterThan(0);
    const root = await rootOf('trace-360');
    const traceId = root.traceId;
    const trace = () => receiver.spans.filter((s) => s.traceId === traceId);
    // Every source's request and its SQL have arrived (each process sends its own batches).
    await until(
      'every source with its SQL',
      () => (SOURCES.every((svc) => trace().some((s) => s.service === svc && isSql(s))) ? true : undefined),
      30_000,
      () => trace().map((s) => `${s.service} ${s.name} ${JSON.stringify(s.attributes)}`),
    );
    const spans = trace();
    const byId = new Map(spans.map((s) => [s.spanId, s]));

    // One tree: the gateway's request span is the only root, every other span's parent is in the trace.
    expect(root).toMatchObject({ name: 'POST /graphql', parentSpanId: '', encoding: 'json' });
    expect(spans.filter((s) => !byId.has(s.parentSpanId)).map((s) => s.spanId)).toEqual([root.spanId]);
    for (const s of spans) if (s !== root) expect(ancestors(s, byId).pop()).toBe(root);

    // @apollo/gateway's own spans nest under the request.
    for (const name of ['gateway.request', 'gateway.plan', 'gateway.execute', 'gateway.fetch'])
      expect(spans.some((s) => s.service === 'taxgraph-gateway' && s.name === name)).toBe(true);

    const services = new Set(spans.map((s) => s.service));
    expect([...services].sort()).toEqual(expect.arrayContaining(['taxgraph-gateway', 'taxgraph-cooperation', ...SOURCES]));
    for (const svc of SOURCES) {
      const server = spans.filter((s) => s.service === svc && s.kind === 2);
      expect(server.length).toBeGreaterThan(0);
      // A source's request is the child of the call to it: the gateway's fetch, or cooperation's client span.
      for (const s of server) {
        const parent = byId.get(s.parentSpanId)!;
        expect(parent.service === 'taxgraph-gateway' ? parent.name : parent.service === 'taxgraph-cooperation' ? parent.kind : parent).toBe(
          parent.service === 'taxgraph-gateway' ? 'gateway.fetch' : 3,
        );
        expect(parent.attributes['taxgraph.subgraph']).toBe(svc.replace('taxgraph-', ''));
      }
      // Its SQL, with the statement's text, sits under the source's own request span; the lookups under a
      // loader's batch (a process's first request also loads its code tables, outside any loader).
      const sql = spans.filter((s) => s.service === svc && isSql(s));
      expect(sql.length).toBeGreaterThan(0);
      for (const statement of sql) {
        expect(statement.encoding).toBe('protobuf');
        expect(statement.attributes['db.query.text'] ?? statement.attributes['db.statement']).toMatch(/select/i);
        expect(ancestors(statement, byId).find((s) => s.service === svc && s.kind === 2)).toBeDefined();
      }
      expect(sql.some((st) => ancestors(st, byId)[0]?.name.startsWith('load '))).toBe(true);
    }
    // Nothing failed.
    expect(spans.filter((s) => s.status.code === 2)).toEqual([]);

    // The audit record and the operation's log line carry the trace id.
    const [record] = await sqlRows(seeded.urls.federation, 'SELECT trace_id FROM audit_log WHERE request_id = $1', ['trace-360']);
    expect(record).toEqual({ trace_id: traceId });
    const line = await until('the operation log line', () =>
      gateway.output
        .join('')
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => l.msg === 'operation' && l.requestId === 'trace-360'),
    );
    expect(line).toMatchObject({ trace_id: traceId, span_id: expect.stringMatching(/^[0-9a-f]{16}$/) });
  });

  it("continues a caller's trace (W3C traceparent)", async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await view360('trace-continued', { traceparent: `00-${traceId}-00f067aa0ba902b7-01` });
    expect(res.errors).toBeUndefined();
    const root = await rootOf('trace-continued');
    expect(root).toMatchObject({ traceId, parentSpanId: '00f067aa0ba902b7' });
    await until('the sources under the caller', () =>
      SOURCES.every((svc) => receiver.spans.some((s) => s.traceId === traceId && s.service === svc)) ? true : undefined,
    );
  });

  it('shows a source that is down as an error span at the call to it', async () => {
    await stack.killSubgraph('treasury-bank');
    const res = await view360('trace-down');
    expect(res.errors?.map((e) => e.extensions?.code)).toContain('SOURCE_UNAVAILABLE');
    expect((res.data as any).taxpayer.uscc).toBe(uscc);
    const root = await rootOf('trace-down');
    const failed = await until('the failed call', () => {
      const spans = receiver.spans.filter(
        (s) => s.traceId === root.traceId && s.status.code === 2 && s.attributes['taxgraph.subgraph'] === 'treasury-bank',
      );
      return spans.length > 0 ? spans : undefined;
    });
    // The gateway's fetch of it failed (and cooperation's call, where it asks the source itself).
    expect(failed.some((s) => s.service === 'taxgraph-gateway' && s.name === 'gateway.fetch')).toBe(true);
    const [record] = await sqlRows(seeded.urls.federation, 'SELECT trace_id, outcome FROM audit_log WHERE request_id = $1', ['trace-down']);
    expect(record).toEqual({ trace_id: root.traceId, outcome: 'partial' });
  });

  it('shows a database that is down as an error span where the subgraph met it', async () => {
    // national-tax over a database nobody answers for (port 1): it starts, and its lookups fail.
    const dead = { ...seeded.urls, 'national-tax': 'postgres://postgres@127.0.0.1:1/none' };
    const proc = await startSubgraph('national-tax', dead, {
      port: () => freePort(),
      env: { ...otel('http/protobuf'), LOG_LEVEL: 'warn' },
    });
    try {
      const traceId = 'a3ce929d0e0e47364bf92f3577b34da6';
      const id = seeded.manifest.identities.ENTERPRISE[0].nationalKey!;
      const res = await graphql(
        proc.url,
        'query Down($id: ID) { nationalTaxAccount(id: $id) { id } }',
        { id },
        {
          ...(await asPrincipal()),
          traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
        },
      );
      expect(res.errors?.[0]?.extensions?.code).toBe('SOURCE_UNAVAILABLE');
      const failed = await until('the failed lookup', () => {
        const spans = receiver.spans.filter((s) => s.traceId === traceId && s.status.code === 2);
        return spans.some((s) => s.name.startsWith('load ')) ? spans : undefined;
      });
      expect(failed.every((s) => s.service === 'taxgraph-national-tax')).toBe(true);
      expect(failed.find((s) => s.name.startsWith('load '))!.status.message).toMatch(/ECONNREFUSED|connect/i);
    } finally {
      await stopProcess(proc);
    }
  });
});

describe('tracing off', () => {
  /** A fresh process loading the compiled tracing module, as an entry point does. */
  const probe = (env: NodeJS.ProcessEnv) => {
    const script = `
      const { startTracing, tracingEnabled } = require(${JSON.stringify(join(DIST, 'shared', 'tracing.js'))});
      const on = startTracing('probe');
      const api = require('@opentelemetry/api');
      const sdk = Object.keys(require.cache).filter((f) => /@opentelemetry[\\\\/](sdk-|instrumentation|exporter)/.test(f)).length;
      const provider = api.trace.getTracerProvider().getDelegate().constructor.name;
      process.stdout.write(JSON.stringify({ on, enabled: tracingEnabled(), sdk, provider }));
      process.exit(0);`;
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_')));
    const run = spawnSync(process.execPath, ['-e', script], { env: { ...clean, ...env }, encoding: 'utf8', cwd: join(DIST, '..') });
    if (run.status !== 0) throw new Error(run.stderr);
    return JSON.parse(run.stdout) as { on: boolean; enabled: boolean; sdk: number; provider: string };
  };

  it('registers nothing and loads no SDK module without OTEL variables (or with OTEL_TRACES_EXPORTER=none)', () => {
    requireBuild('shared/tracing.js');
    expect(probe({})).toEqual({ on: false, enabled: false, sdk: 0, provider: 'NoopTracerProvider' });
    expect(probe({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' })).toMatchObject({ on: false, sdk: 0 });
    const on = probe({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' });
    expect(on).toMatchObject({ on: true, enabled: true, provider: 'NodeTracerProvider' });
    expect(on.sdk).toBeGreaterThan(0);
  });

  it('refuses a setting it cannot honour at start, naming it, without a stack trace', () => {
    const run = spawnSync(process.execPath, [join(DIST, 'subgraphs', 'national-tax', 'index.js')], {
      env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
