/**
 * Identity resolution across agencies as processes: `taxpayerByLegacyId` through the gateway, served
 * by the cooperation subgraph, which asks the source subgraphs. Every legacy id of every planted
 * identity variant resolves to the ground truth's USCC; what no source can give a USCC for is null;
 * garbage is refused; banks are kept out; one request costs each source one call; a dead source
 * costs only the ids that only it knows.
 */
import { randomUUID } from 'node:crypto';
import type { IdentityEntry, IdentityKind } from '../../seeds/manifest';
import {
  individualTin,
  makeCitizenId,
  makeOrgCode,
  makeRegistrationNo,
  makeUscc,
  makeUsccSafeOrgCode,
  oldTin,
} from '../../shared/identifiers';
import { signPrincipal } from '../../shared/principal';
import { AUDIT_SUBGRAPH, LEGACY_SOURCES, LegacySource } from '../../shared/sources';
import { asPrincipal, graphql, GraphQLResponse, Seeded, seededSources, sqlRows, tokenFor } from '../support/seeded';
import { CountingProxy } from '../support/counting-proxy';
import { Proc, requireBuild, Stack } from '../support/processes';

/** The ids of an identity that name a record of the taxpayer (each source's TIN, registration number and internal keys). */
const LEGACY_ID_FIELDS = ['nationalTin', 'localTin', 'registrationNo', 'nationalKey', 'localKey', 'registryKey'] as const;
type LegacyIdField = (typeof LEGACY_ID_FIELDS)[number];

/** The variants whose ids must all resolve to the manifest's USCC (REGISTRY_WITHOUT_USCC: see its own test). */
const RESOLVING: IdentityKind[] = [
  'ENTERPRISE',
  'INDIVIDUAL_BUSINESS',
  'TWO_TINS',
  'FROZEN_DIVISION',
  'TIN_IS_USCC',
  'PADDED_CODES',
  'DUPLICATE',
];

/** Per variant, enough to cover it without making `npm test` slow. */
const SAMPLE = 20;

/** Under the gateway's alias limit (MAX_ALIASES, 30). */
const PER_REQUEST = 25;

const RESOLVE = (n: number) =>
  `query ResolveLegacyIds(${Array.from({ length: n }, (_, i) => `$i${i}: String!`).join(', ')}) { ${Array.from({ length: n }, (_, i) => `r${i}: taxpayerByLegacyId(id: $i${i}) { uscc }`).join(' ')} }`;

type Resolved = { uscc: string | null } | { error: { code: unknown; source?: unknown } };

describe('identity resolution: taxpayerByLegacyId end to end', () => {
  let seeded: Seeded;
  let stack: Stack;
  let gateway: Proc;
  let cooperation: Proc;
  const proxies = new Map<LegacySource, CountingProxy>();

  beforeAll(async () => {
    requireBuild();
    seeded = await seededSources('identity', 1000);
    stack = new Stack(seeded.urls);
    await Promise.all([...LEGACY_SOURCES, AUDIT_SUBGRAPH.name].map((s) => stack.startSubgraph(s)));
    for (const source of ['national-tax', 'local-tax', 'business-registry'] as const) {
      proxies.set(source, await CountingProxy.inFrontOf(stack.subgraphs.get(source)!.url));
    }
    cooperation = await stack.startSubgraph('cooperation', undefined, Object.fromEntries([...proxies].map(([s, p]) => [s, p.url])));
    gateway = await stack.startGateway({ SUBGRAPH_TIMEOUT_MS: '5000' });
  });
  afterAll(async () => {
    await stack?.stop();
    for (const p of proxies.values()) p.close();
  });

  /** Resolves ids through the gateway, PER_REQUEST per operation; each id's USCC or error. */
  async function resolve(ids: string[], headers?: Record<string, string>): Promise<Map<string, Resolved>> {
    const out = new Map<string, Resolved>();
    const distinct = [...new Set(ids)];
    for (let k = 0; k < distinct.length; k += PER_REQUEST) {
      const chunk = distinct.slice(k, k + PER_REQUEST);
      const res = await graphql(gateway.url, RESOLVE(chunk.length), Object.fromEntries(chunk.map((id, i) => [`i${i}`, id])), headers);
      expect(res.status).toBe(200);
      chunk.forEach((id, i) => {
        const error = res.errors?.find((e) => e.path?.[0] === `r${i}`);
        out.set(
          id,
          error
            ? { error: { code: error.extensions?.code, source: error.extensions?.source } }
            : { uscc: res.data![`r${i}`]?.uscc ?? null },
        );
      });
    }
    return out;
  }

  const sample = (kind: IdentityKind) => seeded.manifest.identities[kind].slice(0, SAMPLE);
  const idsOf = (e: IdentityEntry, fields: readonly LegacyIdField[] = LEGACY_ID_FIELDS) =>
    fields.map((f) => e[f]).filter((v): v is string => typeof v === 'string');
  /** Whether the registry holds no USCC for this taxpayer (then its registration number and key give none). */
  const registryless = (e: IdentityEntry) => seeded.manifest.identities.REGISTRY_WITHOUT_USCC.some((r) => r.registryKey === e.registryKey);
  /** Registration numbers national tax copied from the licence (GSDJZCH): they link an old registry record to its taxpayer (issue 13). */
  let copied = new Set<string>();
  beforeAll(async () => {
    const rows = await sqlRows<{ n: string }>(
      seeded.urls['national-tax'],
      'SELECT DISTINCT TRIM(gsdjzch) AS n FROM dj_nsrxx WHERE gsdjzch IS NOT NULL',
    );
    copied = new Set(rows.map((r) => r.n));
  });
  /**
   * The ground truth for one id: the taxpayer's USCC, unless the id is the registry's and the registry holds none; its
   * registration number still leads to the USCC when national tax copied it from the licence.
   */
  const truth = (e: IdentityEntry, field: LegacyIdField) =>
    (field === 'registryKey' || (field === 'registrationNo' && !copied.has(e.registrationNo!))) && registryless(e) ? null : e.uscc;

  /** Every (variant, field, id) whose answer differs from the expected USCC; empty when all agree. */
  async function mismatches(
    kinds: IdentityKind[],
    fields: readonly LegacyIdField[],
    expected: (e: IdentityEntry, field: LegacyIdField) => string | null,
    transform = (id: string) => id,
  ) {
    const cases = kinds.flatMap((kind) =>
      sample(kind).flatMap((e) => fields.filter((f) => e[f]).map((f) => ({ kind, field: f, id: transform(e[f]!), want: expected(e, f) }))),
    );
    const got = await resolve(cases.map((c) => c.id));
    return {
      count: cases.length,
      wrong: cases
        .filter((c) => JSON.stringify(got.get(c.id)) !== JSON.stringify({ uscc: c.want }))
        .map((c) => ({ ...c, got: got.get(c.id) })),
    };
  }

  it('resolves every legacy id of every planted identity variant to the ground truth USCC', async () => {
    for (const kind of [...RESOLVING, 'REGISTRY_WITHOUT_USCC', 'INDIVIDUAL_WITHOUT_USCC'] as IdentityKind[]) {
      expect(`${kind}: ${seeded.manifest.identities[kind].length}`).not.toBe(`${kind}: 0`);
    }
    const { count, wrong } = await mismatches(RESOLVING, LEGACY_ID_FIELDS, truth);
    expect(count).toBeGreaterThan(300);
    expect(wrong).toEqual([]);
    // TWO_TINS: the bureaus' TINs differ, and each leads to the same taxpayer.
    for (const e of sample('TWO_TINS')) expect(e.nationalTin).not.toBe(e.localTin);
  });

  it('forgives stray blanks, full-width characters and lower case in what a person types', async () => {
    const fullWidth = (s: string) => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const variants = [(id: string) => `  ${id}\t `, (id: string) => `\u3000${fullWidth(id)}`, (id: string) => id.toLowerCase()];
    for (const variant of variants) {
      const { count, wrong } = await mismatches(['PADDED_CODES', 'TIN_IS_USCC'], LEGACY_ID_FIELDS, truth, variant);
      expect(count).toBeGreaterThan(20);
      expect(wrong).toEqual([]);
    }
  });

  it('gives an old registry record without USCC the USCC the tax bureaus derive, which joins to the right national record', async () => {
    const entries = sample('REGISTRY_WITHOUT_USCC');
    const { wrong } = await mismatches(['REGISTRY_WITHOUT_USCC'], ['nationalTin', 'localTin', 'nationalKey', 'localKey'], (e) => e.uscc);
    expect(wrong).toEqual([]);
    // The registry knows these records by number and key but holds no USCC: by its key no source can give one; by its
    // number, national tax's record that copied it from the licence (GSDJZCH) can (issue 13), when there is one.
    const { wrong: registryIds } = await mismatches(['REGISTRY_WITHOUT_USCC'], ['registrationNo', 'registryKey'], truth);
    expect(registryIds).toEqual([]);
    expect(entries.some((e) => copied.has(e.registrationNo!)) && entries.some((e) => !copied.has(e.registrationNo!))).toBe(true);
    const registry = await graphql(
      gateway.url,
      `
        query Reg($n: String!) {
          registrationByNumber(registrationNumber: $n) {
            uscc
          }
        }
      `,
      { n: entries[0].registrationNo },
    );
    expect(registry.data!.registrationByNumber).toEqual({ uscc: null });

    for (const e of entries.slice(0, 8)) {
      const res = await graphql(
        gateway.url,
        `
          query Joined($id: String!) {
            taxpayerByLegacyId(id: $id) {
              uscc
              nationalTax {
                id
              }
              localTax {
                id
              }
            }
          }
        `,
        { id: e.nationalTin },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.taxpayerByLegacyId).toEqual({ uscc: e.uscc, nationalTax: { id: e.nationalKey }, localTax: { id: e.localKey } });
    }
  });

  it('answers null for an individual business no source knows by USCC, and for well-formed ids no source knows', async () => {
    const individuals = sample('INDIVIDUAL_WITHOUT_USCC');
    const { count, wrong } = await mismatches(['INDIVIDUAL_WITHOUT_USCC'], LEGACY_ID_FIELDS, () => null);
    expect(count).toBeGreaterThan(20);
    expect(wrong).toEqual([]);
    // Their records stay reachable through the sources' own lookups.
    const record = await graphql(
      gateway.url,
      `
        query Acc($tin: String!) {
          nationalTaxAccount(tin: $tin) {
            id
            uscc
          }
        }
      `,
      { tin: individuals[0].nationalTin },
    );
    expect(record.data!.nationalTaxAccount).toEqual({ id: individuals[0].nationalKey, uscc: null });

    const unusedOrgCode = makeUsccSafeOrgCode(31 ** 8 - 2);
    const unknown = [
      makeUscc('9', '1', '110101', unusedOrgCode),
      oldTin('110101', unusedOrgCode),
      makeRegistrationNo('999999', 99_999_999),
      individualTin(makeCitizenId('110101', '19000101', 1), 99),
      '30000000000000000000', // a 20-digit internal key national tax never issued
      'B0000000', // an 8-character computer code
      'P999999999999999999', // a registry key
    ];
    const got = await resolve(unknown);
    expect(Object.fromEntries(got)).toEqual(Object.fromEntries(unknown.map((id) => [id, { uscc: null }])));
  });

  it('refuses strings that are no identifier with BAD_USER_INPUT', async () => {
    for (const id of ['', '   ', 'abc', 'X'.repeat(37), '9111010$%^&*()1234', '91中文测试1234567890', makeOrgCode(12345)]) {
      const res = await graphql(
        gateway.url,
        `
          query Bad($id: String!) {
            taxpayerByLegacyId(id: $id) {
              uscc
            }
          }
        `,
        { id },
      );
      expect(res.data?.taxpayerByLegacyId ?? null).toBeNull();
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(JSON.stringify(res.errors)).not.toMatch(/\bat [\w.]+ \(|127\.0\.0\.1/);
    }
  });

  it('keeps banks out: the gateway holds them to their manifest, and the field itself requires taxpayer:read', async () => {
    const id = sample('ENTERPRISE')[0].nationalTin!;
    const query = `query Bank($id: String!) { taxpayerByLegacyId(id: $id) { uscc } }`;
    const viaGateway = await graphql(
      gateway.url,
      query,
      { id },
      { authorization: `Bearer ${await tokenFor({ role: 'bank', bank: '102651000019' })}` },
    );
    expect(viaGateway.data?.taxpayerByLegacyId ?? null).toBeNull();
    expect(viaGateway.errors?.map((e) => e.extensions?.code)).toEqual(['PERSISTED_QUERY_REQUIRED']);
    // Behind any gateway that lets the document through, the subgraph refuses it.
    const bank = { sub: 'identity-bank', role: 'bank' as const, bank: '102651000019', scopes: [] };
    const direct = await graphql(cooperation.url, query, { id }, signPrincipal(bank, process.env.TAXGRAPH_PRINCIPAL_SECRET!, randomUUID()));
    expect(direct.data?.taxpayerByLegacyId ?? null).toBeNull();
    expect(direct.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    // An analyst (taxpayer:read from its role, with a purpose) may.
    const analyst = await graphql(
      gateway.url,
      query,
      { id },
      await asPrincipal({ sub: 'identity-analyst', role: 'analyst', scopes: ['taxpayer:read'] }),
    );
    expect(analyst.data!.taxpayerByLegacyId).toEqual({ uscc: sample('ENTERPRISE')[0].uscc });
  });

  it('asks each source once per request, however many ids the request resolves', async () => {
    const e = sample('ENTERPRISE').slice(0, 4);
    const ids = e.flatMap((x) => idsOf(x)).slice(0, PER_REQUEST);
    for (const p of proxies.values()) p.calls = 0;
    const res = await graphql(gateway.url, RESOLVE(ids.length), Object.fromEntries(ids.map((id, i) => [`i${i}`, id])));
    expect(res.errors).toBeUndefined();
    expect(Object.keys(res.data!).length).toBe(ids.length);
    expect(Object.fromEntries([...proxies].map(([s, p]) => [s, p.calls]))).toEqual({
      'national-tax': 1,
      'local-tax': 1,
      'business-registry': 1,
    });
  });

  it('with a source subgraph down, still resolves the ids other sources know, and names the source for ids only it knows', async () => {
    const entries = sample('ENTERPRISE').filter((x) => x.uscc && !registryless(x));
    await stack.killSubgraph('local-tax');
    const got = await resolve(entries.flatMap((x) => idsOf(x)));
    for (const x of entries) {
      for (const field of ['nationalTin', 'registrationNo', 'nationalKey', 'registryKey'] as const) {
        expect([field, got.get(x[field]!)]).toEqual([field, { uscc: x.uscc }]);
      }
      expect(got.get(x.localKey!)).toEqual({ error: { code: 'SOURCE_UNAVAILABLE', source: 'local-tax' } });
    }
    const usccIds: GraphQLResponse = await graphql(
      gateway.url,
      `
        query U($id: String!) {
          taxpayerByLegacyId(id: $id) {
            uscc
          }
        }
      `,
      { id: entries[0].uscc },
    );
    expect(usccIds.data!.taxpayerByLegacyId).toEqual({ uscc: entries[0].uscc });
  });
});
