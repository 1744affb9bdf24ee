/**
 * The local tax (地税) subgraph over a seeded legacy database: identity resolution against the
 * generator's ground truth, no legacy dirt in answers, one statement per loader and level, clear
 * errors for bad input, a read-only connection, and SOURCE_UNAVAILABLE when the database is gone.
 */
import { GraphQLNamedType, GraphQLSchema, isEnumType, isInputObjectType, isObjectType } from 'graphql';
import { Client } from 'pg';
import type { CaseEntry, IdentityEntry, IdentityKind, Manifest } from '../../seeds/manifest';
import { isValidUscc } from '../../shared/identifiers';
import { RunningSubgraph, startSubgraph } from '../../subgraphs/kit/subgraph';
import { localTax } from '../../subgraphs/local-tax/server';
import { countQueries, graphql, GraphQLResponse, seededSources, stringLeaves } from '../support/seeded';

const SOURCE = 'local-tax';

const ACCOUNT = `id tin uscc organizationCode name legalRepresentative { name idNumber } phone registrationType industryCode
  division taxOffice { code name } administrator { code name } address status statusLabel statusChangedOn registeredOn
  deregisteredOn taxpayer { uscc }`;
const LISTS = `returns { serialNumber taxType taxTypeLabel periodFrom periodTo taxableBase rate taxDue filedOn }
  turnoverQuotas { year monthlyTurnover assessedOn } deemedCit { year deemedIncomeRate }
  creditRatings { year score grade } auditCases { caseNumber source filedOn closedOn backTaxes fine reason }`;
const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Taxpayer { uscc localTax { ${ACCOUNT} ${LISTS} } localTaxRecords { id } } } }`;
const PAGE = `query($first: Int, $after: String, $filter: LocalTaxAccountFilter) {
  localTaxAccounts(first: $first, after: $after, filter: $filter) { edges { cursor node { ${ACCOUNT} ${LISTS} } } pageInfo { hasNextPage endCursor } totalCount }
}`;

const STATUSES = ['NORMAL', 'ABNORMAL', 'MISSING', 'PENDING_DEREGISTRATION', 'DEREGISTERED', 'DEREGISTERED_FROM_ABNORMAL'];
const TAX_TYPES = ['BUSINESS_TAX', 'CIT', 'URBAN_CONSTRUCTION_TAX', 'EDUCATION_SURCHARGE', 'LOCAL_EDUCATION_SURCHARGE'];
const GRADES = ['A', 'B', 'M', 'C', 'D'];
const MONEY = /^-?\d+\.\d{2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Identity variants a local tax record exists for (every one but the unregistered). */
const LOCAL_KINDS: IdentityKind[] = [
  'ENTERPRISE',
  'INDIVIDUAL_BUSINESS',
  'TWO_TINS',
  'FROZEN_DIVISION',
  'TIN_IS_USCC',
  'REGISTRY_WITHOUT_USCC',
  'INDIVIDUAL_WITHOUT_USCC',
  'PADDED_CODES',
  'DUPLICATE',
];

interface Account {
  id: string;
  tin: string;
  uscc: string | null;
  organizationCode: string | null;
  name: string;
  status: string | null;
  statusChangedOn: string | null;
  registeredOn: string | null;
  administrator: { code: string; name: string | null } | null;
  taxOffice: { code: string; name: string | null };
  division: string;
  industryCode: string;
  taxpayer: { uscc: string } | null;
  returns: { taxType: string; taxableBase: string; taxDue: string; periodFrom: string; rate: string }[];
  turnoverQuotas: { year: number; monthlyTurnover: string }[];
  deemedCit: { year: number; deemedIncomeRate: string }[];
  creditRatings: { year: number; grade: string; score: number }[];
  auditCases: { caseNumber: string; backTaxes: string; fine: string }[];
}

const fullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const reps = (usccs: string[]) => usccs.map((uscc) => ({ __typename: 'Taxpayer', uscc }));
const localCases = (m: Manifest, kind: keyof Manifest['cases']): CaseEntry[] =>
  m.cases[kind].filter((e) => e.source === undefined || e.source === SOURCE);

describe('local-tax subgraph', () => {
  let manifest: Manifest;
  let running: RunningSubgraph;
  let all: Account[];
  /** The enterprise given planted extra registrations (a duplicate, a deregistered and a soft-deleted one). */
  let twice: IdentityEntry;
  /** Registrations in the table that are not soft-deleted (CZBZ '0'), counted directly. */
  let visible: number;

  beforeAll(async () => {
    const seeded = await seededSources('local_tax');
    manifest = seeded.manifest;
    // The generator plants no duplicate or soft-deleted local registrations: add some for one
    // active enterprise through a writable session of the test's own database.
    const admin = new Client({ connectionString: seeded.urls[SOURCE] });
    await admin.connect();
    try {
      const candidates = manifest.identities.ENTERPRISE.filter((e) => e.localTin!.length === 15);
      const { rows } = await admin.query<{ jsjdm: string }>(
        "SELECT jsjdm FROM swdj WHERE jsjdm = ANY($1) AND zt = '10' ORDER BY jsjdm LIMIT 1",
        [candidates.map((e) => e.localKey)],
      );
      twice = candidates.find((e) => e.localKey === rows[0].jsjdm)!;
      const extra = (key: string, djrq: string, zt: string, czbz: string, zxrq: string | null = null) =>
        admin.query(
          `INSERT INTO swdj (jsjdm, swdjzh, tyxydm, zzjgdm, nsrmc, frxm, frzjhm, lxdh, djlx, hydm, xzqh, swjgdm, zgydm, dz, zt, ztrq, djrq, zxrq, czbz)
           SELECT $1, swdjzh, tyxydm, zzjgdm, nsrmc, frxm, frzjhm, lxdh, djlx, hydm, xzqh, swjgdm, zgydm, dz, $3, '00000000', $2,
                  $6, $4 FROM swdj WHERE jsjdm = $5`,
          [key, djrq, zt, czbz, twice.localKey, zxrq],
        );
      await extra('D0000001', '20160301', '10', '0'); // registered again later: a duplicate, not the primary
      await extra('D0000002', '19950101', '60', '0', '20100101'); // earlier but deregistered: never the primary
      await extra('D0000003', '19900101', '10', '1'); // soft-deleted (作废): invisible
      visible = Number((await admin.query<{ n: string }>("SELECT count(*) AS n FROM swdj WHERE czbz = '0'")).rows[0].n);
    } finally {
      await admin.end();
    }
    running = await startSubgraph(localTax, { port: 0, url: seeded.urls[SOURCE] });

    // Every registration, with its lists, page by page: the material of several tests.
    all = [];
    let after: string | null = null;
    for (;;) {
      const res: GraphQLResponse<Record<string, any>> = await graphql(running.url, PAGE, { first: 500, after });
      expect(res.errors).toBeUndefined();
      const page = res.data!.localTaxAccounts;
      all.push(...page.edges.map((e: { node: Account }) => e.node));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
  });

  afterAll(async () => {
    await running?.stop();
  });

  describe('schema', () => {
    let schema: GraphQLSchema;
    beforeAll(async () => {
      schema = await localTax.buildSchema();
    });

    it('extends Taxpayer by its key with localTax and localTaxRecords only (name belongs to the registry)', async () => {
      const res = await graphql(running.url, '{ _service { sdl } }');
      const sdl: string = res.data!._service.sdl;
      expect(sdl).toMatch(/type Taxpayer\s+@key\(fields: "uscc"\)/);
      const taxpayer = schema.getType('Taxpayer');
      expect(isObjectType(taxpayer) && Object.keys(taxpayer.getFields()).sort()).toEqual(['localTax', 'localTaxRecords', 'uscc']);
      expect(
        Object.keys(schema.getQueryType()!.getFields())
          .filter((f) => !f.startsWith('_'))
          .sort(),
      ).toEqual(['localTaxAccount', 'localTaxAccounts', 'localTaxDeemedCitRates', 'localTaxOffices', 'localTaxRevenue']);
      expect(sdl).toMatch(/type PageInfo\s+@shareable/);
    });

    it('prefixes its own types and describes every type, field and argument', () => {
      const shared = new Set([
        'Taxpayer',
        'PageInfo',
        'DataIssue',
        'DataProblem',
        'Query',
        'USCC',
        'Date',
        'Money',
        'YearMonth',
        'String',
        'Boolean',
        'Int',
        'Float',
        'ID',
      ]);
      const own = Object.values(schema.getTypeMap()).filter(
        (t: GraphQLNamedType) => !t.name.startsWith('_') && !t.name.startsWith('link__') && !t.name.startsWith('federation__'),
      );
      const missing: string[] = [];
      for (const type of own) {
        if (!shared.has(type.name)) expect(type.name).toMatch(/^LocalTax/);
        if (['String', 'Boolean', 'Int', 'Float', 'ID'].includes(type.name)) continue;
        if (!type.description && type.name !== 'Query') missing.push(type.name);
        if (isObjectType(type) || isInputObjectType(type)) {
          for (const field of Object.values(type.getFields())) {
            if (field.name.startsWith('_')) continue;
            if (!field.description) missing.push(`${type.name}.${field.name}`);
            for (const arg of 'args' in field ? field.args : [])
              if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
        if (isEnumType(type) && type.name.startsWith('LocalTax')) expect(type.description).toMatch(/[\u4e00-\u9fff]/);
      }
      expect(missing).toEqual([]);
    });
  });

  describe('identity', () => {
    it('resolves every identity variant with a USCC to the right local registration', async () => {
      const entries = LOCAL_KINDS.flatMap((kind) => manifest.identities[kind].filter((e) => e.uscc).map((e) => ({ kind, e })));
      expect(entries.length).toBeGreaterThan(100);
      for (const kind of LOCAL_KINDS.filter((k) => k !== 'INDIVIDUAL_WITHOUT_USCC')) {
        expect({ kind, some: entries.some((x) => x.kind === kind) }).toEqual({ kind, some: true });
      }
      const res = await graphql(running.url, ENTITIES, { r: reps(entries.map((x) => x.e.uscc!)) });
      expect(res.errors).toBeUndefined();
      const got = res.data!._entities.map((t: { uscc: string; localTax: Account | null }, i: number) => ({
        kind: entries[i].kind,
        uscc: t.uscc,
        id: t.localTax?.id,
        tin: t.localTax?.tin,
        accountUscc: t.localTax?.uscc,
        taxpayer: t.localTax?.taxpayer?.uscc,
      }));
      const want = entries.map(({ kind, e }) => ({
        kind,
        uscc: e.uscc,
        id: e.localKey,
        tin: e.localTin,
        accountUscc: e.uscc,
        taxpayer: e.uscc,
      }));
      expect(got).toEqual(want);
    });

    it('finds every identity by its local TIN and internal key, padded, full-width or lower case', async () => {
      const entries = LOCAL_KINDS.flatMap((kind) => manifest.identities[kind].map((e) => ({ kind, e })));
      const fields = entries
        .map(({ e }, i) => {
          const mangled = i % 3 === 0 ? `  ${e.localTin} ` : i % 3 === 1 ? fullWidth(e.localTin!) : `\u3000${e.localTin!.toLowerCase()}`;
          return `t${i}: localTaxAccount(tin: ${JSON.stringify(mangled)}) { id tin uscc taxpayer { uscc } } k${i}: localTaxAccount(id: ${JSON.stringify(` ${e.localKey}`)}) { id tin }`;
        })
        .join('\n');
      const res = await graphql(running.url, `{ ${fields} }`);
      expect(res.errors).toBeUndefined();
      const got = entries.map((_, i) => ({ byTin: res.data![`t${i}`], byKey: res.data![`k${i}`] }));
      const want = entries.map(({ e }) => ({
        byTin: { id: e.localKey, tin: e.localTin, uscc: e.uscc, taxpayer: e.uscc ? { uscc: e.uscc } : null },
        byKey: { id: e.localKey, tin: e.localTin },
      }));
      expect(got).toEqual(want);
    });

    it('reaches individual businesses without a USCC only by legacy id, with no taxpayer', () => {
      const without = manifest.identities.INDIVIDUAL_WITHOUT_USCC;
      expect(without.length).toBeGreaterThan(0);
      const byKey = new Map(all.map((a) => [a.id, a]));
      for (const e of without) {
        const a = byKey.get(e.localKey!)!;
        expect({ id: a.id, tin: a.tin, uscc: a.uscc, taxpayer: a.taxpayer }).toEqual({
          id: e.localKey,
          tin: e.localTin,
          uscc: null,
          taxpayer: null,
        });
      }
    });

    it('gives the primary record for a taxpayer registered twice, lists every live record, hides soft-deleted ones', async () => {
      const res = await graphql(running.url, ENTITIES, { r: reps([twice.uscc!]) });
      expect(res.errors).toBeUndefined();
      const [t] = res.data!._entities;
      expect(t.localTax.id).toBe(twice.localKey);
      expect(t.localTaxRecords.map((r: { id: string }) => r.id)).toEqual([twice.localKey, 'D0000001', 'D0000002']);
      const lookups = await graphql(
        running.url,
        `{ byTin: localTaxAccount(tin: "${twice.localTin}") { id } deleted: localTaxAccount(id: "D0000003") { id } dup: localTaxAccount(id: "D0000002") { status deregisteredOn } }`,
      );
      expect(lookups.data).toEqual({
        byTin: { id: twice.localKey },
        deleted: null,
        dup: { status: 'DEREGISTERED', deregisteredOn: '2010-01-01' },
      });
      expect(all.map((a) => a.id)).not.toContain('D0000003');
    });

    it('gives null, not an error, for a taxpayer local tax does not know', async () => {
      const unregistered = manifest.cases.UNREGISTERED_BUSINESS.map((e) => e.uscc!).slice(0, 5);
      const res = await graphql(running.url, ENTITIES, { r: reps(unregistered) });
      expect(res.errors).toBeUndefined();
      expect(res.data!._entities.map((t: { localTax: unknown; localTaxRecords: unknown[] }) => [t.localTax, t.localTaxRecords])).toEqual(
        unregistered.map(() => [null, []]),
      );
    });
  });

  describe('what the records say', () => {
    const byUscc = () => new Map(all.filter((a) => a.uscc && !a.id.startsWith('D')).map((a) => [a.uscc!, a]));
    const account = (e: CaseEntry) => (e.uscc ? byUscc().get(e.uscc) : all.find((a) => a.tin === e.legacyId));

    it('lists every registration once, in internal-key order', () => {
      const ids = all.map((a) => a.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual(ids);
      // Every taxpayer but those no local record was written for (the registry-only and national-only
      // ones of task 9, not all of them cases), the garbage rows and the two extras: the table's count.
      expect(ids.length).toBe(visible);
    });

    it('leaks nothing legacy: no padding, no full-width, money with two places, known enum values, ISO dates', () => {
      const leaves = stringLeaves(all);
      expect(leaves.length).toBeGreaterThan(50000);
      expect(leaves.filter(([, v]) => v !== v.trim() || /[\uFF01-\uFF5E\u3000]/.test(v))).toEqual([]);
      const money = leaves.filter(([p]) => /\.(taxableBase|taxDue|monthlyTurnover|backTaxes|fine)$/.test(p));
      expect(money.length).toBeGreaterThan(10000);
      expect(money.filter(([, v]) => !MONEY.test(v))).toEqual([]);
      const dates = leaves.filter(([p]) => /(On|periodFrom|periodTo)$/.test(p));
      expect(dates.filter(([, v]) => !DATE.test(v))).toEqual([]);
      expect(all.filter((a) => !STATUSES.includes(a.status!))).toEqual([]);
      expect(all.flatMap((a) => a.returns).filter((r) => !TAX_TYPES.includes(r.taxType))).toEqual([]);
      expect(all.flatMap((a) => a.creditRatings).filter((r) => !GRADES.includes(r.grade))).toEqual([]);
      expect(all.filter((a) => a.uscc !== null && !isValidUscc(a.uscc))).toEqual([]);
      expect(all.filter((a) => a.organizationCode !== null && !/^[0-9A-Z]{8}[0-9X]$/.test(a.organizationCode))).toEqual([]);
    });

    it('turns impossible and zero dates into null and keeps garbage records reachable by key', async () => {
      const garbage = localCases(manifest, 'GARBAGE_RECORD').filter((e) => e.detail?.field === 'registration');
      expect(garbage.length).toBeGreaterThan(0);
      for (const e of garbage) {
        const a = all.find((x) => x.id === e.legacyId)!;
        expect({
          registeredOn: a.registeredOn,
          statusChangedOn: a.statusChangedOn,
          uscc: a.uscc,
          taxpayer: a.taxpayer,
          administrator: a.administrator,
        }).toEqual({
          registeredOn: null,
          statusChangedOn: null,
          uscc: null,
          taxpayer: null,
          administrator: null,
        });
      }
      const fields = garbage.map((e, i) => `g${i}: localTaxAccount(id: "${e.legacyId}") { id tin }`).join(' ');
      const res = await graphql(running.url, `{ ${fields} }`);
      expect(Object.values(res.data!)).toEqual(garbage.map((e) => ({ id: e.legacyId, tin: '000000000000000' })));
      // '000000000' passes the GB 11714 check but is a placeholder: the USCC it would give matches nothing.
      const fake = await graphql(running.url, ENTITIES, { r: reps(['915101040000000008']) });
      expect(fake.errors).toBeUndefined();
      expect(fake.data!._entities[0].localTaxRecords).toEqual([]);
    });

    it('normalizes organization codes typed with a hyphen or in full width', () => {
      const fullWidthTyped = localCases(manifest, 'GARBAGE_RECORD').filter((e) => e.detail?.field === 'organizationCode');
      expect(fullWidthTyped.length).toBeGreaterThan(0);
      for (const e of fullWidthTyped) expect(all.find((a) => a.id === e.legacyId)!.organizationCode).toBe(e.uscc!.slice(8, 17));
      const enterprises = all.filter((a) => a.organizationCode);
      expect(enterprises.length).toBeGreaterThan(500);
      for (const a of enterprises) expect(a.uscc!.slice(8, 17)).toBe(a.organizationCode);
    });

    it('shows the planted abnormal households with the date they became abnormal', async () => {
      const planted = localCases(manifest, 'ABNORMAL').filter((e) => e.source === SOURCE);
      const res = await graphql(running.url, PAGE, { first: 500, filter: { status: 'ABNORMAL' } });
      const found = res.data!.localTaxAccounts.edges.map((e: { node: Account }) => [e.node.uscc ?? e.node.tin, e.node.statusChangedOn]);
      expect(found.sort()).toEqual(planted.map((e) => [e.uscc ?? e.legacyId, e.detail!.since]).sort());
    });

    it('lists exactly the planted active households without an administrator', async () => {
      const planted = localCases(manifest, 'NO_ADMINISTRATOR')
        .filter((e) => e.source === SOURCE)
        .map((e) => e.uscc ?? e.legacyId);
      const res = await graphql(running.url, PAGE, { first: 500, filter: { withoutAdministrator: true } });
      const found = res
        .data!.localTaxAccounts.edges.map((e: { node: Account }) => e.node)
        .filter((a: Account) => a.id.startsWith('A') && !['DEREGISTERED', 'DEREGISTERED_FROM_ABNORMAL'].includes(a.status!))
        .map((a: Account) => a.uscc ?? a.tin);
      expect(found.sort()).toEqual(planted.sort());
      const withAdmin = all.filter((a) => a.administrator).length;
      const res2 = await graphql(
        running.url,
        '{ localTaxAccounts(first: 500, filter: { withoutAdministrator: false }) { edges { node { administrator { code name } } } pageInfo { hasNextPage } } }',
      );
      const nodes = res2.data!.localTaxAccounts.edges.map((e: { node: Account }) => e.node);
      expect(nodes.every((n: Account) => n.administrator && n.administrator.name)).toBe(true);
      expect(withAdmin).toBeGreaterThan(500);
    });

    it('filters by division, industry, tax office and administrator, paging with keyset cursors', async () => {
      const sample = all.find((a) => a.administrator)!;
      const cases: [Record<string, unknown>, (a: Account) => boolean][] = [
        [{ division: sample.division }, (a) => a.division === sample.division],
        [
          { division: sample.division, industryCode: sample.industryCode },
          (a) => a.division === sample.division && a.industryCode === sample.industryCode,
        ],
        [{ taxOfficeCode: sample.taxOffice.code }, (a) => a.taxOffice.code === sample.taxOffice.code],
        [{ administratorCode: ` ${sample.administrator!.code} ` }, (a) => a.administrator?.code === sample.administrator!.code],
        [{ status: 'DEREGISTERED' }, (a) => a.status === 'DEREGISTERED'],
      ];
      for (const [filter, keep] of cases) {
        const ids: string[] = [];
        let after: string | null = null;
        for (let pages = 0; ; pages++) {
          const res: GraphQLResponse<Record<string, any>> = await graphql(
            running.url,
            'query($f: LocalTaxAccountFilter, $a: String) { localTaxAccounts(filter: $f, first: 40, after: $a) { edges { node { id } } pageInfo { hasNextPage endCursor } } }',
            { f: filter, a: after },
          );
          expect(res.errors).toBeUndefined();
          ids.push(...res.data!.localTaxAccounts.edges.map((e: { node: { id: string } }) => e.node.id));
          if (!res.data!.localTaxAccounts.pageInfo.hasNextPage) break;
          after = res.data!.localTaxAccounts.pageInfo.endCursor;
          expect(pages).toBeLessThan(100);
        }
        const want = all.filter(keep).map((a) => a.id);
        expect(want.length).toBeGreaterThan(0);
        expect({ filter, ids }).toEqual({ filter, ids: want });
      }
    });

    it('carries the returns, quotas, ratings and deemed rates the bureaus compare', () => {
      // 城建税 declared below its base (task 7): the urban construction tax line shows the declared base.
      for (const e of localCases(manifest, 'UCT_BASE_MISMATCH')) {
        const from = e.period!.split('/')[0];
        const line = account(e)!.returns.find((r) => r.taxType === 'URBAN_CONSTRUCTION_TAX' && r.periodFrom === from)!;
        expect(line.taxableBase).toBe(e.detail!.declaredBase);
      }
      // Key tax sources (task 12): business tax of 2015 adds up to the planted amount.
      for (const e of localCases(manifest, 'KEY_TAX_SOURCE')) {
        const fen = account(e)!
          .returns.filter((r) => r.taxType === 'BUSINESS_TAX')
          .reduce((s, r) => s + BigInt(r.taxDue.replace('.', '')), 0n);
        expect(`${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`).toBe(e.detail!.businessTax);
      }
      for (const e of localCases(manifest, 'QUOTA_MISMATCH')) {
        expect(account(e)!.turnoverQuotas.find((q) => q.year === e.year)!.monthlyTurnover).toBe(e.detail!.localTax);
      }
      for (const e of localCases(manifest, 'CREDIT_RATING_DISAGREEMENT')) {
        expect(account(e)!.creditRatings.find((r) => r.year === e.year)!.grade).toBe(e.detail!.localTax);
      }
      const deemed = manifest.cases.DEEMED_RATE_IMBALANCE.filter((e) => e.source === SOURCE);
      expect(deemed.length).toBeGreaterThan(0);
      for (const e of deemed) expect(account(e)!.deemedCit.find((d) => d.year === e.year)!.deemedIncomeRate).toBe(e.detail!.rate);
      expect(all.flatMap((a) => a.auditCases).length).toBeGreaterThan(0);
    });

    it('narrows lists by year and tax type', async () => {
      const e = localCases(manifest, 'KEY_TAX_SOURCE')[0];
      const res = await graphql(
        running.url,
        `
          query ($r: [_Any!]!) {
            _entities(representations: $r) {
              ... on Taxpayer {
                localTax {
                  biz: returns(year: 2015, taxType: BUSINESS_TAX) {
                    taxType
                    periodFrom
                  }
                  none: returns(year: 2014) {
                    taxType
                  }
                  uct: returns(taxType: URBAN_CONSTRUCTION_TAX) {
                    taxType
                  }
                  r2015: creditRatings(year: 2015) {
                    year
                  }
                  a2014: auditCases(year: 1999) {
                    caseNumber
                  }
                }
              }
            }
          }
        `,
        { r: reps([e.uscc!]) },
      );
      expect(res.errors).toBeUndefined();
      const acc = res.data!._entities[0].localTax;
      expect(acc.biz.map((r: { periodFrom: string }) => r.periodFrom)).toEqual(['2015-01-01', '2015-04-01', '2015-07-01', '2015-10-01']);
      expect(acc.none).toEqual([]);
      expect(acc.uct.length).toBe(4);
      expect(acc.uct.every((r: { taxType: string }) => r.taxType === 'URBAN_CONSTRUCTION_TAX')).toBe(true);
      expect(acc.r2015.every((r: { year: number }) => r.year === 2015)).toBe(true);
      expect(acc.a2014).toEqual([]);
    });
  });

  describe('cost', () => {
    it('answers _entities for 1 and for 1,000 taxpayers with the same number of statements', async () => {
      const usccs = [
        ...new Set(
          [...LOCAL_KINDS.flatMap((k) => manifest.identities[k].map((e) => e.uscc)), ...all.map((a) => a.uscc)].filter(
            (u): u is string => u !== null,
          ),
        ),
      ].slice(0, 1000);
      expect(usccs.length).toBe(1000);
      const counter = countQueries(running.db);
      try {
        const one = await graphql(running.url, ENTITIES, { r: reps([twice.uscc!]) });
        const forOne = counter.count;
        counter.reset();
        const many = await graphql(running.url, ENTITIES, { r: reps(usccs) });
        const forMany = counter.count;
        expect(one.errors).toBeUndefined();
        expect(many.errors).toBeUndefined();
        expect(many.data!._entities.filter((t: { localTax: unknown }) => t.localTax).length).toBe(1000);
        expect(forOne).toBe(6); // registrations, then one per list
        expect(forMany).toBe(forOne);
      } finally {
        counter.stop();
      }
    });

    it('answers a page of 10 and a page of 100 with nested lists with the same number of statements', async () => {
      const counter = countQueries(running.db);
      try {
        const small = await graphql(running.url, PAGE, { first: 10 });
        const forSmall = counter.count;
        counter.reset();
        const large = await graphql(running.url, PAGE, { first: 100 });
        expect(small.errors).toBeUndefined();
        expect(large.data!.localTaxAccounts.edges).toHaveLength(100);
        expect(counter.count).toBe(forSmall);
        expect(forSmall).toBe(6);
      } finally {
        counter.stop();
      }
    });
  });

  describe('bad input', () => {
    const expectBadInput = (res: GraphQLResponse, message: RegExp) => {
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors![0].message).toMatch(message);
      expect(JSON.stringify(res.errors)).not.toMatch(/stacktrace|at .*\.ts:/);
    };

    it('rejects a USCC with a wrong check character, naming the right one (outside the Fujian pilot range, shared/identifiers.ts)', async () => {
      const digit = await graphql(running.url, ENTITIES, { r: reps(['91110000600037341M']) });
      expectBadInput(digit, /check character should be 'L', got 'M'/);
      const literal = await graphql(
        running.url,
        '{ _entities(representations: [{ __typename: "Taxpayer", uscc: "91350100M000100Y4Z" }]) { ... on Taxpayer { localTax { id } } } }',
      );
      expectBadInput(literal, /Invalid USCC '91350100M000100Y4Z'.*check character should be '3'/);
      const variables = await graphql(running.url, ENTITIES, { r: reps(['91350100M000100Y4Z']) });
      expectBadInput(variables, /check character should be '3'/);
    });

    it('rejects an unknown enum value', async () => {
      expectBadInput(await graphql(running.url, '{ localTaxAccounts(filter: { status: SUSPENDED }) { edges { cursor } } }'), /SUSPENDED/);
      expectBadInput(await graphql(running.url, PAGE, { filter: { status: 'SUSPENDED' } }), /SUSPENDED/);
      expectBadInput(await graphql(running.url, '{ localTaxAccount(id: "A0000000") { returns(taxType: VAT) { taxDue } } }'), /VAT/);
    });

    it('rejects a page larger than 500', async () => {
      expectBadInput(
        await graphql(running.url, '{ localTaxAccounts(first: 1000000) { edges { cursor } } }'),
        /first must be between 0 and 500/,
      );
      expectBadInput(await graphql(running.url, PAGE, { first: 1000000 }), /first must be between 0 and 500/);
    });

    it('rejects a malformed cursor', async () => {
      expectBadInput(
        await graphql(running.url, '{ localTaxAccounts(after: "not-a-cursor") { edges { cursor } } }'),
        /after is not a cursor/,
      );
      expectBadInput(await graphql(running.url, PAGE, { after: 'bm90IGEgY3Vyc29y' }), /after is not a cursor/);
    });

    it('rejects a lookup without exactly one identifier, a malformed identifier or filter code', async () => {
      expectBadInput(
        await graphql(running.url, '{ localTaxAccount { id } }'),
        /localTaxAccount takes exactly one of tin or id \(got neither\)/,
      );
      expectBadInput(await graphql(running.url, '{ localTaxAccount(tin: "510100000000001", id: "A0000000") { id } }'), /got both/);
      expectBadInput(
        await graphql(running.url, 'query($t: String) { localTaxAccount(tin: $t) { id } }', { t: '51-01;00' }),
        /not a taxpayer identification number/,
      );
      expectBadInput(await graphql(running.url, '{ localTaxAccount(id: "A00000000000") { id } }'), /not an internal computer code/);
      expectBadInput(await graphql(running.url, PAGE, { filter: { division: '5101' } }), /division '5101' is not a 6-digit division code/);
      expectBadInput(
        await graphql(running.url, PAGE, { filter: { administratorCode: '51010400', withoutAdministrator: true } }),
        /contradict/,
      );
      expectBadInput(
        await graphql(running.url, '{ localTaxAccount(id: "A0000000") { returns(year: 20150) { taxDue } } }'),
        /year must be between/,
      );
    });

    it('gives null for a well-formed identifier no record has', async () => {
      const res = await graphql(
        running.url,
        '{ a: localTaxAccount(tin: "510100000000001") { id } b: localTaxAccount(id: "NONE0000") { id } }',
      );
      expect(res).toEqual({ status: 200, data: { a: null, b: null } });
    });
  });

  describe('failure', () => {
    it('cannot write through its connection', async () => {
      await expect(running.db.raw("INSERT INTO dm_zt (ztdm, ztmc) VALUES ('99', '其他')")).rejects.toThrow(/read-only/);
    });

    it('answers SOURCE_UNAVAILABLE naming local-tax when its database is unreachable', async () => {
      const down = await startSubgraph(localTax, { port: 0, url: 'postgres://postgres@127.0.0.1:1/none' });
      try {
        const res = await graphql(down.url, '{ localTaxAccount(id: "A0000000") { id } }');
        expect(res.status).toBe(200);
        expect(res.data).toEqual({ localTaxAccount: null });
        expect(res.errors![0].extensions).toMatchObject({ code: 'SOURCE_UNAVAILABLE', source: SOURCE });
        const entities = await graphql(
          down.url,
          'query($r: [_Any!]!) { _entities(representations: $r) { ... on Taxpayer { uscc localTax { id } } } }',
          { r: reps([twice.uscc!]) },
        );
        expect(entities.status).toBe(200);
        expect(entities.data!._entities).toEqual([{ uscc: twice.uscc, localTax: null }]);
        expect(entities.errors![0].extensions).toMatchObject({ code: 'SOURCE_UNAVAILABLE', source: SOURCE });
      } finally {
        await down.stop();
      }
    });
  });
});
