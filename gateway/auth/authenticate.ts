import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { createRemoteJWKSet, importSPKI, JWTPayload, jwtVerify, JWTVerifyGetKey, KeyLike } from 'jose';
import { taxgraphError } from '../../shared/errors';
import { Principal, roleScopes } from '../../shared/principal';
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

  return {
    describe,
    async authenticate(req) {
      const header = req.headers.authorization;
      const m = typeof header === 'string' ? /^Bearer\s+([\w-]+\.[\w-]+\.[\w-]*)$/i.exec(header.trim()) : null;
      if (!m)
        throw unauthenticated(
          header ? 'The Authorization header is not a Bearer token' : 'Authentication required: send Authorization: Bearer <token>',
        );
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(m[1], key as never, { algorithms: [algorithm], issuer, audience, clockTolerance: 5 }));
      } catch (err) {
        const code = (err as { code?: string }).code;
        throw unauthenticated(code === 'ERR_JWT_EXPIRED' ? 'The token has expired' : 'The token is not valid');
      }
      return principalFrom(payload);
    },
  };
}

/** The principal a verified token describes; a token whose claims break the roles' rules is refused. */
export function principalFrom(payload: JWTPayload): Principal {
  const role = payload.role as Principal['role'];
  if (!payload.sub) throw unauthenticated('The token has no subject');
  if (!ROLES.includes(role)) throw unauthenticated(`The token's role must be one of ${ROLES.join(', ')}`);
  const bank = typeof payload.bank === 'string' ? payload.bank : undefined;
  if (role === 'bank' && !/^\d{12}$/.test(bank ?? '')) throw unauthenticated('A bank token must carry its 12-digit bank code');
  const granted = typeof payload.scope === 'string' ? payload.scope.split(' ').filter((s) => SCOPES.includes(s as never)) : [];
  // Analysts never see personal data, whatever their token says.
  const scopes = [...new Set([...roleScopes(role), ...granted.filter((s) => !(role === 'analyst' && s === 'pii:read'))])];
  return { sub: payload.sub, role, ...(role === 'bank' ? { bank } : {}), scopes };
}
