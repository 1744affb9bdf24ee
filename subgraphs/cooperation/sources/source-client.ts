import { Agent, request } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Principal, signPrincipal } from '../../../shared/principal';
import type { LegacySource } from '../../../shared/sources';
import type { SourceEndpoints } from './endpoints';

/** A source's answer to one document: its data with the errors of single fields, or no answer at all. */
export type SourceAnswer =
  | { ok: true; data: Record<string, unknown>; errors: { path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[] }
  | { ok: false; timedOut: boolean; reason: string };

// Kept-alive connections to the sources, shared by every call of this process. node:http rather than
// Node's global fetch (undici): its streams, Request objects and AbortSignal per call cost more CPU
// than the few hundred bytes a lookup sends (the gateway measured a third of its CPU; see
// gateway/subgraph-fetch.ts).
const agents = { http: new Agent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
const targets = new Map<string, URL>();

/** POSTs a body and reads the whole answer within the deadline; rejects with a TimeoutError when it passes. */
function post(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<{ status: number; text: string }> {
  let target = targets.get(url);
  if (!target) targets.set(url, (target = new URL(url)));
  const secure = target.protocol === 'https:';
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const req = (secure ? httpsRequest : request)(target, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      agent: secure ? agents.https : agents.http,
    });
    const timer = setTimeout(() => {
      const err = Object.assign(new Error(`no answer in ${timeoutMs} ms`), { name: 'TimeoutError' });
      settle(() => reject(err));
      req.destroy(err);
    }, timeoutMs);
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

interface Body {
  data?: Record<string, unknown> | null;
  errors?: { path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

function parseBody(text: string): Body | null {
  try {
    return JSON.parse(text) as Body | null;
  } catch {
    return null;
  }
}

/**
 * One GraphQL call to a source subgraph, as the gateway would make it: the caller's principal signed
 * afresh with the shared secret and the same request id, so the source applies the caller's own rules
 * and its log lines join the request's. Never throws: a source that fails is an answer too.
 */
export async function callSource(
  endpoints: SourceEndpoints,
  source: LegacySource,
  document: { query: string; variables: Record<string, unknown> },
  caller: { principal: Principal; requestId: string },
): Promise<SourceAnswer> {
  try {
    const res = await post(
      endpoints.urls[source],
      { 'content-type': 'application/json', ...signPrincipal(caller.principal, endpoints.principalSecret, caller.requestId) },
      JSON.stringify(document),
      endpoints.timeoutMs,
    );
    // A body that is no JSON is a failing source.
    const body = parseBody(res.text);
    if (!body?.data) {
      const code = body?.errors?.[0]?.extensions?.code;
      return { ok: false, timedOut: false, reason: `HTTP ${res.status}${code ? ` ${String(code)}` : ''}` };
    }
    return { ok: true, data: body.data, errors: body.errors ?? [] };
  } catch (err) {
    const timedOut = (err as Error)?.name === 'TimeoutError';
    return {
      ok: false,
      timedOut,
      reason: timedOut
        ? `no answer in ${endpoints.timeoutMs} ms`
        : String((err as { code?: string })?.code ?? (err as { cause?: { code?: string } })?.cause?.code ?? (err as Error)?.message),
    };
  }
}
