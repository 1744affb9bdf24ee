/**
 * Where the repository's files are on disk, the same from the sources (ts-jest) and from the
 * compiled tree (dist/): the repository root, and the data directory of a development system.
 * Commands (compose, the explorer build, reconcile and audit:verify reading the development
 * settings) and development infrastructure find them here.
 */
import fs from 'node:fs';
import path from 'node:path';

let cachedRepoRoot: string | undefined;

/**
 * The repository root: the nearest directory above this file that holds package.json, skipping a
 * `dist/` directory (tsc may copy a package.json there).
 */
export function repoRoot(): string {
  if (cachedRepoRoot) return cachedRepoRoot;
  let dir = __dirname;
  for (;;) {
    if (path.basename(dir) !== 'dist' && fs.existsSync(path.join(dir, 'package.json'))) {
      cachedRepoRoot = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Cannot find the repository root (package.json) above ${__dirname}`);
    dir = parent;
  }
}

/** Where a development system's data lives: `TAXGRAPH_DATA_DIR` (relative to the working directory) or `<repo>/.data`. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.TAXGRAPH_DATA_DIR;
  return configured ? path.resolve(configured) : path.join(repoRoot(), '.data');
}
