/**
 * `npm run audit:verify [-- --database URL] [--public-key PATH ...] [--checkpoints PATH ...]`: checks the
 * audit trail in the federation's own database (`--database`, else TAXGRAPH_DATABASE_URL or the config
 * file's databases.federation; in development, when unset, the settings npm start wrote, saying so):
 * - the hash chain: the first record changed, deleted or reordered;
 * - every signed checkpoint of the chain's head (table `audit_checkpoint`, and the files given with
 *   `--checkpoints`, a file or a TAXGRAPH_AUDIT_CHECKPOINT_DIR; that variable's directory is read too):
 *   its signature against the public keys given (`--public-key`: PEM, JWK or JWKS such as
 *   /audit/checkpoint-keys or the directory's checkpoint-keys.jwks.json; repeat it for rotated keys),
 *   plus the configured signing key's public half (TAXGRAPH_AUDIT_SIGNING_KEY or _FILE); and its head
 *   against the chain: a chain shorter than a checkpoint counts is reported TRUNCATED, naming the
 *   checkpoint and how many records are missing.
 * Records after the latest checkpoint are reported as not yet covered (informational).
 * Exit 0: intact; 1: broken, truncated, forged or altered; 2: could not check (database unreadable,
 * or checkpoints present and no public key to check them with).
 */
import { Client } from 'pg';
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { publicKeysOf, signingKeyFromEnv, trust, TrustedKeys } from '../gateway/audit/checkpoint-key';
import { EvidenceReport, readCheckpointFiles, verifyAuditEvidence } from '../gateway/audit/verify';
import { useConfigFile } from '../shared/config-file';
import { FEDERATION_DATABASE } from '../shared/sources';
import { explainUnreachable, requireSettings } from './dev-settings';

function trustedKeys(paths: string[]): TrustedKeys {
  const keys: TrustedKeys = new Map();
  for (const path of paths) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new Error(`--public-key ${path}: ${(err as Error).message}`, { cause: err });
    }
    trust(keys, publicKeysOf(text, `--public-key ${path}`));
  }
  const own = signingKeyFromEnv(process.env);
  if (own) trust(keys, [own.publicJwk]);
  return keys;
}

function print(report: EvidenceReport, out: NodeJS.WritableStream): number {
  const { chain } = report;
  const head = chain.ok && chain.head ? `; head: record ${chain.head.seq}, hash ${chain.head.hash}` : '';
  if (!chain.ok) {
    out.write(`audit trail BROKEN at record ${chain.seq} (${chain.problem}): ${chain.message}\n`);
    out.write(`${chain.count} records before it verified.\n`);
  } else if (report.problems.length === 0) {
    out.write(`audit trail OK: ${chain.count} records, chain intact${head}\n`);
  } else {
    out.write(`audit chain intact: ${chain.count} records${head}; but its checkpoints show:\n`);
  }
  for (const p of report.problems) out.write(`audit trail ${p.kind}: ${p.message}\n`);
  if (report.checkpoints === 0) {
    out.write('checkpoints: none\n');
  } else {
    const latest = report.latest;
    const which = latest && (latest.id ? `#${latest.id}` : latest.origin);
    const covers = latest
      ? `; the latest, ${which} (${latest.payload.reason}, signed at ${latest.payload.at} by ${latest.payload.signer}), ` +
        `covers records 1 to ${latest.payload.seq}`
      : '';
    out.write(
      `checkpoints: ${report.checkpoints}, ${report.verified} with a verified signature (keys: ${report.kids.join(', ') || 'none'})${covers}\n`,
    );
  }
  for (const note of report.notes) out.write(`${note}\n`);
  if (!chain.ok || report.problems.length > 0) return 1;
  if (report.unchecked > 0) {
    out.write(
      `audit trail NOT CHECKED: ${report.unchecked} checkpoints and no public key to check their signatures with ` +
        "(--public-key PATH, e.g. the gateway's /audit/checkpoint-keys saved to a file, or TAXGRAPH_AUDIT_SIGNING_KEY_FILE)\n",
    );
    return 2;
  }
  return 0;
}

async function main(): Promise<number> {
  useConfigFile();
  const { values } = parseArgs({
    options: {
      database: { type: 'string' },
      'public-key': { type: 'string', multiple: true },
      checkpoints: { type: 'string', multiple: true },
    },
  });
  const variable = FEDERATION_DATABASE.urlVariable;
  const { fromDev } = requireSettings(
    'npm run audit:verify',
    values.database ? {} : { [variable]: `its database (${variable} or --database URL)` },
    // The development key's public half checks npm start's checkpoints (unless a key is configured here).
    process.env.TAXGRAPH_AUDIT_SIGNING_KEY ? [] : ['TAXGRAPH_AUDIT_SIGNING_KEY_FILE'],
  );
  const keys = trustedKeys(values['public-key'] ?? []);
  const dir = process.env.TAXGRAPH_AUDIT_CHECKPOINT_DIR?.trim();
  const paths = [...(values.checkpoints ?? [])];
  if (dir && existsSync(dir) && !paths.includes(dir)) paths.push(dir);
  // Files first, then the snapshot: a checkpoint is appended to its file only once its row is committed,
  // so every one read here is in the snapshot's table unless someone deleted it.
  const files = readCheckpointFiles(paths);
  const url = values.database ?? process.env[variable]!;
  const client = new Client({ connectionString: url, application_name: 'taxgraph-audit-verify', connectionTimeoutMillis: 5000 });
  try {
    await client.connect().catch((err: unknown) => Promise.reject(explainUnreachable(err, fromDev)));
    // One snapshot for the whole walk: records committed meanwhile are left for the next run.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const report = await verifyAuditEvidence(client, { keys, files });
    await client.query('COMMIT');
    return print(report, process.stdout);
  } finally {
    await client.end().catch(() => undefined);
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`audit:verify could not read the audit trail: ${err.message}\n`);
    process.exit(2);
  },
);
