import type { SupergraphManager, SupergraphSdlHook } from '@apollo/gateway';
import { Supergraph } from '@apollo/federation-internals';
import { createHash } from 'node:crypto';
import { FSWatcher, watch } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { GatewayConfig, SubgraphConfig } from './config';
import type { Logger } from './logger';
import type { GatewayMetrics } from './metrics';
import { withSubgraphEnforcedSecurity } from './subgraph-enforced-security';

/** A supergraph checked as the gateway will serve it. */
export interface LoadedSupergraph {
  /** The SDL the gateway loads (security links adjusted, ./subgraph-enforced-security.ts). */
  sdl: string;
  /** SHA-256 of the file's text as written: `sha256sum schema/supergraph.graphql` gives the same. */
  hash: string;
  /** Its subgraphs, as the configuration reaches them (SUBGRAPH_<NAME>_URL applied). */
  subgraphs: SubgraphConfig[];
  /** When it started serving. */
  loadedAt: Date;
}

export function supergraphHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Checks a supergraph's text the way the gateway will load it, and throws the reason when it would
 * not serve: text that does not parse, a schema that is not a valid Federation 2 supergraph, join
 * metadata the query planner cannot read (subgraphs extracted here, as the planner does), no
 * subgraph, or a subgraph URL that is not http(s) (`subgraphsOf`, config.ts).
 */
export function checkSupergraph(text: string, subgraphsOf: GatewayConfig['subgraphsOf']): LoadedSupergraph {
  if (text.trim() === '') throw new Error('the file is empty');
  const sdl = withSubgraphEnforcedSecurity(text);
  const supergraph = Supergraph.build(sdl, { validateSupergraph: true });
  supergraph.subgraphs();
  supergraph.apiSchema();
  const subgraphs = subgraphsOf(supergraph.subgraphsMetadata());
  if (subgraphs.length === 0) throw new Error('the supergraph names no subgraph');
  return { sdl, hash: supergraphHash(text), subgraphs, loadedAt: new Date() };
}

export interface SupergraphWatchOptions {
  /** The supergraph file (SUPERGRAPH_PATH). */
  path: string;
  /** The supergraph the gateway starts with (already checked). */
  initial: LoadedSupergraph;
  /** Turns a file's text into a checked supergraph, or throws why it will not serve. */
  check(text: string): LoadedSupergraph;
  /** Called with a checked supergraph just before the gateway takes it: its subgraphs' data sources are made ready. */
  willServe(next: LoadedSupergraph): void;
  /** Whether to follow the file at all (SUPERGRAPH_WATCH). @default true */
  watch?: boolean;
  /** How often the file's stat is compared, ms, in case a file-system event is missed. @default 1000 */
  pollMs?: number;
  /** How long events are collected before the file is read, ms (an editor saves in several writes). @default 200 */
  debounceMs?: number;
  logger: Logger;
  metrics: Pick<GatewayMetrics, 'supergraphReloads' | 'supergraphLoaded'>;
}

/**
 * The gateway's supergraph as a file it follows (@apollo/gateway's SupergraphManager): a change
 * seen by fs.watch on the file's directory (which also sees `mv` replacing it) or by a stat poll is
 * read once the writes settle; a supergraph that checks out is handed to the gateway, which swaps
 * its schema and query planner between requests (a request in flight finishes on the plan it has).
 * One that does not is refused: the current one keeps serving, the refusal is logged with its
 * reason and counted (`taxgraph_supergraph_reloads_total{outcome="refused"}`). The same text is
 * judged once, so a refused file is not refused again on every poll.
 */
export class SupergraphWatch implements SupergraphManager {
  private current: LoadedSupergraph;
  /** The hash of the last text judged, served or refused. */
  private lastJudged: string;
  private lastStat = '';
  private update?: Parameters<SupergraphSdlHook>[0]['update'];
  private watcher?: FSWatcher;
  private poll?: NodeJS.Timeout;
  private debounce?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(private readonly options: SupergraphWatchOptions) {
    this.current = options.initial;
    this.lastJudged = options.initial.hash;
    for (const outcome of ['ok', 'refused']) options.metrics.supergraphReloads.labels(outcome).inc(0);
    this.showInfo(undefined, options.initial);
  }

  /** The supergraph serving now. */
  get supergraph(): LoadedSupergraph {
    return this.current;
  }

  async initialize({ update }: Parameters<SupergraphSdlHook>[0]): Promise<{ supergraphSdl: string; cleanup: () => Promise<void> }> {
    this.update = update;
    if (this.options.watch ?? true) this.follow();
    return { supergraphSdl: this.current.sdl, cleanup: () => this.stop() };
  }

  /** Reads the file now and serves it if it changed and checks out (what the watch does on a change). */
  reload(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.judge();
      } while (this.again && !this.stopped);
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  private follow(): void {
    const { path, pollMs = 1000, debounceMs = 200, logger } = this.options;
    const name = basename(path);
    const soon = () => {
      clearTimeout(this.debounce);
      this.debounce = setTimeout(() => void this.reload(), debounceMs);
      this.debounce.unref();
    };
    try {
      // The directory, not the file: `mv new.graphql supergraph.graphql` replaces the file's inode, which a watch on the file would lose.
      this.watcher = watch(dirname(path), { persistent: false }, (_event, file) => {
        if (file === null || file === name) soon();
      });
      this.watcher.on('error', (err) => logger.warn({ err, path }, 'supergraph watch failed; following the file by polling only'));
    } catch (err) {
      logger.warn({ err, path }, 'cannot watch the supergraph directory; following the file by polling only');
    }
    void this.statKey().then((key) => (this.lastStat ||= key));
    this.poll = setInterval(() => {
      void this.statKey().then((key) => {
        if (key === this.lastStat) return;
        this.lastStat = key;
        soon();
      });
    }, pollMs);
    this.poll.unref();
    logger.info({ path, hash: this.current.hash }, 'following the supergraph file');
  }

  private async statKey(): Promise<string> {
    try {
      const s = await stat(this.options.path);
      return `${s.ino}:${s.size}:${s.mtimeMs}`;
    } catch {
      return 'missing';
    }
  }

  private async judge(): Promise<void> {
    const { path, logger, metrics } = this.options;
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      // Between an editor's delete and create; the poll reads it again when it is back.
      logger.debug({ err, path }, 'supergraph file not readable now');
      return;
    }
    const hash = supergraphHash(text);
    if (hash === this.lastJudged || this.stopped || !this.update) return;
    this.lastJudged = hash;
    // Checking and swapping each hold the event loop (parsing, validating and planning over a large schema:
    // hundreds of milliseconds for taxgraph's); requests that arrived meanwhile are served between the two.
    let started = performance.now();
    let next: LoadedSupergraph;
    try {
      next = this.options.check(text);
    } catch (err) {
      return this.refuse(hash, err);
    }
    const checkMs = Math.round(performance.now() - started);
    await new Promise((resolve) => setImmediate(resolve));
    if (this.stopped) return;
    const previous = this.current;
    started = performance.now();
    try {
      this.options.willServe(next);
      this.update(next.sdl);
    } catch (err) {
      this.options.willServe(previous);
      return this.refuse(hash, err);
    }
    this.current = next;
    metrics.supergraphReloads.labels('ok').inc();
    this.showInfo(previous, next);
    logger.info(
      {
        path,
        hash,
        previous: previous.hash,
        subgraphs: next.subgraphs.map((s) => s.name),
        checkMs,
        swapMs: Math.round(performance.now() - started),
      },
      'supergraph reloaded: new operations are planned over it',
    );
  }

  private refuse(hash: string, err: unknown): void {
    this.options.metrics.supergraphReloads.labels('refused').inc();
    const reason = err instanceof Error ? err.message : String(err);
    this.options.logger.warn(
      { path: this.options.path, hash, serving: this.current.hash, reason },
      `supergraph refused, the current one keeps serving: ${reason.split('\n')[0].slice(0, 300)}`,
    );
  }

  private showInfo(previous: LoadedSupergraph | undefined, next: LoadedSupergraph): void {
    const { supergraphLoaded } = this.options.metrics;
    if (previous) supergraphLoaded.remove(previous.hash);
    supergraphLoaded.labels(next.hash).set(Math.floor(next.loadedAt.getTime() / 1000));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.debounce);
    clearInterval(this.poll);
    this.watcher?.close();
    await this.running;
  }
}
