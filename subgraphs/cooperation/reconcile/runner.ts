import { instant, StoredFinding } from '../store/mapper';
import { judgedSubjects, RunCounts, savePage } from '../store/pages';
import { completeRun, countResume, startRun } from '../store/runs';
import { Candidate, PASSES, Pass, PageRows, pageFirst } from './passes';
import { openSession, takeOverStore } from './session';

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
  /** Pages judged at once while earlier ones are committed in order. @default 3 */
  pipeline?: number;
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

/** The page a run asks about its subjects (also the stack benchmark's reconcile scenario). */
export const FINDINGS_QUERY = `query ReconcileFindings($subjects: [FindingSubjectInput!]!, $asOf: Date) {
  findingsFor(subjects: $subjects, asOf: $asOf) {
    subject asOf
    findings { id kind uscc legacyId record { source id } sources detail values { source field value }
      division industryCode taxOfficeCodes periodFrom periodTo year }
  }
}`;

/** Which subject each record stands for, before judging (passes that resolve first). */
export const SUBJECTS_QUERY = `query ReconcileSubjects($subjects: [FindingSubjectInput!]!) { findingSubjects(subjects: $subjects) }`;

/** A finding as `findingsFor` sends it: as the store keeps it, its key as `id`. */
export type WireFinding = Omit<StoredFinding, 'key'> & { id: string };

/** A page read and judged, waiting to be committed in list order. */
interface Judged {
  page: PageRows;
  passIndex: number;
  next: { phase: string | null; cursor: string | null };
  judged: { subject: string; findings: WireFinding[] }[];
}

const stored = ({ id, ...f }: WireFinding): StoredFinding => ({ key: id, ...f });

export async function reconcile(opts: ReconcileOptions): Promise<RunSummary> {
  const pageSize = opts.pageSize ?? 250;
  const { db, gql, operations } = openSession(opts);
  let lock: { release(): Promise<void> } | null = null;
  try {
    // The reconciliation writes the store, so it brings the federation's database up to date first.
    const store = await takeOverStore(db, opts, false);
    lock = store.lock;
    // Resume the unfinished run, or start one.
    let run = store.run;
    const resumed = store.resumed;
    if (!run) {
      // The as-of date is cooperation's unless given: ask it once (one subject-free call).
      const asOf =
        opts.asOf ??
        (await gql<{ findingsFor: unknown[]; cooperationAsOf: string }>('ReconcileAsOf', 'query ReconcileAsOf { cooperationAsOf }', {}))
          .cooperationAsOf;
      run = await startRun(db, {
        as_of: asOf,
        gateway: opts.gatewayUrl,
        purpose: opts.purpose,
        page_size: pageSize,
        phase: PASSES[0].name,
      });
    } else {
      await countResume(db, run.id);
    }
    const { id, as_of: asOf } = run;
    const runId = Number(id);
    const startedAt = instant(run.started_at);
    let counts: RunCounts = { pages: run.pages, records: run.records, subjects: run.subjects, findings: run.findings };
    let pagesThisSession = 0;
    const summary = (status: RunSummary['status'], finishedAt: string | null): RunSummary => ({
      runId,
      status,
      resumed,
      asOf,
      startedAt,
      finishedAt,
      ...counts,
      operations: operations(),
    });

    // The pipeline: the list is read page after page (each page's cursor comes from the one before),
    // up to `depth` pages are judged at once, and pages are committed strictly in list order, each with
    // the checkpoint after it, so a run stopped anywhere resumes exactly after its last committed page.
    // A subject met on a page still in flight is not asked again by a later page: the earlier page is
    // committed first, or the run stops before the later one is.
    const depth = Math.max(1, opts.pipeline ?? 3);
    const asked = new Set<string>();
    let p = PASSES.findIndex((x) => x.name === run.phase);
    let listCursor = run.cursor;
    const inFlight: Promise<Judged>[] = [];
    const readNext = async (): Promise<boolean> => {
      if (p < 0 || p >= PASSES.length) return false;
      const pass = PASSES[p];
      const passIndex = p;
      const page: PageRows = await pass.fetch(gql, pageFirst(pass, pageSize), listCursor);
      const next = page.hasNextPage ? { phase: pass.name, cursor: page.endCursor } : { phase: PASSES[p + 1]?.name ?? null, cursor: null };
      if (page.hasNextPage) listCursor = page.endCursor;
      else {
        p += 1;
        listCursor = null;
      }
      // Subjects met already in this run (committed, or on a page in flight) are not asked again.
      const candidates = [...new Map(page.candidates.filter((c) => !asked.has(c.key)).map((c) => [c.key, c])).values()];
      for (const c of candidates) asked.add(c.key);
      const judging = judgePage(page, candidates, next, passIndex);
      // Awaited in order later; until then its failure must not count as unhandled.
      judging.catch(() => undefined);
      inFlight.push(judging);
      return true;
    };
    // Records without a USCC, named by the subject they stand for; those judged already (or asked on a
    // page in flight) are dropped, the rest asked once each, a taxpayer by its USCC.
    const canonical = async (candidates: Candidate[]): Promise<Candidate[]> => {
      const records = candidates.filter((c) => !c.input.uscc);
      if (!records.length) return candidates;
      const chunks: Candidate[][] = [];
      for (let k = 0; k < records.length; k += 500) chunks.push(records.slice(k, k + 500));
      const names = (
        await Promise.all(
          chunks.map((chunk) =>
            gql<{ findingSubjects: string[] }>('ReconcileSubjects', SUBJECTS_QUERY, { subjects: chunk.map((c) => c.input) }),
          ),
        )
      ).flatMap((a) => a.findingSubjects);
      // A record that stands for itself is this page's to ask (its key is in `asked` because this page
      // met it); any other subject in `asked` is judged on another page.
      const own = new Set(records.map((c) => c.key));
      const elsewhere = (subject: string) => asked.has(subject) && !own.has(subject);
      const bySubject = new Map<string, Candidate>();
      records.forEach((c, i) => {
        const subject = names[i];
        if (!subject || elsewhere(subject) || bySubject.has(subject)) return;
        bySubject.set(
          subject,
          subject.startsWith('uscc:') ? { key: subject, input: { uscc: subject.slice(5) } } : { key: subject, input: c.input },
        );
      });
      const known = await judgedSubjects(db, id, [...bySubject.keys()]);
      const fresh = [...bySubject.values()].filter((c) => !known.has(c.key) && !elsewhere(c.key));
      for (const c of fresh) asked.add(c.key);
      return [...candidates.filter((c) => c.input.uscc), ...fresh];
    };
    const judgePage = async (page: PageRows, candidates: Candidate[], next: Judged['next'], passIndex: number): Promise<Judged> => {
      const known = await judgedSubjects(
        db,
        id,
        candidates.map((c) => c.key),
      );
      let ask = candidates.filter((c) => !known.has(c.key));
      if (PASSES[passIndex].resolveFirst) ask = await canonical(ask);
      const chunks: Candidate[][] = [];
      for (let k = 0; k < ask.length; k += pageSize) chunks.push(ask.slice(k, k + pageSize));
      const answers = await Promise.all(
        chunks.map((chunk) =>
          gql<{ findingsFor: { subject: string; asOf: string; findings: WireFinding[] }[] }>('ReconcileFindings', FINDINGS_QUERY, {
            subjects: chunk.map((c) => c.input),
            asOf,
          }),
        ),
      );
      const judged = answers.flatMap((a) => a.findingsFor.filter((s) => s.subject));
      for (const j of judged) asked.add(j.subject);
      return { page, passIndex, next, judged: [...new Map(judged.map((j) => [j.subject, j])).values()] };
    };

    let reading: Promise<boolean> = Promise.resolve(false);
    let progressPass = -1;
    let passDone = 0;
    let passTotal: number | null = null;
    try {
      while (inFlight.length < depth && (await readNext()));
      while (inFlight.length) {
        if (opts.stopAfterPages !== undefined && pagesThisSession >= opts.stopAfterPages) return summary('stopped', null);
        const { page, passIndex, next, judged } = await inFlight.shift()!;
        // The next page is read while this one is committed.
        reading = readNext();
        reading.catch(() => undefined);
        counts = await savePage(db, id, counts, {
          records: page.records,
          judged: judged.map((j) => ({ subject: j.subject, findings: j.findings.map(stored) })),
          events: page.events,
          administrators: [...page.administrators.values()],
          next,
        });
        await reading;
        pagesThisSession += 1;
        if (passIndex !== progressPass) {
          progressPass = passIndex;
          passDone = 0;
          passTotal = null;
        }
        passTotal = page.totalCount ?? passTotal;
        passDone += page.records;
        opts.onProgress?.({ runId, pass: PASSES[passIndex].name, passIndex, passes: PASSES.length, ...counts, passTotal, passDone });
      }
    } finally {
      // Pages still in flight when the run stops or fails are dropped: nothing of them was committed.
      await Promise.allSettled([reading, ...inFlight]);
    }

    // Complete: findings that persist keep the time they were first detected; old runs go.
    const finishedAt = instant(await completeRun(db, id, opts.keepRuns ?? 5));
    return summary('completed', finishedAt);
  } finally {
    await lock?.release();
    await db.destroy();
  }
}
