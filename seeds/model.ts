import {
  individualTin,
  makeCitizenId,
  makeRegistrationNo,
  makeUscc,
  makeUsccSafeOrgCode,
  oldTin,
  orgCodeFromUscc,
} from '../shared/identifiers';
import { addDays, addMonths } from '../shared/dates';
import { fenToYuan } from '../shared/money';
import type { LegacySource } from '../shared/sources';
import type { CaseEntry, CaseKind, IdentityEntry, IdentityKind } from './manifest';
import { Random } from './random';
import {
  AREAS,
  AS_OF,
  Area,
  BANKS,
  BRAND,
  FORMER_DIVISIONS,
  GIVEN,
  INDUSTRIES,
  Industry,
  LEVY_ITEMS,
  LOCAL_TAX_TYPES,
  LOCAL_TO_LEVY,
  QUARTERS,
  RATES,
  RATING_YEARS,
  SURNAMES,
} from './reference';
import type { Row, TableKey } from './tables';

/** Where one taxpayer's rows and ground truth go. */
export interface Emitter {
  row(table: TableKey, row: Row): void;
  case(kind: CaseKind, entry: CaseEntry): void;
  identity(kind: IdentityKind, entry: IdentityEntry): void;
  /** A registration event for the exchange counts of task 1 (date 'YYYY-MM-DD'). */
  event(source: LegacySource, division: string, date: string, event: 'new' | 'changed' | 'migrated' | 'deregistered'): void;
  /** A deemed-profit CIT assessment, judged against its area and industry once all are known. */
  deemed(group: string, rate: string, entry: CaseEntry): void;
}

/** Planting rates: the share of taxpayers that get each case. Exposed so tests can reason about sizes. */
export const RATES_OF_PLANTING = {
  individual: 0.3,
  unregistered: 0.02,
  cancelledButActive: 0.015,
  deregistered: 0.02,
  migrated: 0.005,
  abnormal: 0.03,
  twoTins: 0.05,
  frozenDivision: 0.1,
  registryWithoutUscc: 0.1,
  individualWithoutUscc: 0.2,
  padded: 0.03,
  fullWidthOrgCode: 0.03,
  duplicate: 0.01,
  creditDisagreement: 0.04,
  quotaMismatch: 0.05,
  deemed: 0.3,
  deemedOff: 0.05,
  freightUnderdeclared: 0.1,
  uctMismatch: 0.03,
  keyTaxSource: 0.02,
  noAdministrator: 0.03,
  newInWindow: 0.08,
  protocol: 0.7,
  stuckPayment: 0.01,
  failedPayment: 0.02,
  refund: 0.005,
  auditCase: 0.02,
  change: 0.1,
} as const;

const EXTRA_GARBAGE_EVERY = 400;
const EXTRA_ORPHAN_EVERY = 700;
// Organization codes are drawn from two disjoint ranges, away from codes like '000000000' that
// typing accidents produce.
const ENTERPRISE_CODE_OFFSET = 1_000_000;
const INDIVIDUAL_CODE_OFFSET = 500_000_000;
const WINDOW_FROM = '2015-01-01';

// --- small date and money helpers (amounts are integer fen inside the generator) ---
const compact = (iso: string) => iso.replace(/-/g, '');
function dateBetween(r: Random, fromIso: string, toIso: string): string {
  const a = Date.parse(`${fromIso}T00:00:00Z`);
  const b = Date.parse(`${toIso}T00:00:00Z`);
  return new Date(a + r.int(0, Math.round((b - a) / 86400000)) * 86400000).toISOString().slice(0, 10);
}
const pct = (fen: number, rate: number) => Math.round(fen * rate);
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const base36 = (n: number, width: number) => n.toString(36).toUpperCase().padStart(width, '0');

export const GRADE_ORDER = ['A', 'B', 'M', 'C', 'D'] as const;
function gradeOf(score: number): string {
  return score >= 90 ? 'A' : score >= 70 ? 'B' : score >= 40 ? 'C' : 'D';
}
const scoreBands: Record<string, [number, number]> = { A: [90, 99], B: [70, 89], C: [40, 69], D: [20, 39] };
/** The joint grade takes the lower of the two (order A > B > M > C > D). */
export function lowerGrade(a: string, b: string): string {
  return GRADE_ORDER.indexOf(a as never) >= GRADE_ORDER.indexOf(b as never) ? a : b;
}

function toFullWidth(s: string): string {
  return s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

const nationalOffice = (a: Area) => `1${a.division}0000`;
const localOffice = (a: Area) => `2${a.division}0000`;
const nationalAdministrator = (a: Area, k: number) => `1${a.division}${pad(k, 4)}`;
const localAdministrator = (a: Area, k: number) => `${a.division}${pad(k, 2)}`;
export const ADMINISTRATORS_PER_AREA = 40;

/** Code-table rows, written once per database. */
export function emitReferenceRows(
  emit: (t: TableKey, r: Row) => void,
  codes: {
    nationalStatuses: Record<string, string>;
    localStatuses: Record<string, string>;
    registrationTypes: Record<string, string>;
    divisions: Record<string, string>;
    levyItems: Record<string, string>;
    localTaxTypes: Record<string, string>;
  },
): void {
  for (const [k, v] of Object.entries(codes.nationalStatuses)) emit('dmNsrzt', [k, v]);
  for (const [k, v] of Object.entries(codes.localStatuses)) emit('dmZt', [k, v]);
  for (const [k, v] of Object.entries(codes.registrationTypes)) emit('dmDjzclx', [k, v]);
  for (const ind of INDUSTRIES) emit('dmHy', [ind.code, ind.name]);
  for (const [k, v] of Object.entries(codes.divisions)) emit('dmXzqh', [k, v]);
  for (const [k, v] of Object.entries(codes.levyItems)) emit('dmZsxm', [k, v]);
  for (const [k, v] of Object.entries(codes.localTaxTypes)) emit('dmSz', [k, v]);
  const r = new Random(7, 7);
  for (const a of AREAS) {
    emit('dmSwjgN', [nationalOffice(a), `国家税务总局${a.name}税务局`, a.division]);
    emit('dmSwjgL', [localOffice(a), `${a.name}地方税务局`, a.division]);
    emit('tOrg', [nationalOffice(a), `${a.name}国家税务局`, '1']);
    emit('tOrg', [localOffice(a), `${a.name}地方税务局`, '2']);
    emit('tTre', [a.treasury, `国家金库${a.name}支库`]);
    for (let k = 0; k < ADMINISTRATORS_PER_AREA; k++) {
      emit('dmSwry', [nationalAdministrator(a, k), r.pick(SURNAMES) + r.pick(GIVEN), nationalOffice(a)]);
      emit('dmZgy', [localAdministrator(a, k), r.pick(SURNAMES) + r.pick(GIVEN) + r.pick(GIVEN), localOffice(a)]);
    }
  }
  for (const b of BANKS) emit('tBank', [b.code, b.name]);
}

interface Tp {
  i: number;
  r: Random;
  individual: boolean;
  area: Area;
  industry: Industry;
  uscc: string;
  name: string;
  person: string;
  citizenId: string;
  phone: string;
  address: string;
  regNo: string;
  pripid: string;
  djxh: string;
  jsjdm: string;
  nationalTin: string;
  localTin: string;
  registered: string; // tax registration date (ISO)
  established: string;
  /** The USCC any source knows this taxpayer by; null for an individual business known only by its ID-TIN. */
  knownUscc: string | null;
}

const INDIVIDUAL_INDUSTRIES = INDUSTRIES.filter((x) => x.individualShare > 0).map((x) => [x, x.individualShare] as const);
const ENTERPRISE_INDUSTRIES = INDUSTRIES.filter((x) => x.enterpriseShare > 0).map((x) => [x, x.enterpriseShare] as const);

/** Generates taxpayer number `i` (0-based) of a seed: all its rows in all four sources, and its ground truth. */
export function generateTaxpayer(seed: number, i: number, out: Emitter): void {
  const r = new Random(seed, i);
  const individual = r.chance(RATES_OF_PLANTING.individual);
  const area = r.pick(AREAS);
  const industry = r.weighted(individual ? INDIVIDUAL_INDUSTRIES : ENTERPRISE_INDUSTRIES);
  const newInWindow = r.chance(RATES_OF_PLANTING.newInWindow);
  const registered = newInWindow ? dateBetween(r, WINDOW_FROM, addDays(AS_OF, -45)) : dateBetween(r, '1996-01-01', '2014-12-31');
  const established = addDays(registered, -r.int(3, 25));
  const orgCode = makeUsccSafeOrgCode((individual ? INDIVIDUAL_CODE_OFFSET : ENTERPRISE_CODE_OFFSET) + i);
  const uscc = makeUscc('9', individual ? '2' : '1', area.division, orgCode);
  const person = r.pick(SURNAMES) + r.pick(GIVEN) + (r.chance(0.5) ? r.pick(GIVEN) : '');
  const birth = dateBetween(r, '1950-01-01', '1992-12-31');
  const citizenId = makeCitizenId(area.division, compact(birth), r.int(0, 999));
  const brand = r.pick(BRAND) + r.pick(BRAND);
  const name = individual
    ? `${area.name.slice(3)}${brand}${industry.name.slice(0, 2)}店`
    : `${area.name.slice(0, 3)}${brand}${industry.name}有限公司`;
  const tinIsUscc = !individual && registered >= '2015-10-01';
  const frozen = !individual && !tinIsUscc && r.chance(RATES_OF_PLANTING.frozenDivision) ? r.pick(FORMER_DIVISIONS) : area.division;
  const twoTins = !individual && !tinIsUscc && r.chance(RATES_OF_PLANTING.twoTins);
  const localFrozen = twoTins ? (FORMER_DIVISIONS.find((d) => d !== frozen) ?? frozen) : frozen;
  const tp: Tp = {
    i,
    r,
    individual,
    area,
    industry,
    uscc,
    name,
    person,
    citizenId,
    phone: `13${pad(r.int(0, 999999999), 9)}`,
    address: `${area.name}${r.pick(BRAND)}${r.pick(BRAND)}路${r.int(1, 300)}号`,
    regNo: makeRegistrationNo(area.division, i),
    pripid: `P${area.division}${pad(i, 12)}`,
    djxh: `1${area.division}${pad(i, 13)}`,
    jsjdm: `A${base36(i, 7)}`,
    nationalTin: individual ? individualTin(citizenId) : tinIsUscc ? uscc : oldTin(frozen, orgCode),
    localTin: individual ? individualTin(citizenId) : tinIsUscc ? uscc : oldTin(localFrozen, orgCode),
    registered,
    established,
    knownUscc: uscc,
  };

  // Which life this taxpayer leads: exclusive outcomes first.
  const roll = r.next();
  let life: 'unregistered' | 'cancelledButActive' | 'deregistered' | 'migrated' | 'abnormal' | 'normal' = 'normal';
  let acc = 0;
  for (const [k, p] of [
    ['unregistered', RATES_OF_PLANTING.unregistered],
    ['cancelledButActive', RATES_OF_PLANTING.cancelledButActive],
    ['deregistered', RATES_OF_PLANTING.deregistered],
    ['migrated', RATES_OF_PLANTING.migrated],
    ['abnormal', RATES_OF_PLANTING.abnormal],
  ] as const) {
    if (roll < (acc += p)) {
      life = k;
      break;
    }
  }

  // A registry record without USCC cannot be matched to tax records at all, so the registry-versus-tax
  // cases (never registered, cancelled but active) are planted only on records that carry one.
  const matchable = life === 'unregistered' || life === 'cancelledButActive';
  const usccInRegistry =
    matchable ||
    (individual ? !r.chance(RATES_OF_PLANTING.individualWithoutUscc) : tinIsUscc || !r.chance(RATES_OF_PLANTING.registryWithoutUscc));
  // An individual business no source knows by USCC has none to give: it is known by its ID-TIN only.
  const knownUscc = individual && !usccInRegistry ? null : uscc;
  tp.knownUscc = knownUscc;
  // Stray blanks around a 15-character TIN still fit the VARCHAR(20) column.
  const padded = !individual && !tinIsUscc && r.chance(RATES_OF_PLANTING.padded);

  emitRegistry(tp, out, life, usccInRegistry, padded);
  if (life === 'unregistered') {
    out.case('UNREGISTERED_BUSINESS', { uscc, detail: { registrationNo: tp.regNo, established } });
    return;
  }

  const identity: IdentityEntry = {
    uscc: knownUscc,
    name,
    nationalTin: tp.nationalTin,
    localTin: tp.localTin,
    registrationNo: tp.regNo,
    nationalKey: tp.djxh,
    localKey: tp.jsjdm,
    registryKey: tp.pripid,
    ...(individual ? { citizenId } : {}),
  };
  if (i < 40) out.identity(individual ? 'INDIVIDUAL_BUSINESS' : 'ENTERPRISE', identity);
  else if (individual && knownUscc && i % 50 === 0) out.identity('INDIVIDUAL_BUSINESS', identity);
  if (twoTins) out.identity('TWO_TINS', identity);
  if (frozen !== area.division) out.identity('FROZEN_DIVISION', identity);
  if (tinIsUscc) out.identity('TIN_IS_USCC', identity);
  if (!usccInRegistry) out.identity(individual ? 'INDIVIDUAL_WITHOUT_USCC' : 'REGISTRY_WITHOUT_USCC', identity);
  if (padded) out.identity('PADDED_CODES', identity);

  const ref = (source: LegacySource, key: string): CaseEntry => ({ ...who(tp, key), source });

  // --- statuses in both bureaus ---
  let nStatus = '03';
  let lStatus = '10';
  let deregisteredOn: string | null = null;
  let abnormalSince: string | null = null;
  let abnormalInLocal = false;
  if (life === 'deregistered' || life === 'migrated') {
    deregisteredOn = dateBetween(r, registered > WINDOW_FROM ? registered : WINDOW_FROM, addDays(AS_OF, -10));
    nStatus = '07';
    lStatus = '60';
  } else if (life === 'abnormal') {
    const overdue = r.chance(0.5);
    abnormalSince = overdue ? dateBetween(r, '2014-06-01', addDays(AS_OF, -100)) : dateBetween(r, addDays(AS_OF, -80), addDays(AS_OF, -5));
    if (abnormalSince < registered) abnormalSince = addDays(registered, 30);
    nStatus = '05';
    abnormalInLocal = r.chance(0.7);
    if (abnormalInLocal) lStatus = '30';
    const threeMonthsBefore = addMonths(AS_OF, -3); // the rule: abnormal for more than 3 calendar months
    out.case('ABNORMAL', { ...ref('national-tax', tp.nationalTin), detail: { since: abnormalSince } });
    if (abnormalInLocal) out.case('ABNORMAL', { ...ref('local-tax', tp.localTin), detail: { since: abnormalSince } });
    if (abnormalSince < threeMonthsBefore) {
      out.case('ABNORMAL_OVERDUE', { ...ref('national-tax', tp.nationalTin), detail: { since: abnormalSince } });
      if (abnormalInLocal) out.case('ABNORMAL_OVERDUE', { ...ref('local-tax', tp.localTin), detail: { since: abnormalSince } });
    }
  } else if (life === 'cancelledButActive') {
    out.case('CANCELLED_BUT_ACTIVE', ref('business-registry', tp.regNo));
  }

  // --- administrators ---
  const active = deregisteredOn === null;
  const noNationalAdmin = active && r.chance(RATES_OF_PLANTING.noAdministrator);
  const noLocalAdmin = active && r.chance(RATES_OF_PLANTING.noAdministrator);
  const adminK = r.int(0, ADMINISTRATORS_PER_AREA - 1);
  if (noNationalAdmin) out.case('NO_ADMINISTRATOR', ref('national-tax', tp.nationalTin));
  if (noLocalAdmin) out.case('NO_ADMINISTRATOR', ref('local-tax', tp.localTin));

  // --- national registration ---
  const nTin = padded ? `  ${tp.nationalTin} ` : tp.nationalTin;
  const regType = individual ? '410' : r.pick(['159', '160', '173', '173', '110']);
  const general = !individual && r.chance(0.3);
  const lrrq = `${registered} 09:${pad(r.int(0, 59), 2)}:00`;
  out.row('djNsrxx', [
    tp.djxh,
    nTin,
    knownUscc && (individual || tinIsUscc || r.chance(0.6)) ? knownUscc : null,
    name,
    person,
    citizenId,
    regType,
    industry.code,
    nStatus,
    nationalOffice(area),
    noNationalAdmin ? null : nationalAdministrator(area, adminK),
    r.chance(0.8) ? tp.regNo : null,
    tp.address,
    tp.address,
    tp.phone,
    area.division,
    general ? 'Y' : 'N',
    registered,
    deregisteredOn,
    lrrq,
    deregisteredOn ? `${deregisteredOn} 10:00:00` : null,
    'Y',
  ]);
  out.event('national-tax', area.division, registered, 'new');
  if (deregisteredOn) out.event('national-tax', area.division, deregisteredOn, 'deregistered');
  if (abnormalSince) out.row('djFzch', [tp.djxh, abnormalSince, null]);
  if (life === 'migrated' && deregisteredOn) {
    out.row('djBgdj', [`${tp.djxh.slice(1)}1`, tp.djxh, '迁出', area.name, r.pick(FORMER_DIVISIONS), deregisteredOn]);
    out.event('national-tax', area.division, deregisteredOn, 'migrated');
  }

  // A duplicate national registration: the same TIN entered again later under a new key.
  if (!individual && active && r.chance(RATES_OF_PLANTING.duplicate)) {
    const dupKey = `2${area.division}${pad(i, 13)}`;
    const dupDate = addDays(registered > '2015-01-01' ? registered : '2015-01-01', r.int(20, 300));
    const dupOn = dupDate > AS_OF ? AS_OF : dupDate;
    out.row('djNsrxx', [
      dupKey,
      tp.nationalTin,
      null,
      name,
      person,
      citizenId,
      regType,
      industry.code,
      '03',
      nationalOffice(area),
      nationalAdministrator(area, adminK),
      null,
      tp.address,
      tp.address,
      tp.phone,
      area.division,
      'N',
      dupOn,
      null,
      `${dupOn} 11:00:00`,
      null,
      'Y',
    ]);
    out.event('national-tax', area.division, dupOn, 'new');
    out.case('DUPLICATE_RECORD', { uscc: uscc, source: 'national-tax', legacyId: dupKey, detail: { original: tp.djxh } });
    out.identity('DUPLICATE', identity);
  }

  // --- local registration ---
  const fullWidthOrg = !individual && r.chance(RATES_OF_PLANTING.fullWidthOrgCode);
  const orgPrinted = `${orgCode.slice(0, 8)}-${orgCode.slice(8)}`;
  out.row('swdj', [
    tp.jsjdm,
    tp.localTin,
    individual && knownUscc ? knownUscc : tinIsUscc ? uscc : null,
    individual ? null : fullWidthOrg ? toFullWidth(orgPrinted) : r.chance(0.85) ? orgPrinted : null,
    name,
    person,
    citizenId,
    tp.phone,
    regType,
    industry.code,
    area.division,
    localOffice(area),
    noLocalAdmin ? (r.chance(0.5) ? null : '        ') : localAdministrator(area, adminK),
    tp.address,
    lStatus,
    abnormalInLocal && abnormalSince ? compact(abnormalSince) : deregisteredOn ? compact(deregisteredOn) : '00000000',
    compact(registered),
    deregisteredOn ? compact(deregisteredOn) : null,
    '0',
  ]);
  out.event('local-tax', area.division, registered, 'new');
  if (deregisteredOn) out.event('local-tax', area.division, deregisteredOn, 'deregistered');
  if (fullWidthOrg) out.case('GARBAGE_RECORD', { uscc, source: 'local-tax', legacyId: tp.jsjdm, detail: { field: 'organizationCode' } });

  // --- returns, levy, quotas ---
  const taxes = generateReturns(tp, out, general);

  // --- credit ratings (enterprises) ---
  if (!individual) {
    for (const year of RATING_YEARS) {
      if (registered > `${year}-06-30`) continue;
      const base = r.pick(['A', 'B', 'B', 'C', 'D', 'A', 'B']);
      const disagree = year === 2015 && r.chance(RATES_OF_PLANTING.creditDisagreement);
      const localGrade = disagree ? GRADE_ORDER.filter((g) => g !== base && g !== 'M')[r.int(0, 2)] : base;
      const [lo, hi] = scoreBands[base];
      const [llo, lhi] = scoreBands[localGrade];
      const nScore = r.int(lo, hi);
      const lScore = r.int(llo, lhi);
      out.row('xyN', [tp.djxh, year, `${nScore}.0`, gradeOf(nScore)]);
      out.row('xyL', [tp.jsjdm, String(year), `${lScore}.0`, gradeOf(lScore)]);
      if (disagree) {
        out.case('CREDIT_RATING_DISAGREEMENT', {
          uscc,
          year,
          detail: { nationalTax: base, localTax: localGrade, joint: lowerGrade(base, localGrade) },
        });
      }
    }
  }

  // --- deemed-profit CIT (enterprises): national if first registered 2002-2008, else local ---
  if (!individual && r.chance(RATES_OF_PLANTING.deemed)) {
    const national = registered >= '2002-01-01' && registered <= '2008-12-31';
    const off = r.chance(RATES_OF_PLANTING.deemedOff);
    const rate = off ? industry.deemedRate + r.pick([0.02, 0.03, 0.05]) : industry.deemedRate;
    const rateText = rate.toFixed(4);
    const year = 2015;
    if (national) out.row('sdsHdN', [tp.djxh, year, rateText]);
    else out.row('sdsHdL', [tp.jsjdm, String(year), rateText]);
    out.deemed(`${area.division}|${industry.code}|${year}`, rateText, {
      uscc,
      year,
      source: national ? 'national-tax' : 'local-tax',
      detail: { rate: rateText },
    });
  }

  // --- joint audit case data (local 稽查) ---
  if (!individual && r.chance(RATES_OF_PLANTING.auditCase)) {
    const filed = dateBetween(r, '2015-01-01', '2016-02-28');
    const closed = r.chance(0.6) ? addDays(filed, r.int(30, 120)) : null;
    out.row('jcAj', [
      `AJ${area.division}${pad(i % 1e8, 8)}`,
      tp.jsjdm,
      r.pick(['选案', '举报', '国地联合稽查']),
      compact(filed),
      closed && closed <= AS_OF ? compact(closed) : null,
      r.int(0, 50000) * 100,
      r.int(0, 20000) * 100,
      '少缴税款',
    ]);
  }

  // --- registry change history mirrored in national change records ---
  if (r.chance(RATES_OF_PLANTING.change)) {
    const on = dateBetween(r, WINDOW_FROM, AS_OF);
    if (on > established) {
      out.row('eAlter', [`A${tp.pripid.slice(1)}1`, tp.pripid, '02', tp.address, `${area.name}新址${r.int(1, 99)}号`, on]);
      out.event('business-registry', area.division, on, 'changed');
      if (on > registered) {
        out.row('djBgdj', [`${tp.djxh.slice(1)}2`, tp.djxh, '地址', tp.address, `${area.name}新址`, on]);
        out.event('national-tax', area.division, on, 'changed');
      }
    }
  }

  // --- payments (TIPS) ---
  generatePayments(tp, out, taxes);

  // --- extras that belong to no real taxpayer ---
  if (i % EXTRA_GARBAGE_EVERY === EXTRA_GARBAGE_EVERY / 2) emitGarbage(tp, out);
  if (i % EXTRA_ORPHAN_EVERY === EXTRA_ORPHAN_EVERY / 2) emitOrphanPayment(tp, out);
}

function emitRegistry(tp: Tp, out: Emitter, life: string, usccInRegistry: boolean, padded: boolean): void {
  const { r, area, industry, individual } = tp;
  let state = '1';
  let revoked: string | null = null;
  if (life === 'cancelledButActive' || life === 'deregistered') state = '4';
  if (life === 'migrated') state = '6';
  if (life === 'abnormal' && r.chance(0.3)) {
    state = '2'; // 吊销: abnormal households often lose their licence
    revoked = dateBetween(r, '2015-06-01', AS_OF);
  }
  out.row('eBase', [
    tp.pripid,
    padded ? `${tp.regNo}   ` : tp.regNo,
    usccInRegistry ? tp.uscc : null,
    tp.name,
    individual ? '9500' : r.pick(['1100', '1100', '1200', '4100']),
    tp.person,
    tp.citizenId,
    individual ? null : `${r.int(10, 5000)}.0000`,
    individual ? null : '156',
    tp.established,
    tp.established,
    area.division,
    tp.address,
    `${industry.name}及相关服务`,
    industry.code,
    state,
    revoked,
    individual ? tp.phone : null,
  ]);
  out.event('business-registry', area.division, tp.established, 'new');
  if (state === '4') {
    const on = dateBetween(r, tp.established > WINDOW_FROM ? tp.established : WINDOW_FROM, AS_OF);
    out.row('eCancel', [tp.pripid, on, r.pick(['决议解散', '经营期限届满', '个体户申请注销'])]);
    out.event('business-registry', area.division, on, 'deregistered');
  }
  if (state === '6') {
    const on = dateBetween(r, tp.established > WINDOW_FROM ? tp.established : WINDOW_FROM, AS_OF);
    out.row('eMove', [tp.pripid, on, r.pick(FORMER_DIVISIONS)]);
    out.event('business-registry', area.division, on, 'migrated');
  }
}

interface QuarterTaxes {
  quarter: number;
  vat: number; // fen paid
  consumption: number;
  exemptCredit: number; // 免抵税额
  business: number;
  uct: number;
  education: number;
}

/** Writes returns and levy records; returns what was paid per quarter for the payments. */
function generateReturns(tp: Tp, out: Emitter, general: boolean): QuarterTaxes[] {
  const { r, area, industry, individual } = tp;
  const result: QuarterTaxes[] = [];
  const keySource = !individual && industry.regime !== 'vat' && r.chance(RATES_OF_PLANTING.keyTaxSource);
  const uctOffQuarter = r.chance(RATES_OF_PLANTING.uctMismatch) ? r.int(0, QUARTERS.length - 1) : -1;
  const carrierUnder = industry.carrier && r.chance(RATES_OF_PLANTING.freightUnderdeclared);
  const exporter = general && r.chance(0.05);

  // Individual businesses pay on a fixed quota assessed by both bureaus.
  let quotaYuan = 0;
  if (individual) {
    const below = r.chance(0.6);
    quotaYuan = below ? r.int(30, 190) * 100 : r.int(210, 600) * 100;
    const mismatch = r.chance(RATES_OF_PLANTING.quotaMismatch);
    const localQuota = mismatch ? quotaYuan + r.pick([-1, 1]) * r.int(10, 30) * 100 : quotaYuan;
    const hd = `${tp.registered > '2015-01-01' ? tp.registered : '2015-01-01'}`;
    out.row('hdDexx', [tp.djxh, 2015, fenToYuan(quotaYuan * 100), hd]);
    out.row('gtde', [tp.jsjdm, '2015', localQuota * 100, compact(hd)]);
    if (mismatch)
      out.case('QUOTA_MISMATCH', {
        ...who(tp, tp.nationalTin),
        year: 2015,
        detail: { nationalTax: fenToYuan(quotaYuan * 100), localTax: fenToYuan(localQuota * 100) },
      });
    if (quotaYuan < area.vatThreshold)
      out.case('BELOW_THRESHOLD', {
        ...who(tp, tp.nationalTin),
        year: 2015,
        detail: { quota: fenToYuan(quotaYuan * 100), threshold: fenToYuan(area.vatThreshold * 100) },
      });
  }

  let businessYear = 0;
  let businessBaseYear = 0;
  QUARTERS.forEach((q, qi) => {
    if (tp.registered > q.from) return; // files from the first full quarter after registration
    const t: QuarterTaxes = { quarter: qi, vat: 0, consumption: 0, exemptCredit: 0, business: 0, uct: 0, education: 0 };
    const hasVat = industry.regime !== 'business';
    const hasBusiness = industry.regime !== 'vat';
    let vatBase = 0;
    let bizBase = 0;
    if (individual) {
      if (quotaYuan >= area.vatThreshold) {
        if (hasVat) vatBase = quotaYuan * 3 * 100;
        else bizBase = quotaYuan * 3 * 100;
      }
    } else {
      if (hasVat) vatBase = r.int(50_000, 3_000_000) * 100;
      if (hasBusiness) bizBase = keySource ? r.int(6_000_000, 10_000_000) * 100 : r.int(50_000, 3_000_000) * 100;
    }
    const filed = q.filed;
    if (vatBase > 0) {
      const rate = general ? RATES.generalVat : RATES.smallScaleVat;
      const due = general ? pct(vatBase, (rate * r.int(15, 40)) / 100) : pct(vatBase, rate);
      t.vat = due;
      t.exemptCredit = exporter ? pct(vatBase, 0.01) : 0;
      out.row('sbSbxx', [
        sbuuid(tp, qi, 1),
        tp.djxh,
        LEVY_ITEMS.VAT,
        q.from,
        q.to,
        fenToYuan(vatBase),
        rate.toFixed(4),
        fenToYuan(due),
        filed,
      ]);
      out.row('zsYjsf', [voucher20(tp, qi, 1), tp.djxh, LEVY_ITEMS.VAT, q.from, q.to, fenToYuan(due), filed, fenToYuan(t.exemptCredit)]);
      if (industry.consumptionTax) {
        t.consumption = pct(vatBase, industry.consumptionTax);
        out.row('sbSbxx', [
          sbuuid(tp, qi, 2),
          tp.djxh,
          LEVY_ITEMS.CONSUMPTION,
          q.from,
          q.to,
          fenToYuan(vatBase),
          industry.consumptionTax.toFixed(4),
          fenToYuan(t.consumption),
          filed,
        ]);
        out.row('zsYjsf', [voucher20(tp, qi, 2), tp.djxh, LEVY_ITEMS.CONSUMPTION, q.from, q.to, fenToYuan(t.consumption), filed, '0.00']);
      }
    }
    if (bizBase > 0) {
      const rate = industry.carrier ? RATES.transportBusinessTax : RATES.businessTax;
      t.business = pct(bizBase, rate);
      businessYear += t.business;
      businessBaseYear += bizBase;
      out.row('sbMx', [
        sblsh(tp, qi, 1),
        tp.jsjdm,
        LOCAL_TAX_TYPES.BUSINESS,
        compact(q.from),
        compact(q.to),
        bizBase,
        rate.toFixed(4),
        t.business,
        compact(filed),
      ]);
    }
    // 城建税 base: VAT + consumption tax actually paid (incl. approved 免抵) + business tax.
    const trueBase = t.vat + t.consumption + t.exemptCredit + t.business;
    let declaredBase = trueBase;
    if (qi === uctOffQuarter && trueBase > 0) {
      declaredBase = trueBase - Math.max(100, Math.round((trueBase * r.int(10, 50)) / 100));
      out.case('UCT_BASE_MISMATCH', {
        ...who(tp, tp.localTin),
        period: `${q.from}/${q.to}`,
        detail: { expectedBase: fenToYuan(trueBase), declaredBase: fenToYuan(declaredBase) },
      });
    }
    if (declaredBase > 0) {
      t.uct = pct(declaredBase, area.uctRate);
      t.education = pct(declaredBase, RATES.education);
      out.row('sbMx', [
        sblsh(tp, qi, 2),
        tp.jsjdm,
        LOCAL_TAX_TYPES.UCT,
        compact(q.from),
        compact(q.to),
        declaredBase,
        area.uctRate.toFixed(4),
        t.uct,
        compact(filed),
      ]);
      out.row('sbMx', [
        sblsh(tp, qi, 3),
        tp.jsjdm,
        LOCAL_TAX_TYPES.EDUCATION,
        compact(q.from),
        compact(q.to),
        declaredBase,
        RATES.education.toFixed(4),
        t.education,
        compact(filed),
      ]);
    }
    result.push(t);
  });

  if (businessYear >= 1_000_000 * 100) {
    out.case('KEY_TAX_SOURCE', {
      ...who(tp, tp.localTin),
      year: 2015,
      detail: { businessTax: fenToYuan(businessYear), industry: industry.code },
    });
  }
  // Freight invoices (national data) against the carrier's declared business tax base (local data).
  if (industry.carrier && businessBaseYear > 0) {
    const share = carrierUnder ? r.int(120, 150) : r.int(50, 90);
    const total = Math.round((businessBaseYear * share) / 100);
    const per = Math.floor(total / 4);
    for (let k = 0; k < 4; k++) {
      const amount = k === 3 ? total - per * 3 : per;
      out.row('fpHyfp', [
        `1${tp.area.division}15${pad(k, 3)}`,
        pad(tp.i % 1e8, 8),
        tp.nationalTin,
        tp.name,
        oldTin(tp.area.division, makeUsccSafeOrgCode(tp.i + 7)),
        QUARTERS[k].to,
        fenToYuan(amount),
        fenToYuan(pct(amount, 0.11)),
      ]);
    }
    if (carrierUnder) {
      out.case('FREIGHT_UNDERDECLARED', {
        ...who(tp, tp.nationalTin),
        year: 2015,
        detail: { invoiced: fenToYuan(total), declaredBase: fenToYuan(businessBaseYear) },
      });
    }
  }
  return result;
}

/** How a case names its taxpayer: by USCC where a source knows one, else by a legacy identifier. */
function who(tp: Tp, legacyId: string): Pick<CaseEntry, 'uscc' | 'legacyId'> {
  return tp.knownUscc ? { uscc: tp.knownUscc } : { legacyId };
}

const sbuuid = (tp: Tp, q: number, k: number) => `${pad(tp.i, 12)}${q}${k}`.padStart(32, 'S');
const voucher20 = (tp: Tp, q: number, k: number) => `3${tp.area.division}${pad(tp.i, 11)}${q}${k}`;
const sblsh = (tp: Tp, q: number, k: number) => `${base36(tp.i, 8)}${pad(q, 4)}${pad(k, 4)}`;

function generatePayments(tp: Tp, out: Emitter, taxes: QuarterTaxes[]): void {
  const { r, area } = tp;
  if (!r.chance(RATES_OF_PLANTING.protocol)) return;
  const bank = r.pick(BANKS);
  const account = `6222${pad(r.int(0, 999_999_999), 9)}${pad(tp.i % 1_000_000, 6)}`;
  out.row('tProtocol', [`N${tp.djxh}`, nationalOffice(area), tp.nationalTin, bank.code, account, compact(tp.registered)]);
  out.row('tProtocol', [`L${tp.jsjdm}`, localOffice(area), tp.localTin, bank.code, account, compact(tp.registered)]);
  const lines: { office: string; tin: string; levy: string; amount: number; level: string; subject: string }[][] = taxes.map((t) => [
    { office: nationalOffice(area), tin: tp.nationalTin, levy: LEVY_ITEMS.VAT, amount: t.vat, level: '1', subject: '1010101' },
    {
      office: localOffice(area),
      tin: tp.localTin,
      levy: LOCAL_TO_LEVY[LOCAL_TAX_TYPES.BUSINESS],
      amount: t.business,
      level: '3',
      subject: '1010301',
    },
    {
      office: localOffice(area),
      tin: tp.localTin,
      levy: LOCAL_TO_LEVY[LOCAL_TAX_TYPES.UCT],
      amount: t.uct,
      level: '3',
      subject: '1011001',
    },
  ]);
  taxes.forEach((t, qi) => {
    const q = QUARTERS[t.quarter];
    lines[qi].forEach((line, k) => {
      if (line.amount <= 0) return;
      emitPayment(tp, out, { ...line, entrust: q.filed, from: q.from, to: q.to, seq: t.quarter * 10 + k, bank: bank.code, account });
    });
  });
  // Payments still moving at the as-of date: awaiting deduction, or deducted within the grace days.
  if (r.chance(0.05)) {
    emitPayment(tp, out, {
      office: localOffice(area),
      tin: tp.localTin,
      levy: '10109',
      amount: r.int(100, 5000) * 100,
      level: '3',
      subject: '1011001',
      entrust: AS_OF,
      from: '2016-01-01',
      to: '2016-03-31',
      seq: 90,
      bank: bank.code,
      account,
      pending: 'awaiting',
    });
  } else if (r.chance(0.03)) {
    emitPayment(tp, out, {
      office: nationalOffice(area),
      tin: tp.nationalTin,
      levy: '10101',
      amount: r.int(100, 5000) * 100,
      level: '1',
      subject: '1010101',
      entrust: addDays(AS_OF, -1),
      from: '2016-01-01',
      to: '2016-03-31',
      seq: 91,
      bank: bank.code,
      account,
      pending: 'recent',
    });
  }
}

interface PaymentSpec {
  office: string;
  tin: string;
  levy: string;
  amount: number;
  level: string;
  subject: string;
  entrust: string;
  from: string;
  to: string;
  seq: number;
  bank: string;
  account: string;
  pending?: 'awaiting' | 'recent';
}

function emitPayment(tp: Tp, out: Emitter, p: PaymentSpec): void {
  const { r } = tp;
  const traNo = base36(tp.i * 100 + p.seq, 8);
  const voucherNo = `${p.office.slice(0, 1)}${pad(tp.i, 10)}${pad(p.seq, 2)}`;
  const time = `${pad(r.int(8, 17), 2)}${pad(r.int(0, 59), 2)}${pad(r.int(0, 59), 2)}`;
  let result: string | null = '90000';
  let addWord: string | null = null;
  let deducted: string | null = p.entrust;
  let treasury: string | null = addDays(p.entrust, r.int(0, 1));
  if (p.pending === 'awaiting') {
    result = null;
    deducted = null;
    treasury = null;
  } else if (p.pending === 'recent') {
    treasury = null;
  } else if (r.chance(RATES_OF_PLANTING.failedPayment)) {
    result = '94051';
    addWord = '账户余额不足';
    deducted = null;
    treasury = null;
  } else if (r.chance(RATES_OF_PLANTING.stuckPayment)) {
    treasury = null;
    out.case('DEDUCTED_NOT_IN_TREASURY', {
      ...who(tp, p.tin),
      taxOfficeCode: p.office,
      voucherNo,
      detail: { deductedOn: p.entrust, amount: fenToYuan(p.amount), bankCode: p.bank },
    });
  }
  out.row('tPayment', [
    p.office,
    compact(p.entrust),
    traNo,
    voucherNo,
    p.tin,
    tp.name,
    p.bank,
    p.account,
    tp.area.treasury,
    fenToYuan(p.amount),
    p.levy,
    p.subject,
    p.level,
    compact(p.from),
    compact(p.to),
    r.pick(['1', '2', '2', '3']),
    result,
    addWord,
    deducted ? compact(deducted) : null,
    deducted ? time : null,
  ]);
  if (treasury) {
    out.row('tTreasury', [p.office, compact(p.entrust), traNo, tp.area.treasury, compact(treasury), time]);
    if (r.chance(RATES_OF_PLANTING.refund)) {
      const on = addDays(treasury, r.int(10, 40));
      if (on <= AS_OF) out.row('tRefund', [`R${voucherNo}`, p.office, voucherNo, fenToYuan(Math.round(p.amount / 2)), compact(on), time]);
    }
  }
}

/** Test rows and typing accidents found in every legacy system (task 14). */
function emitGarbage(tp: Tp, out: Emitter): void {
  const { area, i } = tp;
  const localKey = `Z${base36(i, 7)}`;
  out.row('swdj', [
    localKey,
    '000000000000000',
    null,
    null,
    i % 800 === 200 ? '测试户' : toFullWidth('XX') + '商店',
    null,
    null,
    null,
    '410',
    '5211',
    area.division,
    localOffice(area),
    null,
    null,
    '10',
    '00000000',
    '20150230',
    null,
    '0',
  ]);
  out.case('GARBAGE_RECORD', { source: 'local-tax', legacyId: localKey, detail: { field: 'registration' } });
  const nationalKey = `9${area.division}${pad(i, 13)}`;
  out.row('djNsrxx', [
    nationalKey,
    '111111111111111',
    null,
    '1111',
    null,
    null,
    '410',
    '5211',
    '03',
    nationalOffice(area),
    null,
    null,
    null,
    null,
    null,
    area.division,
    'N',
    '2009-01-01',
    null,
    '2009-01-01 00:00:00',
    null,
    'Y',
  ]);
  out.case('GARBAGE_RECORD', { source: 'national-tax', legacyId: nationalKey, detail: { field: 'registration' } });
}

/** A payment whose TIN no tax office knows (a typo at the bank counter). */
function emitOrphanPayment(tp: Tp, out: Emitter): void {
  const office = localOffice(tp.area);
  const voucherNo = `X${pad(tp.i, 10)}99`;
  const tin = `${tp.area.division}00000000${pad(tp.i % 10, 1)}`;
  out.row('tPayment', [
    office,
    '20160115',
    base36(tp.i * 100 + 99, 8),
    voucherNo,
    tin,
    '无名户',
    BANKS[0].code,
    null,
    tp.area.treasury,
    '120.00',
    '10109',
    '1011001',
    '3',
    '20151001',
    '20151231',
    '3',
    '90000',
    null,
    '20160115',
    '100000',
  ]);
  out.row('tTreasury', [office, '20160115', base36(tp.i * 100 + 99, 8), tp.area.treasury, '20160116', '100000']);
  out.case('ORPHAN_PAYMENT', { source: 'treasury-bank', taxOfficeCode: office, voucherNo, legacyId: tin });
}
