/**
 * The gateway's subgraph fetcher (gateway/subgraph-fetch.ts) against a real node:http server on
 * loopback: what RemoteGraphQLDataSource reads of an answer, kept-alive connections reused, the
 * deadline covering a late answer, and a refused connection failing as such.
 */
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { subgraphFetcher } from '../../gateway/subgraph-fetch';

describe('subgraphFetcher', () => {
  let server: Server;
  let url: string;
  const connections = new Set<unknown>();
  const received: { body: string; headers: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      connections.add(req.socket);
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        received.push({ body, headers: req.headers });
        const reply = () => {
          res.writeHead(req.url === '/refuse' ? 401 : 200, { 'content-type': 'application/json; charset=utf-8', 'x-answer': 'yes' });
          res.end(JSON.stringify({ data: { echo: JSON.parse(body) } }));
        };
        if (req.url === '/slow') setTimeout(reply, 1000);
        else reply();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it('posts the body with its headers and answers what RemoteGraphQLDataSource reads, on one kept-alive connection', async () => {
    const fetch = subgraphFetcher(2000);
    const first = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-taxgraph-principal': 'p' },
      body: '{"query":"{ a }"}',
    });
    const second = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ b }"}',
    });
    expect(first.ok).toBe(true);
    expect(first.status).toBe(200);
    expect(first.url).toBe(`${url}/graphql`);
    expect(first.headers.get('Content-Type')).toBe('application/json; charset=utf-8');
    expect(first.headers.get('x-missing')).toBeNull();
    expect(await first.json()).toEqual({ data: { echo: { query: '{ a }' } } });
    expect(await second.text()).toBe('{"data":{"echo":{"query":"{ b }"}}}');
    expect(received[0].headers['x-taxgraph-principal']).toBe('p');
    expect(received[0].headers['content-length']).toBe(String(Buffer.byteLength('{"query":"{ a }"}')));
    expect(connections.size).toBe(1);
  });

  it('gives a 4xx answer as an answer (not ok), for the data source to read its errors', async () => {
    const res = await subgraphFetcher(2000)(`${url}/refuse`, { body: '{}' });
    expect(res.ok).toBe(false);
    expect(res.status).toBe(401);
    expect(res.statusText).toBe('Unauthorized');
  });

  it('fails with a TimeoutError when the whole answer is not there within the deadline', async () => {
    await expect(subgraphFetcher(200)(`${url}/slow`, { body: '{}' })).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('fails (not a TimeoutError) when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const err = await subgraphFetcher(2000)(`http://127.0.0.1:${port}/graphql`, { body: '{}' }).catch((e: Error) => e);
    expect(err).toMatchObject({ code: 'ECONNREFUSED' });
    expect((err as Error).name).not.toBe('TimeoutError');
  });
});
