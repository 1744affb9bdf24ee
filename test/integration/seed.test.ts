/**
 * The legacy sources as the generator lays them down (real PostgreSQL): deterministic, with valid
 * identifiers where the manifest says so, every planted case present, and referential sanity.
 */
import { Client } from 'pg';
import { LEGACY_SOURCES, LegacySource, SourceUrls } from '../../shared/sources';
import { isValidCitizenId, isValidOrgCode, isValidRegistrationNo, isValidUscc } from '../../shared/identifiers';
import { seedAll, SeedSummary } from '../../seeds/seed';
import { verifyManifest } from '../../seeds/verify';
import { TABLES } from '../../seeds/tables';
import { sourceDatabasesFor } from '../support/db';

const N = 2000;

async function query<T extends Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** One checksum per table: md5 over every row's text, in a stable order. */
async function checksums(urls: SourceUrls): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const spec of Object.values(TABLES)) {
    const rows = await query<{ md5: string }>(
      urls[spec.source],
      `SELECT md5(COALESCE(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS md5 FROM "${spec.name}" t`,
    );
    out[`${spec.source}.${spec.name}`] = rows[0].md5;
  }
  return out;
}

describe('seeded legacy databases', () => {
  let a: SourceUrls;
  let summary: SeedSummary;

  beforeAll(async () => {
    a = await sourceDatabasesFor('seed_a');
    summary = await seedAll({ taxpayers: N, seed: 42, urls: a, chunkSize: 20000 });
  });

  it('is deterministic: same N and seed give the same rows, whatever the chunk size; another seed differs', async () => {
    const b = await sourceDatabasesFor('seed_b');
    const other = await sourceDatabasesFor('seed_c');
    const again = await seedAll({ taxpayers: N, seed: 42, urls: b, chunkSize: 333 });
    await seedAll({ taxpayers: N, seed: 7, urls: other });
    const [sumA, sumB, sumC] = await Promise.all([checksums(a), checksums(b), checksums(other)]);
    expect(Object.keys(sumA)).toHaveLength(Object.keys(TABLES).length);
    expect(sumB).toEqual(sumA);
    expect(again.rows).toEqual(summary.rows);
    expect(JSON.stringify(again.manifest)).toEqual(JSON.stringify(summary.manifest));
    expect(sumC['national-tax.dj_nsrxx']).not.toEqual(sumA['national-tax.dj_nsrxx']);
  });

  it('reports rows per table and plants every kind of case', () => {
    expect(summary.rows.dj_nsrxx).toBeGreaterThan(N * 0.9);
    expect(summary.rows.e_baseinfo).toBe(N);
    expect(summary.totalRows).toBe(Object.values(summary.rows).reduce((s, n) => s + n, 0));
    for (const [kind, list] of Object.entries(summary.manifest.cases)) {
      expect({ kind, planted: list.length > 0 }).toEqual({ kind, planted: true });
    }
    for (const kind of [
      'TWO_TINS',
      'FROZEN_DIVISION',
      'TIN_IS_USCC',
      'REGISTRY_WITHOUT_USCC',
      'INDIVIDUAL_WITHOUT_USCC',
      'PADDED_CODES',
      'INDIVIDUAL_BUSINESS',
      'DUPLICATE',
    ] as const) {
      expect({ kind, planted: summary.manifest.identities[kind].length > 0 }).toEqual({ kind, planted: true });
    }
  });

  it('has every planted case in the right databases, and the manifest lists every hit of the single-source rules', async () => {
    const problems = await verifyManifest(a, summary.manifest);
    expect(problems).toEqual([]);
  });

  it('writes identifiers that pass their check, except where the manifest says they are garbage', async () => {
    const garbage = new Set(summary.manifest.cases.GARBAGE_RECORD.map((e) => e.legacyId));
    const usccs = [
      ...(await query<{ v: string }>(a['business-registry'], 'SELECT uniscid AS v FROM e_baseinfo WHERE uniscid IS NOT NULL')),
      ...(await query<{ v: string }>(a['national-tax'], 'SELECT shxydm AS v FROM dj_nsrxx WHERE shxydm IS NOT NULL')),
      ...(await query<{ v: string }>(a['local-tax'], 'SELECT tyxydm AS v FROM swdj WHERE tyxydm IS NOT NULL')),
    ].map((r) => r.v);
    expect(usccs.length).toBeGreaterThan(N);
    expect(usccs.filter((u) => !isValidUscc(u))).toEqual([]);

    const regNos = await query<{ v: string }>(a['business-registry'], 'SELECT regno AS v FROM e_baseinfo');
    expect(regNos.map((r) => r.v.trim()).filter((v) => !isValidRegistrationNo(v))).toEqual([]);
    const cernos = await query<{ v: string }>(a['business-registry'], 'SELECT cerno AS v FROM e_baseinfo');
    expect(cernos.map((r) => r.v).filter((v) => !isValidCitizenId(v))).toEqual([]);

    const badTin = (tin: string): boolean => {
      const t = tin.trim();
      if (t.length === 15) return !isValidOrgCode(t.slice(6));
      if (t.length === 18) return !isValidUscc(t);
      if (t.length === 20) return !isValidCitizenId(t.slice(0, 18)) || !/^\d\d$/.test(t.slice(18));
      return true;
    };
    const national = await query<{ k: string; tin: string }>(a['national-tax'], 'SELECT djxh::text AS k, nsrsbh AS tin FROM dj_nsrxx');
    const local = await query<{ k: string; tin: string; org: string | null }>(
      a['local-tax'],
      'SELECT jsjdm AS k, swdjzh AS tin, zzjgdm AS org FROM swdj',
    );
    expect(
      national
        .filter((r) => badTin(r.tin))
        .map((r) => r.k)
        .filter((k) => !garbage.has(k)),
    ).toEqual([]);
    expect(
      local
        .filter((r) => badTin(r.tin))
        .map((r) => r.k)
        .filter((k) => !garbage.has(k)),
    ).toEqual([]);
    // Garbage records really are garbage: each fails a check or carries full-width text.
    const fullWidth = /[\uFF01-\uFF5E]/;
    for (const row of local.filter((r) => garbage.has(r.k))) {
      expect(badTin(row.tin) || fullWidth.test(row.org ?? '') || row.k.startsWith('Z')).toBe(true);
    }
    // Organization codes typed with a hyphen still check once normalized; full-width ones are garbage.
    const orgs = local.filter((r) => r.org !== null);
    expect(orgs.filter((r) => fullWidth.test(r.org!)).every((r) => garbage.has(r.k))).toBe(true);
    expect(
      orgs
        .filter((r) => !isValidOrgCode(r.org!))
        .map((r) => r.k)
        .filter((k) => !garbage.has(k)),
    ).toEqual([]);
  });

  it('keeps the planted identity variants: two TINs that share one organization code, padded codes, TIN = USCC', async () => {
    const { identities } = summary.manifest;
    for (const e of identities.TWO_TINS) {
      expect(e.nationalTin).not.toEqual(e.localTin);
      expect(e.nationalTin!.slice(6)).toEqual(e.localTin!.slice(6));
      expect(e.nationalTin!.slice(6)).toEqual(e.uscc!.slice(8, 17));
    }
    for (const e of identities.TIN_IS_USCC) expect(e.nationalTin).toEqual(e.uscc);
    const padded = await query<{ tin: string }>(a['national-tax'], 'SELECT nsrsbh AS tin FROM dj_nsrxx WHERE djxh::text = ANY($1)', [
      identities.PADDED_CODES.map((e) => e.nationalKey),
    ]);
    expect(padded).toHaveLength(identities.PADDED_CODES.length);
    expect(padded.every((r) => r.tin !== r.tin.trim())).toBe(true);
    const noUscc = await query<{ n: string }>(
      a['business-registry'],
      'SELECT count(*) AS n FROM e_baseinfo WHERE uniscid IS NULL AND pripid = ANY($1)',
      [identities.REGISTRY_WITHOUT_USCC.map((e) => e.registryKey)],
    );
    expect(Number(noUscc[0].n)).toBe(identities.REGISTRY_WITHOUT_USCC.length);
  });

  it('is referentially sane: child rows have parents; a payment names a known taxpayer or is a planted orphan', async () => {
    const orphansPlanted = new Set(summary.manifest.cases.ORPHAN_PAYMENT.map((e) => `${e.taxOfficeCode}/${e.voucherNo}`));
    const nationalTins = new Set((await query<{ t: string }>(a['national-tax'], 'SELECT TRIM(nsrsbh) AS t FROM dj_nsrxx')).map((r) => r.t));
    const localTins = new Set((await query<{ t: string }>(a['local-tax'], 'SELECT RTRIM(swdjzh) AS t FROM swdj')).map((r) => r.t));
    const payments = await query<{ office: string; voucher: string; payer: string }>(
      a['treasury-bank'],
      'SELECT "TaxOrgCode" AS office, "TaxVouNo" AS voucher, "TaxPayCode" AS payer FROM "TaxPayment"',
    );
    expect(payments.length).toBeGreaterThan(N);
    const unknown = payments
      .filter((p) => !(p.office.startsWith('1') ? nationalTins : localTins).has(p.payer))
      .map((p) => `${p.office}/${p.voucher}`);
    expect(unknown.sort()).toEqual([...orphansPlanted].sort());

    const childless = async (source: LegacySource, sql: string) => Number((await query<{ n: string }>(a[source], sql))[0].n);
    expect(
      await childless(
        'national-tax',
        'SELECT count(*) AS n FROM sb_sbxx s WHERE NOT EXISTS (SELECT 1 FROM dj_nsrxx n WHERE n.djxh = s.djxh)',
      ),
    ).toBe(0);
    expect(
      await childless(
        'national-tax',
        'SELECT count(*) AS n FROM zs_yjsf s WHERE NOT EXISTS (SELECT 1 FROM dj_nsrxx n WHERE n.djxh = s.djxh)',
      ),
    ).toBe(0);
    expect(
      await childless('local-tax', 'SELECT count(*) AS n FROM sb_mx s WHERE NOT EXISTS (SELECT 1 FROM swdj n WHERE n.jsjdm = s.jsjdm)'),
    ).toBe(0);
    expect(
      await childless(
        'business-registry',
        'SELECT count(*) AS n FROM e_alter s WHERE NOT EXISTS (SELECT 1 FROM e_baseinfo n WHERE n.pripid = s.pripid)',
      ),
    ).toBe(0);
    expect(
      await childless(
        'treasury-bank',
        'SELECT count(*) AS n FROM "TreasuryEntry" t WHERE NOT EXISTS (SELECT 1 FROM "TaxPayment" p WHERE p."TaxOrgCode" = t."TaxOrgCode" AND p."EntrustDate" = t."EntrustDate" AND p."TraNo" = t."TraNo")',
      ),
    ).toBe(0);
    expect(
      await childless(
        'treasury-bank',
        'SELECT count(*) AS n FROM "RefundInfo" r WHERE NOT EXISTS (SELECT 1 FROM "TaxPayment" p WHERE p."TaxOrgCode" = r."TaxOrgCode" AND p."TaxVouNo" = r."OriTaxVouNo")',
      ),
    ).toBe(0);
  });

  it('refuses to replace tables it did not create', async () => {
    const foreign = await sourceDatabasesFor('seed_foreign');
    await query(foreign['national-tax'], 'CREATE TABLE precious (id int)');
    await expect(seedAll({ taxpayers: 10, seed: 1, urls: foreign })).rejects.toThrow(/refusing to replace/);
    const still = await query(foreign['national-tax'], "SELECT 1 FROM information_schema.tables WHERE table_name = 'precious'");
    expect(still).toHaveLength(1);
  });

  it.each(LEGACY_SOURCES)('creates the indexes the subgraphs rely on in %s', async (source) => {
    const rows = await query<{ n: string }>(a[source], "SELECT count(*) AS n FROM pg_indexes WHERE schemaname = 'public'");
    expect(Number(rows[0].n)).toBeGreaterThan(3);
  });
});
