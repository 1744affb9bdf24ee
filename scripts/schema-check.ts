/**
 * `npm run schema:check [-- --base REF | --old FILE] [--new FILE]`: composes the subgraphs in-process
 * (as `npm run compose` does), compares the client-facing schema with the committed
 * schema/supergraph.graphql (`--base REF`: the one committed at a git revision, e.g. the last release
 * tag; `--old FILE`: any supergraph), prints each change as BREAKING, DANGEROUS or SAFE with its path,
 * and says when the committed schema/ is not what compose writes. Exit 1 on a breaking change to what
 * a persisted operation (gateway/operations/manifest.json) uses or API.md promises
 * (schema/contract.json), unless schema/accepted-changes.yaml lists it with its reason; breaking
 * changes to other fields are warnings. Exit 2: bad arguments or a file that cannot be read.
 *
 * `npm run schema:check -- --update-contract [API.md]` derives schema/contract.json's SDL part again
 * from API.md (default: shared/API.md above the repository) and exits.
 */
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { manifestProblems, PersistedQueryManifest } from '../gateway/operations/manifest';
import { repoRoot } from '../shared/paths';
import { ACCEPTED_CHANGES_FILE, readAcceptedChanges } from './accepted-changes';
import { composeSupergraph } from './composition';
import { CONTRACT_FILE, contractCoordinates, contractFromApiMd, findApiMd, readContract } from './schema-contract';
import { apiSchemaOf, checkSchemaChange, formatReport } from './schema-diff';

const USAGE = `usage: npm run schema:check [-- [--base REF | --old FILE] [--new FILE] [--accepted FILE]]
       npm run schema:check -- --update-contract [API.md]
  --base REF       compare with schema/supergraph.graphql as committed at git revision REF (e.g. the last release tag)
  --old FILE       compare with this supergraph (default: the committed schema/supergraph.graphql)
  --new FILE       check this supergraph instead of composing the subgraphs
  --accepted FILE  the accepted breaking changes (default: ${ACCEPTED_CHANGES_FILE})
`;

/** A problem with the arguments or the files: exit 2. */
class UsageError extends Error {}

const MANIFEST_FILE = join('gateway', 'operations', 'manifest.json');

function read(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`Cannot read ${what} (${file}): ${(err as Error).message}`);
  }
}

function committedAt(root: string, ref: string): string {
  const git = spawnSync('git', ['show', `${ref}:schema/supergraph.graphql`], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (git.status !== 0)
    throw new UsageError(`Cannot read schema/supergraph.graphql at ${ref}: ${(git.stderr || git.error?.message || '').trim()}`);
  return git.stdout;
}

function updateContract(root: string, apiMd: string | undefined): number {
  const source = apiMd ?? findApiMd(root);
  if (!source) throw new UsageError('No API.md: give its path (npm run schema:check -- --update-contract PATH)');
  const file = join(root, CONTRACT_FILE);
  const contract = readContract(file);
  contract.fromSdl = contractFromApiMd(read(source, 'API.md'));
  writeFileSync(file, `${JSON.stringify(contract, null, 2)}\n`);
  process.stdout.write(`Wrote ${CONTRACT_FILE}: ${contract.fromSdl.length} coordinates from ${source}'s SDL blocks\n`);
  return 0;
}

async function main(): Promise<number> {
  const root = repoRoot();
  const { values, positionals } = parseArgs({
    options: {
      base: { type: 'string' },
      old: { type: 'string' },
      new: { type: 'string' },
      accepted: { type: 'string' },
      'update-contract': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values['update-contract']) return updateContract(root, positionals[0]);
  if (positionals.length) throw new UsageError(`Unexpected argument ${positionals[0]}`);
  if (values.base && values.old) throw new UsageError('Give --base or --old, not both');

  const committedFile = join(root, 'schema', 'supergraph.graphql');
  const oldLabel = values.base
    ? `schema/supergraph.graphql as committed at ${values.base}`
    : values.old
      ? values.old
      : 'the committed schema/supergraph.graphql';
  const oldSdl = values.base ? committedAt(root, values.base) : read(values.old ?? committedFile, 'the old supergraph');
  try {
    apiSchemaOf(oldSdl);
  } catch (err) {
    throw new UsageError(`The old supergraph (${oldLabel}) does not load: ${(err as Error).message}`);
  }

  const manifestFile = join(root, MANIFEST_FILE);
  const manifest = JSON.parse(read(manifestFile, 'the persisted operation manifest')) as PersistedQueryManifest;
  const problems = manifestProblems(manifest);
  if (problems.length) throw new UsageError(`${MANIFEST_FILE} is invalid: ${problems.join('; ')}`);
  let contract;
  try {
    contract = readContract(join(root, CONTRACT_FILE));
  } catch (err) {
    throw new UsageError(`Cannot read ${CONTRACT_FILE}: ${(err as Error).message}`);
  }
  const acceptedFile = values.accepted ?? join(root, ACCEPTED_CHANGES_FILE);
  if (!existsSync(acceptedFile)) throw new UsageError(`Cannot read the accepted changes (${acceptedFile}): no such file`);
  let accepted;
  try {
    accepted = readAcceptedChanges(acceptedFile);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }

  let newSdl: string;
  const notes: string[] = [];
  if (values.new) {
    newSdl = read(values.new, 'the new supergraph');
  } else {
    const composed = await composeSupergraph();
    newSdl = composed.supergraph;
    const drifted = [
      ...(read(committedFile, 'the committed supergraph') === composed.supergraph ? [] : ['schema/supergraph.graphql']),
      ...Object.entries(composed.subgraphs)
        .filter(([name, sdl]) => {
          const file = join(root, 'schema', 'subgraphs', `${name}.graphql`);
          return !existsSync(file) || readFileSync(file, 'utf8') !== sdl;
        })
        .map(([name]) => `schema/subgraphs/${name}.graphql`),
    ];
    if (drifted.length)
      notes.push(
        `Drift: the committed ${drifted.join(', ')} ${drifted.length > 1 ? 'are' : 'is'} not what the subgraphs compose to:` +
          ' run `npm run compose` and commit schema/.',
      );
    else notes.push('No drift: the committed schema/ is what the subgraphs compose to.');
  }
  const newLabel = values.new ?? 'the supergraph the subgraphs compose to now';

  process.stdout.write(`Schema check: ${newLabel} against ${oldLabel} (client-facing schemas)\n`);
  const acceptedLabel = relative(root, acceptedFile) || acceptedFile;
  process.stdout.write(
    `Protected: ${manifest.operations.length} persisted operations (${MANIFEST_FILE}), ` +
      `${contractCoordinates(contract).size} coordinates API.md promises (${CONTRACT_FILE}), ` +
      `${accepted.length} accepted changes (${acceptedLabel}).\n`,
  );
  for (const note of notes) process.stdout.write(`${note}\n`);
  const result = await checkSchemaChange({
    oldSdl,
    newSdl,
    operations: manifest.operations,
    contract: contractCoordinates(contract),
    accepted,
  });
  process.stdout.write(formatReport(result, acceptedLabel));
  return result.passed ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: Error & { code?: string }) => {
    const usage = err instanceof UsageError || err.code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`schema:check: ${err.message}\n${usage ? USAGE : ''}`);
    process.exitCode = usage ? 2 : 1;
  },
);
