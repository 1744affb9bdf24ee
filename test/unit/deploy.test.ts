/**
 * The deployment (Dockerfile, deploy/compose.yaml, deploy/k8s/) checked without a container engine or a
 * cluster: `kubectl kustomize deploy/k8s` renders the base, and every process it and the compose file run is
 * resolved to the environment it would get (the image's ENV, the manifest's variables, Secrets as placeholders,
 * mounted files, then the taxgraph.config.yaml it is given, applied as the process applies it). What a process
 * needs is not listed here: each process's own start-up checks run on that environment (the gateway's
 * loadConfig, authenticator, audit checkpoints and trail; a subgraph's principal secret and database variable;
 * cooperation's sources, webhooks and rules of practice; for the reconcile worker, the catalogue's `reconcile`
 * settings), and every address they end up with must reach the process that serves it, never a loopback.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { auditPlugin } from '../../gateway/audit/plugin';
import { checkpointSettingsFromEnv } from '../../gateway/audit/checkpoint';
import { createAuthenticator } from '../../gateway/auth/authenticate';
import { loadConfig } from '../../gateway/config';
import { checkEnvironment } from '../../scripts/config-check';
import { loadSubgraph } from '../../scripts/subgraphs';
import { applyConfigFile } from '../../shared/config-file';
import { parseConfigText } from '../../shared/config-parse';
import { principalSecretFromEnv } from '../../shared/principal';
import { Setting, settingAt, SETTINGS } from '../../shared/settings';
import { FEDERATION_DATABASE, SUBGRAPH_NAMES, SubgraphName } from '../../shared/sources';
import { webhookConfigFromEnv } from '../../subgraphs/cooperation/cases/webhooks';
import { practiceFromEnv } from '../../subgraphs/cooperation/rules/practice';
import { sourceEndpointsFromEnv } from '../../subgraphs/cooperation/sources/endpoints';

const ROOT = join(__dirname, '..', '..');
const DEPLOY = join(ROOT, 'deploy');
/** A manifest object: untyped YAML. */
type Obj = Record<string, any>;
type Env = Record<string, string | undefined>;

/** The three kinds of process the image runs, by their command (the Dockerfile's ENTRYPOINT is node). */
type Proc = { kind: 'gateway' } | { kind: 'subgraph'; name: SubgraphName } | { kind: 'worker' };
const ENTRIES = { gateway: 'dist/gateway/main.js', subgraph: 'dist/scripts/start-subgraph.js', worker: 'dist/scripts/reconcile-worker.js' };

function processOf(args: string[]): Proc {
  const [entry, ...rest] = args;
  if (entry === ENTRIES.gateway && rest.length === 0) return { kind: 'gateway' };
  if (entry === ENTRIES.subgraph && rest.length === 1 && (SUBGRAPH_NAMES as readonly string[]).includes(rest[0]))
    return { kind: 'subgraph', name: rest[0] as SubgraphName };
  if (entry === ENTRIES.worker && rest.length === 0) return { kind: 'worker' };
  throw new Error(`not a taxgraph process: node ${args.join(' ')}`);
}
const nameOf = (p: Proc) => (p.kind === 'subgraph' ? p.name : p.kind === 'worker' ? 'reconcile-worker' : p.kind);

/** The catalogue's variables: the names a manifest may set. */
const CATALOGUED = new Set(SETTINGS.map((s) => s.env));
const settingsOf = (env: string): Setting[] => SETTINGS.filter((s) => s.env === env);
const isSecret = (env: string) => settingsOf(env).some((s) => s.secret);

// --- the image ---

/** The Dockerfile's instructions, comments left out. */
const DOCKERFILE = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')
  .split('\n')
  .filter((line) => !line.startsWith('#'))
  .join('\n');
/** The runtime stage: from the last FROM to the end. */
const RUNTIME_STAGE = DOCKERFILE.slice(DOCKERFILE.lastIndexOf('\nFROM '));
/** The variables the runtime stage's ENV sets: every container starts with them. */
function imageEnv(): Env {
  const env: Env = {};
  const logical = RUNTIME_STAGE.replace(/\\\n/g, ' ');
  for (const m of logical.matchAll(/^ENV\s+(.+)$/gm)) for (const kv of m[1].matchAll(/([A-Z_][A-Z0-9_]*)=(\S+)/g)) env[kv[1]] = kv[2];
  return env;
}

// --- values standing in for what only the cluster or the operator holds ---

const PEM = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
/** A Secret's value as the process would see it: of the form its setting's rule asks (the checks are about presence). */
function secretStandIn(variable: string): string {
  if (/DATABASE_URL$/.test(variable)) return 'postgres://reader:secret@database.invalid:5432/db';
  if (variable === 'REDIS_URL') return 'redis://:secret@redis.invalid:6379';
  if (variable === 'RECONCILE_TOKEN') return 'eyJhbGciOiJSUzI1NiJ9.eyJyb2xlIjoiYW5hbHlzdCJ9.c2lnbmF0dXJl';
  return PEM; // 32+ characters, and a valid key where a key is asked for
}

interface Resolved {
  where: string;
  proc: Proc;
  env: Env;
  /** Where each variable came from, before the config file. */
  origin: Map<string, 'image' | 'literal' | 'secret' | 'configMap'>;
  /** The variables the process's own checks read. */
  reads: Set<string>;
}

/** Mounted files on this machine: a container path -> a temporary copy. */
class Files {
  readonly dir = mkdtempSync(join(tmpdir(), 'taxgraph-deploy-'));
  private readonly mounts: [string, string][] = [];
  mount(containerPath: string, content: string): void {
    const local = join(this.dir, String(this.mounts.length), posix.basename(containerPath));
    mkdirSync(dirname(local), { recursive: true });
    writeFileSync(local, content);
    this.mounts.push([containerPath, local]);
  }
  /** A container path as a local one: a mounted file's copy, a file of the image (WORKDIR /app) in this tree. */
  local(value: string): string {
    const mounted = this.mounts.find(([c]) => c === value)?.[1];
    if (mounted) return mounted;
    return value.startsWith('/app/') ? join(ROOT, value.slice('/app/'.length)) : value;
  }
  has(containerPath: string): boolean {
    return this.mounts.some(([c]) => c === containerPath);
  }
  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The environment after the config file, every mounted path made local, as the process's own checks need it. */
function applyConfig(r: Omit<Resolved, 'reads'>, files: Files): void {
  const file = r.env.TAXGRAPH_CONFIG;
  if (file) {
    expect({ where: r.where, config: file, mounted: files.has(file) }).toEqual({ where: r.where, config: file, mounted: true });
    r.env.TAXGRAPH_CONFIG = files.local(file);
    applyConfigFile({
      process: r.proc.kind === 'gateway' ? 'gateway' : r.proc.kind === 'subgraph' ? r.proc.name : undefined,
      env: r.env as NodeJS.ProcessEnv,
    });
  }
  for (const [k, v] of Object.entries(r.env)) if (v?.startsWith('/')) r.env[k] = files.local(v);
}

/** Every path the process read names a file it has: mounted, or in the image. */
function expectPathsPresent(r: Resolved): void {
  for (const k of r.reads) {
    const v = r.env[k];
    if (v?.startsWith('/') && k !== 'TAXGRAPH_CONFIG')
      expect({ where: r.where, variable: k, path: v, present: existsSync(v) }).toEqual({
        where: r.where,
        variable: k,
        path: v,
        present: true,
      });
  }
}

/** Records every variable read through it. */
function recording(env: Env, reads: Set<string>): NodeJS.ProcessEnv {
  return new Proxy(env as NodeJS.ProcessEnv, {
    get: (target, key) => {
      if (typeof key === 'string') reads.add(key);
      return target[key as string];
    },
    has: (target, key) => {
      if (typeof key === 'string') reads.add(key);
      return key in target;
    },
  });
}

/** `http://host:port/...` -> its host and port. */
function hostPort(url: string): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port || (u.protocol === 'https:' ? 443 : 80)) };
}
/** A listening address no other container reaches. */
const LOOPBACK = /^(127\.|localhost$|::1$)/;

/** The port the process listens on and where its peers are, from the process's own reading of its environment. */
interface Checked {
  listens?: { host: string; port: number };
  /** Addresses the process calls: what it calls it, and the URL. */
  calls: { what: string; url: string }[];
}

/**
 * The process's own start-up checks on its environment: each throws, naming the variable, when something it
 * needs is missing or wrong. Returns what it listens on and what it calls.
 */
async function startUpChecks(r: Resolved): Promise<Checked> {
  const env = recording(r.env, r.reads);
  if (r.proc.kind === 'gateway') {
    const config = loadConfig(env);
    await createAuthenticator(env);
    checkpointSettingsFromEnv(env);
    auditPlugin({ env });
    return {
      listens: { host: config.host, port: config.port },
      calls: config.subgraphs.map((s) => ({ what: s.name, url: s.url })),
    };
  }
  if (r.proc.kind === 'subgraph') {
    const mod = await loadSubgraph(r.proc.name);
    principalSecretFromEnv(env);
    // The kit opens the subgraph's database from the variable its module names (subgraphs/kit/subgraph.ts).
    if (!env[mod.urlVariable]) throw new Error(`${mod.urlVariable} is not set: ${r.proc.name} reads its database from it`);
    const calls: Checked['calls'] = [];
    if (r.proc.name === 'cooperation') {
      const endpoints = sourceEndpointsFromEnv(env);
      calls.push(...Object.entries(endpoints.urls).map(([what, url]) => ({ what, url })));
      webhookConfigFromEnv(env);
      practiceFromEnv(env);
    }
    // runSubgraphFromEnv: PORT, else the module's port; HOST, else 127.0.0.1.
    return { listens: { host: env.HOST ?? '127.0.0.1', port: env.PORT ? Number(env.PORT) : mod.port }, calls };
  }
  // The worker (scripts/reconcile-worker.ts): the federation's database, and the catalogue's `reconcile`
  // settings, each set or defaulted; the gateway it pages through.
  if (!env[FEDERATION_DATABASE.urlVariable]) throw new Error(`${FEDERATION_DATABASE.urlVariable} is not set: the worker's job queue`);
  for (const s of SETTINGS.filter((x) => x.key?.startsWith('reconcile.'))) {
    if (!env[s.env] && s.default === undefined) throw new Error(`${s.env} (${s.key}) is not set and has no default`);
  }
  // Deployed, it answers its probes on RECONCILE_WORKER_PORT (unset: no HTTP, which a deployment must not leave).
  if (!env.RECONCILE_WORKER_PORT) throw new Error('RECONCILE_WORKER_PORT is not set: the worker would answer no probe');
  return {
    listens: { host: env.RECONCILE_WORKER_HOST || '127.0.0.1', port: Number(env.RECONCILE_WORKER_PORT) },
    calls: [{ what: 'gateway', url: env.TAXGRAPH_GATEWAY_URL ?? SETTINGS.find((s) => s.env === 'TAXGRAPH_GATEWAY_URL')!.default! }],
  };
}

/** Both deployments' shared checks on one resolved process. */
async function checkProcess(r: Resolved, serviceAt: (host: string, port: number) => string | undefined): Promise<Checked> {
  const problems = checkEnvironment(r.env as NodeJS.ProcessEnv);
  expect({ where: r.where, problems }).toEqual({ where: r.where, problems: [] });
  let checked: Checked;
  try {
    checked = await startUpChecks(r);
  } catch (err) {
    throw new Error(`${r.where}: the process would not start: ${(err as Error).message}`, { cause: err });
  }
  expectPathsPresent(r);
  if (checked.listens) {
    expect({ where: r.where, host: checked.listens.host, loopback: LOOPBACK.test(checked.listens.host) }).toEqual({
      where: r.where,
      host: checked.listens.host,
      loopback: false,
    });
  }
  for (const call of checked.calls) {
    const { host, port } = hostPort(call.url);
    expect({ where: r.where, calls: call.what, url: call.url, reaches: serviceAt(host, port) }).toEqual({
      where: r.where,
      calls: call.what,
      url: call.url,
      reaches: call.what,
    });
  }
  return checked;
}

// --- Kubernetes ---

function kustomize(): Obj[] | null {
  const found = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  if (found.error) return null;
  const out = execFileSync('kubectl', ['kustomize', join(DEPLOY, 'k8s')], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return parseAllDocuments(out).map((d) => d.toJS() as Obj);
}

const RENDERED = kustomize();
const describeK8s = RENDERED ? describe : describe.skip;
if (!RENDERED) process.stderr.write('deploy.test.ts: kubectl is not installed, the Kubernetes checks are skipped\n');

const byKind = (kind: string) => (RENDERED ?? []).filter((o) => o.kind === kind);
const matches = (selector: Obj, labels: Obj) => Object.entries(selector).every(([k, v]) => labels?.[k] === v);

describeK8s('deploy/k8s (kubectl kustomize)', () => {
  const deployments = byKind('Deployment');
  const services = byKind('Service');
  const configMaps = byKind('ConfigMap');
  const secrets = byKind('Secret');

  /** The Deployment whose pods a Service selects, and the container port its port leads to. */
  function serviceAt(host: string, port: number): string | undefined {
    const svc = services.find((s) => s.metadata.name === host);
    const p = svc?.spec.ports.find((x: Obj) => x.port === port);
    if (!svc || !p) return undefined;
    const dep = deployments.find((d) => matches(svc.spec.selector, d.spec.template.metadata.labels));
    const container = dep?.spec.template.spec.containers[0];
    const target =
      typeof p.targetPort === 'string' ? container?.ports?.find((cp: Obj) => cp.name === p.targetPort)?.containerPort : p.targetPort;
    return container?.ports && target === container.ports[0].containerPort ? nameOf(processOf(container.args)) : undefined;
  }

  it('renders a Deployment for the gateway, each of the six subgraphs and the reconcile worker, and commits no Secret', () => {
    const procs = deployments.map((d) => nameOf(processOf(d.spec.template.spec.containers[0].args))).sort();
    expect(procs).toEqual(['gateway', ...SUBGRAPH_NAMES, 'reconcile-worker'].sort());
    expect(secrets).toEqual([]);
    for (const d of deployments) expect(d.spec.template.spec.containers).toHaveLength(1);
  });

  it('gives every Deployment the image, resources, a non-root security context, and both probes', () => {
    const images = new Set<string>();
    for (const d of deployments) {
      const pod = d.spec.template.spec;
      const c = pod.containers[0];
      const where = `Deployment ${d.metadata.name}`;
      images.add(c.image);
      expect({ where, image: c.image }).toEqual({ where, image: expect.stringMatching(/\/taxgraph:[\w.-]+$/) });
      expect(c.image).not.toMatch(/:latest$/);
      expect(c.command).toBeUndefined(); // the image's ENTRYPOINT (node) runs the args
      for (const kind of ['requests', 'limits']) {
        expect({ where, kind, cpu: !!c.resources?.[kind]?.cpu, memory: !!c.resources?.[kind]?.memory }).toEqual({
          where,
          kind,
          cpu: true,
          memory: true,
        });
      }
      const sc = c.securityContext ?? {};
      expect({
        where,
        runAsNonRoot: sc.runAsNonRoot ?? pod.securityContext?.runAsNonRoot,
        uid: sc.runAsUser ?? pod.securityContext?.runAsUser,
      }).toEqual({
        where,
        runAsNonRoot: true,
        uid: expect.any(Number),
      });
      expect(sc.runAsUser ?? pod.securityContext.runAsUser).toBeGreaterThan(0);
      expect({
        where,
        allowPrivilegeEscalation: sc.allowPrivilegeEscalation,
        readOnlyRootFilesystem: sc.readOnlyRootFilesystem,
        drop: sc.capabilities?.drop,
      }).toEqual({
        where,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        drop: ['ALL'],
      });
      const portOf = (p: number | string) => (typeof p === 'number' ? p : c.ports.find((cp: Obj) => cp.name === p)?.containerPort);
      expect({ where, liveness: c.livenessProbe?.httpGet?.path, readiness: c.readinessProbe?.httpGet?.path }).toEqual({
        where,
        liveness: '/health',
        readiness: '/ready',
      });
      expect(portOf(c.livenessProbe.httpGet.port)).toBe(c.ports[0].containerPort);
      expect(portOf(c.readinessProbe.httpGet.port)).toBe(c.ports[0].containerPort);
    }
    expect(images.size).toBe(1);
  });

  it('gives every process what its own start-up checks need, Secrets only by reference, addresses that reach their processes', async () => {
    for (const d of deployments) {
      const pod = d.spec.template.spec;
      const c = pod.containers[0];
      const where = `Deployment ${d.metadata.name}`;
      const files = new Files();
      try {
        const r: Resolved = { where, proc: processOf(c.args), env: imageEnv(), origin: new Map(), reads: new Set() };
        for (const k of Object.keys(r.env)) r.origin.set(k, 'image');
        expect({ where, envFrom: c.envFrom }).toEqual({ where, envFrom: undefined }); // each variable named, so each is checked
        for (const e of c.env ?? []) {
          expect({ where, variable: e.name, catalogued: CATALOGUED.has(e.name) }).toEqual({ where, variable: e.name, catalogued: true });
          if (e.value !== undefined) {
            // A secret's value is never written in a manifest; nor a password in a URL.
            expect({ where, variable: e.name, literalSecret: isSecret(e.name) || /\/\/[^/@]*:[^/@]*@/.test(e.value) }).toEqual({
              where,
              variable: e.name,
              literalSecret: false,
            });
            r.env[e.name] = String(e.value);
            r.origin.set(e.name, 'literal');
          } else if (e.valueFrom?.secretKeyRef) {
            r.env[e.name] = secretStandIn(e.name);
            r.origin.set(e.name, 'secret');
          } else if (e.valueFrom?.configMapKeyRef) {
            const cm = configMaps.find((m) => m.metadata.name === e.valueFrom.configMapKeyRef.name);
            r.env[e.name] = cm?.data?.[e.valueFrom.configMapKeyRef.key];
            r.origin.set(e.name, 'configMap');
          } else throw new Error(`${where}: ${e.name} comes from neither a value, a Secret nor a ConfigMap`);
        }
        for (const m of c.volumeMounts ?? []) {
          const volume = pod.volumes.find((v: Obj) => v.name === m.name);
          if (volume.configMap) {
            const cm = configMaps.find((x) => x.metadata.name === volume.configMap.name);
            expect({ where, configMap: volume.configMap.name, found: !!cm }).toEqual({
              where,
              configMap: volume.configMap.name,
              found: true,
            });
            for (const [file, content] of Object.entries(cm!.data as Record<string, string>))
              files.mount(posix.join(m.mountPath, file), content);
          } else if (volume.secret) {
            expect(volume.secret.items?.length).toBeGreaterThan(0); // the files a Secret must hold are named here
            for (const item of volume.secret.items) files.mount(posix.join(m.mountPath, item.path), PEM);
          } else
            expect({ where, volume: m.name, kind: Object.keys(volume).filter((k) => k !== 'name') }).toEqual({
              where,
              volume: m.name,
              kind: ['emptyDir'],
            });
        }
        applyConfig(r, files);
        const checked = await checkProcess(r, serviceAt);
        // It listens where its container port, probes and Service say.
        expect({ where, listens: checked.listens?.port }).toEqual({ where, listens: c.ports?.[0].containerPort });
        // Every secret the process read came from a Secret (or a file mounted from one).
        for (const v of r.reads) {
          if (isSecret(v) && r.env[v] !== undefined)
            expect({ where, variable: v, origin: r.origin.get(v) }).toEqual({ where, variable: v, origin: 'secret' });
        }
      } finally {
        files.remove();
      }
    }
  });

  it('serves each HTTP process through a Service of its name, and scales the gateway with an HPA, keeping one through disruptions', () => {
    for (const d of deployments) {
      const proc = processOf(d.spec.template.spec.containers[0].args);
      const port = d.spec.template.spec.containers[0].ports[0].containerPort;
      expect({ deployment: d.metadata.name, service: serviceAt(d.metadata.name, port) }).toEqual({
        deployment: d.metadata.name,
        service: nameOf(proc),
      });
    }
    const hpas = byKind('HorizontalPodAutoscaler');
    expect(hpas.map((h) => [h.spec.scaleTargetRef.kind, h.spec.scaleTargetRef.name])).toEqual([['Deployment', 'gateway']]);
    expect(hpas[0].spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpas[0].spec.maxReplicas).toBeGreaterThan(hpas[0].spec.minReplicas);
    // A drained node leaves a gateway answering.
    const gateway = deployments.find((d) => d.metadata.name === 'gateway')!;
    const pdbs = byKind('PodDisruptionBudget').filter((p) => matches(p.spec.selector.matchLabels, gateway.spec.template.metadata.labels));
    expect(pdbs.map((p) => p.spec.minAvailable)).toEqual([1]);
  });

  it('takes the supergraph and the config file from one generated ConfigMap: the committed supergraph, no secret in the file', () => {
    const cm = configMaps.find((m) => m.metadata.name.startsWith('taxgraph-config-'));
    expect(Object.keys(cm!.data).sort()).toEqual(['supergraph.graphql', 'taxgraph.config.yaml']);
    expect(cm!.data['supergraph.graphql']).toBe(readFileSync(join(ROOT, 'schema', 'supergraph.graphql'), 'utf8'));
    expectNoSecretValues('deploy/k8s/taxgraph.config.yaml', cm!.data['taxgraph.config.yaml']);
  });
});

/** A config file: valid for the catalogue, and every secret key (if any) only a `${VAR}` reference. */
function expectNoSecretValues(where: string, text: string): void {
  const parsed = parseConfigText(text, 'taxgraph.config.yaml', new Proxy({}, { get: () => 'x'.repeat(40) }) as NodeJS.ProcessEnv);
  expect({ where, problems: parsed.problems }).toEqual({ where, problems: [] });
  const walk = (node: unknown, path: string[]) => {
    if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
    else if (node !== null && node !== undefined && settingAt(path.join('.'))?.secret) {
      expect({ where, key: path.join('.'), value: String(node) }).toEqual({
        where,
        key: path.join('.'),
        value: expect.stringMatching(/^\$\{[A-Z_][A-Z0-9_]*\}$/),
      });
    }
  };
  walk(parseYaml(text), []);
}

// --- Docker Compose ---

describe('deploy/compose.yaml', () => {
  const compose = parseYaml(readFileSync(join(DEPLOY, 'compose.yaml'), 'utf8'), { merge: true }) as Obj;
  const services = compose.services as Record<string, Obj>;
  const ours = Object.entries(services).filter(([, s]) => s.build?.dockerfile === 'Dockerfile' && !s.profiles);
  const procOf = (s: Obj) => processOf(s.command);
  /** Compose's `${VAR}`, `${VAR:?msg}`, `${VAR:-x}`: a reference to the operator's environment. */
  const REFERENCE = /\$\{([A-Z_][A-Z0-9_]*)(?::?[-?][^}]*)?\}/g;
  const listens = (s: Obj) => Number(/127\.0\.0\.1:(\d+)\//.exec(s.healthcheck?.test?.join(' ') ?? '')?.[1]);

  function serviceAt(host: string, port: number): string | undefined {
    const s = services[host];
    if (!s || s.build?.dockerfile !== 'Dockerfile' || listens(s) !== port) return undefined;
    return nameOf(procOf(s));
  }

  it('runs PostgreSQL, Redis, the six subgraphs, two gateways and a worker, all from the one image', () => {
    const procs = ours.map(([, s]) => nameOf(procOf(s))).sort();
    expect(procs).toEqual(['gateway', 'gateway', ...SUBGRAPH_NAMES, 'reconcile-worker'].sort());
    expect(services.postgres.image).toMatch(/^postgres:\d+\.\d+/);
    expect(services.redis.image).toMatch(/^redis:\d+\.\d+/);
    expect(new Set(ours.map(([, s]) => s.image)).size).toBe(1);
  });

  it('checks each HTTP process on its probe with node (no curl in the image), and starts each after what it needs is healthy', () => {
    for (const [name, s] of ours) {
      expect({ service: name, cap_drop: s.cap_drop, read_only: s.read_only, noNewPrivileges: s.security_opt }).toEqual({
        service: name,
        cap_drop: ['ALL'],
        read_only: true,
        noNewPrivileges: ['no-new-privileges:true'],
      });
      const deps = Object.entries(s.depends_on ?? {}) as [string, Obj][];
      expect(deps.length).toBeGreaterThan(0);
      for (const [dep, how] of deps) {
        expect({ service: name, dep, condition: how.condition }).toEqual({ service: name, dep, condition: 'service_healthy' });
        expect(services[dep].healthcheck).toBeDefined();
      }
      const [cmd, ...args] = s.healthcheck.test as string[];
      expect([cmd, args[0], args[1]]).toEqual(['CMD', 'node', '-e']);
      expect(args[2]).toMatch(/^fetch\('http:\/\/127\.0\.0\.1:\d+\/(ready|health)'\)/);
    }
  });

  it('gives every process what its own start-up checks need, secrets only by reference, addresses that reach their processes', async () => {
    const configs = compose.configs as Record<string, Obj>;
    const secrets = compose.secrets as Record<string, Obj>;
    for (const [name, s] of ours) {
      const where = `compose service ${name}`;
      const files = new Files();
      try {
        const r: Resolved = { where, proc: procOf(s), env: imageEnv(), origin: new Map(), reads: new Set() };
        for (const k of Object.keys(r.env)) r.origin.set(k, 'image');
        expect(Array.isArray(s.environment)).toBe(false);
        for (const [variable, raw] of Object.entries(s.environment as Record<string, string>)) {
          expect({ where, variable, catalogued: CATALOGUED.has(variable) }).toEqual({ where, variable, catalogued: true });
          const value = String(raw);
          const refs = [...value.matchAll(REFERENCE)];
          // A secret is the operator's `${VAR}` (deploy/.env), whole; a URL's password too.
          if (isSecret(variable))
            expect({ where, variable, value }).toEqual({ where, variable, value: expect.stringMatching(/^\$\{[^}]+\}$/) });
          const password = /\/\/[^/@:]*:([^/@]*)@/.exec(value)?.[1];
          if (password !== undefined)
            expect({ where, variable, password }).toEqual({ where, variable, password: expect.stringMatching(/^\$\{[^}]+\}$/) });
          r.env[variable] = refs.length
            ? value.replace(REFERENCE, (_, v: string) => (isSecret(variable) ? secretStandIn(variable) : `${v.toLowerCase()}-value`))
            : value;
          r.origin.set(variable, refs.length && isSecret(variable) ? 'secret' : 'literal');
        }
        for (const c of s.configs ?? []) files.mount(c.target, readFileSync(join(DEPLOY, configs[c.source].file), 'utf8'));
        for (const sec of s.secrets ?? []) {
          expect(secrets[sec.source].file).toMatch(/^\.\/secrets\//); // made on the machine, ignored by git (deploy/.gitignore)
          files.mount(`/run/secrets/${sec.target ?? sec.source}`, PEM);
        }
        applyConfig(r, files);
        const checked = await checkProcess(r, serviceAt);
        for (const v of r.reads) {
          if (isSecret(v) && r.env[v] !== undefined)
            expect({ where, variable: v, origin: r.origin.get(v) }).toEqual({ where, variable: v, origin: 'secret' });
        }
        // Its health check asks the port it listens on.
        expect({ where, healthcheck: listens(s) || undefined }).toEqual({ where, healthcheck: checked.listens?.port });
      } finally {
        files.remove();
      }
    }
  });

  it("creates each database the processes name once: POSTGRES_DB's, or postgres-init.sql's", () => {
    const created = [
      services.postgres.environment.POSTGRES_DB,
      ...[...readFileSync(join(DEPLOY, 'postgres-init.sql'), 'utf8').matchAll(/^CREATE DATABASE (\w+);$/gm)].map((m) => m[1]),
    ];
    expect(new Set(created).size).toBe(created.length);
    const named = Object.values(services).flatMap((s) =>
      Object.values((s.environment ?? {}) as Record<string, string>).flatMap(
        (v) => /^postgres:\/\/[^/]*@postgres:5432\/(\w+)$/.exec(String(v))?.[1] ?? [],
      ),
    );
    expect([...new Set(named)].sort()).toEqual([...created].sort());
  });

  it('keeps secrets out of its config file', () => {
    for (const c of Object.values(compose.configs as Record<string, Obj>))
      expectNoSecretValues(c.file, readFileSync(join(DEPLOY, c.file), 'utf8'));
  });
});

// --- the Dockerfile ---

describe('Dockerfile', () => {
  it('builds in one stage and runs the built tree alone in another, as a non-root user, never through npm start', () => {
    expect(DOCKERFILE.match(/^FROM /gm)!.length).toBeGreaterThanOrEqual(2);
    expect(DOCKERFILE).toMatch(/^RUN npm ci\b/m);
    expect(DOCKERFILE).toMatch(/^RUN npm run build$/m);
    expect(DOCKERFILE).not.toMatch(/npm (run )?start/);
    expect(RUNTIME_STAGE).not.toMatch(/^RUN npm/m);
    const user = /^USER\s+(\S+)/m.exec(RUNTIME_STAGE)?.[1];
    expect(user).toBeDefined();
    expect(user!.split(':')[0]).not.toMatch(/^(root|0)$/);
    expect(RUNTIME_STAGE).toMatch(/^ENTRYPOINT \["node"\]$/m);
    expect(RUNTIME_STAGE).toMatch(/^CMD \["dist\/gateway\/main\.js"\]$/m);
    expect(imageEnv()).toMatchObject({ NODE_ENV: 'production', HOST: '0.0.0.0' });
    for (const name of Object.keys(imageEnv())) if (name !== 'NODE_ENV') expect(CATALOGUED.has(name)).toBe(true);
  });

  it('copies the compiled processes and every file they read at run time', () => {
    const copied = [...RUNTIME_STAGE.matchAll(/^COPY --from=build(?: --\S+)* (\S+) (\S+)$/gm)].map((m) => m[1].replace(/^\/src\//, ''));
    for (const needed of [
      'package.json', // shared/paths.ts finds the root by it
      'node_modules',
      'dist/gateway',
      'dist/subgraphs',
      'dist/shared',
      'dist/scripts', // start-subgraph, reconcile-worker
      'dist/explorer', // the explorer's bundle (gateway/explorer.ts)
      'schema/supergraph.graphql', // the gateway's default supergraph (gateway/config.ts)
    ]) {
      expect(copied).toContain(needed);
    }
    // Every entry point the manifests run is compiled from a source in the tree (the worker's is H1's, issue 15).
    for (const entry of Object.values(ENTRIES)) {
      const source = join(ROOT, entry.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
      if (!existsSync(source)) expect(entry).toBe(ENTRIES.worker);
    }
  });

  it('leaves local state, secrets and the compiled tree out of the build context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['node_modules', 'dist', '.data', '.git', 'taxgraph.config.yaml']) expect(ignored).toContain(entry);
    // ...but keeps what the build stage copies from it.
    const fromContext = [...DOCKERFILE.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1].split(' '));
    expect(fromContext).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'shared', 'schema']));
    for (const source of fromContext) expect({ source, ignored: ignored.includes(source) }).toEqual({ source, ignored: false });
  });
});

describe('deploy/k8s/supergraph.graphql', () => {
  it('is the committed supergraph (npm run compose writes both)', () => {
    expect(readFileSync(join(DEPLOY, 'k8s', 'supergraph.graphql'), 'utf8')).toBe(
      readFileSync(join(ROOT, 'schema', 'supergraph.graphql'), 'utf8'),
    );
  });
});
