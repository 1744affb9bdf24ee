import type { Knex } from 'knex';
import type { AdministratorLoadRow, FindingRow, RegistrationEventCountRow, RunRow, SubjectRow } from './rows';
import type { StoredFinding } from './mapper';

/**
 * A reconciliation page's writes: the subjects it judged with their findings, the registration events
 * and administrators' households it counted, and the run's checkpoint, in one transaction, so a run
 * resumes exactly after its last committed page and never stores a subject or a finding twice.
 */

export type RunCounts = Pick<RunRow, 'pages' | 'records' | 'subjects' | 'findings'>;

/** A tax administrator's active households counted on a page (task 13). */
export interface AdministratorHouseholds {
  source: string;
  code: string;
  name: string | null;
  division: string;
  taxOfficeCode: string;
  households: number;
}

export interface PageWrite {
  /** Source records the page read. */
  records: number;
  /** Each subject judged, with its findings (a subject stored already in this run is skipped whole). */
  judged: { subject: string; findings: StoredFinding[] }[];
  /** Registration events counted: "source|division|YYYY-MM|event" -> records. */
  events: Map<string, number>;
  administrators: AdministratorHouseholds[];
  /** Where the run goes on from: the pass and its cursor (null phase: done). */
  next: Pick<RunRow, 'phase' | 'cursor'>;
}

/** Which of these subjects the run has judged already. */
export async function judgedSubjects(db: Knex, runId: string, subjects: string[]): Promise<Set<string>> {
  if (!subjects.length) return new Set();
  const rows = await db<SubjectRow>('reconciliation_subject').where({ run_id: runId }).whereIn('subject', subjects).select('subject');
  return new Set(rows.map((r) => r.subject));
}

function findingRow(runId: string, subject: string, f: StoredFinding): Omit<FindingRow, 'evidence' | 'detected_at'> & { evidence: string } {
  return {
    run_id: runId,
    key: f.key,
    kind: f.kind,
    subject,
    uscc: f.uscc,
    legacy_id: f.legacyId,
    record_source: f.record.source,
    record_id: f.record.id,
    sources: f.sources,
    detail: f.detail,
    // jsonb from JSON text: node-postgres would send an array as a PostgreSQL array.
    evidence: JSON.stringify(f.values),
    division: f.division,
    industry_code: f.industryCode,
    tax_office_codes: f.taxOfficeCodes,
    period_from: f.periodFrom,
    period_to: f.periodTo,
    year: f.year,
  };
}

/**
 * Writes a page's (or a shard's) subjects, findings and counts inside the caller's transaction; a
 * subject stored already in the run is skipped whole. Returns the subjects and findings it added.
 */
export async function writeJudged(
  trx: Knex.Transaction,
  runId: string,
  page: Omit<PageWrite, 'next' | 'records'>,
  /** Keep the findings another subject stored first (`finding_contender`): a distributed run's shards commit out of list order. */
  contenders = false,
): Promise<{ subjects: number; findings: number }> {
  const inserted = new Set<string>();
  // In blocks: a shard's subjects can pass the 65,535 bind parameters of one statement.
  for (let k = 0; k < page.judged.length; k += 5000) {
    const rows = await trx<SubjectRow>('reconciliation_subject')
      .insert(page.judged.slice(k, k + 5000).map((j) => ({ run_id: runId, subject: j.subject })))
      .onConflict(['run_id', 'subject'])
      .ignore()
      .returning('subject');
    for (const r of rows) inserted.add(r.subject);
  }
  const rows = page.judged.filter((j) => inserted.has(j.subject)).flatMap((j) => j.findings.map((f) => findingRow(runId, j.subject, f)));
  let added = 0;
  for (let k = 0; k < rows.length; k += 1000) {
    const block = rows.slice(k, k + 1000);
    const stored = await trx('finding').insert(block).onConflict(['run_id', 'key']).ignore().returning(['key', 'subject']);
    added += stored.length;
    if (!contenders || stored.length === block.length) continue;
    const won = new Set(stored.map((r: { key: string; subject: string }) => `${r.key}\n${r.subject}`));
    const lost = block.filter((r) => !won.has(`${r.key}\n${r.subject}`));
    if (lost.length)
      await trx('finding_contender')
        .insert(
          lost.map((r) => ({
            run_id: runId,
            key: r.key,
            subject: r.subject,
            row: JSON.stringify({ ...r, evidence: JSON.parse(r.evidence) }),
          })),
        )
        .onConflict(['run_id', 'key', 'subject'])
        .ignore();
  }
  // The page's counts in one statement per table, added to what earlier pages counted.
  if (page.events.size) {
    await trx<RegistrationEventCountRow>('registration_event_count')
      .insert(
        [...page.events].map(([key, n]) => {
          const [source, division, month, event] = key.split('|');
          return { run_id: runId, source, division, month, event: event as RegistrationEventCountRow['event'], records: n };
        }),
      )
      .onConflict(['run_id', 'source', 'division', 'month', 'event'])
      .merge({ records: trx.raw('registration_event_count.records + EXCLUDED.records') });
  }
  if (page.administrators.length) {
    await trx<AdministratorLoadRow>('administrator_load')
      .insert(
        page.administrators.map((a) => ({
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
  return { subjects: inserted.size, findings: added };
}

/** Commits one page; returns the run's counts after it. */
export async function savePage(db: Knex, runId: string, before: RunCounts, page: PageWrite): Promise<RunCounts> {
  return db.transaction(async (trx) => {
    const added = await writeJudged(trx, runId, page);
    const after: RunCounts = {
      pages: before.pages + 1,
      records: before.records + page.records,
      subjects: before.subjects + added.subjects,
      findings: before.findings + added.findings,
    };
    await trx<RunRow>('reconciliation_run')
      .where({ id: runId })
      .update({ ...page.next, ...after });
    return after;
  });
}
