/**
 * Per-test databases on the test server chosen by globalSetup (TEST_DATABASE_URL or an embedded
 * PostgreSQL). Every database is named `tg_<runid>_<label>_<name>` and dropped by globalTeardown;
 * give each test file its own label (the same label and name return the same database).
 */
import crypto from 'crypto';
import { FEDERATION_DATABASE, LEGACY_SOURCES, SOURCE_INFO, SourceUrls } from '../../shared/sources';
import { dropDatabases, ensureDatabases } from '../../dev/databases';

const MAX_IDENTIFIER = 63;

/** The admin URL of the test server (set by test/support/global-setup.ts). */
export function adminUrl(): string {
  const url = process.env.TAXGRAPH_TEST_ADMIN_URL;
  if (!url) throw new Error('TAXGRAPH_TEST_ADMIN_URL is not set: run the tests through Jest (globalSetup starts the test server)');
  return url;
}

/** This test run's id, the prefix that keeps concurrent runs apart. */
export function runId(): string {
  const id = process.env.TAXGRAPH_TEST_RUN;
  if (!id) throw new Error('TAXGRAPH_TEST_RUN is not set: run the tests through Jest (globalSetup sets it)');
  return id;
}

/** The prefix of every database this run creates: `tg_<runid>_`. */
export function runPrefix(id: string = runId()): string {
  return `tg_${id}_`;
}

function identifierPart(text: string): string {
  const part = text
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!part) throw new Error(`Not usable in a database name: ${JSON.stringify(text)}`);
  return part;
}

/** `tg_<runid>_<label>_<name>`, lowercase, at most 63 characters (a long label is shortened with a hash). */
export function testDatabaseName(label: string, name: string): string {
  const prefix = runPrefix();
  let labelPart = identifierPart(label);
  const namePart = identifierPart(name);
  const room = MAX_IDENTIFIER - prefix.length - namePart.length - 1;
  if (labelPart.length > room) {
    const hash = crypto.createHash('sha1').update(label).digest('hex').slice(0, 6);
    const keep = room - hash.length - 1;
    if (keep < 1) throw new Error(`Database name too long for label ${JSON.stringify(label)} and name ${JSON.stringify(name)}`);
    labelPart = `${labelPart.slice(0, keep).replace(/_+$/, '')}_${hash}`;
  }
  return `${prefix}${labelPart}_${namePart}`;
}

/** Creates (when missing) `tg_<runid>_<label>_<name>` for each name; returns name -> URL. */
export async function createTestDatabases(label: string, names: string[]): Promise<Record<string, string>> {
  const actual = names.map((name) => testDatabaseName(label, name));
  const urls = await ensureDatabases(adminUrl(), actual);
  return Object.fromEntries(names.map((name, i) => [name, urls[actual[i]]]));
}

/** Drops this label's databases now (globalTeardown drops them anyway), e.g. to start a test afresh. */
export async function dropTestDatabases(label: string, names: string[]): Promise<void> {
  await dropDatabases(
    adminUrl(),
    names.map((name) => testDatabaseName(label, name)),
  );
}

/** The four legacy source databases and a federation database for `label`, keyed by source name and `federation`. */
export async function sourceDatabasesFor(label: string): Promise<SourceUrls & { federation: string }> {
  const names = [...LEGACY_SOURCES.map((s) => SOURCE_INFO[s].database), FEDERATION_DATABASE.database];
  const urls = await createTestDatabases(label, names);
  const sources = Object.fromEntries(LEGACY_SOURCES.map((s) => [s, urls[SOURCE_INFO[s].database]])) as SourceUrls;
  return { ...sources, federation: urls[FEDERATION_DATABASE.database] };
}
