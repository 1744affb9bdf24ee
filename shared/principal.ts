import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Who is asking, as the gateway vouches for it. The gateway verifies the caller's token and passes
 * the principal to subgraphs in `x-taxgraph-principal`, signed with HMAC-SHA256 over the principal,
 * a timestamp and the request id (`x-taxgraph-signature`). A subgraph trusts only a valid, fresh
 * signature, so nobody can go around the gateway; any gateway that signs the same way can sit in front.
 */
export interface Principal {
  /** The caller (JWT `sub`). */
  sub: string;
  role: 'app' | 'analyst' | 'bank' | 'officer';
  /** A bank's 12-digit bank code (行号), for role bank. */
  bank?: string;
  /** An officer's 11-digit tax office code (税务机关代码), for role officer: the office whose cases it may change. */
  office?: string;
  /** Effective scopes: the token's (`pii:read`, `audit:read`) and those the role grants (`taxpayer:read`). */
  scopes: string[];
}

/** A tax office code (税务机关代码): 11 digits. */
export const OFFICE_CODE = /^\d{11}$/;

export const PRINCIPAL_HEADER = 'x-taxgraph-principal';
export const SIGNATURE_HEADER = 'x-taxgraph-signature';
export const REQUEST_ID_HEADER = 'x-request-id';

/** How old a signature may be before a subgraph refuses it (clock skew and queueing included). */
export const MAX_SIGNATURE_AGE_MS = 60_000;

/** Scopes a role grants by itself: banks get none of the taxpayer's records, only their own payments. */
export function roleScopes(role: Principal['role']): string[] {
  return role === 'bank' ? [] : ['taxpayer:read'];
}

function mac(secret: string, payload: string, timestamp: string, requestId: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${requestId}.${payload}`).digest('base64url');
}

/** The two headers a gateway sends with every subgraph request. */
export function signPrincipal(principal: Principal, secret: string, requestId: string, now = Date.now()): Record<string, string> {
  const payload = Buffer.from(JSON.stringify(principal)).toString('base64url');
  const timestamp = String(now);
  return {
    [PRINCIPAL_HEADER]: payload,
    [SIGNATURE_HEADER]: `t=${timestamp},v1=${mac(secret, payload, timestamp, requestId)}`,
    [REQUEST_ID_HEADER]: requestId,
  };
}

export type PrincipalCheck = { ok: true; principal: Principal } | { ok: false; reason: string };

/** Verifies the headers of an incoming subgraph request. */
export function verifyPrincipal(headers: Record<string, string | string[] | undefined>, secret: string, now = Date.now()): PrincipalCheck {
  const one = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const payload = one(PRINCIPAL_HEADER);
  const signature = one(SIGNATURE_HEADER);
  const requestId = one(REQUEST_ID_HEADER) ?? '';
  if (!payload || !signature) return { ok: false, reason: 'no gateway signature' };
  const m = /^t=(\d{1,15}),v1=([\w-]{20,100})$/.exec(signature);
  if (!m) return { ok: false, reason: 'malformed gateway signature' };
  const expected = Buffer.from(mac(secret, payload, m[1], requestId));
  const given = Buffer.from(m[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'invalid gateway signature' };
  if (Math.abs(now - Number(m[1])) > MAX_SIGNATURE_AGE_MS) return { ok: false, reason: 'stale gateway signature' };
  let principal: Principal;
  try {
    principal = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Principal;
  } catch {
    return { ok: false, reason: 'unreadable principal' };
  }
  if (
    !principal ||
    typeof principal.sub !== 'string' ||
    !['app', 'analyst', 'bank', 'officer'].includes(principal.role) ||
    !Array.isArray(principal.scopes)
  ) {
    return { ok: false, reason: 'incomplete principal' };
  }
  if (principal.role === 'bank' && !/^\d{12}$/.test(principal.bank ?? ''))
    return { ok: false, reason: 'bank principal without a bank code' };
  if (principal.role === 'officer' && !OFFICE_CODE.test(principal.office ?? ''))
    return { ok: false, reason: 'officer principal without a tax office code' };
  return { ok: true, principal };
}

/** The secret shared by the gateway and the subgraphs (`TAXGRAPH_PRINCIPAL_SECRET`), at least 32 characters. */
export function principalSecretFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const secret = env.TAXGRAPH_PRINCIPAL_SECRET;
  if (!secret || secret.length < 32) {
    throw new Error('TAXGRAPH_PRINCIPAL_SECRET must be set to a shared secret of at least 32 characters (npm start generates one)');
  }
  return secret;
}
