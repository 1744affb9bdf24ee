/**
 * deploy/hive-gateway: Hive Gateway in front of taxgraph's subgraphs. Its principal signing (a self-contained
 * copy, since the official image holds none of taxgraph's code) must give what taxgraph's gateway gives: headers
 * the subgraphs accept, the same principal from the same claims, nothing signed for claims taxgraph refuses.
 * The overlay renders with kubectl and reaches every subgraph of the supergraph by its Service.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { principalHeaders } from '../../deploy/hive-gateway/principal';
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
