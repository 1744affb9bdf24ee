import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/**
 * The reconciliation's only way to the data: GraphQL operations through the gateway, as an analyst
 * with a stated purpose (recorded in the audit trail with every page). Rate limits and sources that
 * are briefly away are waited out; anything else stops the run, which resumes from its checkpoint.
 */
export interface GatewayClientOptions {
  url: string;
  token: string;
  purpose: string;
  /** Attempts per operation before the run stops. @default 6 */
  attempts?: number;
  /** Every operation sent, with its time to answer in milliseconds (for progress and benchmarks). */
  onOperation?: (name: string, ms: number) => void;
}

export class ReconcileError extends Error {}

/** How long one operation may take, connecting and reading the whole answer. */
const DEADLINE_MS = 120_000;

interface Agents {
  http: HttpAgent;
  https: HttpsAgent;
}

function post(agents: Agents, target: URL, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  const secure = target.protocol === 'https:';
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const req = (secure ? httpsRequest : httpRequest)(target, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      agent: secure ? agents.https : agents.http,
    });
    const timer = setTimeout(() => {
      const err = new Error(`no answer in ${DEADLINE_MS} ms`);
      settle(() => reject(err));
      req.destroy(err);
    }, DEADLINE_MS);
    const fail = (err: Error) => settle(() => reject(err));
    req.on('error', fail);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', fail);
      res.on('aborted', () => fail(new Error('connection closed mid-answer')));
      res.on('end', () => settle(() => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') })));
    });
    req.end(body);
  });
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

const RETRIED = new Set(['RATE_LIMITED', 'SOURCE_UNAVAILABLE', 'SOURCE_TIMEOUT', 'AUDIT_UNAVAILABLE']);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function gatewayClient(opts: GatewayClientOptions) {
  const attempts = opts.attempts ?? 6;
  const target = new URL(opts.url);
  // Kept-alive connections for the run, closed with it: node:http rather than Node's fetch (undici),
  // whose streams and per-call objects cost CPU on the machine the whole stack shares (see
  // gateway/subgraph-fetch.ts); a run sends a few operations per page, some answers megabytes long.
  const agents: Agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  const run = async function run<T>(name: string, query: string, variables: Record<string, unknown>): Promise<T> {
    let last = '';
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt) await sleep(Math.min(250 * 2 ** attempt, 8000));
      const started = performance.now();
      let res: { status: number; text: string };
      try {
        res = await post(
          agents,
          target,
          { 'content-type': 'application/json', authorization: `Bearer ${opts.token}`, 'x-purpose': opts.purpose },
          JSON.stringify({ operationName: name, query, variables }),
        );
      } catch (err) {
        last = `gateway unreachable: ${(err as Error).message}`;
        continue;
      }
      const body = parse(res.text) as {
        data?: T | null;
        errors?: { message: string; extensions?: { code?: string; source?: string } }[];
      } | null;
      opts.onOperation?.(name, performance.now() - started);
      const errors = body?.errors ?? [];
      if (!errors.length && body?.data) return body.data;
      const codes = errors.map((e) => e.extensions?.code ?? 'UNKNOWN');
      const described = errors.map((e) => `${e.extensions?.code ?? ''} ${e.extensions?.source ?? ''} ${e.message}`.trim());
      last = `${name}: HTTP ${res.status} ${described.join('; ') || 'no data'}`;
      // A partial answer is no answer for a reconciliation: judging on missing data would invent findings.
      if (codes.length && codes.every((c) => RETRIED.has(c))) continue;
      if (res.status === 429 || res.status === 503) continue;
      throw new ReconcileError(last);
    }
    throw new ReconcileError(`${last} (after ${attempts} attempts)`);
  };
  return Object.assign(run, {
    /** Closes the run's connections. */
    close(): void {
      agents.http.destroy();
      agents.https.destroy();
    },
  });
}
