/**
 * One taxpayer as all four sources know it: who it is (identifiers, names, area, industry) and
 * which life it leads. Every source's rows are written from this; nothing here writes a row.
 *
 * Determinism: each taxpayer draws from its own stream, and the draws happen in one fixed order
 * (this file, then the steps of index.ts in turn). Values are drawn into named constants before a
 * row is built, so reordering a row's keys never moves a draw.
 */
import { individualTin, makeCitizenId, makeRegistrationNo, makeUscc, makeUsccSafeOrgCode, oldTin } from '../../shared/identifiers';
import { addDays } from '../../shared/dates';
import type { CaseEntry, IdentityEntry, IdentityKind } from '../manifest';
import { Random } from '../random';
import { AREAS, AS_OF, Area, BRAND, FORMER_DIVISIONS, GIVEN, INDUSTRIES, Industry, SURNAMES } from '../reference';
import type { Emitter } from './emitter';
import { ENTERPRISE_FORMS, INDIVIDUAL_FORM, LegalForm } from './legal-forms';
import { RATES_OF_PLANTING, WINDOW_FROM } from './rates';
import { base36, compact, dateBetween, pad } from './values';

/** Exclusive outcomes: one per taxpayer. */
export type Life =
  | 'unregistered'
  | 'cancelledButActive'
  | 'deregistered'
  | 'migrated'
  | 'abnormal'
  | 'normal'
  | 'revokedButActive'
  | 'movedOutButActive'
  | 'oneBureau';

export interface Taxpayer {
  /** Its number in the seed (0-based), which its keys are built from. */
  i: number;
  /** Its own random stream. */
  r: Random;
  individual: boolean;
  area: Area;
  industry: Industry;
  orgCode: string;
  uscc: string;
  /** Its legal form: the registry's entity type, the bureaus' registration type and its name's ending agree. */
  form: LegalForm;
  name: string;
  person: string;
  citizenId: string;
  phone: string;
  address: string;
  regNo: string;
  /** The records' internal keys: registry PRIPID, national DJXH, local JSJDM. */
  pripid: string;
  djxh: string;
  jsjdm: string;
  nationalTin: string;
  localTin: string;
  /** Tax registration date (ISO). */
  registered: string;
  established: string;
  /** Registered from 2015-10: the USCC is the TIN. */
  tinIsUscc: boolean;
  /** The division frozen in the national TIN (the current one unless it moved). */
  frozenDivision: string;
  /** National and local TINs differ in their frozen division. */
  twoTins: boolean;
  life: Life;
  /** The registry record carries the USCC (UNISCID). */
  usccInRegistry: boolean;
  /** The USCC any source knows this taxpayer by; null for an individual business known only by its ID-TIN. */
  knownUscc: string | null;
  /** Identifiers stored with stray blanks. */
  padded: boolean;
}

// Organization codes are drawn from two disjoint ranges, away from codes like '000000000' that
// typing accidents produce.
const ENTERPRISE_CODE_OFFSET = 1_000_000;
const INDIVIDUAL_CODE_OFFSET = 500_000_000;

const INDIVIDUAL_INDUSTRIES = INDUSTRIES.filter((x) => x.individualShare > 0).map((x) => [x, x.individualShare] as const);
const ENTERPRISE_INDUSTRIES = INDUSTRIES.filter((x) => x.enterpriseShare > 0).map((x) => [x, x.enterpriseShare] as const);

/** Taxpayer number `i` of a seed: its identity and its life. */
export function newTaxpayer(seed: number, i: number): Taxpayer {
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
  const tinIsUscc = !individual && registered >= '2015-10-01';
  const frozen = !individual && !tinIsUscc && r.chance(RATES_OF_PLANTING.frozenDivision) ? r.pick(FORMER_DIVISIONS) : area.division;
  const twoTins = !individual && !tinIsUscc && r.chance(RATES_OF_PLANTING.twoTins);
  const localFrozen = twoTins ? (FORMER_DIVISIONS.find((d) => d !== frozen) ?? frozen) : frozen;
  const phone = `13${pad(r.int(0, 999999999), 9)}`;
  const address = `${area.name}${r.pick(BRAND)}${r.pick(BRAND)}路${r.int(1, 300)}号`;
  const life = drawLife(r);
  // A registry record without USCC cannot be matched to tax records at all, so the registry-versus-tax
  // cases (never registered, cancelled but active) are planted only on records that carry one.
  const matchable = MATCHABLE_LIVES.has(life);
  const usccInRegistry =
    matchable ||
    (individual ? !r.chance(RATES_OF_PLANTING.individualWithoutUscc) : tinIsUscc || !r.chance(RATES_OF_PLANTING.registryWithoutUscc));
  // Stray blanks around a 15-character TIN still fit the VARCHAR(20) column.
  const padded = !individual && !tinIsUscc && r.chance(RATES_OF_PLANTING.padded);
  // The legal form is drawn last, so the draws before it (and the identities they make) stay as they were.
  const form = individual ? INDIVIDUAL_FORM : r.weighted(ENTERPRISE_FORMS);
  const name = individual
    ? `${area.name.slice(3)}${brand}${industry.name.slice(0, 2)}${form.suffix(industry)}`
    : `${area.name.slice(0, 3)}${brand}${industry.name}${form.suffix(industry)}`;
  return {
    i,
    r,
    individual,
    area,
    industry,
    orgCode,
    uscc,
    form,
    name,
    person,
    citizenId,
    phone,
    address,
    regNo: makeRegistrationNo(area.division, i),
    pripid: `P${area.division}${pad(i, 12)}`,
    djxh: `1${area.division}${pad(i, 13)}`,
    jsjdm: `A${base36(i, 7)}`,
    nationalTin: individual ? individualTin(citizenId) : tinIsUscc ? uscc : oldTin(frozen, orgCode),
    localTin: individual ? individualTin(citizenId) : tinIsUscc ? uscc : oldTin(localFrozen, orgCode),
    registered,
    established: licenceEdge(life, i) ?? established,
    tinIsUscc,
    frozenDivision: frozen,
    twoTins,
    life,
    usccInRegistry,
    // An individual business no source knows by USCC has none to give: it is known by its ID-TIN only.
    knownUscc: individual && !usccInRegistry ? null : uscc,
    padded,
  };
}

/** The lives whose cases compare the registry with tax: their registry record carries the USCC. */
const MATCHABLE_LIVES = new Set<Life>(['unregistered', 'cancelledButActive', 'revokedButActive', 'movedOutButActive', 'oneBureau']);

/**
 * Task 9's day count at its edge: some unregistered businesses got their licence 29, 30 or 31 days
 * before the as-of day (a Thursday; day 30 of the 31-day-old licence is a Wednesday), chosen by number.
 */
export function licenceEdge(life: Life, i: number): string | null {
  if (life !== 'unregistered' || i % 4 === 3) return null;
  return addDays(AS_OF, -[29, 30, 31][i % 4]);
}

function drawLife(r: Random): Life {
  const roll = r.next();
  let acc = 0;
  for (const [life, p] of [
    ['unregistered', RATES_OF_PLANTING.unregistered],
    ['cancelledButActive', RATES_OF_PLANTING.cancelledButActive],
    ['deregistered', RATES_OF_PLANTING.deregistered],
    ['migrated', RATES_OF_PLANTING.migrated],
    ['abnormal', RATES_OF_PLANTING.abnormal],
    ['revokedButActive', RATES_OF_PLANTING.revokedButActive],
    ['movedOutButActive', RATES_OF_PLANTING.movedOutButActive],
    ['oneBureau', RATES_OF_PLANTING.oneBureau],
  ] as const) {
    if (roll < (acc += p)) return life;
  }
  return 'normal';
}

/** How a case names its taxpayer: by USCC where a source knows one, else by a legacy identifier. */
export function who(tp: Taxpayer, legacyId: string): Pick<CaseEntry, 'uscc' | 'legacyId'> {
  return tp.knownUscc ? { uscc: tp.knownUscc } : { legacyId };
}

/** Every identifier of a registered taxpayer, as the identity ground truth lists it. */
export function identityOf(tp: Taxpayer): IdentityEntry {
  return {
    uscc: tp.knownUscc,
    name: tp.name,
    nationalTin: tp.nationalTin,
    localTin: tp.localTin,
    registrationNo: tp.regNo,
    nationalKey: tp.djxh,
    localKey: tp.jsjdm,
    registryKey: tp.pripid,
    ...(tp.individual ? { citizenId: tp.citizenId } : {}),
  };
}

/** The identity variants resolution must get right (task 2) that this taxpayer is an example of (a duplicate is decided later, by national tax). */
export function identityKindsOf(tp: Taxpayer): IdentityKind[] {
  const { i, individual, knownUscc } = tp;
  const kinds: IdentityKind[] = [];
  if (i < 40) kinds.push(individual ? 'INDIVIDUAL_BUSINESS' : 'ENTERPRISE');
  else if (individual && knownUscc && i % 50 === 0) kinds.push('INDIVIDUAL_BUSINESS');
  if (tp.twoTins) kinds.push('TWO_TINS');
  if (tp.frozenDivision !== tp.area.division) kinds.push('FROZEN_DIVISION');
  if (tp.tinIsUscc) kinds.push('TIN_IS_USCC');
  if (!tp.usccInRegistry) kinds.push(individual ? 'INDIVIDUAL_WITHOUT_USCC' : 'REGISTRY_WITHOUT_USCC');
  if (tp.padded) kinds.push('PADDED_CODES');
  return kinds;
}

export function recordIdentities(tp: Taxpayer, identity: IdentityEntry, out: Emitter): void {
  for (const kind of identityKindsOf(tp)) out.identity(kind, identity);
}
