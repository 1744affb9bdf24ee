import { Emitter, generateTaxpayer } from '../../seeds/generator';
import { lowerGrade } from '../../seeds/generator/joint';
import { fenToYuan as yuan } from '../../shared/money';
import { Random } from '../../seeds/random';
import { TABLES, toCopyRow } from '../../seeds/tables';
import type { TableKey, Value } from '../../seeds/tables';

/** Collects what the generator emits for some taxpayers, as plain data. */
function collect(seed: number, from: number, to: number) {
  const out = { rows: [] as [TableKey, Record<string, Value>][], cases: [] as unknown[], events: [] as unknown[] };
  const emitter: Emitter = {
    row: (t, r) => out.rows.push([t, r]),
    case: (k, e) => out.cases.push([k, e]),
    identity: () => undefined,
    event: (...args) => out.events.push(args),
    deemed: () => undefined,
  };
  for (let i = from; i < to; i++) generateTaxpayer(seed, i, emitter);
  return out;
}

describe('the generator model', () => {
  it('gives a taxpayer the same rows whatever was generated before it', () => {
    const alone = collect(42, 150, 151);
    const inRun = collect(42, 0, 151);
    const tail = inRun.rows.slice(inRun.rows.length - alone.rows.length);
    expect(tail).toEqual(alone.rows);
    expect(collect(43, 150, 151).rows).not.toEqual(alone.rows);
  });

  it("gives the explorer's example taxpayer to the default seed's first taxpayer, known to the registry", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { EXAMPLE_USCC } = require('../../gateway/explorer/examples.js') as { EXAMPLE_USCC: string };
    const registry = collect(42, 0, 1).rows.filter(([t]) => t === 'eBase');
    expect(registry).toHaveLength(1);
    expect(registry[0][1]).toHaveProperty('uniscid', EXAMPLE_USCC);
  });

  it('formats fen as yuan without floats', () => {
    expect(yuan(0)).toBe('0.00');
    expect(yuan(5)).toBe('0.05');
    expect(yuan(123450)).toBe('1234.50');
    expect(yuan(-101)).toBe('-1.01');
    expect(yuan(900719925474099)).toBe('9007199254740.99');
  });

  it('takes the lower grade for a joint rating (A > B > M > C > D)', () => {
    expect(lowerGrade('A', 'B')).toBe('B');
    expect(lowerGrade('C', 'M')).toBe('C');
    expect(lowerGrade('M', 'B')).toBe('M');
    expect(lowerGrade('D', 'A')).toBe('D');
  });

  it('draws a reproducible stream per (seed, stream) and spreads values', () => {
    const a = new Random(1, 2);
    const b = new Random(1, 2);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b.next()));
    expect(new Set(xs).size).toBeGreaterThan(990);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });

  it("puts a row keyed by column into its table's COPY order, whatever order its keys were written in", () => {
    expect(toCopyRow('djFzch', { jcrq: null, rdrq: '2015-03-01', djxh: '1' })).toEqual(['1', '2015-03-01', null]);
  });

  it('refuses a row with a missing or an unknown column, naming the table and the column', () => {
    // @ts-expect-error the row lacks jcrq
    const missing = () => toCopyRow('djFzch', { djxh: '1', rdrq: '2015-03-01' });
    // @ts-expect-error rdrqq is no column of dj_fzchrdxx
    const unknown = () => toCopyRow('djFzch', { djxh: '1', rdrq: '2015-03-01', jcrq: null, rdrqq: '2015-03-02' });
    expect(missing).toThrow('national-tax dj_fzchrdxx: the row has no value for column jcrq');
    expect(unknown).toThrow('national-tax dj_fzchrdxx: the row has unknown column(s) rdrqq');
  });

  it("writes every taxpayer table, each row with exactly its table's columns", () => {
    const { rows } = collect(42, 0, 1000);
    const wrong = rows.filter(([table, row]) => toCopyRow(table, row as never).length !== TABLES[table].columns.length);
    expect(wrong).toEqual([]);
    const codeTables = [
      'dmNsrzt',
      'dmDjzclx',
      'dmHy',
      'dmXzqh',
      'dmSwjgN',
      'dmZsxm',
      'dmSwry',
      'dmZt',
      'dmSz',
      'dmSwjgL',
      'dmZgy',
      'tOrg',
      'tBank',
      'tTre',
    ];
    const written = new Set(rows.map(([table]) => table));
    expect(Object.keys(TABLES).filter((t) => !codeTables.includes(t) && !written.has(t as TableKey))).toEqual([]);
  });
});
