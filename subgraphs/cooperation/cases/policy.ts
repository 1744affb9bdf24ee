import { addDays, addMonths } from '../../../shared/dates';
import { ABNORMAL_VOID_MONTHS } from '../rules/reference';

/**
 * Who follows a finding up, who is told, and by when: one decision per finding kind, applied the
 * same way to a stored finding (a run files its case) and to a live one (the case it would get).
 *
 * Office codes follow the seed's sources (DOMAIN.md "Codes", seeds/generator/offices.ts): 11 digits,
 * national-tax offices start with 1, local-tax offices with 2, then the 6-digit division.
 */

/** The bureau that must act on a kind of finding. */
export type Lead =
  /** National tax (国税). */
  | 'national'
  /** Local tax (地税). */
  | 'local'
  /** The bureau (or, for a payment, the collecting office TIPS names) whose record the finding is about. */
  | 'record';

export interface KindPolicy {
  lead: Lead;
  /** The time limit the law or a notice sets, from a value the finding rests on; none: no due date. */
  due?: { field: string; months?: number; days?: number };
}

/**
 * Per kind; a kind not listed (a check added later) is led by the bureau of its record and has no
 * due date until someone reads its notice and adds it here.
 */
export const KIND_POLICIES: Readonly<Record<string, KindPolicy>> = {
  // 桂地税发[2005]167号: "属于在区、市、县一级工商部门登记注册的纳税人信息,分别由同级税务机关负责与当地工商部门建立登记
  // 信息交换制度 ... 最大限度减少漏征漏管户": the local tax office of the area compares the registry with its
  // records, so it leads; national tax and the registry are told. The limit is the law's: 税收征收管理法 第十五条
  // "自领取营业执照之日起三十日内 ... 申报办理税务登记" (a case is overdue from the start: the business is late).
  UNREGISTERED_BUSINESS: { lead: 'local', due: { field: 'establishedOn', days: 30 } },
  // 桂地税发[2005]167号: "三是按规定注销被列为非正常户超过三个月的纳税人的税务登记": the bureau that declared it abnormal
  // voids the registration once it has been abnormal for three months (税务登记管理办法 第四十一条).
  ABNORMAL_OVERDUE: { lead: 'record', due: { field: 'abnormalSince', months: ABNORMAL_VOID_MONTHS } },
  // Task 7: urban construction tax is local tax's; national tax holds the base and is told.
  UCT_BASE_MISMATCH: { lead: 'local' },
  // Task 12: business tax, a local rule (the seed notice's).
  KEY_TAX_SOURCE: { lead: 'local' },
};

const DEFAULT_POLICY: KindPolicy = { lead: 'record' };

export const policyOf = (kind: string): KindPolicy => KIND_POLICIES[kind] ?? DEFAULT_POLICY;

/**
 * The owner of a finding with no tax office and no area: no officer's office (those are 11 digits),
 * so nobody can change it until a run files it under an office; `cases(filter: { office: "UNASSIGNED" })`
 * lists them.
 */
export const UNASSIGNED_OFFICE = 'UNASSIGNED';

/** What a case needs to know of its finding (a stored finding's columns, a live finding's fields). */
export interface CaseSubject {
  kind: string;
  record: { source: string; id: string };
  sources: readonly string[];
  division: string | null;
  taxOfficeCodes: readonly string[];
  values: readonly { source: string; field: string; value: string | null }[];
}

export interface CaseAssignment {
  ownerOffice: string;
  notifyOffices: string[];
  dueOn: string | null;
}

const PREFIX = { national: '1', local: '2' } as const;
const BUREAU_OF_SOURCE: Record<string, 'national' | 'local' | undefined> = { 'national-tax': 'national', 'local-tax': 'local' };

/** A bureau's office for an area, as the sources code it (DOMAIN.md: bureau digit + division + 4 digits, inferred from the data). */
const areaOffice = (bureau: 'national' | 'local', division: string) => `${PREFIX[bureau]}${division}0000`;
const bureauOf = (office: string) => (office.startsWith('1') ? 'national' : office.startsWith('2') ? 'local' : undefined);

/** The bureau that leads: the kind's, else the record's, else the first bureau among the sources. */
function leadBureau(s: CaseSubject, lead: Lead): 'national' | 'local' | undefined {
  if (lead !== 'record') return lead;
  return BUREAU_OF_SOURCE[s.record.source] ?? s.sources.map((x) => BUREAU_OF_SOURCE[x]).find((b) => b !== undefined);
}

/**
 * The owner: the finding's office of the leading bureau; else its first office (a payment's collecting
 * office as TIPS names it); else, with no office at all, the leading bureau's office of the finding's
 * area (national tax when no bureau leads); else UNASSIGNED. Notified: every other office the finding
 * names; the other bureau's office of the area when the finding names none of its offices (the joint
 * tasks are both bureaus' business; the notices' 重要情况通报 tells the other bureau), except for a
 * payment (TIPS: the collecting office's matter with its bank); and the registry's registration
 * authority (its REGORG is a division code: the area's) when the registry is a source.
 */
export function assignCase(s: CaseSubject): CaseAssignment {
  const policy = policyOf(s.kind);
  const bureau = leadBureau(s, policy.lead);
  const offices = [...new Set(s.taxOfficeCodes.filter((c) => c.trim() !== ''))];
  const owner =
    (bureau && offices.find((c) => bureauOf(c) === bureau)) ??
    offices[0] ??
    (s.division ? areaOffice(bureau ?? 'national', s.division) : UNASSIGNED_OFFICE);
  const notify = offices.filter((c) => c !== owner);
  const ownerBureau = bureauOf(owner);
  if (s.division) {
    // The other bureau: every joint task but the payments (a payment is one collecting office's matter with its bank).
    const other = ownerBureau === 'national' ? 'local' : ownerBureau === 'local' ? 'national' : undefined;
    if (other && s.record.source !== 'treasury-bank' && !notify.some((c) => bureauOf(c) === other))
      notify.push(areaOffice(other, s.division));
    if (s.sources.includes('business-registry')) notify.push(s.division);
  }
  return { ownerOffice: owner, notifyOffices: [...new Set(notify)].filter((c) => c !== owner), dueOn: dueOn(s, policy) };
}

function dueOn(s: CaseSubject, policy: KindPolicy): string | null {
  if (!policy.due) return null;
  const from = s.values.find((v) => v.field === policy.due!.field && v.value && /^\d{4}-\d{2}-\d{2}$/.test(v.value))?.value;
  if (!from) return null;
  return addDays(addMonths(from, policy.due.months ?? 0), policy.due.days ?? 0);
}
