/**
 * The contract points of issue 13 that need no database: every enum value of the composed supergraph
 * carries a description (analysts read them in the explorer).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildASTSchema, isEnumType, parse } from 'graphql';

const root = join(__dirname, '..', '..');

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
});
