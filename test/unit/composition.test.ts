/**
 * The committed schema/ must be what the code composes to: `npm run compose` rewrites it, and this
 * test fails when someone changes a subgraph without recomposing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { parse } from 'graphql';
import { composeSupergraph, Composition } from '../../scripts/composition';
import { withSubgraphEnforcedSecurity } from '../../gateway/subgraph-enforced-security';

const root = join(__dirname, '..', '..');

describe('static composition', () => {
  let composed: Composition;
  beforeAll(async () => {
    composed = await composeSupergraph();
  }, 120000);

  it('composes without errors, and the committed supergraph is what the code composes to', () => {
    const committed = readFileSync(join(root, 'schema', 'supergraph.graphql'), 'utf8');
    expect(composed.supergraph).toEqual(committed);
    // As our gateway loads it: the subgraphs enforce @requiresScopes, so it may serve that SECURITY feature.
    expect(
      Supergraph.build(withSubgraphEnforcedSecurity(committed))
        .subgraphsMetadata()
        .map((s) => s.name)
        .sort(),
    ).toEqual(['audit', 'business-registry', 'cooperation', 'local-tax', 'national-tax', 'treasury-bank']);
  });

  it.each(['national-tax', 'local-tax', 'business-registry', 'treasury-bank', 'audit', 'cooperation'])(
    'commits the %s subgraph schema as composed',
    (name) => {
      expect(composed.subgraphs[name]).toEqual(readFileSync(join(root, 'schema', 'subgraphs', `${name}.graphql`), 'utf8'));
    },
  );

  it('keeps composition hints at zero', () => {
    if (composed.hints.length) process.stdout.write(`composition hints:\n${composed.hints.join('\n')}\n`);
    expect(composed.hints).toEqual([]);
  });

  it("documents every type and field of the supergraph (the analysts' documentation)", () => {
    const undocumented: string[] = [];
    for (const sdl of Object.values(composed.subgraphs)) {
      // Read loosely: the checks below look at name, description and fields of every kind of definition alike.
      for (const def of parse(sdl).definitions as readonly any[]) {
        if (!def.name || def.name.value.startsWith('_') || ['Query', 'Mutation'].includes(def.name.value)) {
          for (const f of def.fields ?? [])
            if (!f.name.value.startsWith('_') && !f.description) undocumented.push(`${def.name?.value}.${f.name.value}`);
          continue;
        }
        if (def.kind !== 'ScalarTypeDefinition' && !def.description && def.kind !== 'SchemaExtension') undocumented.push(def.name.value);
        for (const f of def.fields ?? def.values ?? [])
          if (!f.description && def.kind !== 'EnumTypeDefinition') undocumented.push(`${def.name.value}.${f.name.value}`);
      }
    }
    expect(undocumented).toEqual([]);
  });
});
