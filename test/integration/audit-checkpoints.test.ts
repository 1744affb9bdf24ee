/**
 * Signed checkpoints of the audit chain's head on a real PostgreSQL: the writer commits records, a
 * checkpointer signs the head (Ed25519) into `audit_checkpoint` and a file, and the verifier (in-process
 * and as the compiled `npm run audit:verify`) checks every signature and each head against the chain.
 * Cutting the newest records off after a checkpoint is caught and named; so are a forged or altered
 * checkpoint, one signed by a key not given, one deleted from the table but kept in the shipped file,
 * and a chain regrown over the cut. Keys rotate: checkpoints of two keys verify with both. A gateway
 * process signs at its interval and once more at shutdown, after its last record.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { migrateFederationDbAt } from '../../shared/federation-db';
import {
  AuditCheckpointer,
  CHECKPOINT_FILE,
  CHECKPOINT_KEYS_FILE,
  CheckpointOutcome,
  signCheckpoint,
} from '../../gateway/audit/checkpoint';
import { CheckpointSigningKey, signingKeyFromEnv, trust, TrustedKeys } from '../../gateway/audit/checkpoint-key';
import { openAuditPool } from '../../gateway/audit/pool';
import { AuditEntry } from '../../gateway/audit/record';
import { EvidenceReport, readCheckpointFiles, verifyAuditEvidence } from '../../gateway/audit/verify';
import { AuditWriter } from '../../gateway/audit/writer';
import { createTestDatabases } from '../support/db';
import { requireBuild, Stack } from '../support/processes';
import { tokenFor } from '../support/seeded';
import { runAuditVerify } from '../support/audit-verify';

const entry = (requestId: string): AuditEntry => ({
  at: new Date().toISOString(),
  requestId,
  subject: 'app-1',
  role: 'app',
  bank: null,
  purpose: null,
  operationName: 'Op',
  documentHash: null,
  variables: null,
  taxpayers: [],
  vouchers: [],
  outcome: 'ok',
  errorCodes: [],
  durationMs: 1,
});

/** A fresh Ed25519 key as the gateway reads it, and its PEM. */
function newKey(): { key: CheckpointSigningKey; pem: string } {
  const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  return { key: signingKeyFromEnv({ TAXGRAPH_AUDIT_SIGNING_KEY: pem })!, pem };
}

const trusted = (...keys: CheckpointSigningKey[]): TrustedKeys =>
  trust(
    new Map(),
    keys.map((k) => k.publicJwk),
  );

async function withClient<T>(url: string, f: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await f(client);
  } finally {
    await client.end();
  }
}

/** verifyAuditEvidence as the command runs it: files read first, then one snapshot. */
function evidence(url: string, keys: TrustedKeys, files: string[] = []): Promise<EvidenceReport> {
  const found = readCheckpointFiles(files);
  return withClient(url, async (c) => {
    await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      return await verifyAuditEvidence(c, { keys, files: found });
    } finally {
      await c.query('COMMIT');
    }
  });
}

/** Runs `sql` with the append-only triggers of both tables lifted, as someone with the rights to do so would. */
function tamper(url: string, sql: string, params: unknown[] = []): Promise<void> {
  return withClient(url, async (c) => {
    await c.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
    await c.query('ALTER TABLE audit_checkpoint DISABLE TRIGGER USER');
    try {
      await c.query(sql, params);
    } finally {
      await c.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
      await c.query('ALTER TABLE audit_checkpoint ENABLE TRIGGER USER');
    }
  });
}

const kinds = (r: EvidenceReport) => r.problems.map((p) => p.kind);

describe('audit checkpoints', () => {
  const closers: (() => Promise<void>)[] = [];
  let urls: Record<string, string>;

  /** A gateway's audit side in-process: a writer and a checkpointer on one pool. */
  function gatewayOn(url: string, key: CheckpointSigningKey, dir?: string) {
    const pool = openAuditPool({ url });
    const writer = new AuditWriter(pool, async () => undefined);
    const outcomes: CheckpointOutcome[] = [];
    const checkpointer = new AuditCheckpointer({ pool, key, dir, onCheckpoint: (o) => outcomes.push(o), intervalMs: 3_600_000 });
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      await writer.close();
    };
    closers.push(close);
    const write = async (n: number, prefix: string) => {
      for (let i = 0; i < n; i++) await writer.append(entry(`${prefix}-${i}`));
    };
    return { writer, checkpointer, outcomes, write, close };
  }

  beforeAll(async () => {
    requireBuild('scripts/audit-verify.js');
    urls = await createTestDatabases('audit-checkpoints', ['signed', 'truncated', 'forged', 'rotated', 'process']);
    for (const url of Object.values(urls)) await migrateFederationDbAt(url, { applicationName: 'audit-checkpoints-test' });
  });

  afterAll(async () => {
    for (const close of closers) await close();
  });

  it('signs the head, skips a head already signed, and verifies; later records are reported as not yet covered', async () => {
    const url = urls.signed;
    const { key, pem } = newKey();
    const a = gatewayOn(url, key);
    const b = gatewayOn(url, key);
    expect(await a.checkpointer.checkpoint('interval')).toBeUndefined(); // an empty chain attests nothing
    await a.write(5, 'signed');
    const first = await a.checkpointer.checkpoint('interval');
    expect(first?.payload).toMatchObject({ v: 1, chain: 'audit_log', seq: '5', count: '5', reason: 'interval' });
    expect(first?.kid).toBe(key.kid);
    // The newest checkpoint (any gateway's) already names this head: nothing new to sign.
    expect(await b.checkpointer.checkpoint('interval')).toBeUndefined();
    expect([a.outcomes, b.outcomes]).toEqual([['skipped', 'signed'], ['skipped']]);

    // Two gateways signing the same new head at once: neither conflicts with the other.
    await b.write(2, 'more');
    const both = await Promise.all([a.checkpointer.checkpoint('interval'), b.checkpointer.checkpoint('interval')]);
    expect(both.filter(Boolean).length).toBeGreaterThanOrEqual(1);
    for (const c of both.filter(Boolean)) expect(c!.payload.seq).toBe('7');

    await a.write(3, 'uncovered');
    const report = await evidence(url, trusted(key));
    expect(report.problems).toEqual([]);
    expect(report.chain).toMatchObject({ ok: true, count: 10 });
    expect(report.latest?.payload.seq).toBe('7');
    expect(report.verified).toBe(report.checkpoints);
    expect(report.notes).toEqual(['3 records (8 to 10) after the latest checkpoint are not yet covered by a checkpoint']);

    // The command, with the key from the configuration (its public half).
    const keyFile = join(mkdtempSync(join(tmpdir(), 'tg-ckpt-')), 'key.pem');
    writeFileSync(keyFile, pem);
    const ok = await runAuditVerify(url, []);
    expect(ok.code).toBe(2); // checkpoints, and no key to check them with
    expect(ok.out).toContain('NOT CHECKED');
    const checked = await runAuditVerify(url, [], { TAXGRAPH_AUDIT_SIGNING_KEY_FILE: keyFile });
    expect(checked.out).toContain('audit trail OK: 10 records, chain intact');
    expect(checked.out).toMatch(/checkpoints: \d+, \d+ with a verified signature/);
    expect(checked.out).toContain('covers records 1 to 7');
    expect(checked.out).toContain('3 records (8 to 10) after the latest checkpoint are not yet covered');
    expect(checked.code).toBe(0);
  });

  it('catches the newest records cut off after a checkpoint, names the checkpoint and counts what is missing', async () => {
    const url = urls.truncated;
    const { key } = newKey();
    const dir = mkdtempSync(join(tmpdir(), 'tg-ckpt-'));
    const g = gatewayOn(url, key, dir);
    await g.checkpointer.start();
    await g.write(10, 'kept');
    const signed = (await g.checkpointer.checkpoint('interval'))!;
    expect(signed.payload.seq).toBe('10');
    expect((await evidence(url, trusted(key), [dir])).problems).toEqual([]);
    // The public key was written next to the checkpoints, and each checkpoint appended there.
    const keysFile = join(dir, CHECKPOINT_KEYS_FILE);
    expect(JSON.parse(readFileSync(keysFile, 'utf8')).keys.map((k: { kid: string }) => k.kid)).toEqual([key.kid]);
    expect(readFileSync(join(dir, CHECKPOINT_FILE), 'utf8').trim().split('\n')).toHaveLength(1);
    await g.close();

    await tamper(url, 'DELETE FROM audit_log WHERE seq > 7');
    const cut = await evidence(url, trusted(key));
    // The chain alone looks intact: only the checkpoint shows the cut.
    expect(cut.chain).toMatchObject({ ok: true, count: 7 });
    expect(kinds(cut)).toEqual(['TRUNCATED']);
    expect(cut.problems[0].message).toContain(`checkpoint #${signed.id}`);
    expect(cut.problems[0].message).toContain('3 records are missing after record 7 (8 to 10)');

    const command = await runAuditVerify(url, ['--public-key', keysFile]);
    expect(command.code).toBe(1);
    expect(command.out).toContain(`audit trail TRUNCATED: checkpoint #${signed.id}`);
    expect(command.out).toContain('3 records are missing after record 7');
    process.stdout.write(command.out);

    // Whoever also deletes the checkpoint from its table is caught by the file shipped elsewhere.
    await tamper(url, 'DELETE FROM audit_checkpoint');
    expect((await evidence(url, trusted(key))).problems).toEqual([]);
    const shipped = await runAuditVerify(url, ['--public-key', keysFile, '--checkpoints', dir]);
    expect(shipped.code).toBe(1);
    expect(shipped.out).toContain('audit trail CHECKPOINT DELETED');
    expect(shipped.out).toContain('audit trail TRUNCATED');

    // Regrowing the chain over the cut does not hide it: the checkpoint's record now has another hash.
    const again = gatewayOn(url, key);
    await again.write(5, 'regrown');
    const regrown = await evidence(url, trusted(key), [dir]);
    expect(regrown.chain).toMatchObject({ ok: true, count: 12 });
    expect(kinds(regrown)).toEqual(['CHECKPOINT DELETED', 'REWRITTEN']);
    expect(regrown.problems[1].message).toContain('names record 10');
  });

  it('fails a checkpoint whose payload or signature was tampered with, one signed by a key not given, and altered columns', async () => {
    const url = urls.forged;
    const { key } = newKey();
    const g = gatewayOn(url, key);
    await g.write(4, 'forged');
    const real = (await g.checkpointer.checkpoint('interval'))!;
    expect((await evidence(url, trusted(key))).problems).toEqual([]);
    // The table is append-only, as the chain: what follows needs the triggers lifted first.
    for (const sql of ['UPDATE audit_checkpoint SET head_seq = 1', 'DELETE FROM audit_checkpoint', 'TRUNCATE audit_checkpoint']) {
      await expect(withClient(url, (c) => c.query(sql))).rejects.toThrow(/audit_checkpoint is append-only/);
    }

    // A payload claiming a longer chain, with the real signature: the signature no longer fits.
    const [header, payload, signature] = real.jws.split('.');
    const claimed = { ...JSON.parse(Buffer.from(payload, 'base64url').toString()), seq: '40', count: '40' };
    const swapped = `${header}.${Buffer.from(JSON.stringify(claimed)).toString('base64url')}.${signature}`;
    const flipped = `${header}.${payload}.${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    // A checkpoint signed with the forger's own key.
    const stranger = newKey().key;
    const foreign = await signCheckpoint({ ...real.payload, seq: '4', at: new Date().toISOString() }, stranger);
    const insert = `INSERT INTO audit_checkpoint (signed_at, head_seq, head_hash, record_count, reason, signer, kid, jws)
                    VALUES (now(), $1, $2, $1, 'interval', 'forger', $3, $4)`;
    await tamper(url, insert, ['40', real.payload.hash, key.kid, swapped]);
    let report = await evidence(url, trusted(key));
    expect(kinds(report)).toEqual(['FORGED']);
    expect(report.problems[0].message).toContain('its signature does not verify');
    // A forged checkpoint cannot claim a truncation either: only verified checkpoints count.
    expect(report.latest?.payload.seq).toBe('4');

    await tamper(url, 'DELETE FROM audit_checkpoint WHERE signer = $1', ['forger']);
    await tamper(url, insert, ['4', real.payload.hash, key.kid, flipped]);
    report = await evidence(url, trusted(key));
    expect(kinds(report)).toEqual(['FORGED']);

    await tamper(url, 'DELETE FROM audit_checkpoint WHERE signer = $1', ['forger']);
    await tamper(url, insert, ['4', real.payload.hash, stranger.kid, foreign]);
    report = await evidence(url, trusted(key));
    expect(kinds(report)).toEqual(['UNKNOWN KEY']);
    expect(report.problems[0].message).toContain(stranger.kid);
    const command = await runAuditVerify(url, ['--public-key', writeKeys([key])]);
    expect(command.code).toBe(1);
    expect(command.out).toContain('audit trail UNKNOWN KEY');

    // The readable columns changed, the signed payload not: reported, and the payload is what counts.
    await tamper(url, 'DELETE FROM audit_checkpoint WHERE signer = $1', ['forger']);
    await tamper(url, 'UPDATE audit_checkpoint SET head_seq = 3, record_count = 3 WHERE id = $1', [real.id]);
    report = await evidence(url, trusted(key));
    expect(kinds(report)).toEqual(['ALTERED']);
    expect(report.latest?.payload.seq).toBe('4');

    // Rows merely claiming to sign the new head, or a later one, do not stop the gateway signing it.
    await g.write(1, 'after');
    await tamper(url, insert, ['5', real.payload.hash, key.kid, swapped]);
    await tamper(url, insert, ['40', real.payload.hash, key.kid, swapped]);
    const seen = g.outcomes.length;
    expect((await g.checkpointer.checkpoint('interval'))?.payload.seq).toBe('5');
    expect(g.outcomes.slice(seen)).toEqual(['behind', 'signed']);
  });

  it('verifies checkpoints of two keys (a rotation) with both, and names the old key when only the new one is given', async () => {
    const url = urls.rotated;
    const dir = mkdtempSync(join(tmpdir(), 'tg-ckpt-'));
    const old = newKey().key;
    const next = newKey().key;
    const before = gatewayOn(url, old, dir);
    await before.checkpointer.start();
    await before.write(3, 'old');
    expect((await before.checkpointer.stop())?.kid).toBe(old.kid);
    await before.close();
    const after = gatewayOn(url, next, dir);
    await after.checkpointer.start();
    await after.write(3, 'new');
    expect((await after.checkpointer.checkpoint('interval'))?.kid).toBe(next.kid);

    const both = await evidence(url, trusted(old, next), [dir]);
    expect(both.problems).toEqual([]);
    expect(both.verified).toBe(2);
    expect(both.kids.sort()).toEqual([old.kid, next.kid].sort());

    const onlyNew = await evidence(url, trusted(next));
    expect(kinds(onlyNew)).toEqual(['UNKNOWN KEY']);
    expect(onlyNew.problems[0].message).toContain(old.kid);

    // The directory's JWKS holds both keys: it alone verifies everything shipped with it.
    const jwks = join(dir, CHECKPOINT_KEYS_FILE);
    const command = await runAuditVerify(url, ['--public-key', jwks, '--checkpoints', dir]);
    expect(command.out).toContain('audit trail OK: 6 records');
    expect(command.out).toContain('checkpoints: 2, 2 with a verified signature');
    expect(command.code).toBe(0);
  });

  it('a gateway process signs at its interval, publishes its public key, and signs once more at shutdown after its last record', async () => {
    const url = urls.process;
    const { key, pem } = newKey();
    const dir = mkdtempSync(join(tmpdir(), 'tg-ckpt-'));
    const stack = new Stack({ federation: url } as ConstructorParameters<typeof Stack>[0]);
    closers.push(() => stack.stop());
    const gateway = await stack.startGateway({
      TAXGRAPH_AUDIT_SIGNING_KEY: pem,
      TAXGRAPH_AUDIT_CHECKPOINT_MS: '300',
      TAXGRAPH_AUDIT_CHECKPOINT_DIR: dir,
    });
    const published = (await (await fetch(gateway.url.replace('/graphql', '/audit/checkpoint-keys'))).json()) as {
      keys: { kid: string }[];
    };
    expect(published.keys.map((k) => k.kid)).toEqual([key.kid]);

    const authorization = `Bearer ${await tokenFor({ role: 'app' })}`;
    const ask = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const res = await fetch(gateway.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization },
          body: JSON.stringify({ query: '{ __typename }' }),
        });
        expect(res.status).toBe(200);
      }
    };
    const heads = () =>
      withClient(url, async (c) => ({
        head: (await c.query<{ seq: string }>('SELECT max(seq)::text AS seq FROM audit_log')).rows[0].seq,
        checkpoints: (await c.query<{ head_seq: string; reason: string }>('SELECT head_seq, reason FROM audit_checkpoint ORDER BY id'))
          .rows,
      }));
    await ask(3);
    // An interval checkpoint comes to cover the three (polled: no assumption on how soon).
    for (let attempt = 0; ; attempt++) {
      const { head, checkpoints } = await heads();
      if (checkpoints.some((c) => c.reason === 'interval' && c.head_seq === head)) break;
      expect(attempt).toBeLessThan(300);
      await new Promise((r) => setTimeout(r, 100));
    }
    await ask(2);
    await stack.stop();
    const { head, checkpoints } = await heads();
    expect(checkpoints[checkpoints.length - 1]).toEqual({ head_seq: head, reason: 'shutdown' });

    const publicKey = join(dir, CHECKPOINT_KEYS_FILE);
    const command = await runAuditVerify(url, ['--public-key', publicKey, '--checkpoints', dir]);
    expect(command.out).toContain(`audit trail OK: ${head} records`);
    expect(command.out).toContain(`(shutdown, signed at`);
    expect(command.out).toContain(`covers records 1 to ${head}`);
    expect(command.code).toBe(0);
  });
});

/** Writes the public keys as a JWKS file; returns its path. */
function writeKeys(keys: CheckpointSigningKey[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tg-ckpt-')), 'keys.jwks.json');
  writeFileSync(path, JSON.stringify({ keys: keys.map((k) => k.publicJwk) }));
  return path;
}
