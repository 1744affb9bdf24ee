#!/usr/bin/env node
/**
 * Runs a compiled entry point, building first only when the compiled tree is missing or older than
 * its sources, so `npm run token` and the other commands answer in about a second once built.
 * Plain JavaScript: it runs before anything is compiled.
 *
 *   node scripts/run-built.mjs build               the build: tsc (incremental), the explorer bundle, the stamp
 *   node scripts/run-built.mjs build-if-stale      the build, when the compiled tree is stale
 *   node scripts/run-built.mjs ENTRY [ARGS...]     build if stale, then `node dist/ENTRY ARGS...`
 *
 * Stale: a file or folder under the compiled folders (tsconfig.json's "include"), tsconfig.json,
 * package.json or package-lock.json changed after the last build began (dist/.build-stamp); a
 * deleted or renamed file counts, its folder's time changes. The explorer is bundled again only
 * when gateway/explorer/ or the lock file changed since its last bundle.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const ROOT = path.join(import.meta.dirname, '..');
const DIST = path.join(ROOT, 'dist');
const STAMP = path.join(DIST, '.build-stamp');
const BUILD_INFO = path.join(DIST, '.tsbuildinfo');
const EXPLORER_SOURCES = ['gateway/explorer', 'package-lock.json'];
const EXPLORER_STAMP = path.join(DIST, 'explorer', 'index.html');

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** The newest modification time of a file, or of a folder and everything in it. */
function newest(file) {
  let stat;
  try {
    stat = fs.statSync(file);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of fs.readdirSync(file)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    latest = Math.max(latest, newest(path.join(file, entry)));
  }
  return latest;
}

function sources() {
  const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8'));
  return [...tsconfig.include, 'tsconfig.json', 'package.json', 'package-lock.json'];
}

function newestOf(paths) {
  return Math.max(...paths.map((p) => newest(path.join(ROOT, p))));
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/**
 * tsc never deletes what it once compiled: a source removed or moved would leave its old output in dist/, where
 * `require('./model')` could still find `model.js` before `model/index.js`. Compiled files whose source is gone go.
 */
function pruneOrphans(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    const relative = path.relative(DIST, file);
    if (entry.isDirectory()) {
      if (relative !== 'explorer') pruneOrphans(file);
      continue;
    }
    const source = /^(.*)\.(js|js\.map|d\.ts)$/.exec(relative);
    if (source && !fs.existsSync(path.join(ROOT, `${source[1]}.ts`)) && !fs.existsSync(path.join(ROOT, `${source[1]}.tsx`))) {
      fs.rmSync(file);
    }
  }
}

/** Files the compiled code reads at run time (folders named `assets/`) go beside it, so dist/ stands alone. */
function copyAssets() {
  const visit = (relative) => {
    for (const entry of fs.readdirSync(path.join(ROOT, relative), { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const child = path.join(relative, entry.name);
      if (entry.name === 'assets') fs.cpSync(path.join(ROOT, child), path.join(DIST, child), { recursive: true });
      else visit(child);
    }
  };
  for (const folder of JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')).include) {
    if (fs.existsSync(path.join(ROOT, folder)) && folder !== 'test') visit(folder);
  }
}

/** tsc, then the explorer when `explorer` says so or its sources changed, then the stamp dated at the build's start. */
function build(explorer) {
  const started = new Date();
  // Without the stamp, dist/ is not known to be whole: compile everything, not only what tsc's build info says changed.
  if (!fs.existsSync(STAMP)) fs.rmSync(BUILD_INFO, { force: true });
  run(process.execPath, [
    createRequire(import.meta.url).resolve('typescript/bin/tsc'),
    '-p',
    'tsconfig.json',
    '--incremental',
    '--tsBuildInfoFile',
    BUILD_INFO,
  ]);
  pruneOrphans(DIST);
  copyAssets();
  if (explorer === 'always' || mtime(EXPLORER_STAMP) < newestOf(EXPLORER_SOURCES)) {
    run(process.execPath, [path.join(DIST, 'scripts', 'build-explorer.js')]);
  }
  fs.writeFileSync(STAMP, `${started.toISOString()}\n`);
  fs.utimesSync(STAMP, started, started);
}

function stale() {
  const built = mtime(STAMP);
  return built === 0 || newestOf(sources()) > built;
}

function buildIfStale(entry) {
  // An entry point missing from a stamped tree: dist/ was damaged, so it is compiled whole again.
  if (!fs.existsSync(path.join(DIST, entry))) fs.rmSync(STAMP, { force: true });
  if (!stale()) return;
  process.stderr.write('dist/ is older than its sources: building...\n');
  build('if-changed');
}

function main() {
  const [entry, ...args] = process.argv.slice(2);
  if (!entry) {
    process.stderr.write('usage: node scripts/run-built.mjs build | ENTRY [ARGS...]\n');
    process.exit(2);
  }
  if (entry === 'build') return build('always');
  if (entry === 'build-if-stale') return buildIfStale('gateway/main.js');
  buildIfStale(entry);
  const child = spawn(process.execPath, [path.join(DIST, entry), ...args], { stdio: 'inherit' });
  // Ctrl-C reaches the child itself (same process group): wait for it to finish. A SIGTERM or SIGHUP sent to this
  // process alone is passed on.
  process.on('SIGINT', () => undefined);
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else process.exit(code ?? 1);
  });
}

main();
