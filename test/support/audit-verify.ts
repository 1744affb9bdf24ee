import { spawn } from 'node:child_process';
import { join } from 'node:path';

const VERIFY = join(__dirname, '..', '..', 'dist', 'scripts', 'audit-verify.js');

/**
 * Runs the compiled `npm run audit:verify` against a federation database, as an operator runs it,
 * with `args` and `extra` environment; no signing key or checkpoint directory is inherited from the
 * test's own environment. Stdout and stderr together.
 */
export function runAuditVerify(
  url: string,
  args: string[] = [],
  extra: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, TAXGRAPH_DATABASE_URL: url };
    delete env.TAXGRAPH_AUDIT_SIGNING_KEY;
    delete env.TAXGRAPH_AUDIT_SIGNING_KEY_FILE;
    delete env.TAXGRAPH_AUDIT_CHECKPOINT_DIR;
    Object.assign(env, extra);
    const child = spawn(process.execPath, [VERIFY, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out }));
  });
}
