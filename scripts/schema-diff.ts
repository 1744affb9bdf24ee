import { Supergraph } from '@apollo/federation-internals';
import { CriticalityLevel, diff } from '@graphql-inspector/core';
import { GraphQLSchema, buildSchema, parse, validate } from 'graphql';
import { AcceptedChange, covers, expired } from './accepted-changes';
import { ProtectedOperation, operationUsage } from './schema-usage';

/** How a change affects clients, as @graphql-inspector judges it (its NON_BREAKING printed as SAFE). */
export type Criticality = 'BREAKING' | 'DANGEROUS' | 'SAFE';

/**
 * What the check makes of a change: BLOCKS the release (breaking, to something protected, not
 * accepted), ACCEPTED (the same, with a reason in the accepted file), WARNING (breaking, to a field no
 * persisted operation uses and API.md does not promise: it passes), OK (dangerous or safe).
 */
export type Verdict = 'BLOCKS' | 'ACCEPTED' | 'WARNING' | 'OK';

export interface CheckedChange {
  criticality: Criticality;
  /** @graphql-inspector's change type, e.g. FIELD_REMOVED. */
  type: string;
  /** `Type`, `Type.field`, `Type.field.argument`, `Enum.VALUE`; empty for a schema-wide change. */
  path: string;
  message: string;
  /** The persisted operations that use what the change touches. */
  usedBy: string[];
  /** Whether API.md promises what the change touches. */
  promised: boolean;
  accepted?: AcceptedChange;
  verdict: Verdict;
}

export interface SchemaCheckInput {
  /** The schema clients have today: the committed supergraph (or an API schema's SDL). */
  oldSdl: string;
  /** The schema about to ship: what the subgraphs compose to now. */
  newSdl: string;
  /** The operations that must keep working: gateway/operations/manifest.json's. */
  operations: readonly ProtectedOperation[];
  /** What API.md promises (schema/contract.json). */
  contract: Iterable<string>;
  /** Breaking changes accepted with a reason (schema/accepted-changes.yaml). */
  accepted: readonly AcceptedChange[];
  /** Today, YYYY-MM-DD, for the accepted entries' `until`. */
  today?: string;
}

export interface SchemaCheckResult {
  /** Every change, the blocking ones first, then by criticality and path. */
  changes: CheckedChange[];
  /** Persisted operations that validate against the old schema but not the new one, with graphql's reason. */
  brokenOperations: { name: string; reason: string; accepted: boolean }[];
  /** Persisted operations that do not validate against the old schema (added since, or the manifest is wrong): traced over the new one. */
  invalidOperations: { name: string; reason: string }[];
  /** Accepted entries that match no change (the change shipped, or the path is wrong): remove them. */
  unmatchedAccepted: AcceptedChange[];
  /** Accepted entries past their `until`: they no longer accept anything. */
  expiredAccepted: AcceptedChange[];
  /** False when a change BLOCKS or a persisted operation breaks without an accepted change. */
  passed: boolean;
}

const JOIN_SPEC = /@link\(\s*url:\s*"https:\/\/specs\.apollo\.dev\/join\//;

/**
 * The client-facing schema of a supergraph (what the gateway serves: no join__/link__ machinery, no
 * composition directives), or the schema of plain SDL. Security features (`@requiresScopes`) are read,
 * not enforced: only the shape matters here.
 */
export function apiSchemaOf(sdl: string): GraphQLSchema {
  if (!JOIN_SPEC.test(sdl)) return buildSchema(sdl);
  return Supergraph.build(sdl, { supportedFeatures: null }).apiSchema().toGraphQLJSSchema();
}

const LEVEL: Record<CriticalityLevel, Criticality> = {
  [CriticalityLevel.Breaking]: 'BREAKING',
  [CriticalityLevel.Dangerous]: 'DANGEROUS',
  [CriticalityLevel.NonBreaking]: 'SAFE',
};
const ORDER: Record<Verdict | Criticality, number> = { BLOCKS: 0, ACCEPTED: 1, WARNING: 2, OK: 3, BREAKING: 0, DANGEROUS: 1, SAFE: 2 };

/**
 * The coordinates a change touches. What was added did not exist before: an added argument, input
 * field or enum value touches its field or type, which is what operations and API.md name.
 */
function touched(type: string, path: string): string[] {
  if (!path) return [];
  const parent = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : undefined;
  return type.endsWith('_ADDED') && parent ? [path, parent] : [path];
}

/**
 * Compares the client-facing schemas with @graphql-inspector and judges each change against what
 * persisted operations use (walked over the OLD schema) and what API.md promises.
 */
export async function checkSchemaChange(input: SchemaCheckInput): Promise<SchemaCheckResult> {
  const today = input.today ?? new Date().toISOString().slice(0, 10);
  const oldSchema = apiSchemaOf(input.oldSdl);
  const newSchema = apiSchemaOf(input.newSdl);
  const { usedBy, invalid } = operationUsage(oldSchema, input.operations);
  // An operation added since the old schema is traced over the new one: what it uses there still counts.
  const added = new Set(invalid.map((i) => i.name));
  for (const [coordinate, names] of operationUsage(
    newSchema,
    input.operations.filter((op) => added.has(op.name)),
  ).usedBy)
    usedBy.set(coordinate, new Set([...(usedBy.get(coordinate) ?? []), ...names]));
  const contract = new Set(input.contract);
  const live = input.accepted.filter((a) => !expired(a, today));
  const matched = new Set<AcceptedChange>();

  const changes: CheckedChange[] = (await diff(oldSchema, newSchema)).map((change) => {
    const path = change.path ?? '';
    const coordinates = touched(change.type, path);
    const users = new Set(coordinates.flatMap((c) => [...(usedBy.get(c) ?? [])]));
    const promised = coordinates.some((c) => contract.has(c));
    const criticality = LEVEL[change.criticality.level];
    const checked: CheckedChange = {
      criticality,
      type: change.type,
      path,
      message: change.message,
      usedBy: [...users].sort(),
      promised,
      verdict: 'OK',
    };
    if (criticality !== 'BREAKING') return checked;
    if (!users.size && !promised) return { ...checked, verdict: 'WARNING' };
    const accepted = live.find((a) => covers(a, { path, type: change.type, message: change.message }));
    if (!accepted) return { ...checked, verdict: 'BLOCKS' };
    matched.add(accepted);
    return { ...checked, accepted, verdict: 'ACCEPTED' };
  });
  changes.sort(
    (a, b) => ORDER[a.verdict] - ORDER[b.verdict] || ORDER[a.criticality] - ORDER[b.criticality] || a.path.localeCompare(b.path),
  );

  // A safety net under the diff: an operation that served yesterday and does not validate today breaks its bank,
  // whether or not a change above was traced to it; it passes only when a change it uses was accepted.
  const invalidNames = new Set(invalid.map((i) => i.name));
  const brokenOperations = input.operations
    .filter((op) => !invalidNames.has(op.name))
    .map((op) => ({ op, errors: validate(newSchema, parse(op.body)) }))
    .filter(({ errors }) => errors.length)
    .map(({ op, errors }) => ({
      name: op.name,
      reason: errors.map((e) => e.message).join('; '),
      accepted: changes.some((c) => c.verdict === 'ACCEPTED' && c.usedBy.includes(op.name)),
    }));

  return {
    changes,
    brokenOperations,
    invalidOperations: invalid,
    unmatchedAccepted: live.filter((a) => !matched.has(a)),
    expiredAccepted: input.accepted.filter((a) => expired(a, today)),
    passed: !changes.some((c) => c.verdict === 'BLOCKS') && brokenOperations.every((b) => b.accepted),
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The report `npm run schema:check` prints: one entry per change, then the result in a sentence. */
export function formatReport(result: SchemaCheckResult, acceptedFile: string): string {
  const out: string[] = [];
  const count = (level: Criticality) => result.changes.filter((c) => c.criticality === level).length;
  out.push(
    result.changes.length
      ? `${plural(result.changes.length, 'change')}: ${count('BREAKING')} breaking, ${count('DANGEROUS')} dangerous, ${count('SAFE')} safe.`
      : 'No change to the client-facing schema.',
  );
  for (const change of result.changes) {
    out.push(`${change.criticality.padEnd(9)}  ${change.path || '(schema)'}  ${change.type}: ${change.message}`);
    const protectedBy = [
      change.usedBy.length ? `used by persisted operation${change.usedBy.length > 1 ? 's' : ''} ${change.usedBy.join(', ')}` : '',
      change.promised ? 'promised by API.md (schema/contract.json)' : '',
    ].filter(Boolean);
    const indent = ' '.repeat(11);
    if (change.verdict === 'BLOCKS')
      out.push(
        `${indent}${protectedBy.join('; ')}`,
        `${indent}-> BLOCKS the release: keep it, or accept it with its reason in ${acceptedFile}`,
      );
    else if (change.verdict === 'ACCEPTED')
      out.push(`${indent}${protectedBy.join('; ')}`, `${indent}-> accepted (${acceptedFile}): ${change.accepted!.reason}`);
    else if (change.verdict === 'WARNING')
      out.push(`${indent}-> warning only: no persisted operation uses it and API.md does not promise it, so it passes`);
    // A safe change needs no reader's attention, even where a bank's operation reads the type it extends.
    else if (protectedBy.length && change.criticality === 'DANGEROUS') out.push(`${indent}(${protectedBy.join('; ')})`);
  }
  for (const op of result.brokenOperations)
    out.push(`Persisted operation ${op.name} no longer validates${op.accepted ? ' (a change it uses is accepted)' : ''}: ${op.reason}`);
  for (const op of result.invalidOperations)
    out.push(
      `Note: persisted operation ${op.name} does not validate against the old schema (added since?); traced over the new one: ${op.reason}`,
    );
  for (const a of result.expiredAccepted)
    out.push(`Note: ${acceptedFile}: the entry for ${a.path} expired on ${a.until}; it accepts nothing now.`);
  for (const a of result.unmatchedAccepted)
    out.push(
      `Note: ${acceptedFile}: the entry for ${a.path}${a.change ? ` (${a.change})` : ''} matches no breaking change; remove it once its change has shipped.`,
    );

  const blocking = result.changes.filter((c) => c.verdict === 'BLOCKS');
  const warned = result.changes.filter((c) => c.verdict === 'WARNING');
  const unacceptedBreaks = result.brokenOperations.filter((b) => !b.accepted);
  if (!result.passed) {
    const reasons = [
      blocking.length
        ? `${plural(blocking.length, 'breaking change')} to what a persisted operation uses or API.md promises (${blocking.map((c) => c.path).join(', ')})`
        : '',
      unacceptedBreaks.length
        ? `persisted operation${unacceptedBreaks.length > 1 ? 's' : ''} ${unacceptedBreaks.map((b) => b.name).join(', ')} broken`
        : '',
    ].filter(Boolean);
    out.push(`schema:check FAILED: ${reasons.join('; ')}.`);
  } else {
    const accepted = result.changes.filter((c) => c.verdict === 'ACCEPTED').length;
    out.push(
      `schema:check passed: no unaccepted breaking change to what a persisted operation uses or API.md promises` +
        (accepted ? `; ${plural(accepted, 'accepted breaking change')}` : '') +
        (warned.length ? `; ${plural(warned.length, 'breaking change')} to other fields, warned above, pass` : '') +
        '.',
    );
  }
  return `${out.join('\n')}\n`;
}
