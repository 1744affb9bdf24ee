/**
 * kit/code-names.ts: a source's code tables read once per process and database, shared by concurrent
 * first callers, refreshed on a timer, kept when a refresh fails; CHAR padding forgiven as PostgreSQL does.
 */
import type { Knex } from 'knex';
import { CODE_TABLE_REFRESH_MS, CodeTables } from '../../subgraphs/kit/code-names';

type Row = { kind: string; code: string | null; name: string | null };

/** A knex instance whose client answers the one statement from `reads`, in turn. */
function fakeDb(reads: (() => Row[])[]) {
  const sent: string[] = [];
  let released = 0;
  const client = {
    pool: {},
    acquireConnection: async () => ({
      query: async (sql: string) => {
        sent.push(sql);
        const next = reads.shift();
        if (!next) throw new Error('no more reads');
        return { rows: next() };
      },
    }),
    releaseConnection: async () => void released++,
  };
  return { db: { client } as unknown as Knex, sent, released: () => released, client };
}

describe('CodeTables', () => {
  afterEach(() => jest.useRealTimers());

  it('reads once for concurrent first callers and gives a code its name, padding forgiven, null where the table lacks it', async () => {
    const { db, sent, released } = fakeDb([
      () => [
        { kind: 'zt', code: '03', name: '正常' },
        { kind: 'swjg', code: '1110105    ', name: '朝阳' },
      ],
    ]);
    const tables = new CodeTables('test', 'SELECT ...');
    const [a, b] = await Promise.all([tables.of(db), tables.of(db)]);
    expect(a).toBe(b);
    expect(sent).toHaveLength(1);
    expect(released()).toBe(1);
    expect(a.name('zt', '03')).toBe('正常');
    expect(a.name('swjg', '1110105')).toBe('朝阳');
    expect(a.name('swjg', '1110105 ')).toBe('朝阳');
    expect(a.name('zt', '99')).toBeNull();
    expect(a.name('swjg', '03')).toBeNull(); // kinds never mix
    expect(a.name('zt', null)).toBeNull();
    await tables.of(db);
    expect(sent).toHaveLength(1);
  });

  it('rejects when the first read fails and reads again on the next call', async () => {
    const { db } = fakeDb([]);
    const tables = new CodeTables('test', 'SELECT ...');
    await expect(tables.of(db)).rejects.toThrow('no more reads');
    const again = fakeDb([() => [{ kind: 'zt', code: '03', name: '正常' }]]);
    await expect(tables.of(again.db).then((n) => n.name('zt', '03'))).resolves.toBe('正常');
  });

  it('refreshes on its timer and keeps the names it held when a refresh fails', async () => {
    jest.useFakeTimers();
    const { db, sent } = fakeDb([
      () => [{ kind: 'zt', code: '03', name: '正常' }],
      () => {
        throw new Error('database gone');
      },
      () => [{ kind: 'zt', code: '03', name: '正常户' }],
    ]);
    const tables = new CodeTables('test', 'SELECT ...');
    expect((await tables.of(db)).name('zt', '03')).toBe('正常');
    await jest.advanceTimersByTimeAsync(CODE_TABLE_REFRESH_MS);
    expect(sent).toHaveLength(2);
    expect((await tables.of(db)).name('zt', '03')).toBe('正常');
    await jest.advanceTimersByTimeAsync(CODE_TABLE_REFRESH_MS);
    expect(sent).toHaveLength(3);
    expect((await tables.of(db)).name('zt', '03')).toBe('正常户');
  });
});
