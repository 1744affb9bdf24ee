/**
 * `npm run schema:check`: a breaking change to what a persisted operation uses or API.md promises
 * fails the check unless schema/accepted-changes.yaml accepts it with a reason; other breaking
 * changes warn and pass. The core is driven with SDL edited in memory, so no test touches schema/.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ASTNode, GraphQLEnumType, GraphQLObjectType, Kind, parse, print, visit } from 'graphql';
import committedManifest from '../../gateway/operations/manifest.json';
import { AcceptedChange, parseAcceptedChanges } from '../../scripts/accepted-changes';
import { contractCoordinates, contractFromApiMd, findApiMd, readContract } from '../../scripts/schema-contract';
import { apiSchemaOf, checkSchemaChange, formatReport, SchemaCheckResult } from '../../scripts/schema-diff';
import { operationUsage } from '../../scripts/schema-usage';

const root = join(__dirname, '..', '..');
const committed = readFileSync(join(root, 'schema', 'supergraph.graphql'), 'utf8');
const operations = committedManifest.operations;
const contract = readContract(join(root, 'schema', 'contract.json'));

/** The committed supergraph with one definition edited (returning undefined keeps a node as it is). */
function edited(edit: { ObjectTypeDefinition?: (n: any) => ASTNode | undefined; EnumTypeDefinition?: (n: any) => ASTNode | undefined }) {
  return print(visit(parse(committed), edit as any));
}
const withoutField = (type: string, field: string) =>
  edited({
    ObjectTypeDefinition: (n) =>
      n.name.value === type ? { ...n, fields: n.fields.filter((f: any) => f.name.value !== field) } : undefined,
  });
const withEnumValue = (type: string, value: string) =>
  edited({
    EnumTypeDefinition: (n) =>
      n.name.value === type ? { ...n, values: [...n.values, { ...n.values[0], name: { kind: Kind.NAME, value } }] } : undefined,
  });
/** `Query.payment(voucherNo: Int!)` where it was `String!`. */
const withVoucherNoAnInt = () =>
  edited({
    ObjectTypeDefinition: (n) =>
      n.name.value !== 'Query'
        ? undefined
        : {
            ...n,
            fields: n.fields.map((f: any) =>
              f.name.value !== 'payment'
                ? f
                : {
                    ...f,
                    arguments: f.arguments.map((a: any) =>
                      a.name.value === 'voucherNo'
                        ? {
                            ...a,
                            type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'Int' } } },
                          }
                        : a,
                    ),
                  },
            ),
          },
  });

const check = (newSdl: string, accepted: AcceptedChange[] = [], today = '2026-12-01') =>
  checkSchemaChange({ oldSdl: committed, newSdl, operations, contract: contractCoordinates(contract), accepted, today });
const byPath = (result: SchemaCheckResult, path: string) => result.changes.filter((c) => c.path === path);

describe('schema:check', () => {
  it('passes the committed supergraph against itself, with no change', async () => {
    const result = await check(committed);
    expect(result.changes).toEqual([]);
    expect(result.passed).toBe(true);
    expect(formatReport(result, 'schema/accepted-changes.yaml')).toMatch(/No change to the client-facing schema\.\n.*passed/);
  });

  it('fails when a field PaymentStatus uses is removed, naming the field and the operations', async () => {
    const result = await check(withoutField('Payment', 'inTreasuryAt'));
    expect(result.passed).toBe(false);
    expect(byPath(result, 'Payment.inTreasuryAt')).toEqual([
      expect.objectContaining({
        criticality: 'BREAKING',
        type: 'FIELD_REMOVED',
        verdict: 'BLOCKS',
        usedBy: ['PaymentStatus', 'PaymentsSince'],
        promised: true,
      }),
    ]);
    const report = formatReport(result, 'schema/accepted-changes.yaml');
    expect(report).toContain('BREAKING   Payment.inTreasuryAt  FIELD_REMOVED');
    expect(report).toContain('used by persisted operations PaymentStatus, PaymentsSince; promised by API.md');
    expect(report).toContain('BLOCKS the release');
    expect(report).toMatch(/schema:check FAILED: 1 breaking change .*\(Payment\.inTreasuryAt\)/);
    expect(result.brokenOperations.map((b) => b.name)).toEqual(['PaymentStatus', 'PaymentsSince']);
  });

  it("fails when payment's voucherNo argument changes type", async () => {
    const result = await check(withVoucherNoAnInt());
    expect(result.passed).toBe(false);
    expect(byPath(result, 'Query.payment.voucherNo')).toEqual([
      expect.objectContaining({ type: 'FIELD_ARGUMENT_TYPE_CHANGED', verdict: 'BLOCKS', usedBy: ['PaymentStatus'] }),
    ]);
  });

  it('passes the same removal when the accepted file lists it with its reason', async () => {
    const accepted = parseAcceptedChanges(
      'accepted:\n  - path: Payment.inTreasuryAt\n    change: FIELD_REMOVED\n    reason: Banks told in notice 2026-17\n    until: 2027-01-31\n',
    );
    const result = await check(withoutField('Payment', 'inTreasuryAt'), accepted);
    expect(result.passed).toBe(true);
    expect(byPath(result, 'Payment.inTreasuryAt')[0]).toMatchObject({
      verdict: 'ACCEPTED',
      accepted: { reason: 'Banks told in notice 2026-17' },
    });
    expect(result.brokenOperations.every((b) => b.accepted)).toBe(true);
    expect(formatReport(result, 'schema/accepted-changes.yaml')).toContain(
      'accepted (schema/accepted-changes.yaml): Banks told in notice 2026-17',
    );
    // After its last day the entry accepts nothing, and the same change blocks again.
    const later = await check(withoutField('Payment', 'inTreasuryAt'), accepted, '2027-02-01');
    expect(later.passed).toBe(false);
    expect(later.expiredAccepted).toEqual(accepted);
  });

  it('accepts only the kind of change an entry names, and notes entries that match nothing', async () => {
    const accepted = parseAcceptedChanges(
      'accepted:\n  - path: Payment.inTreasuryAt\n    change: FIELD_TYPE_CHANGED\n    reason: a type change only\n',
    );
    const result = await check(withoutField('Payment', 'inTreasuryAt'), accepted);
    expect(result.passed).toBe(false);
    expect(result.unmatchedAccepted).toEqual(accepted);
    expect(formatReport(result, 'x.yaml')).toContain('the entry for Payment.inTreasuryAt (FIELD_TYPE_CHANGED) matches no breaking change');
  });

  it('refuses an accepted entry without a reason, or with an unknown key, naming it', () => {
    expect(() => parseAcceptedChanges('accepted:\n  - path: Payment.inTreasuryAt\n')).toThrow(/accepted\[0\]\.reason: required: say why/);
    expect(() => parseAcceptedChanges('accepted:\n  - path: Payment.inTreasuryAt\n    reason: "  "\n')).toThrow(/accepted\[0\]\.reason/);
    expect(() => parseAcceptedChanges('accepted:\n  - path: A.b\n    reason: r\n    reson: r\n')).toThrow(
      /accepted\[0\]: Unrecognized key: "reson"/,
    );
    expect(() => parseAcceptedChanges('accepted:\n  - path: A.b\n    reason: r\n    until: next year\n')).toThrow(
      /accepted\[0\]\.until: a date, YYYY-MM-DD/,
    );
    expect(parseAcceptedChanges(readFileSync(join(root, 'schema', 'accepted-changes.yaml'), 'utf8'))).toEqual(expect.any(Array));
  });

  it('warns about a breaking change to a field no operation uses and API.md does not promise, and passes', async () => {
    const result = await check(withoutField('Registration', 'businessScope'));
    expect(byPath(result, 'Registration.businessScope')).toEqual([
      expect.objectContaining({ criticality: 'BREAKING', verdict: 'WARNING', usedBy: [], promised: false }),
    ]);
    expect(result.passed).toBe(true);
    const report = formatReport(result, 'schema/accepted-changes.yaml');
    expect(report).toContain('warning only: no persisted operation uses it and API.md does not promise it, so it passes');
    expect(report).toMatch(/passed: .*1 breaking change to other fields, warned above, pass/);
  });

  it('prints a new enum value as dangerous, and passes', async () => {
    const result = await check(withEnumValue('PaymentStatus', 'PARTIALLY_DEDUCTED'));
    expect(byPath(result, 'PaymentStatus.PARTIALLY_DEDUCTED')).toContainEqual(
      expect.objectContaining({ criticality: 'DANGEROUS', type: 'ENUM_VALUE_ADDED', verdict: 'OK' }),
    );
    expect(result.passed).toBe(true);
    expect(formatReport(result, 'schema/accepted-changes.yaml')).toMatch(
      /^DANGEROUS {2}PaymentStatus\.PARTIALLY_DEDUCTED {2}ENUM_VALUE_ADDED/m,
    );
  });

  it('traces an operation added since the old schema over the new one', async () => {
    const result = await checkSchemaChange({
      oldSdl: 'type Query { a: Int, c: Int }',
      newSdl: 'type Query { a: String, b: Int }',
      operations: [{ name: 'New', body: '{ a b }' }],
      contract: [],
      accepted: [],
    });
    expect(result.invalidOperations.map((o) => o.name)).toEqual(['New']);
    expect(result.changes.map((c) => [c.path, c.verdict, c.usedBy])).toEqual([
      ['Query.a', 'BLOCKS', ['New']],
      ['Query.c', 'WARNING', []],
      ['Query.b', 'OK', ['New']],
    ]);
    expect(formatReport(result, 'a.yaml')).toContain(
      'Note: persisted operation New does not validate against the old schema (added since?)',
    );
  });

  it('compares client-facing schemas: join__ and link__ machinery is not part of them', () => {
    const api = apiSchemaOf(committed);
    expect(Object.keys(api.getTypeMap()).filter((t) => /join__|link__/.test(t))).toEqual([]);
    expect((api.getType('Payment') as GraphQLObjectType).getFields().inTreasuryAt).toBeDefined();
  });
});

describe("the persisted operations' usage", () => {
  it('collects the fields, arguments, input fields, types and enum values the operations reach, and nothing else', () => {
    const { usedBy, invalid } = operationUsage(apiSchemaOf(committed), operations);
    expect(invalid).toEqual([]);
    const used = (c: string) => [...(usedBy.get(c) ?? [])].sort();
    expect(used('Query.payment')).toEqual(['PaymentStatus']);
    expect(used('Query.payment.voucherNo')).toEqual(['PaymentStatus']);
    expect(used('Payment.inTreasuryAt')).toEqual(['PaymentStatus', 'PaymentsSince']);
    expect(used('Taxpayer.name')).toEqual(['PaymentStatus', 'PaymentsSince']);
    expect(used('PaymentFilter.since')).toEqual(['PaymentsSince']);
    expect(used('DateTime')).toEqual(['PaymentStatus', 'PaymentsSince']);
    // A value the operations may receive counts; a filter field the literal does not name does not.
    expect(used('PaymentStatus.REFUNDED')).toEqual(['PaymentStatus', 'PaymentsSince']);
    expect(used('PaymentFilter.bankCode')).toEqual([]);
    expect(used('Registration.businessScope')).toEqual([]);
  });

  it('counts every input field and enum value a variable can carry, and only the enum value a literal names', () => {
    const schema = apiSchemaOf(`
      type Query { items(filter: Filter, status: Status): [String] }
      input Filter { status: Status, inner: Inner }
      input Inner { depth: Int }
      enum Status { A B C }`);
    const { usedBy } = operationUsage(schema, [
      { name: 'ByVariable', body: 'query ByVariable($f: Filter) { items(filter: $f) }' },
      { name: 'ByLiteral', body: 'query ByLiteral { items(status: B, filter: { inner: { depth: 1 } }) }' },
    ]);
    const users = (c: string) => [...(usedBy.get(c) ?? [])].sort();
    expect(users('Filter.status')).toEqual(['ByVariable']);
    expect(users('Inner.depth')).toEqual(['ByLiteral', 'ByVariable']);
    expect(users('Status.A')).toEqual(['ByVariable']);
    expect(users('Status.B')).toEqual(['ByLiteral', 'ByVariable']);
    expect(users('Query.items.status')).toEqual(['ByLiteral']);
  });
});

describe("API.md's contract (schema/contract.json)", () => {
  it('names only coordinates the committed supergraph has', () => {
    const api = apiSchemaOf(committed);
    const missing = [...contractCoordinates(contract)].filter((coordinate) => {
      const [typeName, member, argument] = coordinate.split('.');
      const type = api.getType(typeName);
      if (!type || !member) return !type;
      if (type instanceof GraphQLEnumType) return !type.getValue(member);
      const field = (type as GraphQLObjectType).getFields()[member];
      return !field || (argument !== undefined && !field.args?.some((a) => a.name === argument));
    });
    expect(missing).toEqual([]);
    expect(contract.fromSdl).toEqual(expect.arrayContaining(['Query.payment.voucherNo', 'Payment.inTreasuryAt', 'PaymentStatus.REFUNDED']));
  });

  const apiMd = findApiMd(root);
  (apiMd ? it : it.skip)(
    apiMd
      ? `is what ${apiMd} says: its SDL blocks give fromSdl, and it holds each sentence fromProse quotes`
      : 'matches API.md: SKIPPED, no shared/API.md above the repository (CI clones only the repo)',
    () => {
      const markdown = readFileSync(apiMd!, 'utf8');
      expect(contract.fromSdl).toEqual(contractFromApiMd(markdown));
      const text = markdown.replace(/\s+/g, ' ');
      for (const prose of contract.fromProse) expect(text).toContain(prose.says.replace(/\s+/g, ' '));
    },
  );

  it("finds API.md in a shared/ folder above the repository, not in the repository's own shared/", () => {
    const top = mkdtempSync(join(tmpdir(), 'schema-contract-'));
    try {
      const repo = join(top, 'wt', 'repo');
      mkdirSync(join(repo, 'shared'), { recursive: true });
      writeFileSync(join(repo, 'shared', 'API.md'), 'not this one');
      expect(findApiMd(repo)).toBeUndefined();
      mkdirSync(join(top, 'shared'));
      writeFileSync(join(top, 'shared', 'API.md'), '# contract');
      expect(findApiMd(repo)).toBe(join(top, 'shared', 'API.md'));
    } finally {
      rmSync(top, { recursive: true, force: true });
    }
  });

  it('derives coordinates from SDL blocks, enum values listed in comments and input shapes spelled out in comments', () => {
    const markdown = [
      '# T',
      '```graphql',
      'type Query {',
      '  payment(voucherNo: String!): Payment   # banks: own payments only',
      '  cases(filter: CaseFilter): [String]',
      '  # CaseFilter: { office, overdue: Boolean }',
      '}',
      'type Payment { status: PaymentStatus!  # AWAITING, DONE',
      '}',
      '```',
      '```js',
      'type Ignored { x: Int }',
      '```',
    ].join('\n');
    expect(contractFromApiMd(markdown)).toEqual(
      [
        'CaseFilter',
        'CaseFilter.office',
        'CaseFilter.overdue',
        'Payment',
        'Payment.status',
        'PaymentStatus',
        'PaymentStatus.AWAITING',
        'PaymentStatus.DONE',
        'Query',
        'Query.cases',
        'Query.cases.filter',
        'Query.payment',
        'Query.payment.voucherNo',
      ].sort(),
    );
  });
});

describe('npm run schema:check, as a process', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [join(root, 'scripts', 'run-built.mjs'), 'scripts/schema-check.js', ...args], {
      cwd: root,
      encoding: 'utf8',
      timeout: 300000,
    });
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'schema-check-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes on the repository as it is: composes, finds no drift and no change (exit 0)', () => {
    const result = run();
    expect(result.stderr).not.toMatch(/schema:check:/);
    expect(result.stdout).toContain('No drift: the committed schema/ is what the subgraphs compose to.');
    expect(result.stdout).toContain('schema:check passed');
    expect(result.status).toBe(0);
  }, 300000);

  it('exits 1 naming the field and the operation when a used field is gone, 2 on a bad accepted file or argument', () => {
    const changed = join(dir, 'supergraph.graphql');
    writeFileSync(changed, withoutField('Payment', 'inTreasuryAt'));
    const failed = run('--new', changed);
    expect(failed.stdout).toMatch(/Payment\.inTreasuryAt {2}FIELD_REMOVED/);
    expect(failed.stdout).toContain('used by persisted operations PaymentStatus, PaymentsSince');
    expect(failed.status).toBe(1);

    const accepted = join(dir, 'accepted.yaml');
    writeFileSync(accepted, 'accepted:\n  - path: Payment.inTreasuryAt\n');
    const invalid = run('--new', changed, '--accepted', accepted);
    expect(invalid.stderr).toMatch(/accepted\[0\]\.reason: required/);
    expect(invalid.status).toBe(2);

    writeFileSync(accepted, 'accepted:\n  - path: Payment.inTreasuryAt\n    reason: banks told\n');
    expect(run('--new', changed, '--accepted', accepted).status).toBe(0);

    const usage = run('--bogus');
    expect(usage.stderr).toContain('usage: npm run schema:check');
    expect(usage.status).toBe(2);
  }, 300000);
});
