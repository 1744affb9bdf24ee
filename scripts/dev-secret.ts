import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { dataDir } from '../seeds/postgres';

/** The development HS256 secret, generated into the data directory the first time it is needed. */
export function devSecretPath(): string {
  return join(dataDir(), 'dev-jwt-secret');
}

export function devSecret(): Uint8Array {
  const path = devSecretPath();
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return new TextEncoder().encode(readFileSync(path, 'utf8').trim());
}
