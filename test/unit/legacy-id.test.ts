/**
 * The cooperation subgraph's identity rules, without processes: which sources a legacy id is asked
 * of (only those that can know its kind), and how their answers become one USCC, null or an error.
 */
import { GraphQLError } from 'graphql';
import { planLegacyId } from '../../subgraphs/cooperation/identity/legacy-id';
import { lookupKey, LookupOutcome, resolveUscc } from '../../subgraphs/cooperation/identity/resolution';
import {
  individualTin,
  makeCitizenId,
  makeOrgCode,
  makeRegistrationNo,
  makeUscc,
  makeUsccSafeOrgCode,
  oldTin,
} from '../../shared/identifiers';

const org = makeUsccSafeOrgCode(1_000_123);
const uscc = makeUscc('9', '1', '110101', org);
const tin = oldTin('110108', org);
const citizenTin = individualTin(makeCitizenId('510104', '19800101', 123), 0);

const asked = (id: string) => planLegacyId(id).tiers.map((tier) => tier.map((l) => `${l.source}:${l.by}`));

describe('planLegacyId', () => {
  it('asks only the sources that can know each kind of id', () => {
    expect(asked(uscc)).toEqual([['business-registry:uscc', 'national-tax:uscc', 'local-tax:uscc']]);
    expect(asked(tin)[0]).toEqual(['national-tax:tin', 'local-tax:tin']);
    expect(asked(citizenTin)).toEqual([['national-tax:tin', 'local-tax:tin'], ['national-tax:internal-key']]);
    expect(asked('A000001Z')).toEqual([['local-tax:internal-key']]);
    expect(asked('10000000000000000001')).toEqual([['national-tax:internal-key']]);
    expect(asked('P110101000000000001')).toEqual([['business-registry:internal-key']]);
  });

  it('asks the registry for a registration number, also when it could be an old TIN (after the bureaus), then national tax by the copy of it', () => {
    const numbers = Array.from({ length: 200 }, (_, i) => makeRegistrationNo('110101', i));
    const plans = numbers.map(asked);
    // An old registry record carries no USCC: national tax's record that copied its number (GSDJZCH) gives it (issue 13).
    const byNumber = [['business-registry:registration-number'], ['national-tax:registration-number']];
    expect(plans.filter((p) => p.length === 2)).toContainEqual(byNumber);
    const ambiguous = plans.filter((p) => p.length === 3);
    expect(ambiguous.length).toBeGreaterThan(0);
    for (const p of ambiguous) expect(p).toEqual([['national-tax:tin', 'local-tax:tin'], ...byNumber]);
  });

  it('cleans what a person types, and refuses what is no identifier', () => {
    const fullWidth = uscc.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    expect(planLegacyId(` \u3000${fullWidth.toLowerCase()}\t`).id).toBe(uscc);
    for (const bad of ['', '   ', 'abc', 'X'.repeat(37), 'ABC$1234', '91中文测试12345678', makeOrgCode(7)]) {
      expect(() => planLegacyId(bad)).toThrow(GraphQLError);
      try {
        planLegacyId(bad);
      } catch (err) {
        expect((err as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
      }
    }
  });
});

describe('resolveUscc', () => {
  const answers = (id: string, outcomes: Record<string, LookupOutcome>) => {
    const plan = planLegacyId(id);
    const map = new Map<string, LookupOutcome>();
    for (const l of plan.tiers.flat()) map.set(lookupKey(l), outcomes[`${l.source}:${l.by}`] ?? { kind: 'none' });
    return resolveUscc(plan, map);
  };
  const other = makeUscc('9', '1', '110108', org);

  it('answers a USCC with itself when any source knows it, and null when none does', () => {
    expect(answers(uscc, { 'local-tax:uscc': { kind: 'found', uscc: null } })).toBe(uscc);
    expect(answers(uscc, {})).toBeNull();
  });

  it("prefers national tax's USCC over local tax's, and a record without one gives none", () => {
    expect(answers(tin, { 'local-tax:tin': { kind: 'found', uscc: other }, 'national-tax:tin': { kind: 'found', uscc } })).toBe(uscc);
    expect(answers(tin, { 'local-tax:tin': { kind: 'found', uscc: other } })).toBe(other);
    expect(answers(citizenTin, { 'national-tax:tin': { kind: 'found', uscc: null } })).toBeNull();
  });

  it('costs a failed source only itself, and names it when the answer cannot be told without it', () => {
    expect(answers(tin, { 'local-tax:tin': { kind: 'failed', timedOut: false }, 'national-tax:tin': { kind: 'found', uscc } })).toBe(uscc);
    const down = answers(tin, { 'local-tax:tin': { kind: 'failed', timedOut: false } }) as GraphQLError;
    expect(down.extensions).toMatchObject({ code: 'SOURCE_UNAVAILABLE', source: 'local-tax', sources: ['local-tax'] });
    const slow = answers(uscc, {
      'national-tax:uscc': { kind: 'failed', timedOut: true },
      'business-registry:uscc': { kind: 'failed', timedOut: true },
    }) as GraphQLError;
    expect(slow.extensions).toMatchObject({ code: 'SOURCE_TIMEOUT', sources: ['business-registry', 'national-tax'] });
  });
});
