/**
 * The audit trail's pure parts: the chain's canonical form and hash, the redaction of personal data
 * in variables, whose data a response carried, the outcome, and the switch that may turn it off.
 */
import { buildSchema, parse } from 'graphql';
import { auditEnabled, outcomeOf } from '../../gateway/audit/plugin';
import { AuditEntry, canonicalRecord, GENESIS_HASH, recordHash, seal, storableJson } from '../../gateway/audit/record';
import { auditVariables, isPersonalToken, redactString } from '../../gateway/audit/redact';
import { touchedBy } from '../../gateway/audit/touched';
import { makeCitizenId, usccCheckChar } from '../../shared/identifiers';

const uscc = (body17: string) => body17 + usccCheckChar(body17);
const U1 = uscc('91110000600037341');
const U2 = uscc('91350100M00010011');
const CITIZEN = makeCitizenId('510101', '19800101', 123);

const entry = (over: Partial<AuditEntry> = {}): AuditEntry => ({
  at: '2016-01-15T02:30:00.000Z',
  requestId: 'r1',
  subject: 'app-1',
  role: 'app',
  bank: null,
  purpose: 'why',
  operationName: 'Op',
  documentHash: 'ab'.repeat(32),
  variables: { b: 1, a: { y: 'x', x: [1, 'two'] } },
  taxpayers: [U1],
  vouchers: ['11101000000:1000000000101'],
  outcome: 'ok',
  errorCodes: [],
  durationMs: 12,
  ...over,
});

describe('audit record chain', () => {
  it('hashes a canonical form that does not depend on key order', () => {
    const a = seal(entry(), '1', GENESIS_HASH);
    const b = seal(entry({ variables: { a: { x: [1, 'two'], y: 'x' }, b: 1 } }), '1', GENESIS_HASH);
    expect(a.hash).toBe(b.hash);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes the hash with any field, the position or the previous hash', () => {
    const base = seal(entry(), '1', GENESIS_HASH).hash;
    expect(seal(entry({ purpose: 'other' }), '1', GENESIS_HASH).hash).not.toBe(base);
    expect(seal(entry({ taxpayers: [] }), '1', GENESIS_HASH).hash).not.toBe(base);
    expect(seal(entry(), '2', GENESIS_HASH).hash).not.toBe(base);
    expect(seal(entry(), '1', 'f'.repeat(64)).hash).not.toBe(base);
    expect(recordHash(GENESIS_HASH, { ...entry(), seq: '1' })).toBe(base);
  });

  it('covers a trace id when there is one, and hashes a record without one as before the column', () => {
    const before = seal(entry(), '1', GENESIS_HASH).hash;
    // What the verifier reads back from a row written before migration 0006, or with tracing off: trace_id null.
    expect(seal(entry({ traceId: null }), '1', GENESIS_HASH).hash).toBe(before);
    const traced = seal(entry({ traceId: 'a'.repeat(32) }), '1', GENESIS_HASH).hash;
    expect(traced).not.toBe(before);
    expect(seal(entry({ traceId: 'b'.repeat(32) }), '1', GENESIS_HASH).hash).not.toBe(traced);
    // A trace id is never read as a mutation's changes, nor changes as a trace id.
    expect(canonicalRecord({ ...entry({ traceId: 'c'.repeat(32) }), seq: '1' })).not.toBe(
      canonicalRecord({ ...entry({ changes: 'c'.repeat(32) }), seq: '1' }),
    );
    expect(canonicalRecord({ ...entry({ changes: [1], traceId: 'c'.repeat(32) }), seq: '1' })).toMatch(/,\[1\],"c{32}"\]$/);
  });

  it('keeps fields apart: moving text from one field to the next changes the form', () => {
    expect(canonicalRecord({ ...entry({ subject: 'ab', role: 'c' }), seq: '1' })).not.toBe(
      canonicalRecord({ ...entry({ subject: 'a', role: 'bc' }), seq: '1' }),
    );
  });

  it('stores what PostgreSQL can keep exactly: no NUL, no lone surrogate, bounded depth and size', () => {
    expect(storableJson({ a: 'x\u0000y', b: '\ud800' })).toEqual({ a: 'x\uFFFDy', b: '\uFFFD' });
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(JSON.stringify(storableJson(deep))).toContain('[too deep]');
    expect(storableJson({ big: 'x'.repeat(20_000) })).toEqual({
      '[truncated]': true,
      chars: JSON.stringify({ big: 'x'.repeat(20_000) }).length,
    });
    expect(storableJson({ n: Infinity, u: undefined })).toEqual({ n: null });
  });
});

describe('redaction of personal data in variables', () => {
  it('masks citizen IDs, citizen-ID TINs, bank accounts and phone numbers by their shape', () => {
    expect(isPersonalToken(CITIZEN)).toBe(true);
    expect(isPersonalToken(`${CITIZEN}01`)).toBe(true);
    expect(isPersonalToken('6222021234567890123')).toBe(true);
    expect(isPersonalToken('13812345678')).toBe(true);
    expect(redactString(`call 010-12345678 or +86 13812345678`)).toBe('call 010-****5678 or +86 1381***5678');
  });

  it('keeps what is not personal: USCCs, bank codes, voucher numbers, dates', () => {
    for (const t of [U1, U2, '102651000019', '1000000000101', '20160115', '2016']) expect(isPersonalToken(t)).toBe(false);
  });

  it('masks any value under a personal-data name, and walks nested input', () => {
    const out = auditVariables({
      uscc: U1,
      filter: { payerAccount: 'ACC-42-XYZ', phone: 5551234, note: `id ${CITIZEN}` },
      tins: [`${CITIZEN}00`],
    }) as any;
    expect(out.uscc).toBe(U1);
    expect(out.filter.payerAccount).toBe('ACC-**-XYZ');
    expect(out.filter.phone).toBe('[redacted]');
    expect(out.filter.note).toBe(`id ${CITIZEN.slice(0, 4)}${'*'.repeat(10)}${CITIZEN.slice(-4)}`);
    expect(out.tins[0]).toBe(`${CITIZEN.slice(0, 4)}${'*'.repeat(12)}${CITIZEN.slice(-2)}00`);
    expect(JSON.stringify(out)).not.toContain(CITIZEN);
    expect(auditVariables(undefined)).toBeNull();
  });
});

describe('whose data a response carried', () => {
  const schema = buildSchema(`
    type Taxpayer { uscc: String! name: String }
    type Payment { taxOfficeCode: String! voucherNo: String! taxpayer: Taxpayer }
    type Entry { subject: String }
    type Query {
      taxpayer(uscc: String!): Taxpayer
      payment(taxOfficeCode: String!, voucherNo: String!): Payment
      accessLog(uscc: String!): [Entry!]!
    }`);

  it('names every USCC and payment found in the data', () => {
    const data = {
      payments: { edges: [{ node: { taxOfficeCode: '111', voucherNo: 'V1', taxpayer: { uscc: U2 } } }] },
      other: { list: [U1, 'not a uscc'] },
    };
    expect(touchedBy(data)).toEqual({ taxpayers: [U1, U2].sort(), vouchers: ['111:V1'] });
  });

  it('names the taxpayer and the payment a root field was asked for, even when the key is not selected', () => {
    const document = parse(
      `query Q($u: String!) { t: taxpayer(uscc: $u) { name } payment(taxOfficeCode: "111", voucherNo: "V9") { taxpayer { name } } }`,
    );
    expect(touchedBy({ t: { name: 'A' }, payment: { taxpayer: { name: 'A' } } }, schema, document, 'Q', { u: U1 })).toEqual({
      taxpayers: [U1],
      vouchers: ['111:V9'],
    });
    expect(touchedBy({ t: null, payment: null }, schema, document, 'Q', { u: U1 })).toEqual({ taxpayers: [], vouchers: [] });
  });

  it('does not count reading the access log as reading the taxpayer', () => {
    const document = parse(`{ accessLog(uscc: "${U1}") { subject } }`);
    expect(touchedBy({ accessLog: [{ subject: 's' }] }, schema, document, undefined, {})).toEqual({ taxpayers: [], vouchers: [] });
  });
});

describe('outcome and the off switch', () => {
  it('classifies ok, partial, error and refused', () => {
    expect(outcomeOf({ data: { a: 1 } })).toEqual({ outcome: 'ok', errorCodes: [] });
    expect(outcomeOf({ data: { a: null }, errors: [{ message: 'x', extensions: { code: 'SOURCE_UNAVAILABLE' } }] })).toEqual({
      outcome: 'partial',
      errorCodes: ['SOURCE_UNAVAILABLE'],
    });
    expect(outcomeOf({ errors: [{ message: 'x', extensions: { code: 'GRAPHQL_PARSE_FAILED' } }] }).outcome).toBe('error');
    expect(outcomeOf({ data: null, errors: [{ message: 'x', extensions: { code: 'FORBIDDEN' } }] }).outcome).toBe('refused');
  });

  it('turns off only in development, and refuses anything else', () => {
    expect(auditEnabled({})).toBe(true);
    expect(auditEnabled({ TAXGRAPH_AUDIT: 'on' })).toBe(true);
    expect(auditEnabled({ TAXGRAPH_AUDIT: 'off', NODE_ENV: 'development' })).toBe(false);
    expect(() => auditEnabled({ TAXGRAPH_AUDIT: 'off' })).toThrow(/only with NODE_ENV=development/);
    expect(() => auditEnabled({ TAXGRAPH_AUDIT: 'off', NODE_ENV: 'production' })).toThrow(/never runs unaudited/);
    expect(() => auditEnabled({ TAXGRAPH_AUDIT: 'maybe' })).toThrow(/'on' or 'off'/);
  });
});
