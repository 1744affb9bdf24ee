/**
 * Real processes for end-to-end tests: the compiled subgraphs and gateway (dist/, built by
 * `npm test`), each on a free port, torn down through one stop(). A subgraph can be killed and
 * started again on the same port; a delaying proxy stands in for a slow source. Launching and the
 * subgraphs' order and environment are dev/'s (dev/launch.ts, dev/subgraph-stack.ts).
 */
import { createServer, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { launch, Launched, stopProcess, stopProcesses, waitForHealth } from '../../dev/launch';
import { freePort } from '../../dev/ports';
import { gatewayEnv, RunningSubgraph, startSubgraph, startSubgraphs, SubgraphStartOptions } from '../../dev/subgraph-stack';
import { LEGACY_SOURCES, LegacySource, SourceUrls, SubgraphName } from '../../shared/sources';

export { requireBuild } from '../../dev/launch';
export type { SubgraphName } from '../../shared/sources';

export interface Proc extends Launched {
  port: number;
  url: string;
}

/** Test processes log warnings and errors only; each on a free port. */
const TEST_START: SubgraphStartOptions = { port: () => freePort(), env: { LOG_LEVEL: 'warn' } };

export class Stack {
  readonly subgraphs = new Map<SubgraphName, Proc>();
  readonly gateways: Proc[] = [];
  private readonly proxies: Server[] = [];

  private readonly start: SubgraphStartOptions;

  /**
   * With `federation` (the federation's database), gateways get TAXGRAPH_DATABASE_URL and the audit and cooperation subgraphs run too.
   * `env`: variables every subgraph gets besides the tests' own (OTEL_* for a traced stack).
   */
  constructor(
    private readonly urls: SourceUrls & { federation?: string },
    env: NodeJS.ProcessEnv = {},
  ) {
    this.start = { ...TEST_START, env: { ...TEST_START.env, ...env } };
  }

  /** Cooperation asks the source subgraphs running now (start it after them); `urlFor` may point it at one elsewhere (a proxy). */
  async startSubgraph(source: SubgraphName, port?: number, urlFor: Partial<Record<LegacySource, string>> = {}): Promise<Proc> {
    const sources = Object.fromEntries(LEGACY_SOURCES.map((s) => [s, urlFor[s] ?? this.subgraphs.get(s)?.url]));
    const opts = port === undefined ? this.start : { ...this.start, port: () => port };
    return this.keep(await startSubgraph(source, this.urls, opts, sources));
  }

  /** The sources and (with the federation's database) audit, then cooperation over them. */
  async startSubgraphs(): Promise<void> {
    for (const proc of (await startSubgraphs(this.urls, this.start)).values()) this.keep(proc);
  }

  private keep(proc: RunningSubgraph): Proc {
    this.subgraphs.set(proc.name, proc);
    return proc;
  }

  /** Kills a subgraph the hard way (SIGKILL), as a crash would. */
  async killSubgraph(source: SubgraphName): Promise<void> {
    const proc = this.subgraphs.get(source);
    if (proc) await stopProcess(proc, { signal: 'SIGKILL' });
  }

  async restartSubgraph(source: SubgraphName): Promise<Proc> {
    const old = this.subgraphs.get(source)!;
    await stopProcess(old);
    return this.startSubgraph(source, old.port);
  }

  /** Starts a gateway over the running subgraphs; `urlFor` may point a subgraph elsewhere (a proxy). */
  async startGateway(env: NodeJS.ProcessEnv = {}, urlFor: Partial<Record<SubgraphName, string>> = {}): Promise<Proc> {
    const port = await freePort();
    const proc = launch('gateway/main.js', {
      label: 'gateway',
      // LOG_LEVEL warn unless a test asks for more (one that reads the operation's log line).
      env: {
        OTEL_SERVICE_NAME: 'taxgraph-gateway',
        LOG_LEVEL: 'warn',
        ...gatewayEnv(this.subgraphs, this.urls.federation, urlFor),
        ...env,
        PORT: String(port),
      },
    });
    // This gateway's own entry: with gateways started concurrently, the list's last one may be another's.
    const gateway: Proc = { ...proc, port, url: `http://127.0.0.1:${port}/graphql` };
    this.gateways.push(gateway);
    await waitForHealth(`http://127.0.0.1:${port}/health`, proc);
    return gateway;
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
    await stopProcesses([...this.gateways, ...this.subgraphs.values()]);
    for (const p of this.proxies) {
      p.closeAllConnections();
      p.close();
    }
  }
}
