/**
 * The contract points of issue 13 end to end, through the gateway: `taxpayer(uscc)` is null when no
 * source knows the code (and says which source could not be asked); `Taxpayer.name` falls back to a
 * tax system's name; an old registry record without a USCC is linked through national tax's GSDJZCH;
 * a person's name is masked without `pii:read`; a legal pilot USCC is accepted with a warning.
 */
import type { IdentityEntry } from '../../seeds/manifest';
import { makeRegistrationNo, makeUscc, makeUsccSafeOrgCode } from '../../shared/identifiers';
import manifest from '../../gateway/operations/manifest.json';
import { LEGACY_SOURCES, AUDIT_SUBGRAPH, LegacySource } from '../../shared/sources';
import { maskPersonName } from '../../subgraphs/kit/access';
import { CountingProxy } from '../support/counting-proxy';
import { Proc, requireBuild, Stack } from '../support/processes';
import { asPrincipal, graphql, Seeded, seededSources, sqlRows, tokenFor } from '../support/seeded';

/** A well-formed USCC of an organization code between the generator's two ranges: no source knows it. */
const UNKNOWN = makeUscc('9', '1', '510104', makeUsccSafeOrgCode(400_000_001));
/** DOMAIN.md's legal pilot code (Fujian 2014-15): it fails the check character. */
const PILOT = '91350100M0001TGQXM';

const TAXPAYER = `query Taxpayer($u: USCC!) {
  taxpayer(uscc: $u) {
    uscc name licenceRegistrationNumber
    registration { id uscc name legalRepresentative { name } dataIssues { field problem } }
    nationalTax { id name registrationNumber legalRepresentative { name } }
    localTax { id legalRepresentative { name } }
  }
}`;

describe('the contract through the gateway', () => {
  let seeded: Seeded;
  let stack: Stack;
  let gateway: Proc;
  let app: Record<string, string>;
  let analyst: Record<string, string>;
  const proxies = new Map<LegacySource, CountingProxy>();

  beforeAll(async () => {
    requireBuild();
    seeded = await seededSources('contract', 600);
    // A pilot code the registry carries (the generator plants none: its areas are not in Fujian).
    await sqlRows(
      seeded.urls['business-registry'],
      `INSERT INTO e_baseinfo (pripid, regno, uniscid, entname, enttype, lerep, regorg, regstate, estdate)
       VALUES ('P350100PILOT0001', $2, $1, '福州市闽江试点贸易有限公司', '1100', '林秀英', '350100', '1', '2014-11-20')`,
      [PILOT, makeRegistrationNo('350100', 1)],
    );
    stack = new Stack(seeded.urls);
    await Promise.all([...LEGACY_SOURCES, AUDIT_SUBGRAPH.name].map((s) => stack.startSubgraph(s)));
    for (const source of LEGACY_SOURCES) proxies.set(source, await CountingProxy.inFrontOf(stack.subgraphs.get(source)!.url));
    await stack.startSubgraph('cooperation', undefined, Object.fromEntries([...proxies].map(([s, p]) => [s, p.url])));
    gateway = await stack.startGateway({ SUBGRAPH_TIMEOUT_MS: '5000' });
    app = await asPrincipal();
    analyst = { authorization: `Bearer ${await tokenFor({ role: 'analyst' })}`, 'x-purpose': 'contract test' };
  });
  afterAll(async () => {
    await stack?.stop();
    for (const p of proxies.values()) p.close();
  });

  const ask = (uscc: string, headers = app) => graphql(gateway.url, TAXPAYER, { u: uscc }, headers);
  const identities = (kind: keyof Seeded['manifest']['identities']): IdentityEntry[] =>
    seeded.manifest.identities[kind].filter((e): e is IdentityEntry & { uscc: string } => !!e.uscc);

  it('answers null for a code no source knows, and the taxpayer for one the registry knows, costing the bureaus no call', async () => {
    const unknown = await ask(UNKNOWN);
    expect(unknown.errors).toBeUndefined();
    expect(unknown.data).toEqual({ taxpayer: null });

    const known = identities('ENTERPRISE').slice(0, 10);
    const query = `query { ${known.map((e, i) => `t${i}: taxpayer(uscc: "${e.uscc}") { uscc name }`).join(' ')} }`;
    for (const p of proxies.values()) p.calls = 0;
    const res = await graphql(gateway.url, query, undefined, app);
    expect(res.errors).toBeUndefined();
    expect(known.map((_, i) => res.data![`t${i}`])).toEqual(known.map((e) => ({ uscc: e.uscc, name: e.name })));
    // Cooperation's calls only (the gateway goes to the sources directly): the registry once for all ten.
    expect(Object.fromEntries([...proxies].map(([s, p]) => [s, p.calls]))).toEqual({
      'national-tax': 0,
      'local-tax': 0,
      'business-registry': 1,
      'treasury-bank': 0,
    });
  });

  it("falls back to national tax's name and links the old registry record through GSDJZCH when the registry has no record under the USCC", async () => {
    const old = identities('REGISTRY_WITHOUT_USCC');
    expect(old.length).toBeGreaterThan(3);
    let linked = 0;
    for (const e of old) {
      const res = await ask(e.uscc!);
      expect(res.errors).toBeUndefined();
      const t = res.data!.taxpayer;
      expect(t.name).toBe(e.name);
      expect(t.name).toBe(t.nationalTax.name);
      if (t.nationalTax.registrationNumber === e.registrationNo) {
        linked++;
        expect(t.licenceRegistrationNumber).toBe(e.registrationNo);
        expect(t.registration).toMatchObject({ id: e.registryKey, uscc: null, name: e.name });
      } else {
        expect(t.registration).toBeNull();
      }
    }
    expect(linked).toBeGreaterThan(0);
    // A taxpayer the registry knows needs no link.
    const known = await ask(identities('ENTERPRISE')[0].uscc!);
    expect(known.data!.taxpayer.licenceRegistrationNumber).toBeNull();
  });

  it("masks a natural person's name without pii:read: legal representatives and an individual business's payer name", async () => {
    let compared = 0;
    for (const e of [...identities('ENTERPRISE').slice(0, 5), ...identities('INDIVIDUAL_BUSINESS').slice(0, 5)]) {
      const [whole, masked] = [await ask(e.uscc!), await ask(e.uscc!, analyst)];
      expect(masked.errors).toBeUndefined();
      for (const part of ['registration', 'nationalTax', 'localTax'] as const) {
        const name = whole.data!.taxpayer[part]?.legalRepresentative?.name as string | undefined;
        if (!name) continue;
        compared++;
        expect(masked.data!.taxpayer[part].legalRepresentative.name).toBe(maskPersonName(name));
        expect(masked.data!.taxpayer[part].legalRepresentative.name).not.toBe(name);
      }
    }
    expect(compared).toBeGreaterThan(10);

    const PAYMENTS = `query { payments(first: 200) { edges { node { voucherNo payerTin payerName } } } }`;
    const [whole, masked] = [
      await graphql(gateway.url, PAYMENTS, undefined, app),
      await graphql(gateway.url, PAYMENTS, undefined, analyst),
    ];
    expect(masked.errors).toBeUndefined();
    const byVoucher = new Map((masked.data!.payments.edges as { node: Record<string, string> }[]).map((x) => [x.node.voucherNo, x.node]));
    const counts = { individual: 0, enterprise: 0 };
    for (const { node } of whole.data!.payments.edges as { node: Record<string, string> }[]) {
      const seen = byVoucher.get(node.voucherNo)!;
      if (node.payerTin?.length === 20) {
        counts.individual++;
        expect(seen.payerName).toBe(maskPersonName(node.payerName));
      } else {
        counts.enterprise++;
        expect(seen.payerName).toBe(node.payerName);
      }
    }
    expect(counts.individual).toBeGreaterThan(0);
    expect(counts.enterprise).toBeGreaterThan(0);
  });

  it("gives a bank its payment's taxpayer name (cooperation's, asked with its service principal) through PaymentStatus", async () => {
    // A payment of an enterprise, found in the seeded treasury tables rather than by position: the first
    // enterprise that paid through TIPS under its USCC or under an old TIN of its USCC's own division. (A
    // TIN whose frozen division differs stands for the USCC derived from it, kit/taxpayer-key.ts usccFor.)
    const enterprises = identities('ENTERPRISE');
    const [payment] = await sqlRows<{ uscc: string; taxOfficeCode: string; voucherNo: string; bankCode: string }>(
      seeded.urls['treasury-bank'],
      `SELECT u.uscc, p."TaxOrgCode" AS "taxOfficeCode", p."TaxVouNo" AS "voucherNo", TRIM(p."PayBkCode") AS "bankCode"
         FROM unnest($1::text[]) WITH ORDINALITY AS u(uscc, n)
         JOIN "TaxPayment" p ON p."TaxPayCode" IN (u.uscc, SUBSTR(u.uscc, 3, 6) || SUBSTR(u.uscc, 9, 9))
        ORDER BY u.n, p."TaxOrgCode", p."TaxVouNo" LIMIT 1`,
      [enterprises.map((x) => x.uscc)],
    );
    expect(payment).toBeDefined();
    const e = enterprises.find((x) => x.uscc === payment.uscc)!;
    const operation = manifest.operations.find((o) => o.name === 'PaymentStatus')!;
    const res = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor({ role: 'bank', bank: payment.bankCode })}` },
      body: JSON.stringify({
        extensions: { persistedQuery: { version: 1, sha256Hash: operation.id } },
        variables: { taxOfficeCode: payment.taxOfficeCode, voucherNo: payment.voucherNo },
      }),
    });
    const body = (await res.json()) as { data?: any; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    expect(body.data.payment.taxpayer).toEqual({ uscc: e.uscc, name: e.name });
  });

  it('accepts a legal pilot USCC with a warning on the record that carries it; a typo outside the pilot range is refused', async () => {
    const res = await ask(PILOT);
    expect(res.errors).toBeUndefined();
    expect(res.data!.taxpayer).toMatchObject({
      uscc: PILOT,
      name: '福州市闽江试点贸易有限公司',
      registration: { id: 'P350100PILOT0001', uscc: PILOT, dataIssues: [{ field: 'uscc', problem: 'PILOT_CODE' }] },
      nationalTax: null,
      localTax: null,
    });
    const typo = await ask('91110000600037341M');
    expect(typo.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(typo.errors?.[0].message).toMatch(/check character should be 'L'/);
  });

  it('says which source could not be asked, rather than null, for a code nobody that answered knows; a known code still answers', async () => {
    const known = identities('ENTERPRISE')[1];
    await stack.killSubgraph('national-tax');
    const unknown = await ask(UNKNOWN);
    expect(unknown.data).toEqual({ taxpayer: null });
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'SOURCE_UNAVAILABLE', sources: ['national-tax'] });
    const res = await ask(known.uscc!);
    expect(res.data!.taxpayer).toMatchObject({ uscc: known.uscc, name: known.name, nationalTax: null });
    expect(res.errors?.map((e) => e.extensions?.source)).toEqual(['national-tax']);
  });
});
