import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Kind, TypeNode, parse } from 'graphql';
import { repoRoot } from '../shared/paths';

/**
 * What API.md (the public contract) promises, as schema coordinates in @graphql-inspector's path
 * form (`Type`, `Type.field`, `Type.field.argument`, `Enum.VALUE`, `Input.field`). Committed as
 * schema/contract.json: API.md lives beside the repository, not in it (CI clones only the repo), so
 * the check reads the committed list and a unit test keeps the list equal to API.md where it is.
 */
export interface Contract {
  about: string;
  /** Derived from API.md's ```graphql blocks by `contractFromApiMd` (and nothing else): kept equal to it. */
  fromSdl: string[];
  /** Promises API.md makes in prose; `says` is the sentence, verbatim, that makes them. */
  fromProse: { says: string; coordinates: string[] }[];
}

export const CONTRACT_FILE = join('schema', 'contract.json');

/** Every coordinate the contract promises. */
export const contractCoordinates = (contract: Contract): Set<string> =>
  new Set([...contract.fromSdl, ...contract.fromProse.flatMap((p) => p.coordinates)]);

export function readContract(file = join(repoRoot(), CONTRACT_FILE)): Contract {
  const contract = JSON.parse(readFileSync(file, 'utf8')) as Contract;
  if (!Array.isArray(contract.fromSdl) || !Array.isArray(contract.fromProse))
    throw new Error(`${file}: expected { "fromSdl": [...], "fromProse": [...] }`);
  return contract;
}

/**
 * API.md, where the house keeps it: `shared/API.md` in a folder above the repository (the repo's own
 * `shared/` is code). Undefined when there is none, as on CI.
 */
export function findApiMd(root = repoRoot()): string | undefined {
  for (let dir = dirname(root); ; dir = dirname(dir)) {
    const file = join(dir, 'shared', 'API.md');
    if (existsSync(file)) return file;
    if (dirname(dir) === dir) return undefined;
  }
}

const namedType = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type));
/** GraphQL's own scalars: no change to the schema can take them away. */
const BUILT_IN = new Set(['String', 'Int', 'Float', 'Boolean', 'ID']);

/** A line comment that lists enum values (`# AWAITING_DEDUCTION, DEDUCTED, ...`). */
const ENUM_LIST = /#\s*([A-Z][A-Z0-9_]*(?:\s*,\s*[A-Z][A-Z0-9_]*)+)\s*$/;
/** A line comment that spells out an input type (`# CaseFilter: { office, status, kinds, overdue: Boolean }`). */
const INPUT_SHAPE = /#\s*([A-Z]\w*):\s*\{([^}]*)\}/;

/**
 * The coordinates API.md's SDL blocks name, sorted: each type defined and each type named, each
 * field and argument; the enum values a field's comment lists, as values of the field's type; the
 * fields of an input type a comment spells out.
 */
export function contractFromApiMd(markdown: string): string[] {
  const coordinates = new Set<string>();
  for (const block of markdown.matchAll(/```graphql\n([\s\S]*?)```/g)) {
    const text = block[1];
    const lines = text.split('\n');
    const lineOf = (node: { loc?: { startToken: { line: number } } }) => lines[(node.loc?.startToken.line ?? 0) - 1] ?? '';
    for (const line of lines) {
      const shape = INPUT_SHAPE.exec(line);
      if (!shape) continue;
      coordinates.add(shape[1]);
      for (const field of shape[2].split(',')) coordinates.add(`${shape[1]}.${field.split(':')[0].trim()}`);
    }
    for (const definition of parse(text).definitions) {
      if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INPUT_OBJECT_TYPE_DEFINITION) continue;
      const type = definition.name.value;
      coordinates.add(type);
      for (const field of definition.fields ?? []) {
        coordinates.add(`${type}.${field.name.value}`);
        const returned = namedType(field.type);
        coordinates.add(returned);
        const values = ENUM_LIST.exec(lineOf(field));
        for (const value of values?.[1].split(',') ?? []) coordinates.add(`${returned}.${value.trim()}`);
        for (const argument of 'arguments' in field ? (field.arguments ?? []) : []) {
          coordinates.add(`${type}.${field.name.value}.${argument.name.value}`);
          coordinates.add(namedType(argument.type));
        }
      }
    }
  }
  return [...coordinates].filter((c) => !BUILT_IN.has(c)).sort();
}
