import { Principal, signPrincipal } from '../../../shared/principal';
import type { LegacySource } from '../../../shared/sources';
import { injectTraceContext, inSpan, SpanKind, SpanStatusCode } from '../../../shared/tracing';
import type { SourceEndpoints } from './endpoints';

/** A source's answer to one document: its data with the errors of single fields, or no answer at all. */
export type SourceAnswer =
  | { ok: true; data: Record<string, unknown>; errors: { path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[] }
  | { ok: false; timedOut: boolean; reason: string };

/**
 * One GraphQL call to a source subgraph, as the gateway would make it: the caller's principal signed
 * afresh with the shared secret and the same request id, so the source applies the caller's own rules
 * and its log lines join the request's. Never throws: a source that fails is an answer too.
 */
export function callSource(
  endpoints: SourceEndpoints,
  source: LegacySource,
  request: { query: string; variables: Record<string, unknown> },
  caller: { principal: Principal; requestId: string },
): Promise<SourceAnswer> {
  // With tracing on, a client span per call, failed when the source gives no answer; the source's request span is its child.
  return inSpan(
    `POST ${source}`,
    { 'taxgraph.subgraph': source, 'http.request.method': 'POST' },
    async (span) => {
      const answer = await send(endpoints, source, request, caller);
      if (span && !answer.ok) span.setStatus({ code: SpanStatusCode.ERROR, message: answer.reason });
      return answer;
    },
    SpanKind.CLIENT,
  );
}

async function send(
  endpoints: SourceEndpoints,
  source: LegacySource,
  request: { query: string; variables: Record<string, unknown> },
  caller: { principal: Principal; requestId: string },
): Promise<SourceAnswer> {
  try {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      ...signPrincipal(caller.principal, endpoints.principalSecret, caller.requestId),
    };
    injectTraceContext(headers);
    const res = await fetch(endpoints.urls[source], {
      method: 'POST',
      headers,
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(endpoints.timeoutMs),
    });
    // A body that is no JSON is a failing source; a deadline that passes while reading it is a timeout.
    const body = (await res.json().catch((err: Error) => {
      if (err?.name === 'TimeoutError' || err?.name === 'AbortError') throw err;
      return null;
    })) as {
      data?: Record<string, unknown> | null;
      errors?: { path?: (string | number)[]; extensions?: Record<string, unknown> }[];
    } | null;
    if (!body?.data) {
      const code = body?.errors?.[0]?.extensions?.code;
      return { ok: false, timedOut: false, reason: `HTTP ${res.status}${code ? ` ${String(code)}` : ''}` };
    }
    return { ok: true, data: body.data, errors: body.errors ?? [] };
  } catch (err) {
    const name = (err as Error)?.name;
    const timedOut = name === 'TimeoutError' || name === 'AbortError';
    return {
      ok: false,
      timedOut,
      reason: timedOut
        ? `no answer in ${endpoints.timeoutMs} ms`
        : String((err as { cause?: { code?: string } })?.cause?.code ?? (err as Error)?.message),
    };
  }
}
