import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { createRemoteJWKSet, importSPKI, JWTPayload, jwtVerify, JWTVerifyGetKey, KeyLike } from 'jose';
import { taxgraphError } from '../../shared/errors';
import { OFFICE_CODE, Principal, roleScopes } from '../../shared/principal';
import { ROLES, SCOPES } from './tokens';

/**
 * Token verification at the gateway with jose. Development: an HS256 secret (JWT_SECRET or
 * JWT_SECRET_FILE). Production: RS256 with a public key (JWT_PUBLIC_KEY, PEM) or a JWKS
 * (JWT_JWKS_URL). Exactly one algorithm is accepted, so a token cannot choose how it is checked.
 */
export interface Authenticator {
  authenticate(req: IncomingMessage): Promise<Principal>;
  /** 'HS256 (development secret)' or 'RS256 (...)', for the start-up log. */
  describe: string;
}

const unauthenticated = (message: string) =>
  taxgraphError('UNAUTHENTICATED', message, { http: { status: 401, headers: new Map([['www-authenticate', 'Bearer']]) } });

export async function createAuthenticator(env: NodeJS.ProcessEnv = process.env): Promise<Authenticator> {
  let key: Uint8Array | KeyLike | JWTVerifyGetKey;
  let algorithm: 'HS256' | 'RS256';
  let describe: string;
  if (env.JWT_JWKS_URL) {
    key = createRemoteJWKSet(new URL(env.JWT_JWKS_URL));
    algorithm = 'RS256';
    describe = `RS256 (JWKS ${new URL(env.JWT_JWKS_URL).host})`;
  } else if (env.JWT_PUBLIC_KEY) {
    key = await importSPKI(env.JWT_PUBLIC_KEY, 'RS256');
    algorithm = 'RS256';
    describe = 'RS256 (public key)';
  } else {
    const secret = env.JWT_SECRET ?? (env.JWT_SECRET_FILE ? readFileSync(env.JWT_SECRET_FILE, 'utf8').trim() : undefined);
    if (!secret || secret.length < 32) {
      throw new Error(
        'Set JWT_JWKS_URL or JWT_PUBLIC_KEY (production), or JWT_SECRET / JWT_SECRET_FILE with at least 32 characters (development)',
      );
    }
    key = new TextEncoder().encode(secret);
    algorithm = 'HS256';
    describe = 'HS256 (development secret)';
  }
  const issuer = env.JWT_ISSUER;
  const audience = env.JWT_AUDIENCE;
  const verified = new VerifiedTokens();

  return {
    describe,
    async authenticate(req) {
      const header = req.headers.authorization;
      const m = typeof header === 'string' ? /^Bearer\s+([\w-]+\.[\w-]+\.[\w-]*)$/i.exec(header.trim()) : null;
      if (!m)
        throw unauthenticated(
          header ? 'The Authorization header is not a Bearer token' : 'Authentication required: send Authorization: Bearer <token>',
        );
      const known = verified.get(m[1]);
      if (known) return known;
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(m[1], key as never, { algorithms: [algorithm], issuer, audience, clockTolerance: 5 }));
      } catch (err) {
        const code = (err as { code?: string }).code;
        throw unauthenticated(code === 'ERR_JWT_EXPIRED' ? 'The token has expired' : 'The token is not valid');
      }
      const principal = principalFrom(payload);
      verified.set(m[1], principal, payload.exp);
      return principal;
    },
  };
}

/** Tokens remembered at most. */
const MAX_VERIFIED_TOKENS = 10_000;
/** How long a verified token is remembered at most, ms: a key withdrawn from the JWKS stops a token within this. */
const MAX_VERIFIED_AGE_MS = 60_000;

/**
 * Tokens already verified, by their exact text, with the principal they describe. A caller sends the
 * same token with every request until it expires; verifying it once (signature, claims, principal)
 * rather than per request saves the gateway a few per cent of its CPU. An entry is kept until the
 * token's `exp` (without the clock tolerance a fresh check allows) and never longer than a minute;
 * the map is bounded, the oldest entry making room. Only verified tokens enter it: a refused token is
 * checked again each time. The principal is frozen, since requests share it.
 */
class VerifiedTokens {
  private readonly entries = new Map<string, { principal: Principal; until: number }>();

  get(token: string, now = Date.now()): Principal | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (now < entry.until) return entry.principal;
    this.entries.delete(token);
    return undefined;
  }

  set(token: string, principal: Principal, exp: number | undefined, now = Date.now()): void {
    const until = Math.min(now + MAX_VERIFIED_AGE_MS, exp === undefined ? Infinity : exp * 1000);
    if (until <= now) return;
    if (this.entries.size >= MAX_VERIFIED_TOKENS) this.entries.delete(this.entries.keys().next().value as string);
    Object.freeze(principal.scopes);
    this.entries.set(token, { principal: Object.freeze(principal), until });
  }
}

/** The principal a verified token describes; a token whose claims break the roles' rules is refused. */
export function principalFrom(payload: JWTPayload): Principal {
  const role = payload.role as Principal['role'];
  if (!payload.sub) throw unauthenticated('The token has no subject');
  if (!ROLES.includes(role)) throw unauthenticated(`The token's role must be one of ${ROLES.join(', ')}`);
  const bank = typeof payload.bank === 'string' ? payload.bank : undefined;
  if (role === 'bank' && !/^\d{12}$/.test(bank ?? '')) throw unauthenticated('A bank token must carry its 12-digit bank code');
  const office = typeof payload.office === 'string' ? payload.office : undefined;
  if (role === 'officer' && !OFFICE_CODE.test(office ?? ''))
    throw unauthenticated('An officer token must carry its 11-digit tax office code');
  const granted = typeof payload.scope === 'string' ? payload.scope.split(' ').filter((s) => SCOPES.includes(s as never)) : [];
  // Analysts never see personal data, whatever their token says.
  const scopes = [...new Set([...roleScopes(role), ...granted.filter((s) => !(role === 'analyst' && s === 'pii:read'))])];
  return { sub: payload.sub, role, ...(role === 'bank' ? { bank } : {}), ...(role === 'officer' ? { office } : {}), scopes };
}
