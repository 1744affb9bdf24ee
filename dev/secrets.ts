import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { dataDir } from '../shared/paths';

/**
 * Development secrets, generated into the data directory the first time they are needed:
 * `dev-jwt-secret` (HS256 tokens) and `dev-principal-secret` (gateway-to-subgraph signatures).
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
