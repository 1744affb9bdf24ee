import type { Knex } from 'knex';
import type { AdministratorLoadRow, FindingRow } from './rows';

/** Reads of one run for the reconciliation report (reconcile/report): its findings counted and listed. */

export interface RunTallies {
  /** Findings per kind (kinds without findings are absent). */
  byKind: { kind: string; findings: number }[];
  /** Findings per area and kind; division null when the finding has no area. */
  byDivision: { division: string | null; kind: string; findings: number }[];
  /**
   * Findings per period and kind: `year` is the finding's year (per-year findings, and the year of
   * dated ones), `quarter` (YYYY-Qn) the quarter of period_from when the finding is dated; both
   * null for standing findings.
   */
  byPeriod: { year: number | null; quarter: string | null; kind: string; findings: number }[];
  /** Registration events per source, event and month (YYYY-MM), all areas. */
  registrations: { source: string; event: string; month: string; records: number }[];
  /** Administrators with households, and the households in all. */
  administrators: { count: number; households: number };
}

export async function runTallies(db: Knex, runId: string): Promise<RunTallies> {
  const findings = () => db<FindingRow>('finding').where('run_id', runId);
  const [byKind, byDivision, byPeriod, registrations, [administrators]] = await Promise.all([
    findings().select('kind', db.raw('count(*)::int AS findings')).groupBy('kind').orderBy('kind'),
    findings()
      .select('division', 'kind', db.raw('count(*)::int AS findings'))
      .groupBy('division', 'kind')
      .orderByRaw('division NULLS LAST, kind'),
    findings()
      .select(
        db.raw('coalesce(year, extract(year FROM period_from)::int) AS year'),
        db.raw(`CASE WHEN period_from IS NOT NULL THEN to_char(period_from, 'YYYY-"Q"Q') END AS quarter`),
        'kind',
        db.raw('count(*)::int AS findings'),
      )
      .groupByRaw('1, 2, 3')
      .orderByRaw('1 NULLS LAST, 2 NULLS FIRST, 3'),
    db('registration_event_count')
      .where('run_id', runId)
      .select('source', 'event', 'month', db.raw('sum(records)::int AS records'))
      .groupBy('source', 'event', 'month')
      .orderBy(['month', 'source', 'event']),
    db('administrator_load')
      .where('run_id', runId)
      .select(db.raw('count(*)::int AS count'), db.raw('coalesce(sum(households), 0)::int AS households')),
  ]);
  return {
    byKind: byKind as unknown as RunTallies['byKind'],
    byDivision: byDivision as unknown as RunTallies['byDivision'],
    byPeriod: byPeriod as unknown as RunTallies['byPeriod'],
    registrations: registrations as RunTallies['registrations'],
    administrators: administrators as RunTallies['administrators'],
  };
}

/** The administrators with the most households, then by source and code. */
export async function busiestAdministrators(db: Knex, runId: string, limit: number): Promise<AdministratorLoadRow[]> {
  return db<AdministratorLoadRow>('administrator_load')
    .where('run_id', runId)
    .select('*')
    .orderBy([{ column: 'households', order: 'desc' }, 'source', 'administrator'])
    .limit(limit);
}

/** Up to `perKind` findings of each kind, by area (none last), then taxpayer or record, then key. */
export async function findingsPerKind(db: Knex, runId: string, perKind: number): Promise<FindingRow[]> {
  return (await db
    .from(
      db('finding')
        .where('run_id', runId)
        .select(
          '*',
          db.raw('row_number() OVER (PARTITION BY kind ORDER BY division NULLS LAST, coalesce(uscc, legacy_id, record_id), key) AS rn'),
        )
        .as('f'),
    )
    .where('rn', '<=', perKind)
    .orderBy(['kind', 'rn'])
    .select('*')) as FindingRow[];
}
