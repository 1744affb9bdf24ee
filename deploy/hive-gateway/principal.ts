/**
 * What Hive Gateway must do for the subgraphs to answer it: sign the caller's principal the way taxgraph's
 * gateway does (shared/principal.ts signPrincipal, from the claims as gateway/auth/authenticate.ts principalFrom
 * reads them). Self-contained (node:crypto only): the official Hive image loads this file beside its config and
 * has none of taxgraph's code. test/unit/deploy-hive.test.ts holds it to taxgraph's own: the subgraphs accept
 * its headers and read the same principal from the same claims.
 */
import { createHmac, randomUUID } from 'node:crypto';

/** The claims of a verified token (its payload). */
export type Claims = Record<string, unknown>;

const ROLES = ['app', 'analyst', 'bank', 'officer'];
/** Scopes a token may carry; a role grants `taxpayer:read` itself, except a bank's. */
const SCOPES = ['pii:read', 'audit:read'];

/** The principal the claims describe, or null when they break the roles' rules (then nothing is signed: the subgraphs answer 401). */
export function principalOf(claims: Claims): Record<string, unknown> | null {
  const role = claims.role as string;
  if (typeof claims.sub !== 'string' || !claims.sub || !ROLES.includes(role)) return null;
  const bank = typeof claims.bank === 'string' ? claims.bank : undefined;
  const office = typeof claims.office === 'string' ? claims.office : undefined;
  if (role === 'bank' && !/^\d{12}$/.test(bank ?? '')) return null;
  if (role === 'officer' && !/^\d{11}$/.test(office ?? '')) return null;
  const granted = typeof claims.scope === 'string' ? claims.scope.split(' ').filter((s) => SCOPES.includes(s)) : [];
  // Analysts never see personal data, whatever their token says.
  const scopes = [
    ...new Set([...(role === 'bank' ? [] : ['taxpayer:read']), ...granted.filter((s) => !(role === 'analyst' && s === 'pii:read'))]),
  ];
  return { sub: claims.sub, role, ...(role === 'bank' ? { bank } : {}), ...(role === 'officer' ? { office } : {}), scopes };
}

/** The headers every subgraph request carries: the principal, its HMAC-SHA256 signature with a timestamp, the request id. */
export function principalHeaders(claims: Claims, secret: string, requestId: string, now = Date.now()): Record<string, string> {
  const principal = principalOf(claims);
  if (!principal) return { 'x-request-id': requestId };
  const payload = Buffer.from(JSON.stringify(principal)).toString('base64url');
  const timestamp = String(now);
  const mac = createHmac('sha256', secret).update(`${timestamp}.${requestId}.${payload}`).digest('base64url');
  return { 'x-taxgraph-principal': payload, 'x-taxgraph-signature': `t=${timestamp},v1=${mac}`, 'x-request-id': requestId };
}

/** Hive Gateway's onFetch hook, as much of it as this plugin uses. */
interface FetchHook {
  /** Hive's context: the request, and the JWT plugin's verified claims (`jwt.payload`). Absent for Hive's own fetches. */
  context?: object;
  options: { headers?: unknown };
  setOptions(options: { headers?: Record<string, string> }): void;
}

/** Headers of any form (a record, a Headers, pairs) as a record. */
const asRecord = (headers: unknown): Record<string, string> =>
  headers ? Object.fromEntries(new Headers(headers as ConstructorParameters<typeof Headers>[0]).entries()) : {};

/**
 * The plugin: every subgraph call carries the caller's principal (the verified token's claims, `context.jwt.payload`
 * from Hive's JWT plugin) signed with a fresh timestamp, since subgraphs refuse a signature older than 60 s.
 */
export function principalSigning(secret: string) {
  return {
    onFetch({ context, options, setOptions }: FetchHook): void {
      const { jwt, request } = (context ?? {}) as { jwt?: { payload?: Claims }; request?: Request };
      const requestId = request?.headers.get('x-request-id') ?? randomUUID();
      const signed = principalHeaders(jwt?.payload ?? {}, secret, requestId);
      setOptions({ ...options, headers: { ...asRecord(options.headers), ...signed } });
    },
  };
}
