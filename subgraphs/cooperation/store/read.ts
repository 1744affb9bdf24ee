import type { Knex } from 'knex';
import { badUserInput } from '../../../shared/errors';
import { decodeCursor, toConnection } from '../../kit/connection';
import { FINDING_KINDS, FINDING_RULES } from '../rules/reference';
import type { AdministratorFilter } from '../types/administrator-filter';
import type { FindingFilter } from '../types/finding-filter';
import type { ReconciliationRun } from '../types/reconciliation-run';
import type { RegistrationEventFilter } from '../types/registration-event-filter';
import { toAdministratorLoad, toEventCount, toFinding, toRun } from './mapper';
import type { AdministratorLoadRow, FindingRow, RegistrationEventCountRow } from './rows';
import { latestCompletedRun } from './runs';

/** Reads of the cooperation store for the graph's lists: always the latest completed run. */

/** The latest completed run, or null when none has completed (or the store does not exist yet). */
export async function latestRun(db: Knex): Promise<ReconciliationRun | null> {
  const row = await latestCompletedRun(db);
  return row ? toRun(row) : null;
}

const prefix = (name: string, value: string, digits: RegExp) => {
  if (!digits.test(value)) throw badUserInput(`${name} '${value}' is not a code or a prefix of one`, { argument: name });
  return `${value}%`;
};

function applyFilter(q: Knex.QueryBuilder, f: FindingFilter | null | undefined): Knex.QueryBuilder {
  if (!f) return q;
  if (f.kinds?.length) q.whereIn('kind', f.kinds);
  if (f.task != null) {
    const kinds = FINDING_KINDS.filter((k) => FINDING_RULES[k].task === f.task);
    if (!kinds.length) {
      const tasks = [...new Set(FINDING_KINDS.map((k) => FINDING_RULES[k].task))].sort((a, b) => a - b);
      throw badUserInput(`task must be one of the joint tasks with checks (${tasks.join(', ')}), got ${f.task}`, { argument: 'task' });
    }
    q.whereIn('kind', kinds);
  }
  if (f.division) q.where('division', 'like', prefix('division', f.division, /^\d{2,6}$/));
  if (f.industryCode) q.where('industry_code', 'like', prefix('industryCode', f.industryCode, /^[A-Z0-9]{1,4}$/));
  if (f.taxOfficeCode) q.whereRaw('? = ANY(tax_office_codes)', [f.taxOfficeCode]);
  if (f.source) q.whereRaw('? = ANY(sources)', [f.source]);
  if (f.uscc) q.where('uscc', f.uscc);
  if (f.year != null) q.where('year', f.year);
  if (f.periodFrom) q.where('period_to', '>=', f.periodFrom);
  if (f.periodTo) q.where('period_from', '<=', f.periodTo);
  return q;
}

export async function findingsPage(
  db: Knex,
  runId: string,
  filter: FindingFilter | null | undefined,
  limit: number,
  after: string | null | undefined,
) {
  const [afterKey] = decodeCursor(after, 1) ?? [];
  const rows = await applyFilter(db<FindingRow>('finding').where('run_id', runId), filter)
    .modify((q) => (afterKey ? q.where('key', '>', afterKey) : q))
    .orderBy('key')
    .limit(limit + 1)
    .select('*');
  const [{ n }] = await applyFilter(db('finding').where('run_id', runId), filter).count({ n: '*' });
  return toConnection(rows as FindingRow[], limit, (r) => [r.key], toFinding, Number(n));
}

export async function findingCounts(
  db: Knex,
  runId: string,
  filter: FindingFilter | null | undefined,
  by: 'kind' | 'division' | 'year' | 'period',
) {
  const column = { kind: 'kind', division: 'division', year: 'year', period: 'period_from' }[by];
  const rows = (await applyFilter(db('finding').where('run_id', runId), filter)
    .select(db.raw(`${column}::text AS "group"`))
    .count({ n: '*' })
    .groupByRaw(column)
    .orderByRaw(`${column} NULLS LAST`)) as { group: string | null; n: string }[];
  return rows.map((r) => ({ group: r.group === null ? 'none' : by === 'period' ? r.group.slice(0, 10) : r.group, findings: Number(r.n) }));
}

export async function eventCountsPage(
  db: Knex,
  runId: string,
  f: RegistrationEventFilter | null | undefined,
  limit: number,
  after: string | null | undefined,
) {
  const key = decodeCursor(after, 4);
  const q = db('registration_event_count').where('run_id', runId);
  if (f?.source) q.where('source', f.source);
  if (f?.division) q.where('division', 'like', prefix('division', f.division, /^\d{2,6}$/));
  if (f?.from) q.where('month', '>=', f.from);
  if (f?.to) q.where('month', '<=', f.to);
  if (f?.event) q.where('event', f.event);
  const [{ n }] = await q.clone().count({ n: '*' });
  if (key) q.whereRaw('(source, division, month, event) > (?, ?, ?, ?)', key);
  const rows = (await q
    .orderBy(['source', 'division', 'month', 'event'])
    .limit(limit + 1)
    .select('*')) as RegistrationEventCountRow[];
  return toConnection(rows, limit, (r) => [r.source, r.division, r.month, r.event], toEventCount, Number(n));
}

export async function administratorsPage(
  db: Knex,
  runId: string,
  f: AdministratorFilter | null | undefined,
  limit: number,
  after: string | null | undefined,
) {
  const key = decodeCursor(after, 2);
  const q = db('administrator_load').where('run_id', runId);
  if (f?.source) q.where('source', f.source);
  if (f?.division) q.where('division', 'like', prefix('division', f.division, /^\d{2,6}$/));
  if (f?.taxOfficeCode) q.where('tax_office_code', f.taxOfficeCode);
  const [{ n }] = await q.clone().count({ n: '*' });
  if (key) q.whereRaw('(source, administrator) > (?, ?)', key);
  const rows = (await q
    .orderBy(['source', 'administrator'])
    .limit(limit + 1)
    .select('*')) as AdministratorLoadRow[];
  return toConnection(rows, limit, (r) => [r.source, r.administrator], toAdministratorLoad, Number(n));
}

/** 'YYYY-Qn' -> its first and last day. */
export function quarterBounds(quarter: string): { from: string; to: string; year: number } {
  const m = /^(\d{4})-Q([1-4])$/.exec(quarter);
  if (!m) throw badUserInput(`quarter must look like 2015-Q4, got '${quarter}'`, { argument: 'quarter' });
  const year = Number(m[1]);
  const q = Number(m[2]);
  const from = `${year}-${String(q * 3 - 2).padStart(2, '0')}-01`;
  const end = new Date(Date.UTC(year, q * 3, 0)).toISOString().slice(0, 10);
  return { from, to: end, year };
}

/**
 * Joint audit candidates (task 8): enterprises (USCC entity type 1) with findings in the quarter
 * (per-period findings of a period inside it, per-year findings of its year, and standing ones),
 * ranked per area by distinct kinds, then findings, then USCC.
 */
export async function auditCandidates(db: Knex, runId: string, quarter: string, perArea: number, division: string | null | undefined) {
  const { from, to, year } = quarterBounds(quarter);
  const inQuarter = (q: Knex.QueryBuilder) =>
    q
      .where('run_id', runId)
      .whereNotNull('uscc')
      .whereRaw("substr(uscc, 2, 1) = '1'")
      .where((w) =>
        w
          .whereBetween('period_from', [from, to])
          .orWhere((y) => y.whereNull('period_from').where((z) => z.where('year', year).orWhereNull('year'))),
      )
      .modify((x) => (division ? x.where('division', 'like', prefix('division', division, /^\d{2,6}$/)) : x));
  const ranked = (await db
    .with('scored', (w) =>
      inQuarter(w.from('finding'))
        .select('uscc', db.raw('min(division) AS division'), db.raw('count(DISTINCT kind)::int AS kinds'), db.raw('count(*)::int AS n'))
        .groupBy('uscc'),
    )
    .with('ranked', (w) =>
      w.from('scored').select('*', db.raw('row_number() OVER (PARTITION BY division ORDER BY kinds DESC, n DESC, uscc) AS rank')),
    )
    .from('ranked')
    .where('rank', '<=', perArea)
    .whereNotNull('division')
    .orderBy(['division', 'rank'])
    .select('*')) as { uscc: string; division: string; kinds: number; n: number; rank: string }[];
  const findings = ranked.length
    ? ((await inQuarter(db('finding'))
        .whereIn(
          'uscc',
          ranked.map((r) => r.uscc),
        )
        .orderBy('key')
        .select('*')) as FindingRow[])
    : [];
  return ranked.map((r) => ({
    rank: Number(r.rank),
    division: r.division,
    taxpayer: { uscc: r.uscc },
    kindCount: r.kinds,
    findingCount: r.n,
    findings: findings.filter((f) => f.uscc === r.uscc).map(toFinding),
  }));
}
