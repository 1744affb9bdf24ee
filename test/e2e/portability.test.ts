/**
 * Proof that a fleet can move to another Federation 2 gateway without touching a subgraph: the
 * committed supergraph served by Hive Gateway over the same subgraph processes answers the 360
 * view with the same data as taxgraph's gateway.
 */
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { signPrincipal } from '../../shared/principal';
import { APP_PRINCIPAL, graphql, seededSources } from '../support/seeded';
import { Proc, requireBuild, Stack, SubgraphName } from '../support/processes';

const Q360 = `query Taxpayer360($uscc: USCC!) {
  taxpayer(uscc: $uscc) {
    uscc name
    registration { id name status registeredCapital changes { item changedOn } }
    nationalTax { id tin status statusLabel taxOffice { code name } returns(year: 2015) { periodFrom taxDue } }
    localTax { id tin status returns(year: 2015) { taxType periodFrom taxableBase } }
    payments(first: 5) { totalCount edges { cursor node { taxOfficeCode voucherNo status amount deductedAt taxpayer { uscc } } } }
  }
}`;

describe('portability: Hive Gateway over the committed supergraph', () => {
  let stack: Stack;
  let ours: Proc;
  let hive: Server;
  let hiveUrl: string;
  let usccs: string[];

  beforeAll(async () => {
    requireBuild();
    const seeded = await seededSources('portability', 500);
    usccs = [...seeded.manifest.identities.ENTERPRISE, ...seeded.manifest.identities.TWO_TINS].map((e) => e.uscc!).slice(0, 12);
    stack = new Stack(seeded.urls);
    await stack.startSubgraphs();
    ours = await stack.startGateway();
    // Every subgraph the supergraph names is pointed at this stack's process: a committed URL is a
    // development port (4001-4006) where nothing of this test listens.
    const supergraph = readFileSync(join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8').replace(
      /(@join__graph\(name: "([^"]+)", url: ")[^"]+"/g,
      (_, head: string, name: string) => {
        const proc = stack.subgraphs.get(name as SubgraphName);
        if (!proc) throw new Error(`the supergraph names subgraph ${name}, which the test's stack does not run`);
        return `${head}${proc.url}"`;
      },
    );
    // Another gateway in front must sign the caller's principal the way ours does; subgraphs refuse anything else.
    const runtime = createGatewayRuntime({
      supergraph,
      logging: false,
      // A subgraph's failure is shown as it is (Hive masks it as "Unexpected error." by default), so a failing run names its cause.
      maskedErrors: false,
      propagateHeaders: {
        fromClientToSubgraphs: ({ request }) =>
          signPrincipal(APP_PRINCIPAL, process.env.TAXGRAPH_PRINCIPAL_SECRET!, request.headers.get('x-request-id') ?? randomUUID()),
      },
    });
    hive = createServer(runtime);
    await new Promise<void>((r) => hive.listen(0, '127.0.0.1', () => r()));
    hiveUrl = `http://127.0.0.1:${(hive.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    hive?.close();
    await stack?.stop();
  });

  it('answers the 360 view with the same data as our gateway, for every sampled taxpayer', async () => {
    expect(usccs.length).toBeGreaterThan(5);
    for (const uscc of usccs) {
      const [a, b] = await Promise.all([graphql(ours.url, Q360, { uscc }), graphql(hiveUrl, Q360, { uscc })]);
      expect(a.errors).toBeUndefined();
      expect(b.errors).toBeUndefined();
      expect(b.data).toEqual(a.data);
      expect(a.data!.taxpayer.nationalTax).not.toBeNull();
    }
  });
});
