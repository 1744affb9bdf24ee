/**
 * Task 2's planted disagreements (相同信息一次采集): now and then one source holds a registration fact
 * differently from the other two (a name, a legal representative, an address, an industry), or the
 * bureaus disagree on status (local tax deregistered it, national tax shows it normal); and now and
 * then national tax holds an address typed with a blank inside, which is no disagreement (full-width
 * typing is none either, but the subgraphs' mappers already make it half-width). Decided from a
 * stream of the taxpayer's own (its number), so no other draw moves.
 *
 * Only ordinary taxpayers (life 'normal', their registry record carrying the USCC) that are no
 * identity example get one: the identity tests compare names and keys with the generator's. A name
 * differs in local tax, or, for an individual business (never duplicated in national tax), in the
 * registry; national tax's name stays the identities' name.
 */
import type { LegacySource } from '../../shared/sources';
import { Random } from '../random';
import { BRAND, GIVEN, INDUSTRIES, SURNAMES } from '../reference';
import type { Emitter } from './emitter';
import { RATES_OF_PLANTING } from './rates';
import { identityKindsOf, Taxpayer } from './taxpayer';

export type MismatchField = 'name' | 'legalRepresentative' | 'address' | 'industryCode' | 'status';

export interface Mismatch {
  field: MismatchField;
  /** The source holding the different value (status: local tax, which deregistered it). */
  source: LegacySource;
  value: string;
}

/** The registration facts one source writes. */
export interface RegistrationValues {
  name: string;
  person: string;
  address: string;
  industryCode: string;
}

/** The stream task 2's plants draw from (with the taxpayer's number). */
const MISMATCH_STREAM = 0x2a02;
/** The order pairs of sources are named in (the rule's). */
const ORDER: readonly LegacySource[] = ['business-registry', 'national-tax', 'local-tax'];

/**
 * An enterprise's name with its legal form typed another way, always different from the name (the
 * legal forms give names ending 有限公司, 有限责任公司, 股份有限公司, 公司 and 厂).
 */
function otherLegalName(name: string): string {
  if (name.endsWith('有限责任公司')) return name.replace(/有限责任公司$/, '有限公司');
  if (name.endsWith('有限公司')) return name.replace(/有限公司$/, '有限责任公司');
  if (name.endsWith('公司')) return name.replace(/公司$/, '有限公司');
  if (name.endsWith('厂')) return name.replace(/厂$/, '工厂');
  return `${name}分公司`;
}

const decided = new WeakMap<Taxpayer, { mismatch: Mismatch | null; noisyAddress: boolean }>();

function decide(tp: Taxpayer): { mismatch: Mismatch | null; noisyAddress: boolean } {
  const known = decided.get(tp);
  if (known) return known;
  let result: { mismatch: Mismatch | null; noisyAddress: boolean } = { mismatch: null, noisyAddress: false };
  const r = new Random(MISMATCH_STREAM, tp.i);
  if (
    tp.life === 'normal' &&
    tp.usccInRegistry &&
    tp.knownUscc &&
    !identityKindsOf(tp).length &&
    r.chance(RATES_OF_PLANTING.registrationMismatch)
  ) {
    const roll = r.int(0, 5);
    const any = (): LegacySource => r.pick(ORDER);
    if (roll === 0) {
      const source: LegacySource = tp.individual && r.chance(0.5) ? 'business-registry' : 'local-tax';
      const value = tp.individual ? tp.name.replace(/店$/, '商行') : otherLegalName(tp.name);
      result = { mismatch: { field: 'name', source, value }, noisyAddress: false };
    } else if (roll === 1) {
      let person = tp.person;
      while (person === tp.person) person = r.pick(SURNAMES) + r.pick(GIVEN) + r.pick(GIVEN);
      result = { mismatch: { field: 'legalRepresentative', source: any(), value: person }, noisyAddress: false };
    } else if (roll === 2) {
      const value = `${tp.area.name}${r.pick(BRAND)}${r.pick(BRAND)}街${r.int(1, 300)}号`;
      result = { mismatch: { field: 'address', source: any(), value }, noisyAddress: false };
    } else if (roll === 3) {
      const other = INDUSTRIES.filter((x) => x.code.slice(0, 2) !== tp.industry.code.slice(0, 2));
      result = { mismatch: { field: 'industryCode', source: 'business-registry', value: r.pick(other).code }, noisyAddress: false };
    } else if (roll === 4 && !tp.individual) {
      result = { mismatch: { field: 'status', source: 'local-tax', value: '60' }, noisyAddress: false };
    } else {
      result = { mismatch: null, noisyAddress: true };
    }
  }
  decided.set(tp, result);
  return result;
}

export const mismatchOf = (tp: Taxpayer): Mismatch | null => decide(tp).mismatch;

/** The name, legal representative, address and industry a source writes for the taxpayer. */
export function registrationValues(tp: Taxpayer, source: LegacySource): RegistrationValues {
  const { mismatch: m, noisyAddress } = decide(tp);
  const mine = (field: MismatchField, value: string) => (m && m.field === field && m.source === source ? m.value : value);
  // A blank after the area's name: typed differently, the same address.
  const address = noisyAddress && source === 'national-tax' ? tp.address.replace(tp.area.name, `${tp.area.name} `) : tp.address;
  return {
    name: mine('name', tp.name),
    person: mine('legalRepresentative', tp.person),
    address: mine('address', address),
    industryCode: mine('industryCode', tp.industry.code),
  };
}

/** The ground truth: one case per pair of sources the different value sets apart (status: the bureaus' pair). */
export function mismatchCases(tp: Taxpayer, out: Emitter): void {
  const m = mismatchOf(tp);
  if (!m) return;
  const others = m.field === 'status' ? (['national-tax'] as LegacySource[]) : ORDER.filter((s) => s !== m.source);
  for (const other of others) {
    const [a, b] = [m.source, other].sort((x, y) => ORDER.indexOf(x) - ORDER.indexOf(y));
    out.case('REGISTRATION_MISMATCH', { uscc: tp.knownUscc!, aspect: `${m.field}:${a}/${b}`, detail: { value: m.value } });
  }
}
