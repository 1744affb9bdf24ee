/**
 * Who may see what, enforced inside the subgraphs over seeded PostgreSQL, with every call made
 * straight to a subgraph over HTTP as a caller that went around the gateway would make it: the
 * gateway's signature is required; a bank sees its own payments only, on every path, and of a
 * taxpayer only the USCC and name; personal data is masked without pii:read; and the supergraph a
 * reader sees declares these rules.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FieldDefinitionNode, Kind, ObjectTypeDefinitionNode, parse, valueFromASTUntyped } from 'graphql';
import { businessRegistry } from '../../subgraphs/business-registry/server';
import { maskPersonalData, maskPersonName } from '../../subgraphs/kit/access';
import { Principal, signPrincipal } from '../../shared/principal';
import { LegacySource } from '../../shared/sources';
import { RunningSubgraph, startSubgraph, SubgraphModule, SubgraphContext } from '../../subgraphs/kit/subgraph';
import { localTax } from '../../subgraphs/local-tax/server';
import { nationalTax } from '../../subgraphs/national-tax/server';
import { treasuryBank } from '../../subgraphs/treasury-bank/server';
import { APP_PRINCIPAL, asPrincipal, graphql, GraphQLResponse, Seeded, seededSources, sqlRows } from '../support/seeded';

const MODULES: Record<LegacySource, SubgraphModule<SubgraphContext>> = {
  'national-tax': nationalTax as unknown as SubgraphModule<SubgraphContext>,
  'local-tax': localTax as unknown as SubgraphModule<SubgraphContext>,
  'business-registry': businessRegistry as unknown as SubgraphModule<SubgraphContext>,
  'treasury-bank': treasuryBank as unknown as SubgraphModule<SubgraphContext>,
};

const ANALYST: Principal = { sub: 'test-analyst', role: 'analyst', scopes: ['taxpayer:read'] };
/** An app cleared for taxpayer records but not for personal data. */
const APP_WITHOUT_PII: Principal = { sub: 'test-app-no-pii', role: 'app', scopes: ['taxpayer:read'] };
const bank = (code: string): Principal => ({ sub: `test-bank-${code}`, role: 'bank', bank: code, scopes: [] });

const keyOf = (office: string, voucher: string) => `${office.trim()}|${voucher.trim()}`;

interface PaymentRow {
  office: string;
  voucher: string;
  bank: string;
}

describe('access rules inside the subgraphs', () => {
  let seeded: Seeded;
  const running = new Map<LegacySource, RunningSubgraph>();
  const url = (source: LegacySource) => running.get(source)!.url;
  let payments: PaymentRow[];
  let bankA: string;
  let bankB: string;
  let keysOfA: Set<string>;
  let keysOfB: Set<string>;

  /** Every page of `payments(filter)` on the treasury subgraph as `principal`. */
  async function allPayments(
    principal: Principal,
    filter: Record<string, unknown> | null,
    fields = 'taxOfficeCode voucherNo bankCode',
  ): Promise<any[]> {
    const out: any[] = [];
    let after: string | null = null;
    for (;;) {
      const res: GraphQLResponse<any> = await graphql(
        url('treasury-bank'),
        `query($f: PaymentFilter, $after: String) { payments(filter: $f, first: 500, after: $after) { pageInfo { hasNextPage endCursor } edges { node { ${fields} } } } }`,
        { f: filter, after },
        await asPrincipal(principal),
      );
      expect(res.errors).toBeUndefined();
      const page = res.data!.payments;
      out.push(...page.edges.map((e: { node: unknown }) => e.node));
      if (!page.pageInfo.hasNextPage) return out;
      after = page.pageInfo.endCursor;
    }
  }

  beforeAll(async () => {
    seeded = await seededSources('access', 1000);
    for (const [source, mod] of Object.entries(MODULES) as [LegacySource, SubgraphModule<SubgraphContext>][]) {
      running.set(source, await startSubgraph(mod, { port: 0, url: seeded.urls[source] }));
    }
    payments = await sqlRows<PaymentRow>(
      seeded.urls['treasury-bank'],
      `SELECT "TaxOrgCode" AS office, "TaxVouNo" AS voucher, "PayBkCode" AS bank FROM "TaxPayment"`,
    );
    const perBank = new Map<string, number>();
    for (const p of payments) perBank.set(p.bank, (perBank.get(p.bank) ?? 0) + 1);
    // The two busiest banks: A tries to read B's payments.
    [bankA, bankB] = [...perBank.entries()].sort((x, y) => y[1] - x[1]).map(([code]) => code);
    keysOfA = new Set(payments.filter((p) => p.bank === bankA).map((p) => keyOf(p.office, p.voucher)));
    keysOfB = new Set(payments.filter((p) => p.bank === bankB).map((p) => keyOf(p.office, p.voucher)));
  }, 300000);

  afterAll(async () => {
    await Promise.all([...running.values()].map((r) => r.stop()));
  });

  describe('the gateway signature', () => {
    const query = '{ __typename }';
    const post = async (source: LegacySource, headers: Record<string, string>) => {
      const res = await fetch(url(source), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query }),
      });
      return {
        status: res.status,
        body: (await res.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] },
      };
    };
    const secret = () => process.env.TAXGRAPH_PRINCIPAL_SECRET!;

    const cases: [string, () => Record<string, string>][] = [
      ['without a signature', () => ({})],
      [
        'with a forged signature (wrong secret)',
        () => signPrincipal(APP_PRINCIPAL, 'not-the-shared-secret-0123456789abcdef', 'req-forged'),
      ],
      ['with a stale signature (5 minutes old)', () => signPrincipal(APP_PRINCIPAL, secret(), 'req-stale', Date.now() - 5 * 60_000)],
      [
        "with a bank's signature over a principal it rewrote to an app",
        () => {
          const headers = signPrincipal(bank('000000000000'), secret(), 'req-tampered');
          return { ...headers, 'x-taxgraph-principal': Buffer.from(JSON.stringify(APP_PRINCIPAL)).toString('base64url') };
        },
      ],
      [
        'with a signature made for another request id',
        () => ({ ...signPrincipal(APP_PRINCIPAL, secret(), 'req-original'), 'x-request-id': 'req-replayed' }),
      ],
    ];

    it.each(cases)('refuses a direct call %s with 401 UNAUTHENTICATED and no data, on every subgraph', async (_what, headers) => {
      for (const source of running.keys()) {
        const { status, body } = await post(source, headers());
        expect({ source, status }).toEqual({ source, status: 401 });
        expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
        expect(body.data ?? null).toBeNull();
        expect(JSON.stringify(body)).not.toMatch(/\bat [\w.<>]+ \(|node_modules/);
      }
    });

    it('answers the same call with a fresh, valid signature', async () => {
      for (const source of running.keys()) {
        const { status, body } = await post(source, signPrincipal(APP_PRINCIPAL, secret(), 'req-valid'));
        expect(status).toBe(200);
        expect(body.data).toEqual({ __typename: 'Query' });
      }
    });
  });

  describe('bank tenancy in treasury-bank', () => {
    it('picks two banks with payments of their own from the seed', () => {
      expect(bankA).toMatch(/^\d{12}$/);
      expect(bankB).toMatch(/^\d{12}$/);
      expect(bankA).not.toBe(bankB);
      expect(keysOfA.size).toBeGreaterThan(20);
      expect(keysOfB.size).toBeGreaterThan(20);
    });

    it('root payments: bank A lists exactly its own payments, with or without a filter naming bank B', async () => {
      const own = await allPayments(bank(bankA), null);
      expect(own.filter((p) => keysOfB.has(keyOf(p.taxOfficeCode, p.voucherNo)))).toHaveLength(0);
      expect(new Set(own.map((p) => keyOf(p.taxOfficeCode, p.voucherNo)))).toEqual(keysOfA);
      expect(own.every((p) => p.bankCode === bankA)).toBe(true);

      expect(await allPayments(bank(bankA), { bankCode: bankB })).toHaveLength(0);
      expect(await allPayments(bank(bankA), { bankCode: bankA })).toHaveLength(keysOfA.size);
      // The app principal, for contrast, sees bank B's.
      expect(await allPayments(APP_PRINCIPAL, { bankCode: bankB })).toHaveLength(keysOfB.size);
    });

    it("payment(taxOfficeCode, voucherNo): null for every bank B payment, found for bank A's own", async () => {
      const headers = await asPrincipal(bank(bankA));
      const lookup = (key: string) => {
        const [taxOfficeCode, voucherNo] = key.split('|');
        return graphql(
          url('treasury-bank'),
          'query($o: String!, $v: String!) { payment(taxOfficeCode: $o, voucherNo: $v) { taxOfficeCode voucherNo bankCode } }',
          { o: taxOfficeCode, v: voucherNo },
          headers,
        );
      };
      let leaked = 0;
      for (const key of [...keysOfB].slice(0, 60)) {
        const res = await lookup(key);
        expect(res.errors).toBeUndefined();
        if (res.data!.payment !== null) leaked++;
      }
      expect(leaked).toBe(0);
      for (const key of [...keysOfA].slice(0, 10)) {
        const res = await lookup(key);
        expect(res.data!.payment).toMatchObject({ bankCode: bankA });
      }
    });

    it("_entities Payment representations sent straight to the subgraph: bank B's resolve to null, bank A's to the payment", async () => {
      const representations = (keys: Set<string>) =>
        [...keys].map((k) => {
          const [taxOfficeCode, voucherNo] = k.split('|');
          return { __typename: 'Payment', taxOfficeCode, voucherNo };
        });
      const query =
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Payment { taxOfficeCode voucherNo bankCode amount payerAccount } } }';
      const ofB = await graphql(url('treasury-bank'), query, { r: representations(keysOfB) }, await asPrincipal(bank(bankA)));
      expect(ofB.errors).toBeUndefined();
      expect(ofB.data!._entities).toHaveLength(keysOfB.size);
      expect(ofB.data!._entities.filter((e: unknown) => e !== null)).toHaveLength(0);

      const ofA = await graphql(url('treasury-bank'), query, { r: representations(keysOfA) }, await asPrincipal(bank(bankA)));
      expect(ofA.errors).toBeUndefined();
      expect(ofA.data!._entities.filter((e: any) => e?.bankCode === bankA)).toHaveLength(keysOfA.size);
    });

    it("Taxpayer.payments via _entities: a taxpayer's bank B payments never reach bank A, its bank A payments do", async () => {
      // Taxpayers with bank B payments, as the app principal sees them.
      const ofB = await allPayments(APP_PRINCIPAL, { bankCode: bankB }, 'taxOfficeCode voucherNo taxpayer { uscc }');
      const usccs = [...new Set(ofB.map((p) => p.taxpayer?.uscc).filter((u): u is string => !!u))];
      expect(usccs.length).toBeGreaterThan(5);
      const query =
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Taxpayer { uscc payments(first: 500) { totalCount edges { node { taxOfficeCode voucherNo bankCode } } } } } }';
      const r = usccs.map((uscc) => ({ __typename: 'Taxpayer', uscc }));
      const asApp = await graphql(url('treasury-bank'), query, { r }, await asPrincipal(APP_PRINCIPAL));
      const asA = await graphql(url('treasury-bank'), query, { r }, await asPrincipal(bank(bankA)));
      expect(asApp.errors).toBeUndefined();
      expect(asA.errors).toBeUndefined();

      const keys = (entities: any[]) =>
        entities.flatMap((t) => t.payments.edges.map((e: any) => keyOf(e.node.taxOfficeCode, e.node.voucherNo)));
      const seenByApp = keys(asApp.data!._entities);
      const seenByA = keys(asA.data!._entities);
      expect(seenByApp.filter((k) => keysOfB.has(k)).length).toBeGreaterThan(0);
      expect(seenByA.filter((k) => keysOfB.has(k))).toHaveLength(0);
      expect(seenByA.sort()).toEqual(seenByApp.filter((k) => keysOfA.has(k)).sort());
      // The counts tell no more than the rows: totalCount is bank A's own.
      asA.data!._entities.forEach((t: any) => expect(t.payments.totalCount).toBe(t.payments.edges.length));
    });

    // Its name is cooperation's (Taxpayer.name, issue 13), asked by a bank through the gateway in test/e2e/contract.test.ts.
    it("a bank's own payment names its taxpayer (USCC), which the registry accepts from a bank", async () => {
      const own = await allPayments(bank(bankA), null, 'taxOfficeCode voucherNo taxpayer { uscc }');
      const usccs = [...new Set(own.map((p) => p.taxpayer?.uscc).filter((u): u is string => !!u))].slice(0, 20);
      expect(usccs.length).toBeGreaterThan(0);
      const res = await graphql(
        url('business-registry'),
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Taxpayer { uscc } } }',
        { r: usccs.map((uscc) => ({ __typename: 'Taxpayer', uscc })) },
        await asPrincipal(bank(bankA)),
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!._entities.map((t: any) => t.uscc)).toEqual(usccs);
    });
  });

  describe('taxpayer records need taxpayer:read', () => {
    const usccs = () =>
      seeded.manifest.identities.ENTERPRISE.map((e) => e.uscc!)
        .filter(Boolean)
        .slice(0, 5);
    const entities = (source: LegacySource, fields: string, principal: Principal) =>
      asPrincipal(principal).then((headers) =>
        graphql(
          url(source),
          `query($r: [_Any!]!) { _entities(representations: $r) { ... on Taxpayer { ${fields} } } }`,
          { r: usccs().map((uscc) => ({ __typename: 'Taxpayer', uscc })) },
          headers,
        ),
      );

    it.each([
      ['business-registry', 'registration { id }', ['registration']],
      ['national-tax', 'nationalTax { id } nationalTaxRecords { id }', ['nationalTax', 'nationalTaxRecords']],
      ['local-tax', 'localTax { id } localTaxRecords { id }', ['localTax', 'localTaxRecords']],
    ] as [LegacySource, string, string[]][])(
      '%s: a bank gets null and FORBIDDEN naming the scope for each record field; uscc still answers',
      async (source, fields, guarded) => {
        const res = await entities(source, `uscc ${fields}`, bank(bankA));
        const list = res.data!._entities as any[];
        expect(list.map((t) => t.uscc)).toEqual(usccs());
        for (const t of list) for (const f of guarded) expect(t[f]).toBeNull();
        // One error per guarded field and taxpayer, each with its path, the code and the scope.
        expect(res.errors).toHaveLength(usccs().length * guarded.length);
        for (const e of res.errors!) {
          expect(e.extensions?.code).toBe('FORBIDDEN');
          expect(e.message).toContain('taxpayer:read');
          expect(guarded).toContain(e.path![e.path!.length - 1]);
        }
        const asApp = await entities(source, `uscc ${fields}`, APP_PRINCIPAL);
        expect(asApp.errors).toBeUndefined();
        for (const t of asApp.data!._entities as any[]) expect(guarded.some((f) => t[f] !== null)).toBe(true);
      },
    );

    const known = () => seeded.manifest.identities.ENTERPRISE.find((e) => e.registrationNo && e.nationalKey && e.localKey)!;
    it.each([
      ['business-registry', () => 'registrations(first: 1) { edges { node { id } } }'],
      ['business-registry', () => `registrationByNumber(registrationNumber: "${known().registrationNo}") { id }`],
      ['national-tax', () => 'nationalTaxAccounts(first: 1) { edges { node { id } } }'],
      ['national-tax', () => `nationalTaxAccount(id: "${known().nationalKey}") { id }`],
      ['local-tax', () => 'localTaxAccounts(first: 1) { edges { node { id } } }'],
      ['local-tax', () => `localTaxAccount(id: "${known().localKey}") { id }`],
    ] as [LegacySource, () => string][])('%s: a bank is refused a root field that reads records (%#)', async (source, select) => {
      const selection = select();
      const res = await graphql(url(source), `{ ${selection} }`, undefined, await asPrincipal(bank(bankA)));
      expect(res.status).toBe(200);
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(res.errors![0].message).toContain('taxpayer:read');
      const field = selection.slice(0, selection.search(/[({ ]/));
      expect(res.data?.[field] ?? null).toBeNull();
      const asApp = await graphql(url(source), `{ ${selection} }`);
      expect(asApp.errors).toBeUndefined();
    });
  });

  describe('personal data', () => {
    /** The same list as two principals, paired by id. */
    async function pairs(source: LegacySource, root: string, fields: string, masked: Principal): Promise<[any, any][]> {
      const query = `{ ${root}(first: 500) { edges { node { ${fields} } } } }`;
      const whole = await graphql(url(source), query);
      // Signed directly: a token for an analyst with pii:read cannot even be issued.
      const headers =
        masked.role === 'analyst' && masked.scopes.includes('pii:read')
          ? signPrincipal(masked, process.env.TAXGRAPH_PRINCIPAL_SECRET!, 'req-claims-pii')
          : await asPrincipal(masked);
      const hidden = await graphql(url(source), query, undefined, headers);
      expect(whole.errors).toBeUndefined();
      expect(hidden.errors).toBeUndefined();
      const nodes = (res: GraphQLResponse<any>) => res.data![root].edges.map((e: any) => e.node);
      const a = nodes(whole);
      const b = nodes(hidden);
      expect(b).toHaveLength(a.length);
      return a.map((n: any, i: number) => [n, b[i]]);
    }

    /** A masked id keeps its length, its first and last four characters, stars between; 8 or fewer are all stars. */
    function expectMasked(whole: string | null, masked: string | null, what: string): void {
      if (whole === null) return expect({ what, masked }).toEqual({ what, masked: null });
      expect(masked).toHaveLength(whole.length);
      const expected = whole.length <= 8 ? '*'.repeat(whole.length) : whole.slice(0, 4) + '*'.repeat(whole.length - 8) + whole.slice(-4);
      expect({ what, masked }).toEqual({ what, masked: expected });
    }

    /** A TIN is masked only when it is a citizen-ID TIN: 4 characters, 14 stars, the 2-digit business index. */
    function expectTin(whole: string | null, masked: string | null, counts: { individual: number; enterprise: number }): void {
      if (whole === null) return expect(masked).toBeNull();
      if (whole.length === 20) {
        counts.individual++;
        expect(masked).toMatch(/^[0-9]{4}\*{14}\d{2}$/);
        expect(masked).toBe(whole.slice(0, 4) + '*'.repeat(14) + whole.slice(-2));
      } else {
        counts.enterprise++;
        expect(masked).toBe(whole);
      }
    }

    it.each([
      ['an analyst', ANALYST],
      ['an app without pii:read', APP_WITHOUT_PII],
      ['an analyst whose signer claims pii:read', { ...ANALYST, scopes: ['taxpayer:read', 'pii:read'] }],
    ] as [string, Principal][])(
      'masks citizen IDs, phones and individual TINs in national and local tax for %s; an app with pii:read sees them whole',
      async (_who, principal) => {
        for (const [source, root] of [
          ['national-tax', 'nationalTaxAccounts'],
          ['local-tax', 'localTaxAccounts'],
        ] as [LegacySource, string][]) {
          const counts = { individual: 0, enterprise: 0, ids: 0 };
          for (const [whole, masked] of await pairs(source, root, 'id tin phone legalRepresentative { name idNumber }', principal)) {
            expect(masked.id).toBe(whole.id);
            expectTin(whole.tin, masked.tin, counts);
            expectMasked(whole.phone, masked.phone, `${source} ${whole.id} phone`);
            // A natural person's name is personal data too (issue 13): its surname only.
            const name = whole.legalRepresentative?.name ?? null;
            expect(masked.legalRepresentative?.name ?? null).toBe(name === null ? null : maskPersonName(name));
            if (name && name.length > 1) expect(masked.legalRepresentative.name).not.toBe(name);
            if (whole.legalRepresentative?.idNumber) {
              counts.ids++;
              expect(masked.legalRepresentative.idNumber).not.toBe(whole.legalRepresentative.idNumber);
              expectMasked(whole.legalRepresentative.idNumber, masked.legalRepresentative.idNumber, `${source} ${whole.id} idNumber`);
            }
          }
          expect({ source, individual: counts.individual > 0, enterprise: counts.enterprise > 0, ids: counts.ids > 0 }).toEqual({
            source,
            individual: true,
            enterprise: true,
            ids: true,
          });
        }
      },
    );

    it("masks the registry's legal representatives' names, citizen IDs and phones for an analyst", async () => {
      let ids = 0;
      for (const [whole, masked] of await pairs(
        'business-registry',
        'registrations',
        'id name legalRepresentative { name idNumber } phone',
        ANALYST,
      )) {
        expect(masked.name).toBe(whole.name);
        const person = whole.legalRepresentative?.name ?? null;
        expect(masked.legalRepresentative?.name ?? null).toBe(person === null ? null : maskPersonName(person));
        expectMasked(whole.phone, masked.phone, `registry ${whole.id} phone`);
        if (whole.legalRepresentative?.idNumber) {
          ids++;
          expectMasked(whole.legalRepresentative.idNumber, masked.legalRepresentative.idNumber, `registry ${whole.id} idNumber`);
        }
      }
      expect(ids).toBeGreaterThan(100);
    });

    it('masks payer accounts, citizen-ID payer TINs and individual payer names for an analyst, never an enterprise payer TIN or name', async () => {
      const counts = { individual: 0, enterprise: 0 };
      let accounts = 0;
      for (const [whole, masked] of await pairs(
        'treasury-bank',
        'payments',
        'taxOfficeCode voucherNo payerAccount payerTin payerName amount',
        ANALYST,
      )) {
        expect(masked.amount).toBe(whole.amount);
        // An individual business's payer name is a person's (issue 13); an enterprise's is shown.
        expect(masked.payerName).toBe(whole.payerTin?.length === 20 && whole.payerName ? maskPersonName(whole.payerName) : whole.payerName);
        if (whole.payerAccount) accounts++;
        expectMasked(whole.payerAccount, masked.payerAccount, `payment ${whole.voucherNo} payerAccount`);
        expectTin(whole.payerTin, masked.payerTin, counts);
      }
      expect(accounts).toBeGreaterThan(100);
      expect(counts.enterprise).toBeGreaterThan(0);
      // Individual businesses pay too: find some by TIN length if the first page held none.
      if (counts.individual === 0) {
        const all = await allPayments(ANALYST, null, 'payerTin');
        expect(all.filter((p) => /^[0-9]{4}\*{14}\d{2}$/.test(p.payerTin ?? '')).length).toBeGreaterThan(0);
        expect(all.filter((p) => p.payerTin?.length === 20 && !p.payerTin.includes('*'))).toHaveLength(0);
      }
    });

    it('has one mask: first and last four kept, all stars when short, citizen-ID TINs keep 4 and the 2-digit index', () => {
      expect(maskPersonalData('510104198001011236')).toBe('5101**********1236');
      expect(maskPersonalData('13800138000')).toBe('1380***8000');
      expect(maskPersonalData('12345678')).toBe('********');
      expect(maskPersonalData('51010419800101123600', { tin: true })).toBe('5101**************00');
      expect(maskPersonalData('91510100MA6C0K1X2E', { tin: true })).toBe('91510100MA6C0K1X2E');
      expect(maskPersonalData('510104201234567', { tin: true })).toBe('510104201234567');
    });
  });

  describe('the rules as a reader of the schema sees them', () => {
    const supergraph = parse(readFileSync(join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8'));
    const field = (type: string, name: string): FieldDefinitionNode => {
      const def = supergraph.definitions.find(
        (d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === type,
      );
      const f = def?.fields?.find((x) => x.name.value === name);
      if (!f) throw new Error(`${type}.${name} is not in the supergraph`);
      return f;
    };
    const directive = (type: string, name: string, directiveName: string) => {
      const d = field(type, name).directives?.find((x) => x.name.value === directiveName);
      return d ? Object.fromEntries((d.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)])) : undefined;
    };

    it("links the personal-data spec and Federation's requiresScopes", () => {
      const schemaDef = supergraph.definitions.find((d) => d.kind === Kind.SCHEMA_DEFINITION)!;
      const links = (schemaDef as any).directives.map((d: any) =>
        valueFromASTUntyped(d.arguments.find((a: any) => a.name.value === 'url').value),
      );
      expect(links).toEqual(
        expect.arrayContaining(['https://taxgraph.dev/personal-data/v1.0', 'https://specs.apollo.dev/requiresScopes/v0.1']),
      );
    });

    it.each([
      ['Taxpayer', 'registration'],
      ['Taxpayer', 'nationalTax'],
      ['Taxpayer', 'nationalTaxRecords'],
      ['Taxpayer', 'localTax'],
      ['Taxpayer', 'localTaxRecords'],
      ['Query', 'registrations'],
      ['Query', 'registrationByNumber'],
      ['Query', 'nationalTaxAccount'],
      ['Query', 'nationalTaxAccounts'],
      ['Query', 'localTaxAccount'],
      ['Query', 'localTaxAccounts'],
    ])('%s.%s requires taxpayer:read', (type, name) => {
      expect(directive(type, name, 'requiresScopes')).toEqual({ scopes: [['taxpayer:read']] });
    });

    it.each([
      ['Taxpayer', 'uscc'],
      ['Taxpayer', 'name'],
      ['Taxpayer', 'payments'],
      ['Query', 'taxpayer'],
      ['Query', 'payment'],
      ['Query', 'payments'],
    ])('%s.%s is open to every authenticated caller (banks included)', (type, name) => {
      expect(directive(type, name, 'requiresScopes')).toBeUndefined();
    });

    it.each([
      ['Person', 'idNumber', {}],
      ['NationalTaxPerson', 'idNumber', {}],
      ['LocalTaxPerson', 'idNumber', {}],
      ['Registration', 'phone', {}],
      ['NationalTaxAccount', 'phone', {}],
      ['LocalTaxAccount', 'phone', {}],
      ['Payment', 'payerAccount', {}],
      ['Payment', 'payerTin', { tin: true }],
      ['NationalTaxAccount', 'tin', { tin: true }],
      ['LocalTaxAccount', 'tin', { tin: true }],
      ['NationalTaxFreightInvoice', 'recipientTin', { tin: true }],
    ])('%s.%s is @personalData %j', (type, name, args) => {
      expect(directive(type, name, 'personalData')).toEqual(args);
    });

    it('a subgraph tells any gateway its rules in its own SDL (_service)', async () => {
      const res = await graphql(url('treasury-bank'), '{ _service { sdl } }');
      const sdl: string = res.data!._service.sdl;
      expect(sdl).toContain('@composeDirective(name: "@personalData")');
      expect(sdl).toMatch(/payerAccount: String @personalData/);
      expect(sdl).toMatch(/payerTin: String @personalData\(tin: true\)/);
    });
  });
});
