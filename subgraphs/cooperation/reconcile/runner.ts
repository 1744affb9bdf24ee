import knex, { Knex } from 'knex';
import { Client } from 'pg';
import type { RuleFinding } from '../rules/finding';
import { migrateStore, RUN_LOCK } from '../store/schema';
import { gatewayClient, ReconcileError } from './gateway-client';
import { PASSES, Pass, PageRows } from './passes';

/**
 * `npm run reconcile`: pages through the federated graph through the gateway, source list by
 * source list, asks cooperation's `findingsFor` about each subject not judged yet in this run, and
 * stores the findings, the registration exchange counts and the administrators' loads in the
 * cooperation store. Each page is one transaction with the checkpoint, so an interrupted run
 * resumes where it stopped (or `restart` abandons it), and no subject or finding is stored twice.
 */
export interface ReconcileOptions {
  gatewayUrl: string;
  token: string;
  purpose: string;
  /** The federation's database (TAXGRAPH_DATABASE_URL). */
  databaseUrl: string;
  /** The day the data stands at; default: cooperation's own (TAXGRAPH_AS_OF, else today). */
  asOf?: string;
  /** Records per page of a source list (the analyst cost budget allows about 400). @default 250 */
  pageSize?: number;
  /** Abandon a run left unfinished instead of resuming it. */
  restart?: boolean;
  /** Stop (as if killed) after this many pages: for drills. */
  stopAfterPages?: number;
  /** Completed runs kept, the latest included. @default 5 */
  keepRuns?: number;
  onProgress?: (p: Progress) => void;
  /** Every gateway operation with its time to answer, ms. */
  onOperation?: (name: string, ms: number) => void;
}

export interface Progress {
  runId: number;
  pass: Pass['name'];
  passIndex: number;
  passes: number;
  pages: number;
  records: number;
  subjects: number;
  findings: number;
  /** The pass's total records, when the list says (`totalCount`). */
  passTotal: number | null;
  passDone: number;
}

export interface RunSummary {
  runId: number;
  status: 'completed' | 'stopped';
  resumed: boolean;
  asOf: string;
  startedAt: string;
  finishedAt: string | null;
  pages: number;
  records: number;
  subjects: number;
  findings: number;
  operations: number;
}

interface RunRow {
  id: string;
  status: string;
  as_of: string;
  phase: string | null;
  cursor: string | null;
  pages: number;
  records: number;
  subjects: number;
  findings: number;
  started_at: Date;
  finished_at: Date | null;
}

export function openStore(url: string): Knex {
  return knex({ client: 'pg', connection: { connectionString: url, application_name: 'taxgraph-reconcile' }, pool: { min: 0, max: 4 } });
}

const FINDINGS_QUERY = `query ReconcileFindings($subjects: [FindingSubjectInput!]!, $asOf: Date) {
  findingsFor(subjects: $subjects, asOf: $asOf) {
    subject asOf
    findings { id kind uscc legacyId record { source id } sources detail values { source field value } division industryCode taxOfficeCodes periodFrom periodTo year }
  }
}`;

/** A finding as `findingsFor` sends it: the rules' finding, its key as `id`. */
export type WireFinding = Omit<RuleFinding, 'key' | 'kind' | 'basis' | 'record' | 'sources' | 'values'> & {
  id: string;
  kind: string;
  record: { source: string; id: string };
  sources: string[];
  values: { source: string; field: string; value: string | null }[];
};

export async function reconcile(opts: ReconcileOptions): Promise<RunSummary> {
  const pageSize = opts.pageSize ?? 250;
  const db = openStore(opts.databaseUrl);
  const lock = new Client({ connectionString: opts.databaseUrl, application_name: 'taxgraph-reconcile-lock' });
  let operations = 0;
  const gql = gatewayClient({
    url: opts.gatewayUrl,
    token: opts.token,
    purpose: opts.purpose,
    onOperation: (name, ms) => {
      operations++;
      opts.onOperation?.(name, ms);
    },
  });
  await lock.connect();
  try {
    await migrateStore(db);
    const got = await lock.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [...RUN_LOCK]);
    if (!got.rows[0].ok) throw new ReconcileError('another reconciliation is running against this store; wait for it to finish');

    // Resume the unfinished run, or start one.
    let run = await db<RunRow>('reconciliation_run').where({ status: 'running' }).orderBy('id', 'desc').first();
    const resumed = !!run && !opts.restart;
    if (run && opts.restart) {
      await db('reconciliation_run').where({ status: 'running' }).update({ status: 'abandoned', finished_at: db.fn.now() });
      run = undefined;
    }
    if (!run) {
      // The as-of date is cooperation's unless given: ask it once (one subject-free call).
      const asOf =
        opts.asOf ??
        (await gql<{ findingsFor: unknown[]; cooperationAsOf: string }>('ReconcileAsOf', 'query ReconcileAsOf { cooperationAsOf }', {}))
          .cooperationAsOf;
      [run] = await db('reconciliation_run')
        .insert({
          status: 'running',
          as_of: asOf,
          gateway: opts.gatewayUrl,
          purpose: opts.purpose,
          page_size: pageSize,
          phase: PASSES[0].name,
          cursor: null,
        })
        .returning('*');
    } else {
      await db('reconciliation_run').where({ id: run.id }).increment('resumed', 1);
    }
    const runId = Number(run!.id);
    const asOf = typeof run!.as_of === 'string' ? run!.as_of : (run!.as_of as unknown as Date).toISOString().slice(0, 10);
    let { pages, records, subjects, findings } = run!;
    let phase = run!.phase;
    let cursor = run!.cursor;
    let pagesThisSession = 0;

    for (let p = PASSES.findIndex((x) => x.name === phase); p >= 0 && p < PASSES.length; p++) {
      const pass = PASSES[p];
      let passDone = 0;
      let passTotal: number | null = null;
      for (;;) {
        if (opts.stopAfterPages !== undefined && pagesThisSession >= opts.stopAfterPages) {
          return {
            runId,
            status: 'stopped',
            resumed,
            asOf,
            startedAt: run!.started_at.toISOString(),
            finishedAt: null,
            pages,
            records,
            subjects,
            findings,
            operations,
          };
        }
        const page: PageRows = await pass.fetch(gql, pass.name === 'payments' ? Math.min(500, pageSize * 2) : pageSize, cursor);
        passTotal = page.totalCount ?? passTotal;
        // Subjects met already in this run are not asked again.
        const candidates = [...new Map(page.candidates.map((c) => [c.key, c])).values()];
        const known = candidates.length
          ? new Set(
              (
                await db('reconciliation_subject')
                  .where({ run_id: runId })
                  .whereIn(
                    'subject',
                    candidates.map((c) => c.key),
                  )
                  .select('subject')
              ).map((r: { subject: string }) => r.subject),
            )
          : new Set<string>();
        const ask = candidates.filter((c) => !known.has(c.key));
        const judged: { subject: string; findings: WireFinding[] }[] = [];
        for (let k = 0; k < ask.length; k += pageSize) {
          const chunk = ask.slice(k, k + pageSize);
          const data = await gql<{ findingsFor: { subject: string; asOf: string; findings: WireFinding[] }[] }>(
            'ReconcileFindings',
            FINDINGS_QUERY,
            { subjects: chunk.map((c) => c.input), asOf },
          );
          judged.push(...data.findingsFor.filter((s) => s.subject));
        }
        const distinct = [...new Map(judged.map((j) => [j.subject, j])).values()];
        await db.transaction(async (trx) => {
          const inserted = distinct.length
            ? new Set(
                (
                  await trx('reconciliation_subject')
                    .insert(distinct.map((j) => ({ run_id: runId, subject: j.subject })))
                    .onConflict(['run_id', 'subject'])
                    .ignore()
                    .returning('subject')
                ).map((r: { subject: string }) => r.subject),
              )
            : new Set<string>();
          const rows = distinct
            .filter((j) => inserted.has(j.subject))
            .flatMap((j) => j.findings.map((f) => findingRow(runId, j.subject, f)));
          let added = 0;
          for (let k = 0; k < rows.length; k += 1000) {
            added += (
              await trx('finding')
                .insert(rows.slice(k, k + 1000))
                .onConflict(['run_id', 'key'])
                .ignore()
                .returning('key')
            ).length;
          }
          // The page's counts in one statement per table, added to what earlier pages counted.
          if (page.events.size) {
            await trx('registration_event_count')
              .insert(
                [...page.events].map(([key, n]) => {
                  const [source, division, month, event] = key.split('|');
                  return { run_id: runId, source, division, month, event, records: n };
                }),
              )
              .onConflict(['run_id', 'source', 'division', 'month', 'event'])
              .merge({ records: trx.raw('registration_event_count.records + EXCLUDED.records') });
          }
          if (page.administrators.size) {
            await trx('administrator_load')
              .insert(
                [...page.administrators.values()].map((a) => ({
                  run_id: runId,
                  source: a.source,
                  administrator: a.code,
                  name: a.name,
                  division: a.division,
                  tax_office_code: a.taxOfficeCode,
                  households: a.households,
                })),
              )
              .onConflict(['run_id', 'source', 'administrator'])
              .merge({ households: trx.raw('administrator_load.households + EXCLUDED.households') });
          }
          pages += 1;
          records += page.records;
          subjects += inserted.size;
          findings += added;
          const next = page.hasNextPage
            ? { phase: pass.name, cursor: page.endCursor }
            : { phase: PASSES[p + 1]?.name ?? null, cursor: null };
          await trx('reconciliation_run')
            .where({ id: runId })
            .update({ ...next, pages, records, subjects, findings });
          phase = next.phase;
          cursor = next.cursor;
        });
        pagesThisSession += 1;
        passDone += page.records;
        opts.onProgress?.({
          runId,
          pass: pass.name,
          passIndex: p,
          passes: PASSES.length,
          pages,
          records,
          subjects,
          findings,
          passTotal,
          passDone,
        });
        if (!page.hasNextPage) break;
      }
    }

    // Complete: findings that persist keep the time they were first detected; old runs go.
    const finishedAt = await db.transaction(async (trx) => {
      const previous = await trx('reconciliation_run').where({ status: 'completed' }).orderBy('id', 'desc').first('id');
      if (previous) {
        await trx.raw(
          'UPDATE finding f SET detected_at = p.detected_at FROM finding p WHERE f.run_id = ? AND p.run_id = ? AND p.key = f.key',
          [runId, previous.id],
        );
      }
      const [row] = await trx('reconciliation_run')
        .where({ id: runId })
        .update({ status: 'completed', finished_at: trx.fn.now(), phase: null, cursor: null })
        .returning('finished_at');
      const keep = opts.keepRuns ?? 5;
      const stale = await trx('reconciliation_run').whereNot({ status: 'running' }).orderBy('id', 'desc').offset(keep).select('id');
      if (stale.length)
        await trx('reconciliation_run')
          .whereIn(
            'id',
            stale.map((r: { id: string }) => r.id),
          )
          .delete();
      return (row.finished_at as Date).toISOString();
    });
    return {
      runId,
      status: 'completed',
      resumed,
      asOf,
      startedAt: run!.started_at.toISOString(),
      finishedAt,
      pages,
      records,
      subjects,
      findings,
      operations,
    };
  } finally {
    await lock.end().catch(() => undefined);
    await db.destroy();
  }
}

function findingRow(runId: number, subject: string, f: WireFinding) {
  return {
    run_id: runId,
    key: f.id,
    kind: f.kind,
    subject,
    uscc: f.uscc,
    legacy_id: f.legacyId,
    record_source: f.record.source,
    record_id: f.record.id,
    sources: f.sources,
    detail: f.detail,
    evidence: JSON.stringify(f.values),
    division: f.division,
    industry_code: f.industryCode,
    tax_office_codes: f.taxOfficeCodes,
    period_from: f.periodFrom,
    period_to: f.periodTo,
    year: f.year,
  };
}
