import { SignJWT } from 'jose';
import { OFFICE_CODE } from '../../shared/principal';

/** The kinds of caller (DESIGN.md "Who may see what"; API.md "Cases" for officers). */
export const ROLES = ['app', 'analyst', 'bank', 'officer'] as const;
export type Role = (typeof ROLES)[number];

export const SCOPES = ['pii:read', 'audit:read'] as const;

export interface TokenRequest {
  role: Role;
  /** The caller's name (the `sub` claim). */
  subject: string;
  /** A bank's 12-digit bank code (行号); required for, and only for, role bank. */
  bank?: string;
  /** An officer's 11-digit tax office code; required for, and only for, role officer. */
  office?: string;
  scopes?: string[];
  /** A jose duration such as '8h'. @default '8h' */
  expiresIn?: string;
}

/** Checks a token request against the roles' rules before anything is signed. */
export function checkTokenRequest(req: TokenRequest): void {
  if (!ROLES.includes(req.role)) throw new Error(`role must be one of ${ROLES.join(', ')}, got '${req.role}'`);
  if (req.role === 'bank' && !/^\d{12}$/.test(req.bank ?? '')) throw new Error('a bank token needs --bank with a 12-digit bank code');
  if (req.role !== 'bank' && req.bank) throw new Error('only a bank token carries a bank code');
  if (req.role === 'officer' && !OFFICE_CODE.test(req.office ?? ''))
    throw new Error('an officer token needs --office with an 11-digit tax office code');
  if (req.role !== 'officer' && req.office) throw new Error('only an officer token carries a tax office code');
  for (const s of req.scopes ?? []) if (!SCOPES.includes(s as never)) throw new Error(`unknown scope '${s}': one of ${SCOPES.join(', ')}`);
  if (req.role === 'analyst' && req.scopes?.includes('pii:read'))
    throw new Error('analysts never get personal data: no pii:read for role analyst');
}

/** Signs a development token with the HS256 secret (production uses RS256 keys from an identity provider). */
export async function issueDevToken(req: TokenRequest, secret: Uint8Array, issuer = 'taxgraph-dev'): Promise<string> {
  checkTokenRequest(req);
  const claims: Record<string, unknown> = { role: req.role };
  if (req.bank) claims.bank = req.bank;
  if (req.office) claims.office = req.office;
  if (req.scopes?.length) claims.scope = req.scopes.join(' ');
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(req.subject)
    .setIssuer(issuer)
    .setIssuedAt()
    .setExpirationTime(req.expiresIn ?? '8h')
    .sign(secret);
}
