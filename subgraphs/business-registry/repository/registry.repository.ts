import type { Knex } from 'knex';
import type { TaxpayerMatch } from '../../kit/taxpayer-key';
import type { RegistrationStatus } from '../types/enums';
import { statusCodeOf } from './codes';

/**
 * The business registry's tables, by their legacy names (E_BASEINFO, E_ALTER, E_CANCEL,
 * E_MOVEOUT). Nothing outside repository/ sees these names.
 */
export interface RegistrationRow {
  pripid: string;
  regno: string | null;
  uniscid: string | null;
  entname: string;
  enttype: string;
  lerep: string | null;
  cerno: string | null;
  regcap: string | null;
  regcapcur: string | null;
  estdate: string | null;
  apprdate: string | null;
  regorg: string;
  dom: string | null;
  opscope: string | null;
  industryco: string | null;
  regstate: string;
  revdate: string | null;
  tel: string | null;
  candate: string | null;
  canrea: string | null;
  movedate: string | null;
  toregorg: string | null;
}

export interface ChangeRow {
  pripid: string;
  altitem: string;
  altbe: string | null;
  altaf: string | null;
  altdate: string;
}

function baseQuery(db: Knex) {
  return db
    .from('e_baseinfo as b')
    .leftJoin('e_cancel as c', 'c.pripid', 'b.pripid')
    .leftJoin('e_moveout as m', 'm.pripid', 'b.pripid')
    .select('b.*', 'c.candate', 'c.canrea', 'm.movedate', 'm.toregorg');
}

/** Records for many USCCs in one statement: by UNISCID, or by its organization code (SUBSTR(UNISCID, 9, 9)). */
export async function registrationsByUsccs(db: Knex, matches: readonly TaxpayerMatch[]): Promise<RegistrationRow[]> {
  const usccs = matches.map((m) => m.uscc);
  const orgs = matches.map((m) => m.orgCode).filter((o): o is string => o !== null);
  return baseQuery(db).where((w) => {
    w.whereRaw('b.uniscid = ANY(?)', [usccs]);
    if (orgs.length) w.orWhereRaw('SUBSTR(b.uniscid, 9, 9) = ANY(?)', [orgs]);
  });
}

export async function registrationsByNumbers(db: Knex, numbers: readonly string[]): Promise<RegistrationRow[]> {
  return baseQuery(db).whereRaw('TRIM(b.regno) = ANY(?)', [[...numbers]]);
}

export async function registrationsByIds(db: Knex, ids: readonly string[]): Promise<RegistrationRow[]> {
  return baseQuery(db).whereRaw('b.pripid = ANY(?)', [[...ids]]);
}

export async function changesFor(db: Knex, ids: readonly string[]): Promise<ChangeRow[]> {
  return db
    .from('e_alter')
    .select('pripid', 'altitem', 'altbe', 'altaf', 'altdate')
    .whereRaw('pripid = ANY(?)', [[...ids]])
    .orderBy(['pripid', 'altdate', 'altid']);
}

export interface ListFilter {
  division?: string | null;
  industryCode?: string | null;
  status?: RegistrationStatus | null;
  establishedFrom?: string | null;
  establishedTo?: string | null;
}

/** One page in PRIPID order, after `afterId`; `limit` rows (callers ask one more to learn if more follow). */
export async function list(db: Knex, filter: ListFilter, limit: number, afterId: string | null): Promise<RegistrationRow[]> {
  const q = baseQuery(db).orderBy('b.pripid').limit(limit);
  if (filter.division) q.where('b.regorg', filter.division);
  if (filter.industryCode) q.where('b.industryco', filter.industryCode);
  if (filter.status) q.where('b.regstate', statusCodeOf(filter.status));
  if (filter.establishedFrom) q.where('b.estdate', '>=', filter.establishedFrom);
  if (filter.establishedTo) q.where('b.estdate', '<=', filter.establishedTo);
  if (afterId) q.where('b.pripid', '>', afterId);
  return q;
}
