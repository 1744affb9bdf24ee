/**
 * The contract points of issue 13 that need no database: every enum value of the composed supergraph
 * carries a description (analysts read them in the explorer), and the generator writes what the
 * data's era and the names' legal forms allow (tax offices named as in 2016, entity types that fit the
 * names).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildASTSchema, isEnumType, parse } from 'graphql';
import { Emitter, generateTaxpayer } from '../../seeds/generator';
import { emitReferenceRows } from '../../seeds/generator/code-tables';
import { nameFitsEntityType } from '../../seeds/generator/legal-forms';
import type { TableKey, Value } from '../../seeds/tables';
import { isCitizenIdTin, maskPersonalData, maskPersonName } from '../../subgraphs/kit/access';
import { detectDataIssues } from '../../subgraphs/kit/data-quality';
import { UsccScalar } from '../../subgraphs/kit/scalars';
import { isKnown, licenceNumberOf, nameOf, presenceOutcomes, secondTier } from '../../subgraphs/cooperation/identity/presence';
import { isAcceptedUscc, isPilotUscc } from '../../shared/identifiers';
import { FINDING_KINDS, FINDING_RULES } from '../../subgraphs/cooperation/rules/reference';

const root = join(__dirname, '..', '..');

type Rows = [TableKey, Record<string, Value>][];

/** The rows the generator writes for taxpayers [0, n) of a seed. */
function generate(seed: number, n: number): Rows {
  const rows: Rows = [];
  const out: Emitter = {
    row: (t, r) => rows.push([t, r as Record<string, Value>]),
    case: () => undefined,
    identity: () => undefined,
    event: () => undefined,
    deemed: () => undefined,
  };
  for (let i = 0; i < n; i++) generateTaxpayer(seed, i, out);
  return rows;
}

const of = (rows: Rows, table: TableKey) => rows.filter(([t]) => t === table).map(([, r]) => r);

describe('the contract', () => {
  it('describes every enum value of the composed supergraph', () => {
    const schema = buildASTSchema(parse(readFileSync(join(root, 'schema', 'supergraph.graphql'), 'utf8')), { assumeValidSDL: true });
    const bare: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      // Federation's own enums (join__Graph, link__Purpose) and introspection's are not ours to describe.
      if (!isEnumType(type) || type.name.startsWith('__') || type.name.includes('__')) continue;
      for (const value of type.getValues()) if (!value.description?.trim()) bare.push(`${type.name}.${value.name}`);
    }
    expect(bare).toEqual([]);
  });

  it("names in README's differences from API.md every kind of a task that has several (API.md promises one per joint task)", () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const row = readme.split('\n').find((line) => line.startsWith('| `Finding.kind`'));
    expect(row).toBeDefined();
    const kindsOf = (task: number) => FINDING_KINDS.filter((kind) => FINDING_RULES[kind].task === task);
    const several = FINDING_KINDS.filter((kind) => kindsOf(FINDING_RULES[kind].task).length > 1);
    expect(several.length).toBeGreaterThan(0);
    expect(several.filter((kind) => !row!.includes(`\`${kind}\``))).toEqual([]);
  });

  it("masks a natural person's name to its surname, keeping its length", () => {
    expect(maskPersonName('张伟')).toBe('张*');
    expect(maskPersonName(' 欧阳秀英 ')).toBe('欧***');
    expect(maskPersonName('王')).toBe('*');
    expect(maskPersonName('')).toBe('');
    expect(maskPersonalData('李秀兰', { name: true })).toBe('李**');
    // The directive's other masks are unchanged.
    expect(maskPersonalData('11010519491231002X')).toBe('1101**********002X');
    expect(isCitizenIdTin('11010519491231002X00')).toBe(true);
    expect(isCitizenIdTin('510104000000123')).toBe(false);
    expect(isCitizenIdTin(null)).toBe(false);
  });

  it('marks every person name field of the composed supergraph as personal data', () => {
    const sdl = readFileSync(join(root, 'schema', 'supergraph.graphql'), 'utf8');
    const schema = buildASTSchema(parse(sdl), { assumeValidSDL: true });
    for (const type of ['Person', 'LocalTaxPerson', 'NationalTaxPerson']) {
      const field = (schema.getType(type) as import('graphql').GraphQLObjectType).getFields().name;
      expect(field.astNode?.directives?.map((d) => d.name.value)).toContain('personalData');
    }
  });
});

describe('a legal pilot USCC', () => {
  it('is accepted by the scalar with its records warned about; a typo outside the pilot range is still refused', () => {
    expect(UsccScalar.parseValue('91350100M0001TGQXM')).toBe('91350100M0001TGQXM');
    expect(isPilotUscc('91350100M0001TGQXM')).toBe(true);
    expect(isAcceptedUscc('91350100M0001TGQXM')).toBe(true);
    // Outside Fujian, or a subject code that is an organization code, or a character outside the alphabet: refused.
    expect(() => UsccScalar.parseValue('91110000600037341M')).toThrow(/check character should be 'L'/);
    expect(isPilotUscc('91350100600037341M')).toBe(false);
    expect(() => UsccScalar.parseValue('91350100M000100Y4Z')).toThrow(/not in the USCC alphabet/);
    expect(detectDataIssues([{ field: 'uscc', kind: 'uscc', value: '91350100M0001TGQXM' }]).map((i) => i.problem)).toEqual(['PILOT_CODE']);
    expect(detectDataIssues([{ field: 'tin', kind: 'tin', value: '91350100M0001TGQXM' }]).map((i) => i.problem)).toEqual(['PILOT_CODE']);
    expect(detectDataIssues([{ field: 'uscc', kind: 'uscc', value: '91110000600037341M' }]).map((i) => i.problem)).toEqual([
      'INVALID_IDENTIFIER',
    ]);
  });
});

describe("a taxpayer's presence in the sources (cooperation)", () => {
  const found = (name: string | null, registrationNumber: string | null = null) => ({ kind: 'found' as const, name, registrationNumber });
  const none = { kind: 'none' as const };
  const failed = { kind: 'failed' as const, timedOut: false };

  it('asks the bureaus only when the registry gives no name, and the treasury only when it has no record', () => {
    expect(secondTier(found('成都市华鑫百货零售有限公司'))).toEqual([]);
    expect(secondTier(found(null))).toEqual(['national-tax', 'local-tax']);
    expect(secondTier(none)).toEqual(['national-tax', 'local-tax', 'treasury-bank']);
    expect(secondTier(failed)).toEqual(['national-tax', 'local-tax', 'treasury-bank']);
  });

  it('is known when one source has a record, unknown when all answered without one, and unavailable when one could not tell', () => {
    expect(isKnown({ 'business-registry': none, 'national-tax': none, 'local-tax': none, 'treasury-bank': found(null) })).toBe(true);
    expect(isKnown({ 'business-registry': none, 'national-tax': none, 'local-tax': none, 'treasury-bank': none })).toBe(false);
    const down = isKnown({ 'business-registry': none, 'national-tax': failed, 'local-tax': none, 'treasury-bank': none });
    expect(down).toBeInstanceOf(Error);
    expect((down as Error & { extensions: Record<string, unknown> }).extensions).toMatchObject({
      code: 'SOURCE_UNAVAILABLE',
      sources: ['national-tax'],
    });
    expect(isKnown({ 'business-registry': failed, 'national-tax': found('X') })).toBe(true);
  });

  it("takes the registry's name, else national tax's, else local tax's; never a later one for a source that is down", () => {
    expect(nameOf({ 'business-registry': found('R') })).toBe('R');
    expect(nameOf({ 'business-registry': none, 'national-tax': found('N'), 'local-tax': found('L') })).toBe('N');
    expect(nameOf({ 'business-registry': found(null), 'national-tax': none, 'local-tax': found('L') })).toBe('L');
    expect(nameOf({ 'business-registry': none, 'national-tax': none, 'local-tax': none })).toBeNull();
    expect(nameOf({ 'business-registry': failed, 'national-tax': found('N') })).toBeInstanceOf(Error);
  });

  it("links by national tax's registration number only when the registry has no record under the USCC", () => {
    expect(licenceNumberOf({ 'business-registry': none, 'national-tax': found('N', '510104000000016') })).toBe('510104000000016');
    expect(licenceNumberOf({ 'business-registry': found('R'), 'national-tax': found('N', '510104000000016') })).toBeNull();
    expect(licenceNumberOf({ 'business-registry': none, 'national-tax': none })).toBeNull();
  });

  it("reads each USCC's answer from one _entities call, an entity's error failing that one alone", () => {
    const answer = {
      ok: true as const,
      data: { _entities: [{ nationalTax: { name: ' N ', registrationNumber: '' } }, null, { nationalTax: null }] },
      errors: [{ path: ['_entities', 1, 'nationalTax'], extensions: { code: 'SOURCE_UNAVAILABLE' } }],
    };
    expect(presenceOutcomes('national-tax', 3, answer)).toEqual([found('N', null), { kind: 'failed', timedOut: false }, none]);
    expect(presenceOutcomes('treasury-bank', 1, { ok: true, data: { _entities: [{ payments: { edges: [{}] } }] }, errors: [] })).toEqual([
      found(null),
    ]);
    expect(presenceOutcomes('local-tax', 2, { ok: false, timedOut: true, reason: 'slow' })).toEqual([
      { kind: 'failed', timedOut: true },
      { kind: 'failed', timedOut: true },
    ]);
  });
});

describe('the generator, as of 2016', () => {
  it('names the tax offices as they were named before the 2018 merger, alike in every source', () => {
    const rows: Rows = [];
    emitReferenceRows(
      { row: (t, r) => rows.push([t, r as Record<string, Value>]) },
      {
        nationalStatuses: {},
        localStatuses: {},
        registrationTypes: {},
        divisions: {},
        levyItems: {},
        localTaxTypes: {},
      },
    );
    const national = of(rows, 'dmSwjgN');
    const local = of(rows, 'dmSwjgL');
    const tips = of(rows, 'tOrg');
    expect(national.length).toBeGreaterThan(0);
    for (const office of national) expect(office.swjgmc).toMatch(/^[^国]+[市县区]国家税务局$/);
    for (const office of local) expect(office.swjgmc).toMatch(/^[^国]+[市县区]地方税务局$/);
    expect(rows.filter(([, r]) => Object.values(r).some((v) => typeof v === 'string' && v.includes('国家税务总局')))).toEqual([]);
    // TIPS names each office as the bureau's own code table does.
    const names = new Map<Value, Value>([
      ...national.map((o) => [o.swjg_dm, o.swjgmc] as const),
      ...local.map((o) => [o.swjgdm, o.swjgmc] as const),
    ]);
    for (const org of tips) expect(org.TaxOrgName).toBe(names.get(org.TaxOrgCode));
    expect(national.find((o) => o.swjg_dm === '15101070000')?.swjgmc).toBe('成都市武侯区国家税务局');
  });

  it('gives every business an entity type and registration types that fit its name', () => {
    const rows = generate(42, 600);
    const registry = of(rows, 'eBase');
    const national = new Map(of(rows, 'djNsrxx').map((r) => [r.nsrmc, r.djzclx_dm]));
    const local = new Map(of(rows, 'swdj').map((r) => [r.nsrmc, r.djlx]));
    const fitting: Record<string, string[]> = { '1100': ['159', '173'], '1200': ['160'], '4100': ['110'], '9500': ['410'] };
    const wrong: string[] = [];
    const seen = new Set<string>();
    for (const r of registry) {
      const name = String(r.entname);
      const type = String(r.enttype);
      seen.add(type);
      if (!nameFitsEntityType(name, type)) wrong.push(`${name}: ENTTYPE ${type}`);
      for (const [source, types] of [
        ['national', national],
        ['local', local],
      ] as const) {
        const registration = types.get(name);
        if (registration !== undefined && !fitting[type].includes(String(registration)))
          wrong.push(`${name}: ${source} ${registration} for ${type}`);
      }
    }
    expect(wrong).toEqual([]);
    expect([...seen].sort()).toEqual(['1100', '1200', '4100', '9500']);
    expect(registry.some((r) => String(r.entname).endsWith('厂'))).toBe(true);
  });

  it('tells names that contradict their entity type', () => {
    expect(nameFitsEntityType('成都市华鑫百货零售有限公司', '4100')).toBe(false);
    expect(nameFitsEntityType('成都市华鑫百货零售股份有限公司', '1100')).toBe(false);
    expect(nameFitsEntityType('成都市华鑫百货零售有限公司', '1200')).toBe(false);
    expect(nameFitsEntityType('成都市华鑫金属结构制造厂', '4100')).toBe(true);
    expect(nameFitsEntityType('成都市华鑫百货零售有限责任公司', '1100')).toBe(true);
    expect(nameFitsEntityType('锦江区华鑫百货店', '9500')).toBe(true);
  });

  it('stays deterministic: the same seed gives the same rows', () => {
    expect(generate(7, 120)).toEqual(generate(7, 120));
  });
});
