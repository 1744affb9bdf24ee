/**
 * Seeded legacy databases for a test file: the generator at a small size, with its ground truth.
 * Each label gets its own four databases, seeded once per test file.
 */
import type { Knex } from 'knex';
import { Client } from 'pg';
import type { Manifest } from '../../seeds/manifest';
import { seedAll } from '../../seeds/seed';
import type { SourceUrls } from '../../shared/sources';
import { Principal, signPrincipal } from '../../shared/principal';
import { issueDevToken, TokenRequest } from '../../gateway/auth/tokens';
import { sourceDatabasesFor } from './db';

export interface Seeded {
  urls: SourceUrls & { federation: string };
  manifest: Manifest;
}

export async function seededSources(label: string, taxpayers = 2000, seed = 42): Promise<Seeded> {
  const urls = await sourceDatabasesFor(label);
  const { manifest } = await seedAll({ taxpayers, seed, urls });
  return { urls, manifest };
}

/** One statement straight on a test database (the test's own look at the legacy rows, beside the subgraph's); numeric and int8 come back as text. */
export async function sqlRows<T = Record<string, any>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Counts the SQL statements a knex instance sends (its 'query' events), for N+1 checks. */
export function countQueries(db: Knex): { readonly count: number; readonly sql: string[]; reset(): void; stop(): void } {
  const sql: string[] = [];
  const listener = (q: { sql: string }) => void sql.push(q.sql);
  db.on('query', listener);
  return {
    get count() {
      return sql.length;
    },
    sql,
    reset: () => void sql.splice(0),
    stop: () => void db.removeListener('query', listener),
  };
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** The principal tests act as unless they say otherwise: an internal app that may see personal data. */
export const APP_PRINCIPAL: Principal = { sub: 'test-app', role: 'app', scopes: ['taxpayer:read', 'pii:read', 'audit:read'] };

/** A token the test gateway accepts (JWT_SECRET from test/support/env.ts). */
export function tokenFor(req: Omit<TokenRequest, 'subject'> & { subject?: string }): Promise<string> {
  return issueDevToken({ subject: `test-${req.role}`, ...req }, new TextEncoder().encode(process.env.JWT_SECRET!));
}

/**
 * Headers that authenticate a call: to a gateway, a bearer token (and a purpose); to a subgraph,
 * the principal signed as the gateway signs it. Both go along, so one helper serves either.
 */
export async function asPrincipal(principal: Principal = APP_PRINCIPAL): Promise<Record<string, string>> {
  const token = await tokenFor({
    role: principal.role,
    bank: principal.bank,
    scopes: principal.scopes.filter((s) => s !== 'taxpayer:read'),
    subject: principal.sub,
  });
  return {
    authorization: `Bearer ${token}`,
    'x-purpose': 'automated test',
    ...signPrincipal(principal, process.env.TAXGRAPH_PRINCIPAL_SECRET!, `test-${Math.random().toString(36).slice(2)}`),
  };
}

/** POSTs a GraphQL operation over real HTTP, as the app principal unless `headers` says otherwise. */
export async function graphql<T = Record<string, any>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers?: Record<string, string>,
): Promise<GraphQLResponse<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(headers ?? (await asPrincipal())) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as Omit<GraphQLResponse<T>, 'status'>;
  return { status: res.status, ...body };
}

/** Every string leaf of a response, with its path: to check that nothing legacy leaks (padding, raw codes). */
export function stringLeaves(value: unknown, path = '$'): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringLeaves(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, `${path}.${k}`));
  return [];
}
