import type { JWK } from 'jose';
import { createHash, createPrivateKey, createPublicKey, JsonWebKey, KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * The Ed25519 keys of the audit checkpoints: the gateway's private key (from the configuration), and
 * the public keys a verifier trusts. A key is known by its `kid`, the RFC 7638 thumbprint of its
 * public JWK, which every checkpoint names: keys rotate without a registry, and a verifier given the
 * old and the new public key checks the checkpoints of both.
 */
export interface CheckpointSigningKey {
  privateKey: KeyObject;
  /** The public half as a JWK, with `kid`, `alg` and `use` (what /audit/checkpoint-keys publishes). */
  publicJwk: JWK & { kid: string };
  kid: string;
}

/** The public keys a verifier trusts, by kid. */
export type TrustedKeys = Map<string, { key: KeyObject; jwk: JWK & { kid: string } }>;

/** A JSON Web Key Set of public keys. */
export interface Jwks {
  keys: (JWK & { kid: string })[];
}

/** The public JWK of a key (private or public), with its RFC 7638 thumbprint (SHA-256) as kid. */
export function publicJwkOf(key: KeyObject): JWK & { kid: string } {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  if (publicKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(`an audit checkpoint key must be Ed25519, got ${publicKey.asymmetricKeyType ?? publicKey.type}`);
  }
  const { crv, kty, x } = publicKey.export({ format: 'jwk' });
  // The thumbprint hashes the required members in lexicographic order, without spaces (RFC 7638 section 3).
  const kid = createHash('sha256').update(JSON.stringify({ crv, kty, x })).digest('base64url');
  return { kty: kty!, crv, x, kid, alg: 'EdDSA', use: 'sig' };
}

/** A private key from text: PEM (PKCS#8) or a JWK with `d`. Throws saying which form was expected. */
function privateKeyOf(text: string): KeyObject {
  const trimmed = text.trim();
  const key = trimmed.startsWith('{')
    ? createPrivateKey({ key: JSON.parse(trimmed) as JsonWebKey, format: 'jwk' })
    : createPrivateKey(trimmed);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`it is an ${key.asymmetricKeyType} key, not Ed25519`);
  return key;
}

/**
 * The signing key from `TAXGRAPH_AUDIT_SIGNING_KEY` (the key's text) or `TAXGRAPH_AUDIT_SIGNING_KEY_FILE`
 * (a file holding it), PEM PKCS#8 or a private JWK; undefined when neither is set. A key that cannot be
 * read throws naming the variable, so the gateway stops at start rather than run without evidence.
 */
export function signingKeyFromEnv(env: NodeJS.ProcessEnv): CheckpointSigningKey | undefined {
  const inline = env.TAXGRAPH_AUDIT_SIGNING_KEY?.trim();
  const file = env.TAXGRAPH_AUDIT_SIGNING_KEY_FILE?.trim();
  if (inline && file) throw new Error('Set TAXGRAPH_AUDIT_SIGNING_KEY or TAXGRAPH_AUDIT_SIGNING_KEY_FILE, not both');
  if (!inline && !file) return undefined;
  const variable = inline ? 'TAXGRAPH_AUDIT_SIGNING_KEY' : 'TAXGRAPH_AUDIT_SIGNING_KEY_FILE';
  let text: string;
  try {
    text = inline ?? readFileSync(file!, 'utf8');
  } catch (err) {
    throw new Error(`${variable}: cannot read ${file}: ${(err as Error).message}`, { cause: err });
  }
  let privateKey: KeyObject;
  try {
    privateKey = privateKeyOf(text);
  } catch (err) {
    throw new Error(
      `${variable} must hold an Ed25519 private key, as PEM (PKCS#8, "-----BEGIN PRIVATE KEY-----") or a JWK with "d": ${(err as Error).message}`,
      { cause: err },
    );
  }
  const publicJwk = publicJwkOf(privateKey);
  return { privateKey, publicJwk, kid: publicJwk.kid };
}

/**
 * Public keys from a file's text: a JWKS (`{"keys": [...]}`, e.g. saved from /audit/checkpoint-keys or
 * the checkpoint directory's `checkpoint-keys.jwks.json`), one JWK, or PEM (a public key, or a private
 * key whose public half is taken). Keys other than Ed25519 are refused.
 */
export function publicKeysOf(text: string, source: string): (JWK & { kid: string })[] {
  const trimmed = text.trim();
  try {
    if (trimmed.startsWith('{')) {
      const parsed = JSON.parse(trimmed) as { keys?: unknown } & JWK;
      const jwks = Array.isArray(parsed.keys) ? (parsed.keys as JWK[]) : [parsed];
      // Only the public members: a private JWK given by mistake is used for its public half.
      return jwks.map(({ kty, crv, x }) => publicJwkOf(createPublicKey({ key: { kty, crv, x } as JsonWebKey, format: 'jwk' })));
    }
    const key = trimmed.includes('PRIVATE KEY') ? createPublicKey(createPrivateKey(trimmed)) : createPublicKey(trimmed);
    return [publicJwkOf(key)];
  } catch (err) {
    throw new Error(`${source}: not an Ed25519 public key (PEM, JWK or JWKS): ${(err as Error).message}`, { cause: err });
  }
}

/** Adds keys to a trusted set, by kid. */
export function trust(keys: TrustedKeys, jwks: (JWK & { kid: string })[]): TrustedKeys {
  for (const jwk of jwks) {
    const { kty, crv, x } = jwk;
    keys.set(jwk.kid, { jwk, key: createPublicKey({ key: { kty, crv, x } as JsonWebKey, format: 'jwk' }) });
  }
  return keys;
}
