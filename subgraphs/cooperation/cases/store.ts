import type { Knex } from 'knex';
import { badUserInput, taxgraphError } from '../../../shared/errors';
import type { Principal } from '../../../shared/principal';
import { decodeCursor, toConnection } from '../../kit/connection';
import type { FindingRow } from '../store/rows';
import { isUndefinedTable } from '../store/connection';
import { enqueueEvents } from './outbox';
import { fileCases } from './runs';
import type { CaseEventRow, CaseRow } from './rows';
import { CASE_STATUSES, CaseStatus, MAX_NOTE_LENGTH, mayChange, ALLOWED_CHANGES } from './status';

/** Reads and writes of the cases (migration 0003); the graph's shapes are made in cases/mapper.ts. */

/** No case table yet (the federation database not migrated to 0003): as if there were no cases. */
async function unlessNoTable<T>(read: Promise<T>, otherwise: T): Promise<T> {
  try {
    return await read;
  } catch (err) {
    if (isUndefinedTable(err)) return otherwise;
    throw err;
  }
}

export function casesByFindingIds(db: Knex, ids: readonly string[]): Promise<CaseRow[]> {
  return unlessNoTable(
    db<CaseRow>('finding_case')
      .whereIn('finding_id', [...ids])
      .select('*'),
    [],
  );
}

/** Each case's history, oldest first. */
export function eventsByFindingIds(db: Knex, ids: readonly string[]): Promise<CaseEventRow[]> {
  return unlessNoTable(
    db<CaseEventRow>('case_event')
      .whereIn('finding_id', [...ids])
      .orderBy(['finding_id', 'id'])
      .select('*'),
    [],
  );
}

/** Findings of the latest completed run by key. */
export async function latestFindings(db: Knex, keys: readonly string[]): Promise<FindingRow[]> {
  return unlessNoTable(
    db<FindingRow>('finding')
      .where('run_id', db('reconciliation_run').where({ status: 'completed' }).max('id'))
      .whereIn('key', [...keys])
      .select('*'),
    [],
  );
}

export interface CaseFilterArgs {
  office?: string | null;
  status?: CaseStatus | null;
  kinds?: string[] | null;
  overdue?: boolean | null;
}

/** A page of cases in finding id order (the keyset), filtered; `today` decides what is overdue. */
export async function casesPage<T>(
  db: Knex,
  f: CaseFilterArgs | null | undefined,
  today: string,
  limit: number,
  after: string | null | undefined,
  map: (r: CaseRow) => T,
) {
  const [afterKey] = decodeCursor(after, 1) ?? [];
  const filtered = () => {
    const q = db<CaseRow>('finding_case');
    if (f?.office) q.where('owner_office', f.office.trim());
    if (f?.status) q.where('status', f.status);
    if (f?.kinds?.length) q.whereIn('kind', f.kinds);
    if (f?.overdue === true) q.whereIn('status', ['OPEN', 'ACKNOWLEDGED']).where('due_on', '<', today);
    if (f?.overdue === false)
      q.where((w) => w.whereNotIn('status', ['OPEN', 'ACKNOWLEDGED']).orWhereNull('due_on').orWhere('due_on', '>=', today));
    return q;
  };
  const empty = { rows: [] as CaseRow[], n: 0 };
  const { rows, n } = await unlessNoTable(
    (async () => {
      const page = (await filtered()
        .modify((q) => (afterKey ? q.where('finding_id', '>', afterKey) : q))
        .orderBy('finding_id')
        .limit(limit + 1)
        .select('*')) as CaseRow[];
      const [{ n }] = await filtered().count({ n: '*' });
      return { rows: page, n: Number(n) };
    })(),
    empty,
  );
  return toConnection(rows, limit, (r) => [r.finding_id], map, n);
}

export interface CaseChange {
  findingId: string;
  status: CaseStatus;
  note: string;
  principal: Principal;
}

/**
 * Checks a change before anything is read: only an officer may change a case at all (anyone else is
 * FORBIDDEN, whatever the finding), and the note must say something. Returns the note trimmed.
 */
export function checkChange(c: CaseChange): string {
  if (c.principal.role !== 'officer' || !c.principal.office)
    throw taxgraphError('FORBIDDEN', `Only a tax office's officer may change a case (this caller's role is ${c.principal.role}).`, {
      field: 'Mutation.updateFindingCase',
    });
  const note = c.note.trim();
  if (!note) throw badUserInput('note must say what was done or why (it is empty)', { argument: 'note' });
  if (note.length > MAX_NOTE_LENGTH)
    throw badUserInput(`note is at most ${MAX_NOTE_LENGTH} characters, got ${note.length}`, { argument: 'note', max: MAX_NOTE_LENGTH });
  if (!CASE_STATUSES.includes(c.status)) throw badUserInput(`status must be one of ${CASE_STATUSES.join(', ')}`, { argument: 'status' });
  return note;
}

/**
 * Changes a case: the case, its event and the event's notifications commit in one transaction on the
 * writable pool. The case is locked while it is judged, so two officers (or an officer and a run)
 * never both change it from the same status. A finding of the latest completed run that has no case
 * yet (its run completed before cases existed) is filed first, as a run would have filed it.
 */
export async function changeCase(writer: Knex, c: CaseChange): Promise<CaseRow> {
  const note = checkChange(c);
  const office = c.principal.office!;
  return writer.transaction(async (trx) => {
    let row = await trx<CaseRow>('finding_case').where({ finding_id: c.findingId }).forUpdate().first();
    const filedNow: string[] = [];
    if (!row) {
      const [f] = await latestFindings(trx, [c.findingId]);
      if (!f) throw badUserInput(`No finding '${c.findingId}' in the latest reconciliation run has a case`, { argument: 'findingId' });
      await fileCases(
        trx,
        [f],
        f.run_id,
        `reconciliation run ${f.run_id}`,
        `Filed on its first change (run ${f.run_id} completed before cases existed).`,
      );
      row = await trx<CaseRow>('finding_case').where({ finding_id: c.findingId }).forUpdate().first();
      filedNow.push(...(await trx<CaseEventRow>('case_event').where({ finding_id: c.findingId }).pluck('id')).map(String));
    }
    if (!row) throw badUserInput(`No finding '${c.findingId}'`, { argument: 'findingId' });
    if (row.owner_office !== office)
      throw taxgraphError(
        'FORBIDDEN',
        `Case '${c.findingId}' is owned by office ${row.owner_office}; an officer of office ${office} may not change it.`,
        {
          field: 'Mutation.updateFindingCase',
        },
      );
    if (!mayChange(row.status, c.status)) {
      const allowed = ALLOWED_CHANGES[row.status];
      throw badUserInput(`A case ${row.status} may change only to ${allowed.join(', ')}, not to ${c.status}`, {
        argument: 'status',
        from: row.status,
        allowed,
      });
    }
    const [changed] = (await trx<CaseRow>('finding_case')
      .where({ finding_id: c.findingId })
      .update({ status: c.status, resolved_by_run: null, updated_at: trx.fn.now() as unknown as string })
      .returning('*')) as CaseRow[];
    const [event] = (await trx<CaseEventRow>('case_event')
      .insert({ finding_id: c.findingId, actor: c.principal.sub, office, from_status: row.status, to_status: c.status, note })
      .returning('id')) as Pick<CaseEventRow, 'id'>[];
    await enqueueEvents(trx, [...filedNow, String(event.id)]);
    return changed;
  });
}
