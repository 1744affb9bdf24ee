import { fetchFacts } from '../facts/fetch';
import { Call, caller } from '../facts/source-calls';
import { LocalFacts, NationalFacts, SubjectFacts, subjectKey, SubjectRef } from '../rules/facts';
import type { PracticeTable } from '../rules/practice';
import { jointRating, JointRating } from '../rules/tasks/task-03-credit-rating';
import type { SourceEndpoints } from '../sources/endpoints';
import { inArea } from './area';
import { LIST_PAGE, listAll, listUnavailable } from './source-lists';

/** A record as the list of rated registrations reads it: only what finds its subject. */
interface RatedRecord {
  id: string;
  division: string;
  creditRatings: { grade: string | null }[];
  taxpayer: { uscc: string } | null;
}

const RATED = (year: number) => `id division creditRatings(year: ${year}) { grade } taxpayer { uscc }`;

/** Subjects whose facts are fetched at once, and batches in flight (the sources' connections are few). */
const FACTS_BATCH = LIST_PAGE;
const FACTS_IN_FLIGHT = 2;

/**
 * A year's joint credit ratings of an area, one per taxpayer (subject) rated by either bureau, in
 * subject-key order: both bureaus' registers are paged once (keys and that year's grade only), the
 * subjects of the rated records are fetched in batches of 500 with what a live rating reads (the same
 * records, the same primary record, the same rule as Taxpayer.jointCreditRating), and kept when the
 * subject is filed in the area.
 */
export async function jointRatingsOf(
  endpoints: SourceEndpoints,
  requestId: string,
  year: number,
  prefix: string | null,
  practice: PracticeTable,
): Promise<JointRating[]> {
  const call = caller(endpoints, requestId);
  // A 6-digit area narrows the sources' own lists; a province or city is filtered here.
  const exact = prefix?.length === 6 ? { division: prefix } : {};
  const [national, local] = await Promise.all([
    listAll<RatedRecord>(
      call,
      'national-tax',
      'CooperationRatedNational',
      'nationalTaxAccounts',
      { type: 'NationalTaxAccountFilter', value: exact },
      RATED(year),
    ),
    listAll<RatedRecord>(
      call,
      'local-tax',
      'CooperationRatedLocal',
      'localTaxAccounts',
      { type: 'LocalTaxAccountFilter', value: exact },
      RATED(year),
    ),
  ]);
  const refs = new Map<string, SubjectRef>();
  const add = (source: 'national-tax' | 'local-tax', r: RatedRecord) => {
    if (!r.creditRatings.some((g) => g.grade) || !inArea(r.division, prefix)) return;
    const ref: SubjectRef = r.taxpayer ? { uscc: r.taxpayer.uscc } : { source, id: r.id };
    refs.set(subjectKey(ref), ref);
  };
  national.forEach((r) => add('national-tax', r));
  local.forEach((r) => add('local-tax', r));

  const batches: SubjectRef[][] = [];
  const all = [...refs.values()];
  for (let i = 0; i < all.length; i += FACTS_BATCH) batches.push(all.slice(i, i + FACTS_BATCH));
  const ratings = new Map<string, JointRating>();
  for (let i = 0; i < batches.length; i += FACTS_IN_FLIGHT) {
    const facts = (
      await Promise.all(batches.slice(i, i + FACTS_IN_FLIGHT).map((b) => ratingFacts(call, endpoints, requestId, b, year)))
    ).flat();
    for (const f of facts) {
      const down = f.unavailable.filter((s) => s === 'national-tax' || s === 'local-tax');
      if (down.length) {
        throw listUnavailable(down);
      }
      if (!f.subject || ratings.has(f.subject)) continue;
      const rating = jointRating(f, year, practice);
      if (rating && inArea(rating.division, prefix)) ratings.set(f.subject, rating);
    }
  }
  return [...ratings.values()].sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0));
}

/** What jointRating reads of a tax record: enough to pick the primary record and read its grade of the year. */
const SLIM = (year: number) =>
  `id division status registeredOn dataIssues { field problem description } creditRatings(year: ${year}) { year score grade }`;
const SLIM_NATIONAL = (year: number) => `nationalTaxRecords { ${SLIM(year)} industry { code } taxOffice { code } }`;
const SLIM_LOCAL = (year: number) => `localTaxRecords { ${SLIM(year)} industryCode taxOffice { code } }`;

/**
 * The facts a year's joint rating reads, for a batch of subjects: taxpayers by USCC through each
 * bureau's `_entities` (the records fetchFacts would find, with only the fields a rating reads: one
 * light call per bureau), records without a USCC through fetchFacts (it links an individual
 * business's two records by their citizen-ID TIN).
 */
async function ratingFacts(
  call: Call,
  endpoints: SourceEndpoints,
  requestId: string,
  refs: SubjectRef[],
  year: number,
): Promise<SubjectFacts[]> {
  const usccs = refs.flatMap((r) => ('uscc' in r ? [r.uscc] : []));
  const others = refs.filter((r) => !('uscc' in r));
  const representations = usccs.map((uscc) => ({ __typename: 'Taxpayer', uscc }));
  const entities = async (source: 'national-tax' | 'local-tax', field: string) => {
    if (!usccs.length) return [];
    const answer = await call(source, {
      query: `query CooperationRatingFacts($r: [_Any!]!) { _entities(representations: $r) { ... on Taxpayer { ${field} } } }`,
      variables: { r: representations },
    });
    const list = answer.ok && !answer.errors.length ? (answer.data._entities as Record<string, unknown[] | null>[] | null) : null;
    if (!list) {
      throw listUnavailable([source], !answer.ok && answer.timedOut);
    }
    return list;
  };
  const [national, local, linked] = await Promise.all([
    entities('national-tax', SLIM_NATIONAL(year)),
    entities('local-tax', SLIM_LOCAL(year)),
    others.length ? fetchFacts(endpoints, requestId, others) : Promise.resolve([]),
  ]);
  const slim = <T>(r: unknown): T =>
    ({ payments: [], returns: [], turnoverQuotas: [], deemedCit: [], freightInvoices: [], ...(r as object) }) as T;
  const byUscc: SubjectFacts[] = usccs.map((uscc, i) => ({
    subject: subjectKey({ uscc }),
    uscc,
    registration: null,
    national: (national[i]?.nationalTaxRecords ?? []).map((r) => slim<NationalFacts>(r)),
    local: (local[i]?.localTaxRecords ?? []).map((r) => slim<LocalFacts>(r)),
    payments: [],
    unavailable: [],
  }));
  return [...byUscc, ...linked];
}

/** Lists computed lately, by year, area and as-of day: a client paging through one list reads the sources once. */
export class RatingListCache {
  private readonly lists = new Map<string, { at: number; list: Promise<JointRating[]> }>();

  constructor(
    /** How long a computed list is served, in milliseconds. @default 60000 */
    private readonly ttlMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string, compute: () => Promise<JointRating[]>): Promise<JointRating[]> {
    const t = this.now();
    for (const [k, v] of this.lists) if (t - v.at > this.ttlMs) this.lists.delete(k);
    const hit = this.lists.get(key);
    if (hit) return hit.list;
    const list = compute();
    this.lists.set(key, { at: t, list });
    // A failed computation is not served again.
    list.catch(() => this.lists.delete(key));
    return list;
  }
}
