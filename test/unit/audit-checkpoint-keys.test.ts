/**
 * The audit checkpoints' settings and keys, without a database: a key is read as PEM or JWK, known by
 * its RFC 7638 thumbprint whatever form it came in, and a bad or missing setting stops the gateway
 * naming the variable (no key at all only under NODE_ENV=production).
 */
import { calculateJwkThumbprint } from 'jose';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkpointSettingsFromEnv } from '../../gateway/audit/checkpoint';
import { publicKeysOf, signingKeyFromEnv } from '../../gateway/audit/checkpoint-key';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const jwk = JSON.stringify(privateKey.export({ format: 'jwk' }));

describe('audit checkpoint keys', () => {
  it('reads the key as PEM, JWK or a file, and names it by its JWK thumbprint', async () => {
    const fromPem = signingKeyFromEnv({ TAXGRAPH_AUDIT_SIGNING_KEY: pem })!;
    const fromJwk = signingKeyFromEnv({ TAXGRAPH_AUDIT_SIGNING_KEY: jwk })!;
    const file = join(mkdtempSync(join(tmpdir(), 'tg-key-')), 'key.pem');
    writeFileSync(file, pem);
    const fromFile = signingKeyFromEnv({ TAXGRAPH_AUDIT_SIGNING_KEY_FILE: file })!;
    const { crv, kty, x } = publicKey.export({ format: 'jwk' });
    const thumbprint = await calculateJwkThumbprint({ crv, kty, x } as never);
    expect([fromPem.kid, fromJwk.kid, fromFile.kid]).toEqual([thumbprint, thumbprint, thumbprint]);
    // The published half holds no private member.
    expect(fromPem.publicJwk).toEqual({ kty: 'OKP', crv: 'Ed25519', x, kid: thumbprint, alg: 'EdDSA', use: 'sig' });
    // A verifier takes a JWKS, a JWK, a public PEM or the private PEM, to the same key.
    const spki = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    for (const text of [JSON.stringify({ keys: [fromPem.publicJwk] }), JSON.stringify(fromPem.publicJwk), spki, pem, jwk]) {
      expect(publicKeysOf(text, 'test').map((k) => k.kid)).toEqual([thumbprint]);
    }
  });

  it('refuses a bad key, naming the variable', () => {
    expect(() => signingKeyFromEnv({ TAXGRAPH_AUDIT_SIGNING_KEY: 'not a key' })).toThrow(
      /^TAXGRAPH_AUDIT_SIGNING_KEY must hold an Ed25519/,
    );
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => signingKeyFromEnv({ TAXGRAPH_AUDIT_SIGNING_KEY: rsa })).toThrow(/rsa key, not Ed25519/);
    expect(() => signingKeyFromEnv({ TAXGRAPH_AUDIT_SIGNING_KEY_FILE: '/nonexistent/key.pem' })).toThrow(
      /^TAXGRAPH_AUDIT_SIGNING_KEY_FILE: cannot read/,
    );
    expect(() => signingKeyFromEnv({ TAXGRAPH_AUDIT_SIGNING_KEY: pem, TAXGRAPH_AUDIT_SIGNING_KEY_FILE: '/x' })).toThrow(/not both/);
    expect(() => publicKeysOf('{"keys":[{"kty":"RSA"}]}', 'keys.json')).toThrow(/^keys.json: not an Ed25519 public key/);
  });

  it('runs without checkpoints outside production, refuses to start without a key in production, and checks the interval', () => {
    expect(checkpointSettingsFromEnv({})).toEqual({ key: undefined, intervalMs: 60_000, dir: undefined });
    expect(() => checkpointSettingsFromEnv({ NODE_ENV: 'production' })).toThrow(/TAXGRAPH_AUDIT_SIGNING_KEY .* is not set/);
    const settings = checkpointSettingsFromEnv({
      NODE_ENV: 'production',
      TAXGRAPH_AUDIT_SIGNING_KEY: pem,
      TAXGRAPH_AUDIT_CHECKPOINT_MS: '5000',
      TAXGRAPH_AUDIT_CHECKPOINT_DIR: '/var/lib/taxgraph/checkpoints',
    });
    expect(settings).toMatchObject({ intervalMs: 5000, dir: '/var/lib/taxgraph/checkpoints' });
    expect(settings.key?.kid).toMatch(/^[\w-]{43}$/);
    for (const bad of ['0', '50', '1.5', 'soon', '86400001']) {
      expect(() => checkpointSettingsFromEnv({ TAXGRAPH_AUDIT_CHECKPOINT_MS: bad })).toThrow(
        /^TAXGRAPH_AUDIT_CHECKPOINT_MS must be an integer/,
      );
    }
  });
});
