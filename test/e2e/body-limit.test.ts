/**
 * shared/http.ts's body limit over real HTTP: a body well over the limit, sent in several chunks,
 * gets its 413 with BAD_USER_INPUT every time, never a reset connection while the client is still
 * sending (the server reads and discards up to a bound before it answers). The server is the
 * compiled module in a process of its own, so a busy client does not hold it up.
 */
import { request } from 'node:http';
import { join } from 'node:path';
import { ChildProcess, spawn } from 'node:child_process';
import { DIST, requireBuild, stopProcess } from '../../dev/launch';

const LIMIT = 1_000_000;
const CHUNK = 500_000;
/** Three and a half times the limit: well over it, within what the server reads before answering. */
const CHUNKS = 7;
const ATTEMPTS = 25;
/** How long the client is busy after each chunk. */
const BUSY_MS = 20;

interface Reply {
  status?: number;
  body?: string;
  /** The socket error the client met instead of an answer (EPIPE, ECONNRESET). */
  error?: string;
}

/** POSTs the body in CHUNKS chunks (chunked transfer encoding unless a Content-Length is given). */
function postInChunks(url: string, withLength: boolean): Promise<Reply> {
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = { 'content-type': 'application/json' };
    if (withLength) headers['content-length'] = CHUNK * CHUNKS;
    const req = request(url, { method: 'POST', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, body }));
      res.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    // Streamed as a client uploading a file does, and a busy one: after each chunk its event loop is held for a moment,
    // so an answer the server sends early, closing the connection, is not read before the client writes on.
    void (async () => {
      for (let k = 0; k < CHUNKS && !req.destroyed; k++) {
        const drained = req.write(Buffer.alloc(CHUNK, k === 0 ? '{' : 'x'));
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, BUSY_MS);
        if (!drained) await new Promise((r) => req.once('drain', r).once('close', r));
      }
      req.end();
    })();
  });
}

/** A GraphQL server over shared/http.ts's listen() with the body limit, printing its URL once it listens. */
const SERVER = `
const { ApolloServer } = require(${JSON.stringify(require.resolve('@apollo/server'))});
const { listen } = require(${JSON.stringify(join(DIST, 'shared', 'http.js'))});
(async () => {
  const apollo = new ApolloServer({ typeDefs: 'type Query { ok: Boolean }', resolvers: { Query: { ok: () => true } } });
  await apollo.start();
  const http = await listen(apollo, { port: 0, context: async () => ({}), maxBodyBytes: ${LIMIT} });
  process.stdout.write(http.url + '\\n');
})();
`;

describe('an oversized request body', () => {
  let server: ChildProcess;
  let url: string;

  beforeAll(async () => {
    requireBuild('shared/http.js');
    server = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
    url = await new Promise<string>((resolve, reject) => {
      let output = '';
      server.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const line = /^(http:\S+)$/m.exec(output);
        if (line) resolve(line[1]);
      });
      server.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening`)));
    });
  });
  afterAll(async () => {
    if (server) await stopProcess(server);
  });

  it.each([
    ['with a Content-Length', true],
    ['chunked, without one', false],
  ])('gets its 413 and its code every time, %s', async (_label, withLength) => {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const reply = await postInChunks(url, withLength);
      expect(reply.error).toBeUndefined();
      expect(reply.status).toBe(413);
      expect(JSON.parse(reply.body!).errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', limit: LIMIT });
    }
  });

  it('leaves the server answering bodies within the limit', async () => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ ok }"}' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { ok: true } });
  });
});
