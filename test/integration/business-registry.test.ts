/**
 * The business-registry subgraph over a seeded registry (real PostgreSQL, real HTTP): identities,
 * clean values, batching, bad input, read-only session, unavailable source.
 */
import { businessRegistry } from '../../subgraphs/business-registry/server';
import { RunningSubgraph, startSubgraph } from '../../subgraphs/kit/subgraph';
import { isValidUscc } from '../../shared/identifiers';
import { countQueries, graphql, Seeded, seededSources, sqlRows, stringLeaves } from '../support/seeded';

const REGISTRATION_FIELDS = `id uscc registrationNumber name entityType entityTypeLabel legalRepresentative { name idNumber }
  registeredCapital capitalCurrency establishedOn approvedOn division address businessScope industryCode status statusLabel
  revokedOn cancelledOn cancellationReason migratedOutOn migratedTo phone changes { item itemLabel before after changedOn }`;

describe('business-registry subgraph', () => {
  let seeded: Seeded;
  let running: RunningSubgraph;

  beforeAll(async () => {
    seeded = await seededSources('registry');
    running = await startSubgraph(businessRegistry, { port: 0, url: seeded.urls['business-registry'] });
  });
  afterAll(async () => running?.stop());

  it('finds the record of every sampled taxpayer by USCC, and old records without USCC by registration number', async () => {
    const { identities } = seeded.manifest;
    const old = new Set(identities.REGISTRY_WITHOUT_USCC.map((e) => e.registryKey));
    const withUscc = [
      ...identities.ENTERPRISE,
      ...identities.INDIVIDUAL_BUSINESS,
      ...identities.TWO_TINS,
      ...identities.PADDED_CODES,
      ...identities.REGISTRY_WITHOUT_USCC,
    ].filter((e) => e.uscc);
    expect(withUscc.length).toBeGreaterThan(50);
    const res = await graphql(
      running.url,
      `
        query ($r: [_Any!]!) {
          _entities(representations: $r) {
            ... on Taxpayer {
              uscc
              registration {
                id
                uscc
                registrationNumber
                name
              }
            }
          }
        }
      `,
      {
        r: withUscc.map((e) => ({ __typename: 'Taxpayer', uscc: e.uscc })),
      },
    );
    expect(res.errors).toBeUndefined();
    const got = res.data!._entities as { uscc: string; registration: { id: string; registrationNumber: string; name: string } | null }[];
    got.forEach((t, i) => {
      if (old.has(withUscc[i].registryKey)) {
        // The registry never recorded this taxpayer's USCC: its record cannot be matched (a finding, not an error).
        expect(t.registration).toBeNull();
        return;
      }
      expect(t.registration?.id).toBe(withUscc[i].registryKey);
      expect(t.registration?.registrationNumber).toBe(withUscc[i].registrationNo);
      expect(t.registration?.name).toBe(withUscc[i].name);
    });
    // With the number national tax copied from the licence (cooperation's licenceRegistrationNumber, which the gateway
    // sends along for @requires), the old record is this taxpayer's; a number of a record that carries a USCC links nothing.
    const linked = identities.REGISTRY_WITHOUT_USCC.filter((e) => e.uscc).slice(0, 20);
    expect(linked.length).toBeGreaterThan(0);
    const other = withUscc.find((e) => !old.has(e.registryKey))!;
    const viaLink = await graphql(
      running.url,
      `
        query ($r: [_Any!]!) {
          _entities(representations: $r) {
            ... on Taxpayer {
              registration {
                id
                uscc
              }
            }
          }
        }
      `,
      {
        r: [
          ...linked.map((e) => ({ __typename: 'Taxpayer', uscc: e.uscc, licenceRegistrationNumber: e.registrationNo })),
          { __typename: 'Taxpayer', uscc: linked[0].uscc, licenceRegistrationNumber: other.registrationNo },
        ],
      },
    );
    expect(viaLink.errors).toBeUndefined();
    expect(viaLink.data!._entities).toEqual([
      ...linked.map((e) => ({ registration: { id: e.registryKey, uscc: null } })),
      { registration: null },
    ]);
    for (const e of identities.REGISTRY_WITHOUT_USCC.slice(0, 20)) {
      const byNumber = await graphql(
        running.url,
        `
          query ($n: String!) {
            registrationByNumber(registrationNumber: $n) {
              id
              uscc
              taxpayer {
                uscc
              }
            }
          }
        `,
        { n: e.registrationNo },
      );
      expect(byNumber.data!.registrationByNumber).toEqual({ id: e.registryKey, uscc: null, taxpayer: null });
    }
  });

  it('leaks nothing legacy: no padding, no full-width text, money with two places, enums from the schema', async () => {
    const res = await graphql(running.url, `{ registrations(first: 500) { edges { node { ${REGISTRATION_FIELDS} } } } }`);
    expect(res.errors).toBeUndefined();
    const nodes = (res.data!.registrations.edges as { node: Record<string, any> }[]).map((e) => e.node);
    expect(nodes).toHaveLength(500);
    const leaves = stringLeaves(nodes);
    expect(leaves.filter(([, v]) => v !== v.trim() || /[\uFF01-\uFF5E\u3000]/.test(v))).toEqual([]);
    expect(nodes.filter((n) => n.registeredCapital !== null && !/^-?\d+\.\d{2}$/.test(n.registeredCapital))).toEqual([]);
    // Each status is the registry's own code (E_BASEINFO.REGSTATE, as the DDL lists them) under the schema's enum name.
    const REGSTATE: Record<string, string> = {
      '1': 'ACTIVE',
      '2': 'REVOKED',
      '3': 'REVOKED_AND_CANCELLED',
      '4': 'CANCELLED',
      '5': 'WITHDRAWN',
      '6': 'MIGRATED_OUT',
    };
    const states = new Map(
      (
        await sqlRows<{ id: string; state: string }>(
          seeded.urls['business-registry'],
          'SELECT pripid AS id, regstate AS state FROM e_baseinfo WHERE pripid = ANY($1)',
          [nodes.map((n) => n.id)],
        )
      ).map((r) => [r.id, r.state]),
    );
    expect(nodes.map((n) => n.status)).toEqual(nodes.map((n) => REGSTATE[states.get(n.id)!]));
    expect(new Set(nodes.map((n) => n.status)).size).toBeGreaterThan(1);
    for (const n of nodes) {
      expect(['ACTIVE', 'REVOKED', 'REVOKED_AND_CANCELLED', 'CANCELLED', 'WITHDRAWN', 'MIGRATED_OUT']).toContain(n.status);
      expect(n.registrationNumber).toMatch(/^\d{15}$/);
      if (n.establishedOn) expect(n.establishedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    // the padded registration numbers the generator planted come back trimmed
    const padded = seeded.manifest.identities.PADDED_CODES[0];
    const one = await graphql(
      running.url,
      `
        query ($n: String!) {
          registrationByNumber(registrationNumber: $n) {
            registrationNumber
          }
        }
      `,
      { n: padded.registrationNo },
    );
    expect(one.data!.registrationByNumber).toEqual({ registrationNumber: padded.registrationNo });
  });

  it('batches: _entities for 1 and for 1,000 taxpayers cost the same statements, and so does a nested list', async () => {
    // 1,000 distinct taxpayers: valid USCCs the registry holds (the seed's 2,000 taxpayers have more than enough).
    const registered = await sqlRows<{ uscc: string }>(
      seeded.urls['business-registry'],
      'SELECT DISTINCT uniscid AS uscc FROM e_baseinfo WHERE uniscid IS NOT NULL ORDER BY 1',
    );
    const many = registered
      .map((r) => r.uscc)
      .filter(isValidUscc)
      .slice(0, 1000);
    expect(new Set(many).size).toBe(1000);
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Taxpayer { registration { id changes { item } } } } }`;
    const counter = countQueries(running.db);
    const statements = async (list: string[]) => {
      counter.reset();
      const res = await graphql(running.url, query, { r: list.map((uscc) => ({ __typename: 'Taxpayer', uscc })) });
      expect(res.errors).toBeUndefined();
      // Every one of them found: a batch that found nothing would be cheap too.
      expect((res.data!._entities as { registration: { id: string } | null }[]).filter((t) => !t.registration?.id)).toEqual([]);
      return counter.count;
    };
    const one = await statements(many.slice(0, 1));
    const thousand = await statements(many);
    expect(one).toBe(2); // the records, then their changes
    expect(thousand).toBe(one);
    const list = async (first: number) => {
      counter.reset();
      const res = await graphql(
        running.url,
        `{ registrations(first: ${first}) { edges { node { id changes { item } taxpayer { uscc } } } } }`,
      );
      expect(res.errors).toBeUndefined();
      return counter.count;
    };
    expect(await list(100)).toBe(await list(10));
    counter.stop();
  });

  it('answers bad input with BAD_USER_INPUT and a message that says what is wrong', async () => {
    // taxpayer(uscc) is cooperation's; here a USCC arrives as a representation.
    const ENTITY = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Taxpayer { uscc } } }';
    const cases: [string, Record<string, unknown> | undefined, RegExp][] = [
      [ENTITY, { r: [{ __typename: 'Taxpayer', uscc: '91350100M000100Y4Z' }] }, /check character|not in the USCC alphabet/],
      [ENTITY, { r: [{ __typename: 'Taxpayer', uscc: '91110000600037341M' }] }, /check character should be 'L'/],
      ['{ registrations(filter: { status: NOPE }) { edges { cursor } } }', undefined, /NOPE/],
      ['{ registrations(first: 1000000) { edges { cursor } } }', undefined, /between 0 and 500/],
      ['{ registrations(after: "not-a-cursor") { edges { cursor } } }', undefined, /cursor/],
      ['{ registrationByNumber(registrationNumber: "12") { id } }', undefined, /registration number/],
    ];
    for (const [query, variables, message] of cases) {
      const res = await graphql(running.url, query, variables);
      expect(res.status).toBeLessThan(500);
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].message).toMatch(message);
    }
  });

  it('pages with keyset cursors: the pages join up without gaps or repeats', async () => {
    const all: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const res: any = await graphql(
        running.url,
        `
          query ($a: String) {
            registrations(first: 7, after: $a, filter: { division: "510104" }) {
              edges {
                node {
                  id
                  division
                }
              }
              pageInfo {
                hasNextPage
                endCursor
              }
            }
          }
        `,
        { a: after },
      );
      const conn = res.data.registrations;
      all.push(...conn.edges.map((e: any) => e.node.id));
      expect(conn.edges.every((e: any) => e.node.division === '510104')).toBe(true);
      after = conn.pageInfo.endCursor;
    }
    expect(new Set(all).size).toBe(35);
    expect([...all].sort()).toEqual(all);
  });

  it('opens the source read-only: a write through its connection fails', async () => {
    await expect(running.db.raw("INSERT INTO e_cancel (pripid, candate) VALUES ('X', '2016-01-01')")).rejects.toThrow(/read-only/);
  });

  it('names the source when its database is unreachable, without a 500', async () => {
    const down = await startSubgraph(businessRegistry, { port: 0, url: 'postgres://postgres@127.0.0.1:1/none' });
    try {
      const res = await graphql(
        down.url,
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Taxpayer { uscc registration { id } } } }',
        { r: [{ __typename: 'Taxpayer', uscc: '91110000600037341L' }] },
      );
      expect(res.status).toBe(200);
      expect(res.data).toEqual({ _entities: [{ uscc: '91110000600037341L', registration: null }] });
      expect(res.errors?.[0].extensions).toEqual(expect.objectContaining({ code: 'SOURCE_UNAVAILABLE', source: 'business-registry' }));
      expect(JSON.stringify(res)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1:1|at .*\.js/);
    } finally {
      await down.stop();
    }
  });
});
