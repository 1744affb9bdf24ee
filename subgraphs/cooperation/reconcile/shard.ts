import type { Knex } from 'knex';
import type { AdministratorHouseholds } from '../store/pages';
import { judgedSubjects } from '../store/pages';
import { runById } from '../store/runs';
import { claimSubjects, ShardWrite, takeShard } from '../store/shards';
import type { ShardRow } from '../store/rows';
import { Candidate, PASSES, PageRows, pageFirst } from './passes';
import { FINDINGS_QUERY, SUBJECTS_QUERY, WireFinding } from './runner';

type Gql = <T>(name: string, query: string, variables: Record<string, unknown>) => Promise<T>;

/**
 * One shard of a distributed run, read and judged by a worker: its pages of one source list, from its
 * start cursor. Before asking `findingsFor`, it claims its candidate subjects (store/shards.ts) and asks
 * only those it owns and no shard has stored yet, so a subject is judged once per run whichever shards
 * meet it, in any order. Records without a USCC are first resolved to the subject they stand for, as
 * the single-process run does. Nothing is written but the claims: the caller commits the result.
 */
export interface JudgedShard {
  row: ShardRow;
  write: ShardWrite;
}

/** Pages judged at once while the next are read. */
const DEPTH = 3;

const stored = ({ id, ...f }: WireFinding) => ({ key: id, ...f });

/** Null when there is nothing to do: the shard is done, or its run is no longer running. */
export async function judgeShard(
  db: Knex,
  gql: Gql,
  runId: string,
  shard: number,
  worker: string,
  /** Called once the shard is recorded as taken (its attempts counted). */
  onTaken: (row: ShardRow) => void = () => undefined,
): Promise<JudgedShard | null> {
  const row = await takeShard(db, runId, shard, worker);
  if (!row || row.status === 'done') return null;
  onTaken(row);
  const run = await runById(db, runId);
  if (!run || run.status !== 'running') return null;
  const pass = PASSES.find((p) => p.name === row.pass);
  if (!pass) throw new Error(`shard ${shard} of run ${runId} names no pass: ${row.pass}`);
  const first = pageFirst(pass, run.page_size);

  // Subjects this shard met already (asked, or on a page in flight): not asked again.
  const asked = new Set<string>();
  const events = new Map<string, number>();
  const administrators = new Map<string, AdministratorHouseholds>();
  const judged = new Map<string, WireFinding[]>();
  let records = 0;

  const resolve = async (records: Candidate[]): Promise<Candidate[]> => {
    const names: string[] = [];
    for (let k = 0; k < records.length; k += 500) {
      const chunk = records.slice(k, k + 500);
      const a = await gql<{ findingSubjects: string[] }>('ReconcileSubjects', SUBJECTS_QUERY, { subjects: chunk.map((c) => c.input) });
      names.push(...a.findingSubjects);
    }
    // A record that stands for itself is this page's to ask; any other subject met already in this
    // shard is judged on another of its pages.
    const own = new Set(records.map((c) => c.key));
    const bySubject = new Map<string, Candidate>();
    records.forEach((c, i) => {
      const subject = names[i];
      if (!subject || (asked.has(subject) && !own.has(subject)) || bySubject.has(subject)) return;
      bySubject.set(
        subject,
        subject.startsWith('uscc:') ? { key: subject, input: { uscc: subject.slice(5) } } : { key: subject, input: c.input },
      );
    });
    for (const key of bySubject.keys()) asked.add(key);
    return [...bySubject.values()];
  };

  const judgePage = async (page: PageRows, candidates: Candidate[], index: number): Promise<void> => {
    let ask = candidates;
    if (pass.resolveFirst) ask = [...ask.filter((c) => c.input.uscc), ...(await resolve(ask.filter((c) => !c.input.uscc)))];
    const keys = ask.map((c) => c.key);
    // Where this page meets each subject, in list order: shard, page, place (a page holds at most 500).
    const seen = new Map(keys.map((k, i) => [k, shard * 1_000_000_000 + index * 1000 + i]));
    const [owned, known] = await Promise.all([claimSubjects(db, runId, shard, seen), judgedSubjects(db, runId, keys)]);
    ask = ask.filter((c) => owned.has(c.key) && !known.has(c.key));
    for (let k = 0; k < ask.length; k += run.page_size) {
      const chunk = ask.slice(k, k + run.page_size);
      const a = await gql<{ findingsFor: { subject: string; findings: WireFinding[] }[] }>('ReconcileFindings', FINDINGS_QUERY, {
        subjects: chunk.map((c) => c.input),
        asOf: run.as_of,
      });
      for (const s of a.findingsFor) if (s.subject && !judged.has(s.subject)) judged.set(s.subject, s.findings);
    }
    records += page.records;
    for (const [key, n] of page.events) events.set(key, (events.get(key) ?? 0) + n);
    for (const [key, a] of page.administrators) {
      const had = administrators.get(key);
      administrators.set(key, had ? { ...had, households: had.households + a.households } : { ...a });
    }
  };

  // Pages are read one after another (each cursor comes from the page before) and judged up to DEPTH at once.
  const judging: Promise<void>[] = [];
  const pending = new Set<Promise<void>>();
  let cursor = row.after;
  let pages = 0;
  while (pages < row.pages) {
    const page = await pass.fetch(gql, first, cursor);
    pages += 1;
    const candidates = [...new Map(page.candidates.filter((c) => !asked.has(c.key)).map((c) => [c.key, c])).values()];
    for (const c of candidates) asked.add(c.key);
    const p = judgePage(page, candidates, pages - 1);
    judging.push(p);
    pending.add(p);
    p.then(
      () => pending.delete(p),
      () => pending.delete(p),
    );
    if (pending.size >= DEPTH) await Promise.race(pending).catch(() => undefined);
    if (!page.hasNextPage || !page.endCursor) break;
    cursor = page.endCursor;
  }
  await Promise.all(judging);
  return {
    row,
    write: {
      pages,
      records,
      judged: [...judged].map(([subject, findings]) => ({ subject, findings: findings.map(stored) })),
      events,
      administrators: [...administrators.values()],
    },
  };
}
