import type { Knex } from 'knex';
import { createLogger, Logger } from '../../shared/logger';

/** How often a process reads a source's code tables again. */
export const CODE_TABLE_REFRESH_MS = 10 * 60 * 1000;

/** What knex's client offers to run one statement outside its query builder (and its 'query' event). */
interface PooledClient {
  acquireConnection(): Promise<{ query(sql: string): Promise<{ rows: CodeRow[] }> }>;
  releaseConnection(connection: unknown): Promise<unknown>;
  pool?: unknown;
}

/** A row of a source's code tables read as one: which table, the code, and its name. */
interface CodeRow {
  kind: string;
  code: string | null;
  name: string | null;
}

/** Trailing blanks of a CHAR code, which PostgreSQL's bpchar comparison ignores. */
const PADDING = / +$/;

/** The names of a source's codes as read at one moment: a code's name, or null where its table lacks it (as a LEFT JOIN gave). */
export class CodeNames {
  constructor(private readonly names: ReadonlyMap<string, string | null>) {}

  name(kind: string, code: string | null | undefined): string | null {
    if (code === null || code === undefined) return null;
    return this.names.get(`${kind}\u0000${code.replace(PADDING, '')}`) ?? null;
  }
}

interface Held {
  names: CodeNames;
  timer: NodeJS.Timeout;
}

let logger: Logger | undefined;

/**
 * A source's code tables (DM_*, TIPS's code tables) held in memory, once per process and database:
 * read in one statement on first use, then again every CODE_TABLE_REFRESH_MS; a failed read keeps
 * the names held and is logged. Joining these small tables into every lookup cost PostgreSQL more
 * than the lookup itself, and they change a few times a year. Reference data only: never a
 * taxpayer's record.
 *
 * Codes are CHAR columns on both sides of the joins this replaces, where PostgreSQL ignores trailing
 * blanks; `name` forgives them the same way. The reads belong to no operation and are not counted
 * as one's statements (they go past knex's 'query' event).
 */
export class CodeTables {
  private readonly held = new WeakMap<Knex, Held>();
  private readonly first = new WeakMap<Knex, Promise<CodeNames>>();

  /**
   * @param source the source's name, for logs
   * @param sql one statement of fixed text returning `kind`, `code` and `name` for every code of every table
   */
  constructor(
    private readonly source: string,
    private readonly sql: string,
  ) {}

  /** The names as last read from `db` (the first call reads them; callers meanwhile share that read). */
  of(db: Knex): Promise<CodeNames> {
    const held = this.held.get(db);
    if (held) return Promise.resolve(held.names);
    let first = this.first.get(db);
    if (!first) {
      first = this.read(db).then(
        (names) => {
          const timer = setInterval(() => void this.refresh(db), CODE_TABLE_REFRESH_MS).unref();
          this.held.set(db, { names, timer });
          this.first.delete(db);
          return names;
        },
        (err: unknown) => {
          this.first.delete(db); // the next call reads again
          throw err;
        },
      );
      this.first.set(db, first);
    }
    return first;
  }

  private async refresh(db: Knex): Promise<void> {
    const held = this.held.get(db)!;
    if (!(db.client as PooledClient).pool) {
      clearInterval(held.timer); // the connection pool was closed: nothing left to refresh
      return;
    }
    try {
      held.names = await this.read(db);
    } catch (err) {
      logger ??= createLogger(this.source);
      logger.warn({ err }, 'reading the code tables failed; keeping the names read before');
    }
  }

  private async read(db: Knex): Promise<CodeNames> {
    const client = db.client as PooledClient;
    const connection = await client.acquireConnection();
    try {
      const { rows } = await connection.query(this.sql);
      const names = new Map<string, string | null>();
      for (const row of rows) if (row.code !== null) names.set(`${row.kind}\u0000${row.code.replace(PADDING, '')}`, row.name);
      return new CodeNames(names);
    } finally {
      await client.releaseConnection(connection);
    }
  }
}
