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

const RETRIED = new Set(['RATE_LIMITED', 'SOURCE_UNAVAILABLE', 'SOURCE_TIMEOUT', 'AUDIT_UNAVAILABLE']);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function gatewayClient(opts: GatewayClientOptions) {
  const attempts = opts.attempts ?? 6;
  return async function run<T>(name: string, query: string, variables: Record<string, unknown>): Promise<T> {
    let last = '';
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt) await sleep(Math.min(250 * 2 ** attempt, 8000));
      const started = performance.now();
      let res: Response;
      try {
        res = await fetch(opts.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${opts.token}`, 'x-purpose': opts.purpose },
          body: JSON.stringify({ operationName: name, query, variables }),
          signal: AbortSignal.timeout(120_000),
        });
      } catch (err) {
        last = `gateway unreachable: ${(err as Error).message}`;
        continue;
      }
      const body = (await res.json().catch(() => null)) as {
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
}
