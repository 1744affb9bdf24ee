import { maskPersonalData, mayReadPersonalData } from '../../kit/access';
import type { Principal } from '../../../shared/principal';
import { caller } from '../facts/source-calls';
import type { FindingValue, RuleFinding } from '../rules/finding';
import { usable } from '../rules/subject';
import type { SourceEndpoints } from '../sources/endpoints';
import { inArea } from './area';
import { listAll } from './source-lists';

/** A registration as a bureau lists its abnormal taxpayers, with what a published notice carries. */
interface AbnormalRecord {
  id: string;
  tin: string;
  name: string;
  division: string;
  legalRepresentative: { name: string | null; idNumber: string | null } | null;
  taxOffice: { code: string; name: string | null };
  dataIssues: { field: string }[];
  taxpayer: { uscc: string } | null;
}

const COMMON = 'id tin name division legalRepresentative { name idNumber } taxOffice { code name } dataIssues { field } taxpayer { uscc }';

/** One entry of the notice: a registration declared abnormal by one bureau, as of the day asked. */
export interface NoticeEntry {
  source: 'national-tax' | 'local-tax';
  record: AbnormalRecord;
  industryCode: string | null;
  /** The day it was declared abnormal (national: DJ_FZCHRDXX.RDRQ not lifted; local: the status change day); null when the bureau has none. */
  since: string | null;
}

/**
 * The abnormal taxpayers (非正常户) of an area as of a day, from both bureaus' registers, live: every
 * registration each bureau holds as abnormal now whose declaration is on or before `asOf` (or has no
 * date), one entry per registration, ordered by area, day, bureau and key. Records that are no
 * taxpayer's (garbage identity, task 14) are left out, as the task-10 rule leaves them.
 */
export async function abnormalRegistrations(
  endpoints: SourceEndpoints,
  requestId: string,
  prefix: string | null,
  asOf: string,
): Promise<NoticeEntry[]> {
  const call = caller(endpoints, requestId);
  const [national, local] = await Promise.all([
    listAll<AbnormalRecord & { abnormalSince: string | null; industry: { code: string } }>(
      call,
      'national-tax',
      'CooperationAbnormalNational',
      'nationalTaxAccounts',
      { type: 'NationalTaxAccountFilter', value: { abnormalOnly: true } },
      `${COMMON} abnormalSince industry { code }`,
    ),
    listAll<AbnormalRecord & { status: string | null; statusChangedOn: string | null; industryCode: string }>(
      call,
      'local-tax',
      'CooperationAbnormalLocal',
      'localTaxAccounts',
      { type: 'LocalTaxAccountFilter', value: { status: 'ABNORMAL' } },
      `${COMMON} status statusChangedOn industryCode`,
    ),
  ]);
  const entries: NoticeEntry[] = [
    ...national.map((r) => ({ source: 'national-tax' as const, record: r, industryCode: r.industry.code, since: r.abnormalSince })),
    ...local.map((r) => ({ source: 'local-tax' as const, record: r, industryCode: r.industryCode, since: r.statusChangedOn })),
  ];
  return entries
    .filter((e) => usable(e.record) && inArea(e.record.division, prefix) && (e.since === null || e.since <= asOf))
    .sort(
      (a, b) =>
        a.record.division.localeCompare(b.record.division) ||
        (a.since ?? '').localeCompare(b.since ?? '') ||
        a.source.localeCompare(b.source) ||
        a.record.id.localeCompare(b.record.id),
    );
}

const BUREAU = { 'national-tax': 'national tax', 'local-tax': 'local tax' } as const;

/**
 * An entry as a finding of kind ABNORMAL, keyed as the task-10 rule keys it (the same finding, the
 * same case). Its values carry the notice's columns; the legal representative and a citizen-ID TIN
 * are masked unless the caller may read personal data.
 */
export function noticeFinding(e: NoticeEntry, caller: Principal): Omit<RuleFinding, 'basis'> {
  const r = e.record;
  const whole = mayReadPersonalData(caller);
  const personal = (v: string | null | undefined, tin = false) => (v ? (whole ? v : maskPersonalData(v, { tin })) : null);
  const tin = personal(r.tin, true);
  const representative = personal(r.legalRepresentative?.name);
  const idNumber = personal(r.legalRepresentative?.idNumber);
  const uscc = r.taxpayer?.uscc ?? null;
  const v = (field: string, value: string | null): FindingValue => ({ source: e.source, field, value });
  const office = `${r.taxOffice.name ?? 'tax office'} (${r.taxOffice.code})`;
  return {
    key: `ABNORMAL|${e.source}:${r.id}|`,
    kind: 'ABNORMAL',
    uscc,
    legacyId: uscc ? null : r.id,
    record: { source: e.source, id: r.id },
    sources: [e.source],
    detail:
      `${r.name}, TIN ${tin}${uscc && uscc !== r.tin ? `, USCC ${uscc}` : ''}, ` +
      `legal representative ${representative ?? 'not recorded'}${idNumber ? ` (${idNumber})` : ''}: ` +
      `declared abnormal by ${BUREAU[e.source]}, ${office}, ${e.since ? `on ${e.since}` : 'on a day the bureau did not record'}.`,
    values: [
      v('name', r.name),
      v('tin', tin),
      v('uscc', uscc),
      v('legalRepresentative', representative),
      v('legalRepresentativeIdNumber', idNumber),
      v('abnormalSince', e.since),
      v('taxOfficeCode', r.taxOffice.code),
      v('taxOfficeName', r.taxOffice.name),
      v('division', r.division),
    ],
    division: r.division,
    industryCode: e.industryCode,
    taxOfficeCodes: [r.taxOffice.code],
    periodFrom: null,
    periodTo: null,
    year: null,
  };
}
