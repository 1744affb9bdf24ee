import { Agent, IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/**
 * How the gateway calls a subgraph: one POST over node:http on kept-alive connections, the whole
 * exchange (connect, send, the full answer) within a deadline. It replaces Node's global fetch
 * (undici), whose WHATWG streams, Request objects and AbortSignal per call cost the gateway a
 * third of its CPU time under load (`npm run bench -- gateways --profile DIR` shows it). It gives
 * RemoteGraphQLDataSource what it reads of a response: ok, status, statusText, url, headers.get,
 * text() and json().
 *
 * Nothing is ever sent twice: node:http does not resend a request whose kept-alive connection broke
 * (undici does, for what it deems idempotent), and neither does anything above it (the data source,
 * the circuit breaker). A mutation (a case's change) must reach its subgraph at most once: when the
 * connection breaks or the deadline passes the caller gets SOURCE_UNAVAILABLE / SOURCE_TIMEOUT and
 * reads the case again to learn whether the change was made (test/unit/gateway-writes.test.ts).
 */
export interface SubgraphFetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** The deadline passed: the error is named TimeoutError, as AbortSignal.timeout names its own. */
export function timeoutError(url: string, ms: number): Error {
  return Object.assign(new Error(`${url} did not answer within ${ms} ms`), { name: 'TimeoutError' });
}

/**
 * The answer passed the size cap: named ResponseTooLargeError, carrying the bytes read when reading
 * stopped (or the announced Content-Length) and the cap.
 */
export class ResponseTooLargeError extends Error {
  override readonly name = 'ResponseTooLargeError';

  constructor(
    readonly url: string,
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`${url} answered more than ${limit} bytes (${bytes} read); the answer was cut off`);
  }
}

class SubgraphResponse {
  readonly headers: { get(name: string): string | null; has(name: string): boolean };

  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    raw: IncomingHttpHeaders,
    private readonly body: string,
  ) {
    const get = (name: string): string | null => {
      const v = raw[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
    };
    this.headers = { get, has: (name) => get(name) !== null };
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  async text(): Promise<string> {
    return this.body;
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.body);
  }
}

/**
 * A fetcher with its own pool of kept-alive connections; every call must finish within `timeoutMs`,
 * and an answer longer than `maxResponseBytes` is not read on: the request is destroyed (its
 * connection with it) and the call fails with ResponseTooLargeError, so a runaway subgraph answer
 * costs the gateway at most that much memory.
 */
export function subgraphFetcher(
  timeoutMs: number,
  maxResponseBytes = Number.MAX_SAFE_INTEGER,
): (url: string, init?: SubgraphFetchInit) => Promise<SubgraphResponse> {
  const http = new Agent({ keepAlive: true });
  const https = new HttpsAgent({ keepAlive: true });
  const targets = new Map<string, URL>();
  return (url, init = {}) =>
    new Promise((resolve, reject) => {
      let target = targets.get(url);
      if (!target) targets.set(url, (target = new URL(url)));
      const secure = target.protocol === 'https:';
      const body = init.body ?? '';
      let settled = false;
      let timedOut = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn();
      };
      const req = (secure ? httpsRequest : httpRequest)(target, {
        method: init.method ?? 'POST',
        headers: { ...init.headers, 'content-length': String(Buffer.byteLength(body)) },
        agent: secure ? https : http,
      });
      const timer = setTimeout(() => {
        timedOut = true;
        req.destroy(timeoutError(url, timeoutMs));
      }, timeoutMs);
      const fail = (err: Error) => settle(() => reject(timedOut ? timeoutError(url, timeoutMs) : err));
      req.on('error', fail);
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const tooLarge = (bytes: number) => {
          const err = new ResponseTooLargeError(url, bytes, maxResponseBytes);
          settle(() => reject(err));
          req.destroy(err);
        };
        const announced = Number(res.headers['content-length']);
        if (announced > maxResponseBytes) return tooLarge(announced);
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxResponseBytes) return tooLarge(size);
          chunks.push(chunk);
        });
        res.on('error', fail);
        res.on('aborted', () => fail(new Error(`${url} closed the connection mid-answer`)));
        res.on('end', () =>
          settle(() =>
            resolve(
              new SubgraphResponse(url, res.statusCode ?? 0, res.statusMessage ?? '', res.headers, Buffer.concat(chunks).toString('utf8')),
            ),
          ),
        );
      });
      req.end(body);
    });
}
