/**
 * Real processes for end-to-end tests: the compiled subgraphs and gateway (dist/, built by
 * `npm test`), each on a free port, torn down through one stop(). A subgraph can be killed and
 * started again on the same port; a delaying proxy stands in for a slow source.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { freePort } from '../../dev/ports';
import {
  AUDIT_SUBGRAPH,
  COOPERATION_SUBGRAPH,
  LEGACY_SOURCES,
  LegacySource,
  SOURCE_INFO,
  SourceUrls,
  subgraphUrlVariable,
} from '../../shared/sources';

const DIST = join(__dirname, '..', '..', 'dist');

export function requireBuild(): void {
  if (!existsSync(join(DIST, 'gateway', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
}

async function waitForHealth(url: string, child: ChildProcess, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode} before answering ${url}`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(500) })).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no answer from ${url} in ${ms} ms`);
}

export interface Proc {
  port: number;
  url: string;
  child: ChildProcess;
  output: string[];
}

function startNode(script: string, args: string[], env: NodeJS.ProcessEnv, port: number): Proc {
  const output: string[] = [];
  const child = spawn(process.execPath, [join(DIST, script), ...args], {
    env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => output.push(c.toString()));
  child.stderr!.on('data', (c: Buffer) => output.push(c.toString()));
  return { port, url: `http://127.0.0.1:${port}/graphql`, child, output };
}

function kill(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** The legacy sources' subgraphs, the audit subgraph over the federation's database, and cooperation over the sources' subgraphs. */
export type SubgraphName = LegacySource | typeof AUDIT_SUBGRAPH.name | typeof COOPERATION_SUBGRAPH.name;

const urlVariableOf = subgraphUrlVariable;

export class Stack {
  readonly subgraphs = new Map<SubgraphName, Proc>();
  readonly gateways: Proc[] = [];
  private readonly proxies: Server[] = [];

  /** With `federation` (the federation's database), gateways get TAXGRAPH_DATABASE_URL and the audit and cooperation subgraphs run too. */
  constructor(private readonly urls: SourceUrls & { federation?: string }) {}

  /** Cooperation asks the source subgraphs running now (start it after them); `urlFor` may point it at one elsewhere (a proxy). */
  async startSubgraph(source: SubgraphName, port?: number, urlFor: Partial<Record<LegacySource, string>> = {}): Promise<Proc> {
    let env: NodeJS.ProcessEnv;
    if (source === COOPERATION_SUBGRAPH.name) {
      env = { [COOPERATION_SUBGRAPH.urlVariable]: this.urls.federation };
      for (const s of LEGACY_SOURCES) {
        const url = urlFor[s] ?? this.subgraphs.get(s)?.url;
        if (url) env[urlVariableOf(s)] = url;
      }
    } else {
      env =
        source === AUDIT_SUBGRAPH.name
          ? { [AUDIT_SUBGRAPH.urlVariable]: this.urls.federation }
          : { [SOURCE_INFO[source].urlVariable]: this.urls[source] };
    }
    const proc = startNode('scripts/start-subgraph.js', [source], env, port ?? (await freePort()));
    await waitForHealth(proc.url.replace('/graphql', '/health'), proc.child);
    this.subgraphs.set(source, proc);
    return proc;
  }

  async startSubgraphs(): Promise<void> {
    await Promise.all([...LEGACY_SOURCES, ...(this.urls.federation ? [AUDIT_SUBGRAPH.name] : [])].map((s) => this.startSubgraph(s)));
    if (this.urls.federation) await this.startSubgraph(COOPERATION_SUBGRAPH.name);
  }

  /** Kills a subgraph the hard way (SIGKILL), as a crash would. */
  async killSubgraph(source: SubgraphName): Promise<void> {
    const proc = this.subgraphs.get(source);
    if (proc) await kill(proc.child, 'SIGKILL');
  }

  async restartSubgraph(source: SubgraphName): Promise<Proc> {
    const old = this.subgraphs.get(source)!;
    await kill(old.child);
    return this.startSubgraph(source, old.port);
  }

  /** Starts a gateway over the running subgraphs; `urlFor` may point a subgraph elsewhere (a proxy). */
  async startGateway(env: NodeJS.ProcessEnv = {}, urlFor: Partial<Record<SubgraphName, string>> = {}): Promise<Proc> {
    const subgraphEnv: NodeJS.ProcessEnv = this.urls.federation ? { TAXGRAPH_DATABASE_URL: this.urls.federation } : {};
    for (const [source, proc] of this.subgraphs) {
      subgraphEnv[urlVariableOf(source)] = urlFor[source] ?? proc.url;
    }
    const proc = startNode('gateway/main.js', [], { ...subgraphEnv, ...env }, await freePort());
    await waitForHealth(proc.url.replace('/graphql', '/health'), proc.child);
    this.gateways.push(proc);
    return proc;
  }

  /** A proxy in front of a subgraph that holds every request for `delayMs` before passing it on (a function: read as each request arrives). */
  async slowProxy(source: SubgraphName, delayMs: number | (() => number)): Promise<string> {
    const target = new URL(this.subgraphs.get(source)!.url);
    const delay = typeof delayMs === 'number' ? () => delayMs : delayMs;
    const server = createServer((req, res) => {
      const timer = setTimeout(() => {
        const upstream = request(
          { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
          (up) => {
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
          },
        );
        upstream.on('error', () => res.destroy());
        req.pipe(upstream);
      }, delay());
      res.on('close', () => clearTimeout(timer));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    this.proxies.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.gateways.map((g) => kill(g.child)), ...[...this.subgraphs.values()].map((s) => kill(s.child))]);
    for (const p of this.proxies) {
      p.closeAllConnections();
      p.close();
    }
  }
}
