/**
 * The one place that knows how the six subgraphs are started: each with its database, the four
 * sources and audit at once, then cooperation pointed at the sources' subgraphs; and what a
 * gateway over them is told. The start command (fixed ports), the tests' Stack and the benchmarks
 * (free ports) start them through it.
 */
import {
  AUDIT_SUBGRAPH,
  COOPERATION_SUBGRAPH,
  FEDERATION_DATABASE,
  LEGACY_SOURCES,
  LegacySource,
  SOURCE_INFO,
  SourceUrls,
  SubgraphName,
  subgraphUrlVariable,
} from '../shared/sources';
import { launch, Launched, LaunchOptions, stopProcesses, waitForHealth } from './launch';

/** The legacy sources' databases, and the federation's (without it, audit and cooperation are not started). */
export type SubgraphDatabases = SourceUrls & { federation?: string };

export interface RunningSubgraph extends Launched {
  name: SubgraphName;
  port: number;
  /** Its /graphql URL. */
  url: string;
}

export interface SubgraphStartOptions {
  /** The port each subgraph listens on: a default one, or a free one. */
  port: (name: SubgraphName) => number | Promise<number>;
  /** Variables every subgraph gets (secrets, TAXGRAPH_COUNT_SQL, LOG_LEVEL...). */
  env?: NodeJS.ProcessEnv;
  /** Variables one subgraph alone gets. */
  envFor?: Partial<Record<SubgraphName, NodeJS.ProcessEnv>>;
  /** Core, node flags, echoed output. */
  launch?: Pick<LaunchOptions, 'core' | 'nodeArgs' | 'echo' | 'dist'>;
  /** How long each may take to answer /health. @default 30_000 */
  timeoutMs?: number;
  /** Told of each process as soon as it is launched (to stop it on Ctrl-C while others still start). */
  onLaunch?: (proc: Launched) => void;
}

/** A subgraph's port in DESIGN.md's conventions (4001-4006). */
export function defaultSubgraphPort(name: SubgraphName): number {
  if (name === AUDIT_SUBGRAPH.name) return AUDIT_SUBGRAPH.port;
  if (name === COOPERATION_SUBGRAPH.name) return COOPERATION_SUBGRAPH.port;
  return SOURCE_INFO[name].port;
}

/** What one subgraph is told of its data: a source its database; audit and cooperation the federation's, cooperation the sources' subgraphs. */
function dataEnv(name: SubgraphName, dbs: SubgraphDatabases, sourceSubgraphs: Partial<Record<LegacySource, string>>): NodeJS.ProcessEnv {
  if (name !== AUDIT_SUBGRAPH.name && name !== COOPERATION_SUBGRAPH.name) return { [SOURCE_INFO[name].urlVariable]: dbs[name] };
  if (!dbs.federation) throw new Error(`The ${name} subgraph needs the federation's database (${FEDERATION_DATABASE.urlVariable})`);
  const env: NodeJS.ProcessEnv = { [FEDERATION_DATABASE.urlVariable]: dbs.federation };
  if (name === COOPERATION_SUBGRAPH.name) {
    for (const source of LEGACY_SOURCES) {
      if (sourceSubgraphs[source]) env[subgraphUrlVariable(source)] = sourceSubgraphs[source];
    }
  }
  return env;
}

/**
 * Starts one subgraph (dist/scripts/start-subgraph.js) and waits for its /health. Cooperation asks
 * the source subgraphs at `sourceSubgraphs` (their /graphql URLs).
 */
export async function startSubgraph(
  name: SubgraphName,
  dbs: SubgraphDatabases,
  opts: SubgraphStartOptions,
  sourceSubgraphs: Partial<Record<LegacySource, string>> = {},
): Promise<RunningSubgraph> {
  const port = await opts.port(name);
  const proc = launch('scripts/start-subgraph.js', {
    ...opts.launch,
    args: [name],
    label: name,
    // Each process its own service name in traces (a name the caller gives this process wins).
    env: {
      OTEL_SERVICE_NAME: `taxgraph-${name}`,
      ...opts.env,
      ...opts.envFor?.[name],
      ...dataEnv(name, dbs, sourceSubgraphs),
      PORT: String(port),
    },
  });
  opts.onLaunch?.(proc);
  try {
    await waitForHealth(`http://127.0.0.1:${port}/health`, proc, { timeoutMs: opts.timeoutMs });
  } catch (err) {
    await stopProcesses([proc]);
    throw err;
  }
  return { ...proc, name, port, url: `http://127.0.0.1:${port}/graphql` };
}

/**
 * Starts the subgraphs in order: the four sources and (with the federation's database) audit at
 * once, then cooperation over the sources. When one fails, the others are stopped and the first
 * failure is thrown.
 */
export async function startSubgraphs(dbs: SubgraphDatabases, opts: SubgraphStartOptions): Promise<Map<SubgraphName, RunningSubgraph>> {
  const running = new Map<SubgraphName, RunningSubgraph>();
  const first: SubgraphName[] = [...LEGACY_SOURCES, ...(dbs.federation ? [AUDIT_SUBGRAPH.name] : [])];
  const started = await Promise.allSettled(first.map((name) => startSubgraph(name, dbs, opts)));
  for (const result of started) if (result.status === 'fulfilled') running.set(result.value.name, result.value);
  const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  try {
    if (failed) throw failed.reason;
    if (dbs.federation) {
      const sources = Object.fromEntries(LEGACY_SOURCES.map((s) => [s, running.get(s)!.url]));
      running.set(COOPERATION_SUBGRAPH.name, await startSubgraph(COOPERATION_SUBGRAPH.name, dbs, opts, sources));
    }
  } catch (err) {
    await stopProcesses(running.values());
    throw err;
  }
  return running;
}

/** What a gateway over `subgraphs` is told: SUBGRAPH_<NAME>_URL for each (`urlFor` may point one elsewhere, e.g. a proxy), and the federation's database. */
export function gatewayEnv(
  subgraphs: Iterable<[SubgraphName, { url: string }]>,
  federation?: string,
  urlFor: Partial<Record<SubgraphName, string>> = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = federation ? { [FEDERATION_DATABASE.urlVariable]: federation } : {};
  for (const [name, { url }] of subgraphs) env[subgraphUrlVariable(name)] = urlFor[name] ?? url;
  return env;
}
