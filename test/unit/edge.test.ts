/**
 * The edge's parts without a gateway: the client address (X-Forwarded-For believed only behind
 * trusted proxies), the per-address token bucket and its memory bound, the minute aggregates of
 * refusals and their audit records (in the hash chain, apart from `changes`), and the subgraph
 * fetcher's answer cap against a real node:http server.
 */
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { entryOf, RefusalTally } from '../../gateway/audit/refusals';
import { AuditEntry, canonicalRecord, recordHash, seal } from '../../gateway/audit/record';
import { refusalReason } from '../../gateway/edge';
import { AddressLimiter, clientAddress } from '../../gateway/limits/address-limit';
import { ResponseTooLargeError, subgraphFetcher } from '../../gateway/subgraph-fetch';

const req = (remoteAddress: string, xff?: string) => ({
  socket: { remoteAddress } as never,
  headers: xff === undefined ? {} : { 'x-forwarded-for': xff },
});

describe('client address', () => {
  it('is the socket peer by default, whatever X-Forwarded-For says', () => {
    expect(clientAddress(req('10.0.0.5', '203.0.113.9'), 0)).toBe('10.0.0.5');
    expect(clientAddress(req('::ffff:127.0.0.1'), 0)).toBe('127.0.0.1');
    expect(clientAddress(req('::1'), 0)).toBe('::1');
  });

  it('behind N trusted proxies is the Nth X-Forwarded-For entry from the right; what a client wrote to its left is ignored', () => {
    // Client 203.0.113.9 -> proxy 10.0.0.2 -> gateway; the client forged 198.51.100.1 first.
    expect(clientAddress(req('10.0.0.2', '198.51.100.1, 203.0.113.9'), 1)).toBe('203.0.113.9');
    // Two proxies: the inner one appended the outer one's address.
    expect(clientAddress(req('10.0.0.3', '198.51.100.1, 203.0.113.9, 10.0.0.2'), 2)).toBe('203.0.113.9');
    // A header shorter than the hops: its leftmost entry; garbage or none: the socket.
    expect(clientAddress(req('10.0.0.3', '203.0.113.9'), 2)).toBe('203.0.113.9');
    expect(clientAddress(req('10.0.0.3', 'not-an-ip'), 1)).toBe('10.0.0.3');
    expect(clientAddress(req('10.0.0.3'), 1)).toBe('10.0.0.3');
  });
});

describe('per-address limit on refusals', () => {
  it('refuses past the budget with a Retry-After, and refills with time', () => {
    let now = 1_000_000;
    const limiter = new AddressLimiter({ perMinute: 60, maxAddresses: 100 }, () => now);
    for (let i = 0; i < 60; i++) expect(limiter.spend('a')).toEqual({ limited: false });
    expect(limiter.exhausted('a')).toEqual({ limited: true, retryAfterSeconds: 1 });
    expect(limiter.spend('a')).toEqual({ limited: true, retryAfterSeconds: 1 });
    // Another address has its own budget.
    expect(limiter.exhausted('b')).toEqual({ limited: false });
    expect(limiter.spend('b')).toEqual({ limited: false });
    now += 1000; // one a second comes back
    expect(limiter.spend('a')).toEqual({ limited: false });
    expect(limiter.spend('a').limited).toBe(true);
    now += 120_000; // never more than the budget
    for (let i = 0; i < 60; i++) expect(limiter.spend('a').limited).toBe(false);
    expect(limiter.spend('a').limited).toBe(true);
  });

  it('tracks a bounded number of addresses, forgetting the least recently refused', () => {
    const limiter = new AddressLimiter({ perMinute: 1, maxAddresses: 3 });
    for (const a of ['a', 'b', 'c']) limiter.spend(a);
    limiter.spend('a'); // a is now the most recent
    limiter.spend('d'); // b goes
    expect(limiter.size).toBe(3);
    expect(limiter.exhausted('a').limited).toBe(true);
    expect(limiter.exhausted('b').limited).toBe(false);
    for (let i = 0; i < 10_000; i++) limiter.spend(`10.0.${i >> 8}.${i & 255}`);
    expect(limiter.size).toBe(3);
  });

  it('is off at 0', () => {
    const limiter = new AddressLimiter({ perMinute: 0, maxAddresses: 3 });
    for (let i = 0; i < 100; i++) expect(limiter.spend('a').limited).toBe(false);
    expect(limiter.size).toBe(0);
  });

  it('names why a request was not authenticated', () => {
    expect(refusalReason({ headers: {} })).toBe('no token');
    expect(refusalReason({ headers: { authorization: 'Basic abc' } })).toBe('not a bearer token');
    expect(refusalReason({ headers: { authorization: 'Bearer a.b.c' } })).toBe('invalid token');
  });
});

describe('refusal aggregates', () => {
  it('counts per address and minute, writes a minute once it has closed, and the open one at close', async () => {
    let now = Date.parse('2026-01-01T10:00:10Z');
    const written: AuditEntry[] = [];
    const tally = new RefusalTally({ now: () => now });
    tally.count('1.2.3.4', 'UNAUTHENTICATED', 'no token'); // not started (the trail is off): not counted
    tally.start(async (e) => void written.push(e));
    for (let i = 0; i < 5; i++) tally.count('1.2.3.4', 'UNAUTHENTICATED', 'no token');
    tally.count('1.2.3.4', 'RATE_LIMITED', 'invalid token');
    tally.count('5.6.7.8', 'UNAUTHENTICATED', 'expired token');
    await tally.flush(false);
    expect(written).toHaveLength(0); // the minute is still open
    now += 60_000;
    tally.count('1.2.3.4', 'UNAUTHENTICATED', 'no token');
    await tally.flush(false);
    expect(written.map((e) => e.refusals)).toEqual([
      {
        address: '1.2.3.4',
        minute: '2026-01-01T10:00:00.000Z',
        count: 6,
        codes: { UNAUTHENTICATED: 5, RATE_LIMITED: 1 },
        reasons: { 'no token': 5, 'invalid token': 1 },
      },
      { address: '5.6.7.8', minute: '2026-01-01T10:00:00.000Z', count: 1, codes: { UNAUTHENTICATED: 1 }, reasons: { 'expired token': 1 } },
    ]);
    expect(written[0]).toMatchObject({
      at: '2026-01-01T10:00:00.000Z',
      outcome: 'refused',
      subject: null,
      role: null,
      errorCodes: ['RATE_LIMITED', 'UNAUTHENTICATED'],
    });
    await tally.close();
    expect(written).toHaveLength(3);
    expect(written[2].refusals).toMatchObject({ address: '1.2.3.4', minute: '2026-01-01T10:01:00.000Z', count: 1 });
    expect(tally.size).toBe(0);
  });

  it('keeps an aggregate whose write failed, adds what came meanwhile, and writes it at the next try', async () => {
    let now = Date.parse('2026-01-01T10:00:10Z');
    let up = false;
    const written: AuditEntry[] = [];
    const tally = new RefusalTally({ now: () => now });
    tally.start(async (e) => {
      if (!up) throw new Error('store down');
      written.push(e);
    });
    tally.count('1.2.3.4', 'UNAUTHENTICATED', 'no token');
    now += 60_000;
    await tally.flush(false);
    expect(tally.size).toBe(1);
    up = true;
    await tally.close();
    expect(written.map((e) => e.refusals?.count)).toEqual([1]);
  });

  it('holds a bounded number of aggregates: past it, new addresses count under *', async () => {
    const written: AuditEntry[] = [];
    const tally = new RefusalTally({ maxOpen: 2 });
    tally.start(async (e) => void written.push(e));
    for (let i = 0; i < 1000; i++) tally.count(`10.0.${i >> 8}.${i & 255}`, 'UNAUTHENTICATED', 'no token');
    expect(tally.size).toBeLessThanOrEqual(3);
    await tally.close();
    expect(written.reduce((n, e) => n + e.refusals!.count, 0)).toBe(1000);
    expect(written.find((e) => e.refusals!.address === '*')!.refusals!.count).toBeGreaterThanOrEqual(998);
  });

  it('chains an aggregate record: its counts are hashed, old records hash as before, and refusals cannot pass for changes', () => {
    const aggregate = entryOf({
      address: '1.2.3.4',
      minute: '2026-01-01T10:00:00.000Z',
      count: 3,
      codes: { UNAUTHENTICATED: 3 },
      reasons: {},
    });
    const sealed = seal(aggregate, '7', 'a'.repeat(64));
    expect(recordHash('a'.repeat(64), { ...aggregate, seq: '7' })).toBe(sealed.hash);
    const edited = { ...aggregate, seq: '7', refusals: { ...aggregate.refusals!, count: 2 } };
    expect(recordHash('a'.repeat(64), edited)).not.toBe(sealed.hash);
    // Without the column a record's form is what it was before it.
    const plain = { ...aggregate, seq: '7', refusals: undefined };
    expect(canonicalRecord({ ...plain, refusals: null })).toBe(canonicalRecord(plain));
    expect(JSON.parse(canonicalRecord(plain))).toHaveLength(15);
    // The same JSON as changes or as refusals hashes differently.
    const value = aggregate.refusals;
    expect(canonicalRecord({ ...plain, changes: value })).not.toBe(canonicalRecord({ ...plain, refusals: value }));
  });
});

describe('the subgraph answer cap', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const size = Number(new URL(req.url!, 'http://x').searchParams.get('size'));
        const body = JSON.stringify({ data: { pad: 'x'.repeat(size) } });
        // ?chunked: no Content-Length, so the cap must count what it reads.
        if (req.url!.includes('chunked')) {
          res.writeHead(200, { 'content-type': 'application/json' });
          for (let i = 0; i < body.length; i += 16_384) res.write(body.slice(i, i + 16_384));
          res.end();
        } else {
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
          res.end(body);
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it('reads an answer up to the cap and refuses one past it, announced or streamed', async () => {
    const fetch = subgraphFetcher(5000, 100_000);
    const fits = await fetch(`${url}/?size=90000`, { body: '{}' });
    expect(((await fits.json()) as { data: { pad: string } }).data.pad).toHaveLength(90_000);
    await expect(fetch(`${url}/?size=200000`, { body: '{}' })).rejects.toMatchObject({
      name: 'ResponseTooLargeError',
      limit: 100_000,
      bytes: 200_000 + '{"data":{"pad":""}}'.length,
    });
    const streamed = fetch(`${url}/chunked?size=1000000`, { body: '{}' });
    await expect(streamed).rejects.toBeInstanceOf(ResponseTooLargeError);
    const err = (await streamed.catch((e: ResponseTooLargeError) => e)) as ResponseTooLargeError;
    // Reading stopped at the chunk that crossed the cap, not at the end of the answer.
    expect(err.bytes).toBeGreaterThan(100_000);
    expect(err.bytes).toBeLessThan(1_000_000);
    // The fetcher still works afterwards.
    expect((await fetch(`${url}/?size=10`, { body: '{}' })).status).toBe(200);
  });
});
