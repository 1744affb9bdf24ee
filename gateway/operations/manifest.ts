import { createHash } from 'node:crypto';
import committed from './manifest.json';

/** One operation of Apollo's persisted query manifest; `id` is the SHA-256 (hex) of `body`. */
export interface PersistedOperation {
  id: string;
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  body: string;
}

/** Apollo's persisted query manifest format (what `generate-persisted-query-manifest` writes). */
export interface PersistedQueryManifest {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: PersistedOperation[];
}

/** The id a body has in the manifest, and the hash a client sends for it. */
export const operationId = (body: string): string => createHash('sha256').update(body).digest('hex');

/**
 * The operations banks may run (gateway/operations/manifest.json, committed and reviewed like
 * code), looked up by hash. Loading checks the format and that every id is its body's hash, so a
 * hand-edited body with a stale id stops the gateway at start instead of refusing a bank later.
 */
export class OperationManifest {
  private readonly byId: Map<string, PersistedOperation>;

  constructor(readonly manifest: PersistedQueryManifest = committed as PersistedQueryManifest) {
    const problems = manifestProblems(manifest);
    if (problems.length) throw new Error(`The persisted operation manifest is invalid: ${problems.join('; ')}`);
    this.byId = new Map(manifest.operations.map((op) => [op.id, op]));
  }

  get(id: string): PersistedOperation | undefined {
    return this.byId.get(id.toLowerCase());
  }

  has(id: string): boolean {
    return this.byId.has(id.toLowerCase());
  }

  get operations(): readonly PersistedOperation[] {
    return this.manifest.operations;
  }
}

/** What is wrong with a manifest's shape and ids (empty when nothing is); bodies are checked against the schema by test/unit/persisted-operations.test.ts. */
export function manifestProblems(manifest: PersistedQueryManifest): string[] {
  const problems: string[] = [];
  if (manifest?.format !== 'apollo-persisted-query-manifest' || manifest.version !== 1 || !Array.isArray(manifest.operations)) {
    return ['not an apollo-persisted-query-manifest, version 1, with an operations list'];
  }
  const names = new Set<string>();
  for (const op of manifest.operations) {
    if (typeof op.body !== 'string' || !op.name) problems.push(`an operation without a name or a body (${op.id})`);
    else if (op.id !== operationId(op.body))
      problems.push(`${op.name}: id ${op.id} is not the SHA-256 of its body (${operationId(op.body)})`);
    if (names.has(op.name)) problems.push(`${op.name} appears twice`);
    names.add(op.name);
  }
  return problems;
}
