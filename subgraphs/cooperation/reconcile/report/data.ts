import type { Knex } from 'knex';
import { instant, StoredFinding, storedFinding, toAdministratorLoad, toRun } from '../../store/mapper';
import { busiestAdministrators, findingsPerKind, RunTallies, runTallies } from '../../store/report';
import { latestCompletedRun, runById } from '../../store/runs';
import { ReconcileError } from '../gateway-client';

/** What the report shows of one run, read from the cooperation store. */

export interface ReportRun {
  id: number;
  /** completed, or running/abandoned when a run id was asked for explicitly. */
  status: string;
  asOf: string;
  startedAt: string;
  finishedAt: string | null;
  purpose: string;
  pages: number;
  records: number;
  subjects: number;
  findings: number;
  /** Times the run was resumed after an interruption. */
  resumed: number;
}

/** A stored finding as the report lists it, with when it was first detected (YYYY-MM-DD, UTC). */
export type ReportFinding = StoredFinding & { detectedAt: string };

export interface ReportAdministrator {
  source: string;
  administrator: string;
  name: string | null;
  division: string;
  taxOfficeCode: string;
  households: number;
}

export interface ReportData extends Omit<RunTallies, 'administrators'> {
  run: ReportRun;
  /** Tax administrators' loads: totals, and the most loaded. */
  administrators: RunTallies['administrators'] & { top: ReportAdministrator[] };
  /** The findings listed per kind (at most `rowsPerKind`, by area, then taxpayer), with the kind's true total. */
  lists: { kind: string; total: number; rows: ReportFinding[] }[];
  rowsPerKind: number;
}

export interface ReportOptions {
  /** Findings listed per kind. @default 200 */
  rowsPerKind?: number;
  /** Administrators listed, most households first. @default 20 */
  topAdministrators?: number;
}

/** Reads a run from the cooperation store: the latest completed one, or `runId`. */
export async function loadReportData(db: Knex, runId?: number, opts: ReportOptions = {}): Promise<ReportData> {
  const rowsPerKind = opts.rowsPerKind ?? 200;
  const run = runId === undefined ? await latestCompletedRun(db) : await runById(db, String(runId));
  if (!run)
    throw new ReconcileError(
      runId === undefined
        ? 'no completed reconciliation run in the store: run `npm run reconcile` first'
        : `no reconciliation run ${runId} in the store`,
    );
  const [tallies, top, rows] = await Promise.all([
    runTallies(db, run.id),
    busiestAdministrators(db, run.id, opts.topAdministrators ?? 20),
    findingsPerKind(db, run.id, rowsPerKind),
  ]);

  const lists = new Map<string, ReportFinding[]>();
  for (const r of rows) {
    const list = lists.get(r.kind) ?? [];
    list.push({ ...storedFinding(r), detectedAt: instant(r.detected_at).slice(0, 10) });
    lists.set(r.kind, list);
  }
  return {
    run: { ...toRun(run), id: Number(run.id), resumed: run.resumed },
    ...tallies,
    administrators: {
      ...tallies.administrators,
      top: top.map(toAdministratorLoad),
    },
    lists: tallies.byKind.map(({ kind, findings }) => ({ kind, total: findings, rows: lists.get(kind) ?? [] })),
    rowsPerKind,
  };
}
