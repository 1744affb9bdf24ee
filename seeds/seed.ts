import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { LEGACY_SOURCES, LegacySource, SOURCE_INFO, SourceUrls } from '../shared/sources';
import { CaseEntry, emptyManifest, Manifest } from './manifest';
import { generateTaxpayer, Emitter } from './generator';
import { emitReferenceRows } from './generator/code-tables';
import { repoRoot } from '../shared/paths';
import {
  AS_OF,
  DIVISION_NAMES,
  LEVY_ITEM_NAMES,
  LOCAL_STATUSES,
  LOCAL_TAX_TYPE_NAMES,
  NATIONAL_STATUSES,
  REGISTRATION_TYPES,
  TREASURY_GRACE_DAYS,
  PENDING_DEDUCTION_DAYS,
} from './reference';
import { RowOf, TABLES, TableKey, TableSpec, toCopyRow, Value } from './tables';

export interface SeedOptions {
  taxpayers: number;
  seed: number;
  urls: SourceUrls;
  /** Where the ground truth goes; omitted: not written (it is still returned). */
  manifestPath?: string;
  /** Taxpayers generated and loaded per COPY round. @default 20000 */
  chunkSize?: number;
  /** Replace tables in databases this command did not create. @default false */
  force?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface SeedSummary {
  taxpayers: number;
  seed: number;
  rows: Record<string, number>;
  totalRows: number;
  seconds: number;
  manifest: Manifest;
}

/** The marker left on a database this command seeded, so it never replaces someone else's tables. */
const SEED_MARKER = 'taxgraph seed';

export const SEED_RULES: Record<string, string> = {
  asOf: `Legacy data stands at ${AS_OF}; returns cover the four quarters of 2015.`,
  ABNORMAL_OVERDUE: 'Abnormal (national 05 / local 30) since more than 3 calendar months before the as-of date, not voided (08 / 61).',
  DEEMED_RATE_IMBALANCE:
    'Within one area, industry and year, a deemed CIT rate that differs from the most common rate (ties: the lower rate).',
  DEDUCTED_NOT_IN_TREASURY: `Deducted (result 90000) more than ${TREASURY_GRACE_DAYS} days before the as-of date and not in the treasury.`,
  KEY_TAX_SOURCE: 'Business tax declared in 2015 of at least 1,000,000 yuan.',
  BELOW_THRESHOLD:
    'Individual business whose national-tax monthly quota is below the VAT threshold in force: 5,000 yuan (repair 3,000) before 2011-11, ' +
    'the province level (20,000 yuan) from 2011-11; a 2011 quota of 8,000-12,000 yuan is below from 2011-11 only.',
  UNREGISTERED_HOUSEHOLD:
    'Individual business active in the registry, licensed more than 30 days before the as-of date, in neither bureau.',
  MISSING_RETURN:
    'A normal registration that filed nothing for a quarter of 2015 between quarters it filed (each bureau holding its returns).',
  INVOICE_NOT_NORMAL: 'A carrier with freight invoices issued on or after its abnormal date, or after its deregistration (national tax).',
  UCT_BASE_MISMATCH:
    'Local urban construction tax base differs from national VAT + consumption tax paid (incl. 免抵) + local business tax, per quarter.',
  FREIGHT_UNDERDECLARED: "Freight invoices of 2015 exceed the carrier's declared business tax base.",
  PAYMENT_DEDUCTION_FAILED:
    'A TIPS deduction refused by the bank (result other than 90000) with no later deduction of the same office, payer, tax type and period.',
  PAYMENT_LONG_PENDING: `A TIPS deduction request awaiting the bank more than ${PENDING_DEDUCTION_DAYS} days before the as-of date.`,
  BOOKED_NOT_IN_TREASURY:
    'A voucher a bureau booked as paid through TIPS (ZS_YJSF.JKFS_DM 01, SP_JK.JKFS 1) that TIPS refused or never had.',
  TREASURY_NOT_BOOKED: 'A TIPS payment in the treasury whose voucher its bureau never booked.',
  BOOKED_AMOUNT_MISMATCH: 'A voucher booked by a bureau with another amount than TIPS deducted.',
};

/** Whether every legacy database already holds a seed from this command. */
export async function isSeeded(urls: SourceUrls): Promise<boolean> {
  for (const source of LEGACY_SOURCES) {
    const client = new Client({ connectionString: urls[source] });
    await client.connect();
    try {
      const { rows } = await client.query<{ c: string | null }>("SELECT obj_description('public'::regnamespace) AS c");
      if (rows[0].c !== SEED_MARKER) return false;
    } finally {
      await client.end();
    }
  }
  return true;
}

/** The statements of a DDL file, comments dropped. */
function sqlStatements(path: string): string[] {
  return `${readFileSync(path, 'utf8')}\n`
    .split(/;\s*(?:--[^\n]*)?\n/)
    .map((s) => s.replace(/^\s*--[^\n]*(\n|$)/gm, '').trim())
    .filter(Boolean);
}

/**
 * A source's legacy DDL (tables, and the indexes it came with), and after them the indexes we ask its DBA to
 * add (seeds/ddl/indexes/), created like the legacy ones after loading.
 */
function ddlStatements(source: LegacySource): { tables: string[]; indexes: string[] } {
  const ddl = join(repoRoot(), 'seeds', 'ddl');
  const statements = sqlStatements(join(ddl, `${SOURCE_INFO[source].database}.sql`));
  const asked = join(ddl, 'indexes', `${SOURCE_INFO[source].database}.sql`);
  return {
    tables: statements.filter((s) => !/^CREATE (UNIQUE )?INDEX/i.test(s)),
    indexes: [...statements.filter((s) => /^CREATE (UNIQUE )?INDEX/i.test(s)), ...(existsSync(asked) ? sqlStatements(asked) : [])],
  };
}

/** COPY text format: tab separated, \N for null, backslash escapes. */
function encode(row: Value[]): string {
  let line = '';
  for (let k = 0; k < row.length; k++) {
    const v = row[k];
    if (k) line += '\t';
    if (v === null || v === undefined) line += '\\N';
    else {
      const s = String(v);
      line += /[\\\t\n\r]/.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s;
    }
  }
  return `${line}\n`;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function copyRows(client: Client, spec: TableSpec, lines: string[]): Promise<void> {
  const sql = `COPY ${quote(spec.name)} (${spec.columns.map(quote).join(', ')}) FROM STDIN`;
  const stream = client.query(copyFrom(sql));
  await new Promise<void>((resolve, reject) => {
    stream.on('error', (err: Error) => reject(new Error(`loading ${spec.source} ${spec.name}: ${err.message}`)));
    stream.on('finish', resolve);
    // One write per batch of lines keeps the stream's overhead off the per-row path.
    const batch = 2000;
    for (let k = 0; k < lines.length; k += batch) stream.write(lines.slice(k, k + batch).join(''));
    stream.end();
  });
}

async function prepareDatabase(client: Client, source: LegacySource, force: boolean): Promise<void> {
  const existing = await client.query<{ n: string }>("SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public'");
  const marker = await client.query<{ c: string | null }>("SELECT obj_description('public'::regnamespace) AS c");
  if (Number(existing.rows[0].n) > 0 && marker.rows[0].c !== SEED_MARKER && !force) {
    throw new Error(
      `${SOURCE_INFO[source].urlVariable} points at a database with tables this command did not create; ` +
        'refusing to replace them (pass --force to do so anyway).',
    );
  }
  await client.query('DROP SCHEMA IF EXISTS public CASCADE');
  await client.query('CREATE SCHEMA public');
  await client.query(`COMMENT ON SCHEMA public IS '${SEED_MARKER}'`);
  for (const statement of ddlStatements(source).tables) await client.query(statement);
}

class Buffers implements Emitter {
  lines = new Map<TableKey, string[]>();
  rows: Record<string, number> = {};
  deemedGroups = new Map<string, { rate: string; entry: CaseEntry }[]>();

  constructor(readonly manifest: Manifest) {}

  row<K extends TableKey>(table: K, row: RowOf<K>): void {
    let list = this.lines.get(table);
    if (!list) this.lines.set(table, (list = []));
    list.push(encode(toCopyRow(table, row)));
  }
  case(kind: Parameters<Emitter['case']>[0], entry: CaseEntry): void {
    this.manifest.cases[kind].push(entry);
  }
  identity(kind: Parameters<Emitter['identity']>[0], entry: Parameters<Emitter['identity']>[1]): void {
    this.manifest.identities[kind].push(entry);
  }
  event(source: LegacySource, division: string, date: string, event: string): void {
    if (date < '2015-01-01' || date > AS_OF) return;
    const key = `${source}|${division}|${date.slice(0, 7)}|${event}`;
    this.manifest.registrationEvents[key] = (this.manifest.registrationEvents[key] ?? 0) + 1;
  }
  deemed(group: string, rate: string, entry: CaseEntry): void {
    let list = this.deemedGroups.get(group);
    if (!list) this.deemedGroups.set(group, (list = []));
    list.push({ rate, entry });
  }

  /** Hands over the buffered lines per source and table, and starts empty again. */
  drain(): Map<TableKey, string[]> {
    const out = this.lines;
    this.lines = new Map();
    for (const [table, lines] of out) this.rows[TABLES[table].name] = (this.rows[TABLES[table].name] ?? 0) + lines.length;
    return out;
  }

  /** Judges every deemed CIT rate against its group's most common rate (ties: the lower). */
  finishDeemed(): void {
    const keys = [...this.deemedGroups.keys()].sort();
    for (const key of keys) {
      const members = this.deemedGroups.get(key)!;
      const counts = new Map<string, number>();
      for (const m of members) counts.set(m.rate, (counts.get(m.rate) ?? 0) + 1);
      const modal = [...counts.entries()].sort((a, b) => b[1] - a[1] || Number(a[0]) - Number(b[0]))[0][0];
      for (const m of members) {
        if (m.rate !== modal) {
          const [division, industry] = key.split('|');
          this.manifest.cases.DEEMED_RATE_IMBALANCE.push({
            ...m.entry,
            detail: { ...m.entry.detail, groupRate: modal, division, industry },
          });
        }
      }
    }
  }
}

async function writeChunk(clients: Record<LegacySource, Client>, chunk: Map<TableKey, string[]>): Promise<void> {
  // The four sources load in parallel, each on its own connection; tables within one source in turn.
  await Promise.all(
    LEGACY_SOURCES.map(async (source) => {
      for (const [table, lines] of chunk) {
        const spec = TABLES[table];
        if (spec.source === source && lines.length) await copyRows(clients[source], spec, lines);
      }
    }),
  );
}

/** Creates the four legacy databases' tables and fills them with N taxpayers, deterministically. */
export async function seedAll(opts: SeedOptions): Promise<SeedSummary> {
  const started = Date.now();
  const chunkSize = opts.chunkSize ?? 20000;
  const manifest = emptyManifest(opts.seed, opts.taxpayers, AS_OF, SEED_RULES);
  const buffers = new Buffers(manifest);
  const clients = {} as Record<LegacySource, Client>;
  try {
    for (const source of LEGACY_SOURCES) {
      clients[source] = new Client({ connectionString: opts.urls[source], application_name: 'taxgraph-seed' });
      await clients[source].connect();
      await clients[source].query('SET synchronous_commit = off');
      await prepareDatabase(clients[source], source, opts.force ?? false);
    }
    emitReferenceRows(buffers, {
      nationalStatuses: NATIONAL_STATUSES,
      localStatuses: LOCAL_STATUSES,
      registrationTypes: REGISTRATION_TYPES,
      divisions: DIVISION_NAMES,
      levyItems: LEVY_ITEM_NAMES,
      localTaxTypes: LOCAL_TAX_TYPE_NAMES,
    });
    let pending: Promise<void> = Promise.resolve();
    for (let from = 0; from < opts.taxpayers; from += chunkSize) {
      const to = Math.min(opts.taxpayers, from + chunkSize);
      for (let i = from; i < to; i++) {
        generateTaxpayer(opts.seed, i, buffers);
        // Let the previous chunk's COPY streams move while this one is generated.
        if (i % 1000 === 999) await new Promise((resolve) => setImmediate(resolve));
      }
      const chunk = buffers.drain();
      // Generate the next chunk while this one is written.
      await pending;
      pending = writeChunk(clients, chunk).then(() => opts.onProgress?.(to, opts.taxpayers));
    }
    await pending;
    buffers.drain();
    await Promise.all(
      LEGACY_SOURCES.map(async (source) => {
        for (const statement of ddlStatements(source).indexes) await clients[source].query(statement);
        await clients[source].query('ANALYZE');
      }),
    );
  } finally {
    await Promise.all(Object.values(clients).map((c) => c.end().catch(() => undefined)));
  }
  buffers.finishDeemed();
  if (opts.manifestPath) {
    mkdirSync(dirname(opts.manifestPath), { recursive: true });
    writeFileSync(opts.manifestPath, JSON.stringify(manifest));
  }
  const rows = Object.fromEntries(Object.entries(buffers.rows).sort(([a], [b]) => a.localeCompare(b)));
  return {
    taxpayers: opts.taxpayers,
    seed: opts.seed,
    rows,
    totalRows: Object.values(rows).reduce((s, n) => s + n, 0),
    seconds: (Date.now() - started) / 1000,
    manifest,
  };
}
