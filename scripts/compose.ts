/**
 * `npm run compose`: composes the subgraphs in-process and writes schema/subgraphs/*.graphql and
 * schema/supergraph.graphql (committed; a test fails when they drift from the code), and the same supergraph
 * into deploy/k8s/ (kustomize reads no file outside its folder; test/unit/deploy.test.ts holds them equal).
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../shared/paths';
import { composeSupergraph } from './composition';

async function main(): Promise<void> {
  const { subgraphs, supergraph, hints } = await composeSupergraph();
  const dir = join(repoRoot(), 'schema');
  mkdirSync(join(dir, 'subgraphs'), { recursive: true });
  for (const [name, sdl] of Object.entries(subgraphs)) writeFileSync(join(dir, 'subgraphs', `${name}.graphql`), sdl);
  writeFileSync(join(dir, 'supergraph.graphql'), supergraph);
  writeFileSync(join(repoRoot(), 'deploy', 'k8s', 'supergraph.graphql'), supergraph);
  process.stdout.write(`Composed ${Object.keys(subgraphs).length} subgraphs into schema/supergraph.graphql\n`);
  process.stdout.write(
    hints.length ? `${hints.length} composition hint(s):\n${hints.map((h) => `  - ${h}`).join('\n')}\n` : 'No composition hints.\n',
  );
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
