import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { dataDir } from '../shared/paths';

/**
 * Development secrets, generated into the data directory the first time they are needed:
 * `dev-jwt-secret` (HS256 tokens), `dev-principal-secret` (gateway-to-subgraph signatures) and
 * `dev-audit-signing-key.pem` (the Ed25519 key the gateway signs audit checkpoints with).
 */
export function devSecretPath(name: 'jwt' | 'principal' = 'jwt'): string {
  return join(dataDir(), `dev-${name}-secret`);
}

export function devSecretText(name: 'jwt' | 'principal'): string {
  const path = devSecretPath(name);
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(path, 'utf8').trim();
}

/** The HS256 key for development tokens. */
export function devSecret(): Uint8Array {
  return new TextEncoder().encode(devSecretText('jwt'));
}

/** The development audit checkpoint key (Ed25519, PEM PKCS#8), made the first time: its path, for TAXGRAPH_AUDIT_SIGNING_KEY_FILE. */
export function devAuditSigningKeyPath(): string {
  const path = join(dataDir(), 'dev-audit-signing-key.pem');
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(path, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  }
  return path;
}
