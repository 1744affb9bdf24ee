/**
 * deploy/hive-gateway: Hive Gateway in front of taxgraph's subgraphs. Its principal signing (a self-contained
 * copy, since the official image holds none of taxgraph's code) must give what taxgraph's gateway gives: headers
 * the subgraphs accept, the same principal from the same claims, nothing signed for claims taxgraph refuses.
 * Its plugin runs in Hive's runtime (the version the portability test runs) in front of a stand-in subgraph
 * that checks the signature as subgraphs do. The overlay renders with kubectl and reaches every subgraph by its Service.
 */
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { principalHeaders, principalSigning } from '../../deploy/hive-gateway/principal';
import { principalFrom } from '../../gateway/auth/authenticate';
import { verifyPrincipal } from '../../shared/principal';
import { SETTINGS } from '../../shared/settings';
import { subgraphUrlVariable } from '../../shared/sources';

const ROOT = join(__dirname, '..', '..');
const SECRET = 'a-shared-principal-secret-of-40-characters';

const CLAIMS: Record<string, unknown>[] = [
  { sub: 'app-1', role: 'app' },
  { sub: 'app-2', role: 'app', scope: 'pii:read audit:read other:scope' },
  { sub: 'analyst-1', role: 'analyst', scope: 'pii:read' },
  { sub: 'bank-1', role: 'bank', bank: '102100099996', scope: 'pii:read' },
  { sub: 'officer-1', role: 'officer', office: '12102020000' },
];
const REFUSED: Record<string, unknown>[] = [
  { role: 'app' },
  { sub: 'x', role: 'admin' },
  { sub: 'bank-2', role: 'bank' },
  { sub: 'bank-3', role: 'bank', bank: '1021' },
  { sub: 'officer-2', role: 'officer', office: '121' },
];

describe("Hive Gateway's principal signing (deploy/hive-gateway/principal.ts)", () => {
  it("signs headers the subgraphs accept, carrying the principal taxgraph's gateway reads from the same claims", () => {
    for (const claims of CLAIMS) {
      const headers = principalHeaders(claims, SECRET, 'req-1');
      const check = verifyPrincipal(headers, SECRET);
      expect(check).toEqual({ ok: true, principal: principalFrom(claims) });
      expect(verifyPrincipal(headers, `${SECRET}x`)).toMatchObject({ ok: false, reason: 'invalid gateway signature' });
    }
  });

  it("signs nothing for claims taxgraph's gateway refuses, so the subgraphs answer 401", () => {
    for (const claims of REFUSED) {
      expect(() => principalFrom(claims)).toThrow();
      const headers = principalHeaders(claims, SECRET, 'req-2');
      expect(verifyPrincipal(headers, SECRET)).toEqual({ ok: false, reason: 'no gateway signature' });
    }
  });
});

describe("Hive Gateway's runtime with the signing plugin, in front of a subgraph that checks signatures", () => {
  let subgraph: Server;
  const seen: IncomingHttpHeaders[] = [];
  let runtime: ReturnType<typeof createGatewayRuntime>;

  beforeAll(async () => {
    // The audit subgraph's one root field, answered with the principal the signature vouches for (401 without one).
    subgraph = createServer((req, res) => {
      seen.push(req.headers);
      const check = verifyPrincipal(req.headers, SECRET);
      if (!check.ok) {
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: check.reason }] }));
        return;
      }
      req.resume().on('end', () => {
        const { sub, role } = check.principal;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { accessLog: [{ subject: sub, role }] } }));
      });
    });
    await new Promise<void>((r) => subgraph.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(subgraph.address() as AddressInfo).port}/graphql`;
    const supergraph = readFileSync(join(ROOT, 'schema', 'supergraph.graphql'), 'utf8').replace(
      /(@join__graph\(name: "[^"]+", url: ")[^"]+"/g,
      (_, head: string) => `${head}${url}"`,
    );
    runtime = createGatewayRuntime({
      supergraph,
      logging: false,
      maskedErrors: false,
      plugins: () => [
        // Stands in for Hive's JWT plugin, which puts the verified claims in context.jwt.payload.
        {
          onContextBuilding({ context, extendContext }: { context: object; extendContext(v: object): void }) {
            const { request } = context as { request: Request };
            extendContext({ jwt: { payload: JSON.parse(request.headers.get('x-test-claims') ?? '{}') } });
          },
        },
        principalSigning(SECRET),
      ],
    });
  });
  afterAll(async () => {
    await runtime?.dispose();
    await new Promise((r) => subgraph?.close(r));
  });

  const ask = async (claims: Record<string, unknown>) => {
    const res = await runtime.fetch('http://hive.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test-claims': JSON.stringify(claims), 'x-request-id': 'req-hive-1' },
      body: JSON.stringify({ query: '{ accessLog(uscc: "9121020200012HJ264") { subject role } }' }),
    });
    return (await res.json()) as { data?: { accessLog: { subject: string; role: string }[] } | null; errors?: unknown[] };
  };

  it('reaches the subgraph with a principal it accepts, the request id and the content type kept', async () => {
    const answer = await ask({ sub: 'app-9', role: 'app', scope: 'audit:read' });
    expect(answer).toEqual({ data: { accessLog: [{ subject: 'app-9', role: 'app' }] } });
    const headers = seen[seen.length - 1];
    expect(headers['x-request-id']).toBe('req-hive-1');
    expect(headers['content-type']).toMatch(/application\/json/);
  });

  it('reaches it unsigned for claims taxgraph refuses, and the subgraph refuses', async () => {
    const answer = await ask({ sub: 'bank-7', role: 'bank' });
    expect(answer.data?.accessLog ?? null).toBeNull();
    expect(answer.errors?.length).toBeGreaterThan(0);
    expect(seen[seen.length - 1]['x-taxgraph-signature']).toBeUndefined();
  });
});

const kubectl = !spawnSync('kubectl', ['version', '--client']).error;
if (!kubectl) process.stderr.write('deploy-hive.test.ts: kubectl is not installed, the overlay is not rendered\n');

(kubectl ? describe : describe.skip)('deploy/hive-gateway (kubectl kustomize)', () => {
  const objects = kubectl
    ? parseAllDocuments(execFileSync('kubectl', ['kustomize', join(ROOT, 'deploy', 'hive-gateway')], { encoding: 'utf8' })).map(
        (d) => d.toJS() as Record<string, any>,
      )
    : [];
  const hive = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'hive-gateway')!;
  const container = hive?.spec.template.spec.containers[0];
  const env = new Map<string, any>((container?.env ?? []).map((e: any) => [e.name, e]));

  it('runs the official image at a pinned tag, non-root, with both probes, requests and limits', () => {
    expect(container.image).toMatch(/^ghcr\.io\/graphql-hive\/gateway:\d+\.\d+\.\d+$/);
    expect(container.livenessProbe.httpGet.path).toBe('/healthcheck');
    expect(container.readinessProbe.httpGet.path).toBe('/readiness');
    for (const kind of ['requests', 'limits']) expect(Object.keys(container.resources[kind]).sort()).toEqual(['cpu', 'memory']);
    expect(hive.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
  });

  it('names only catalogued variables, takes the principal secret from the Secret, and reaches every subgraph by its Service', () => {
    const catalogued = new Set(SETTINGS.map((s) => s.env));
    for (const name of env.keys()) expect({ name, catalogued: catalogued.has(name) }).toEqual({ name, catalogued: true });
    expect(env.get('TAXGRAPH_PRINCIPAL_SECRET').valueFrom.secretKeyRef).toMatchObject({ name: 'taxgraph', key: 'principal-secret' });
    const supergraph = readFileSync(join(ROOT, 'schema', 'supergraph.graphql'), 'utf8');
    const subgraphs = [...supergraph.matchAll(/@join__graph\(name: "([^"]+)"/g)].map((m) => m[1]);
    expect(subgraphs.length).toBe(6);
    for (const name of subgraphs) {
      const url = new URL(env.get(subgraphUrlVariable(name))?.value);
      const service = objects.find((o) => o.kind === 'Service' && o.metadata.name === url.hostname);
      expect({ name, service: service?.metadata.name, port: service?.spec.ports.some((p: any) => p.port === Number(url.port)) }).toEqual({
        name,
        service: name,
        port: true,
      });
    }
  });
});
