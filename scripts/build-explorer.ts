/**
 * Bundles the explorer (GraphiQL 5, React, Monaco workers) into dist/explorer with esbuild, so the
 * gateway serves it with no CDN. Part of `npm run build`.
 */
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../shared/paths';

async function main(): Promise<void> {
  const root = repoRoot();
  const out = join(root, 'dist', 'explorer');
  mkdirSync(out, { recursive: true });
  const started = Date.now();
  await build({
    absWorkingDir: root,
    entryPoints: {
      app: 'gateway/explorer/app.jsx',
      'editor.worker': 'node_modules/monaco-editor/esm/vs/editor/editor.worker.js',
      'json.worker': 'node_modules/monaco-editor/esm/vs/language/json/json.worker.js',
      'graphql.worker': 'node_modules/monaco-graphql/esm/graphql.worker.js',
    },
    bundle: true,
    format: 'esm',
    minify: true,
    sourcemap: false,
    outdir: out,
    loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file' },
    assetNames: '[name]',
    publicPath: '/explorer',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  copyFileSync(join(root, 'gateway', 'explorer', 'index.html'), join(out, 'index.html'));
  process.stdout.write(`explorer bundled in ${Date.now() - started} ms\n`);
}

main().catch((err: Error) => {
  process.stderr.write(`explorer build failed: ${err.message}\n`);
  process.exit(1);
});
