/**
 * `npm run token -- --role ROLE [--bank CODE] [--office CODE] [--scope S] [--sub NAME] [--expires 8h]`: a development
 * token signed with the data directory's HS256 secret. The token alone is on the last line.
 */
import { parseArgs } from 'node:util';
import { issueDevToken, Role } from '../gateway/auth/tokens';
import { devSecret } from '../dev/secrets';
import { useConfigFile } from '../shared/config-file';

async function main(): Promise<void> {
  // The data directory (dev.dataDir) may come from the config file.
  useConfigFile();
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      bank: { type: 'string' },
      office: { type: 'string' },
      scope: { type: 'string', multiple: true },
      sub: { type: 'string' },
      expires: { type: 'string' },
    },
  });
  if (!values.role)
    throw new Error(
      'usage: npm run token -- --role app|analyst|bank|officer [--bank CODE] [--office CODE] [--scope pii:read] [--sub NAME] [--expires 8h]',
    );
  const scopes = (values.scope ?? []).flatMap((s) => s.split(/[ ,]+/)).filter(Boolean);
  const token = await issueDevToken(
    {
      role: values.role as Role,
      subject: values.sub ?? `dev-${values.role}`,
      bank: values.bank,
      office: values.office,
      scopes,
      expiresIn: values.expires,
    },
    devSecret(),
  );
  process.stdout.write(`${token}\n`);
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(2);
});
