/**
 * What the load is made of: requests drawn from the seeded data (different taxpayers, pages and
 * vouchers, so no system wins by answering one request from a cache), read through the source
 * subgraphs' own API (no legacy table names outside the subgraphs), and each scenario's bodies as
 * each compared system receives them.
 */
import { Kind, parse, print, visit } from 'graphql';
import { issueDevToken } from '../gateway/auth/tokens';
import { OperationManifest } from '../gateway/operations/manifest';
import { Principal, signPrincipal } from '../shared/principal';
import { ANALYST_PAGE, PRINCIPALS, Q360 } from './scenarios';
import { post, SubgraphStack } from './support';

export interface Workload {
  /** Registry USCCs, in a fixed pseudo-random order. */
  usccs: string[];
  /** Analyst pages: a filter and the cursor of the page before (null: the first page). */
  pages: { filter: Record<string, string>; after: string | null }[];
  /** The bank whose payments are looked up (the one with most payments among the newest). */
  bank: string;
  vouchers: { taxOfficeCode: string; voucherNo: string }[];
}

/** A small deterministic generator (mulberry32), so every run draws the same requests. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;

/** Asks a source subgraph directly, as the app principal (signed as a gateway signs it). */
function askSubgraph(
  stack: Pick<SubgraphStack, 'urls' | 'secrets'>,
  subgraph: string,
  query: string,
  variables: Record<string, unknown>,
  principal: Principal = PRINCIPALS.app,
) {
  return post(
    stack.urls[subgraph],
    { query, variables },
    signPrincipal(principal, stack.secrets.TAXGRAPH_PRINCIPAL_SECRET, `bench-${Date.now()}`),
  ).then((r) => {
    if (r.errors?.length || !r.data)
      throw new Error(`${subgraph} refused the benchmark's sampling query: ${JSON.stringify(r.errors ?? r).slice(0, 400)}`);
    return r.data;
  });
}

/**
 * Draws the requests: USCCs from registry records established in `windows` random 30-day windows
 * (spread over the whole data whatever its size, each window found through the registry's own
 * filter), analyst pages over the divisions met there, and up to `vouchers` payments of one bank.
 */
export async function drawWorkload(
  stack: Pick<SubgraphStack, 'urls' | 'secrets'>,
  opts: { seed?: number; windows?: number; vouchers?: number } = {},
): Promise<Workload> {
  const next = random(opts.seed ?? 42);
  const from = Date.parse('1995-12-01');
  const to = Date.parse('2016-06-30');
  const usccs = new Set<string>();
  const divisions = new Map<string, number>();
  const windowQuery = `query($filter: RegistrationFilter) { registrations(first: 50, filter: $filter) { edges { node { uscc division } } } }`;
  for (let w = 0; w < (opts.windows ?? 60); w++) {
    const start = from + Math.floor(next() * ((to - from) / DAY)) * DAY;
    const filter = {
      establishedFrom: new Date(start).toISOString().slice(0, 10),
      establishedTo: new Date(start + 30 * DAY).toISOString().slice(0, 10),
    };
    const data = await askSubgraph(stack, 'business-registry', windowQuery, { filter });
    for (const { node } of data.registrations.edges as { node: { uscc: string | null; division: string } }[]) {
      if (node.uscc) usccs.add(node.uscc);
      divisions.set(node.division, (divisions.get(node.division) ?? 0) + 1);
    }
  }
  if (usccs.size < 20) throw new Error(`only ${usccs.size} taxpayers drawn from the registry: seed more`);

  // Analyst pages: the biggest divisions, with and without a status filter, up to 5 pages deep each.
  const pages: Workload['pages'] = [];
  const pageQuery = `query($filter: RegistrationFilter, $after: String) { registrations(first: 100, after: $after, filter: $filter) { pageInfo { hasNextPage endCursor } } }`;
  const topDivisions = [...divisions.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([d]) => d);
  for (const division of topDivisions) {
    for (const filter of [{ division }, { division, status: 'ACTIVE' }] as Record<string, string>[]) {
      let after: string | null = null;
      for (let p = 0; p < 5; p++) {
        pages.push({ filter, after });
        const data = await askSubgraph(stack, 'business-registry', pageQuery, { filter, after });
        if (!data.registrations.pageInfo.hasNextPage) break;
        after = data.registrations.pageInfo.endCursor;
      }
    }
  }

  // The bank with most payments among the newest, then its payments, newest first.
  const newest = await askSubgraph(stack, 'treasury-bank', `{ payments(first: 500) { edges { node { bankCode } } } }`, {});
  const perBank = new Map<string, number>();
  for (const { node } of newest.payments.edges as { node: { bankCode: string } }[])
    perBank.set(node.bankCode, (perBank.get(node.bankCode) ?? 0) + 1);
  const bank = [...perBank.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (!bank) throw new Error('the treasury-bank source has no payments: seed more');
  const vouchers: Workload['vouchers'] = [];
  const paymentsQuery = `query($filter: PaymentFilter, $after: String) { payments(first: 500, after: $after, filter: $filter) { edges { node { taxOfficeCode voucherNo } } pageInfo { hasNextPage endCursor } } }`;
  let after: string | null = null;
  while (vouchers.length < (opts.vouchers ?? 2000)) {
    const data = await askSubgraph(stack, 'treasury-bank', paymentsQuery, { filter: { bankCode: bank }, after });
    vouchers.push(...(data.payments.edges as { node: Workload['vouchers'][number] }[]).map((e) => e.node));
    if (!data.payments.pageInfo.hasNextPage) break;
    after = data.payments.pageInfo.endCursor;
  }
  return { usccs: shuffle([...usccs], next), pages: shuffle(pages, next), bank, vouchers: shuffle(vouchers, next) };
}

function shuffle<T>(items: T[], next: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

// ---------------------------------------------------------------------------------------------
// Scenarios

/** The systems compared: taxgraph's gateway, its peers, and the limits. */
export type SystemKind = 'taxgraph' | 'apollo' | 'hive' | 'direct' | 'monolith';

export interface Scenario {
  key: '360' | 'analyst' | 'bank';
  title: string;
  /** The operation's name, as the audit trail records it. */
  operationName: string;
  /** Who asks: the principal the peers sign for, and what taxgraph's token says. */
  principal: Principal;
  /** The systems this scenario compares, the baseline (plain @apollo/gateway) among them. */
  systems: SystemKind[];
  /** The direct subgraph's name, for a single-source scenario. */
  direct?: string;
  /** The request bodies one system receives, the same requests in the same order for every system. */
  bodies(system: SystemKind): string[];
  /** The part of an answer every system must give identically (the direct call lacks what another source adds). */
  comparable(system: SystemKind, data: any): unknown;
  /** How the operation reaches each system, where that differs. */
  sentAs?: Partial<Record<SystemKind, string>>;
  /** The persisted operation a peer must learn before hash-only requests work (Apollo's APQ). */
  persisted?: { query: string; hash: string };
}

const PAYMENT_STATUS = new OperationManifest().operations.find((o) => o.name === 'PaymentStatus')!;

/** PaymentStatus less the taxpayer's name, which the registry adds: what treasury-bank alone answers. */
const PAYMENT_STATUS_DIRECT = print(
  visit(parse(PAYMENT_STATUS.body), {
    Field(node, _key, _parent, _path, ancestors) {
      const inTaxpayer = ancestors.some(
        (a) => (a as { kind?: string }).kind === Kind.FIELD && (a as { name: { value: string } }).name.value === 'taxpayer',
      );
      return inTaxpayer && node.name.value === 'name' ? null : undefined;
    },
  }),
);

export function scenarios(w: Workload): Scenario[] {
  const json = (o: unknown) => JSON.stringify(o);
  const same = (_s: SystemKind, data: unknown) => data;
  return [
    {
      key: '360',
      title: 'taxpayer 360 view (one taxpayer, all four sources)',
      operationName: 'Taxpayer360',
      principal: PRINCIPALS.app,
      systems: ['taxgraph', 'apollo', 'hive', 'monolith'],
      bodies: () => w.usccs.map((uscc) => json({ query: Q360, variables: { uscc } })),
      comparable: same,
    },
    {
      key: 'analyst',
      title: "analyst's page of 100 taxpayers (registry, national tax, local tax)",
      operationName: 'AnalystPage',
      principal: PRINCIPALS.analyst,
      systems: ['taxgraph', 'apollo', 'hive'],
      bodies: () => w.pages.map((variables) => json({ query: ANALYST_PAGE, variables })),
      comparable: same,
    },
    {
      key: 'bank',
      title: "bank's persisted payment-status lookup (PaymentStatus: treasury-bank, and the registry for the payer's name)",
      operationName: PAYMENT_STATUS.name,
      principal: PRINCIPALS.bank(w.bank),
      systems: ['taxgraph', 'apollo', 'hive', 'direct'],
      direct: 'treasury-bank',
      bodies: (system) =>
        w.vouchers.map((variables) =>
          system === 'direct'
            ? json({ query: PAYMENT_STATUS_DIRECT, variables })
            : json({ extensions: { persistedQuery: { version: 1, sha256Hash: PAYMENT_STATUS.id } }, variables }),
        ),
      // The direct call has no registry behind it: compared without the payer's name.
      comparable: (_s, data) =>
        data && { payment: data.payment && { ...data.payment, taxpayer: data.payment.taxpayer && { uscc: data.payment.taxpayer.uscc } } },
      sentAs: {
        taxgraph: 'hash (committed manifest)',
        apollo: 'hash (APQ, registered once)',
        hive: 'hash (persistedDocuments: the manifest)',
        direct: 'query text, without the name',
      },
      persisted: { query: PAYMENT_STATUS.body, hash: PAYMENT_STATUS.id },
    },
  ];
}

/** Bearer tokens for taxgraph's gateway, one per scenario's principal. */
export async function tokensFor(jwtSecret: string, bank: string): Promise<Record<Scenario['key'], string>> {
  const key = new TextEncoder().encode(jwtSecret);
  return {
    '360': await issueDevToken({ role: 'app', subject: PRINCIPALS.app.sub, scopes: ['pii:read'] }, key),
    analyst: await issueDevToken({ role: 'analyst', subject: PRINCIPALS.analyst.sub }, key),
    bank: await issueDevToken({ role: 'bank', subject: 'bench-bank', bank }, key),
  };
}

/** Headers taxgraph's gateway needs for a scenario: the token, and the purpose analysts must state. */
export function taxgraphHeaders(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}`, 'x-purpose': 'benchmark' };
}
