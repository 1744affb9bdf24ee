/**
 * The source lists a reconciliation pages through, and what it takes from each page: the subjects
 * to judge, the registration events to count (task 1) and the households per tax administrator
 * (task 13). Only keys and dates travel here; the facts behind findings are cooperation's to fetch.
 */
import { LOCAL_CLOSED, NATIONAL_CLOSED, usable } from '../rules/subject';
import { subjectKey } from '../rules/facts';
import type { AdministratorHouseholds } from '../store/pages';

type Gql = <T>(name: string, query: string, variables: Record<string, unknown>) => Promise<T>;

export interface Candidate {
  /** The subject's key as cooperation names it when it is a taxpayer (`uscc:`), else the record's. */
  key: string;
  input: { uscc?: string; source?: string; id?: string; taxOfficeCode?: string; voucherNo?: string };
}

export interface PageRows {
  records: number;
  totalCount: number | null;
  hasNextPage: boolean;
  endCursor: string | null;
  candidates: Candidate[];
  /** "source|division|YYYY-MM|event" -> records. */
  events: Map<string, number>;
  administrators: Map<string, AdministratorHouseholds>;
}

export interface Pass {
  name: 'registry' | 'national' | 'local' | 'payments';
  /**
   * Whether the run first asks which subject each record without a USCC stands for (`findingSubjects`)
   * and judges only those not judged yet: late in a run most such records (an individual business's
   * local record, its payments under a citizen-ID TIN) stand for a subject an earlier pass judged.
   */
  resolveFirst?: boolean;
  /** The list's query field at the gateway. */
  list: string;
  fetch(gql: Gql, first: number, after: string | null): Promise<PageRows>;
}

interface Connection<T> {
  totalCount?: number | null;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: T }[];
}

const uscc = (u: string): Candidate => ({ key: subjectKey({ uscc: u }), input: { uscc: u } });
const record = (source: 'national-tax' | 'local-tax', id: string): Candidate => ({
  key: subjectKey({ source, id }),
  input: { source, id },
});

function page<T>(c: Connection<T>): Omit<PageRows, 'candidates' | 'events' | 'administrators'> & { nodes: T[] } {
  return {
    records: c.edges.length,
    totalCount: c.totalCount ?? null,
    hasNextPage: c.pageInfo.hasNextPage,
    endCursor: c.pageInfo.endCursor,
    nodes: c.edges.map((e) => e.node),
  };
}

function counter() {
  const events = new Map<string, number>();
  const count = (source: string, division: string, date: string | null | undefined, event: string) => {
    if (!date) return;
    const key = `${source}|${division}|${date.slice(0, 7)}|${event}`;
    events.set(key, (events.get(key) ?? 0) + 1);
  };
  return { events, count };
}

function loads() {
  const administrators = new Map<string, AdministratorHouseholds>();
  const add = (source: string, a: { code: string; name: string | null } | null, division: string, office: string) => {
    if (!a) return;
    const k = `${source}|${a.code}`;
    const e = administrators.get(k) ?? { source, code: a.code, name: a.name, division, taxOfficeCode: office, households: 0 };
    e.households += 1;
    administrators.set(k, e);
  };
  return { administrators, add };
}

const registry: Pass = {
  name: 'registry',
  list: 'registrations',
  async fetch(gql, first, after) {
    type Node = {
      id: string;
      uscc: string | null;
      division: string;
      establishedOn: string | null;
      cancelledOn: string | null;
      migratedOutOn: string | null;
      changes: { changedOn: string }[];
    };
    const data = await gql<{ registrations: Connection<Node> }>(
      'ReconcileRegistry',
      `query ReconcileRegistry($first: Int!, $after: String) { registrations(first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { id uscc division establishedOn cancelledOn migratedOutOn changes { changedOn } } } } }`,
      { first, after },
    );
    const p = page(data.registrations);
    const { events, count } = counter();
    for (const n of p.nodes) {
      count('business-registry', n.division, n.establishedOn, 'new');
      count('business-registry', n.division, n.cancelledOn, 'deregistered');
      count('business-registry', n.division, n.migratedOutOn, 'migrated');
      for (const c of n.changes) count('business-registry', n.division, c.changedOn, 'changed');
    }
    return { ...p, candidates: p.nodes.filter((n) => n.uscc).map((n) => uscc(n.uscc!)), events, administrators: new Map() };
  },
};

const national: Pass = {
  name: 'national',
  list: 'nationalTaxAccounts',
  async fetch(gql, first, after) {
    type Node = {
      id: string;
      division: string;
      registeredOn: string;
      deregisteredOn: string | null;
      status: string;
      administrator: { code: string; name: string | null } | null;
      taxOffice: { code: string };
      changes: { item: string; changedOn: string }[];
      dataIssues: { field: string }[];
      taxpayer: { uscc: string } | null;
    };
    const data = await gql<{ nationalTaxAccounts: Connection<Node> }>(
      'ReconcileNationalTax',
      `query ReconcileNationalTax($first: Int!, $after: String) { nationalTaxAccounts(first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { id division registeredOn deregisteredOn status
          administrator { code name } taxOffice { code } changes { item changedOn } dataIssues { field } taxpayer { uscc } } } } }`,
      { first, after },
    );
    const p = page(data.nationalTaxAccounts);
    const { events, count } = counter();
    const { administrators, add } = loads();
    for (const n of p.nodes) {
      if (!usable(n)) continue;
      count('national-tax', n.division, n.registeredOn, 'new');
      count('national-tax', n.division, n.deregisteredOn, 'deregistered');
      for (const c of n.changes) count('national-tax', n.division, c.changedOn, c.item === 'MIGRATED_OUT' ? 'migrated' : 'changed');
      if (!NATIONAL_CLOSED.has(n.status)) add('national-tax', n.administrator, n.division, n.taxOffice.code);
    }
    const candidates = p.nodes.map((n) => (n.taxpayer ? uscc(n.taxpayer.uscc) : record('national-tax', n.id)));
    return { ...p, candidates, events, administrators };
  },
};

const local: Pass = {
  name: 'local',
  list: 'localTaxAccounts',
  resolveFirst: true,
  async fetch(gql, first, after) {
    type Node = {
      id: string;
      division: string;
      registeredOn: string | null;
      deregisteredOn: string | null;
      status: string | null;
      administrator: { code: string; name: string | null } | null;
      taxOffice: { code: string };
      dataIssues: { field: string }[];
      taxpayer: { uscc: string } | null;
    };
    const data = await gql<{ localTaxAccounts: Connection<Node> }>(
      'ReconcileLocalTax',
      `query ReconcileLocalTax($first: Int!, $after: String) { localTaxAccounts(first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { id division registeredOn deregisteredOn status
          administrator { code name } taxOffice { code } dataIssues { field } taxpayer { uscc } } } } }`,
      { first, after },
    );
    const p = page(data.localTaxAccounts);
    const { events, count } = counter();
    const { administrators, add } = loads();
    for (const n of p.nodes) {
      if (!usable(n)) continue;
      count('local-tax', n.division, n.registeredOn, 'new');
      count('local-tax', n.division, n.deregisteredOn, 'deregistered');
      if (!LOCAL_CLOSED.has(n.status ?? '')) add('local-tax', n.administrator, n.division, n.taxOffice.code);
    }
    const candidates = p.nodes.map((n) => (n.taxpayer ? uscc(n.taxpayer.uscc) : record('local-tax', n.id)));
    return { ...p, candidates, events, administrators };
  },
};

const payments: Pass = {
  name: 'payments',
  list: 'payments',
  resolveFirst: true,
  async fetch(gql, first, after) {
    type Node = { taxOfficeCode: string; voucherNo: string; taxpayer: { uscc: string } | null };
    const data = await gql<{ payments: Connection<Node> }>(
      'ReconcilePayments',
      `query ReconcilePayments($first: Int!, $after: String) { payments(first: $first, after: $after) {
        pageInfo { hasNextPage endCursor } edges { node { taxOfficeCode voucherNo taxpayer { uscc } } } } }`,
      { first, after },
    );
    const p = page(data.payments);
    const candidates = p.nodes.map((n) =>
      n.taxpayer
        ? uscc(n.taxpayer.uscc)
        : {
            key: subjectKey({ source: 'treasury-bank', taxOfficeCode: n.taxOfficeCode, voucherNo: n.voucherNo }),
            input: { source: 'treasury-bank', taxOfficeCode: n.taxOfficeCode, voucherNo: n.voucherNo },
          },
    );
    return { ...p, candidates, events: new Map(), administrators: new Map() };
  },
};

export const PASSES: readonly Pass[] = [registry, national, local, payments];

/** Records per page a pass reads: the payments list's nodes are light, so its pages are twice as long. */
export const pageFirst = (pass: Pass, pageSize: number): number => (pass.name === 'payments' ? Math.min(500, pageSize * 2) : pageSize);
