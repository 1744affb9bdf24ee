import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { RouteResult } from '../shared/http';

/**
 * The analysts' explorer: '/' and '/explorer/*' serve the GraphiQL bundle that
 * scripts/build-explorer.ts wrote to dist/explorer at build time. Files are read once and kept.
 */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

function bundleDir(): string {
  const fromDist = join(__dirname, '..', 'explorer'); // running from dist/gateway
  return existsSync(join(fromDist, 'index.html')) ? fromDist : join(__dirname, '..', 'dist', 'explorer');
}

let files: Map<string, Buffer> | undefined;

function load(): Map<string, Buffer> {
  if (!files) {
    const dir = bundleDir();
    files = new Map(
      existsSync(dir)
        ? readdirSync(dir)
            .filter((f) => TYPES[extname(f)])
            .map((f) => [f, readFileSync(join(dir, f))])
        : [],
    );
  }
  return files;
}

const SECURITY_HEADERS = {
  // Nothing but the gateway's own origin: the page may not reach any other host.
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; worker-src 'self' blob:; img-src 'self' data:; font-src " +
    "'self' data:; connect-src 'self'",
  'x-content-type-options': 'nosniff',
};

export async function serveExplorer(path: string): Promise<RouteResult | undefined> {
  const name = path === '/' ? 'index.html' : path.startsWith('/explorer/') ? path.slice('/explorer/'.length) : undefined;
  if (!name) return undefined;
  const body = load().get(name);
  if (!body) {
    return path === '/'
      ? {
          status: 503,
          contentType: 'text/plain; charset=utf-8',
          body: 'The explorer is not built: run npm run build. GraphQL answers at /graphql.',
        }
      : undefined;
  }
  return {
    status: 200,
    contentType: TYPES[extname(name)],
    body,
    headers: { ...SECURITY_HEADERS, 'cache-control': name === 'index.html' ? 'no-cache' : 'public, max-age=3600' },
  };
}
