import { ApolloServer, BaseContext, HeaderMap } from '@apollo/server';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { ErrorCode } from './errors';
import { createLogger, Logger } from './logger';
import { serveTraced } from './tracing';

/**
 * A small node:http integration for Apollo Server (its documented `executeHTTPGraphQLRequest`
 * API), with a body-size limit and extra JSON routes such as /health. Building is separate from
 * listening: `listen` is the only side effect.
 */
export interface HttpOptions<C extends BaseContext> {
  /** The port; 0 picks a free one. */
  port: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** Builds the per-request context (throw a GraphQLError to refuse, e.g. 401). */
  context: (req: IncomingMessage) => Promise<C>;
  /** Extra GET routes by path; a route answering an object answers JSON. */
  routes?: Record<string, (req: IncomingMessage) => Promise<RouteResult>>;
  /** Answers GET paths the routes do not name (e.g. static files); undefined means 404. */
  fallback?: (path: string, req: IncomingMessage) => Promise<RouteResult | undefined>;
  /** Largest accepted request body, bytes. @default 1_000_000 */
  maxBodyBytes?: number;
  /** Where a request that failed unexpectedly is logged. @default a logger of service "http" */
  logger?: Logger;
}

export interface RouteResult {
  status: number;
  body: unknown;
  /** Without it, the body is sent as JSON. */
  contentType?: string;
  headers?: Record<string, string>;
}

function sendRoute(res: ServerResponse, r: RouteResult): void {
  const raw = r.contentType !== undefined;
  res.writeHead(r.status, { 'content-type': r.contentType ?? 'application/json; charset=utf-8', ...r.headers });
  res.end(raw ? (r.body as string | Buffer) : JSON.stringify(r.body));
}

export interface RunningHttp {
  url: string;
  port: number;
  server: Server;
  /** Stops accepting, lets in-flight requests finish, then resolves. */
  close(): Promise<void>;
}

export function sendError(
  res: ServerResponse,
  status: number,
  code: ErrorCode,
  message: string,
  extra: Record<string, unknown> = {},
): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ errors: [{ message, extensions: { ...extra, code } }] }));
}

/**
 * An oversized body is still read, up to this many times the limit, and thrown away, so the client
 * has finished sending when its 413 comes: answering while it still sends resets the connection
 * (the client sees EPIPE or ECONNRESET, not the 413). Beyond it the connection is cut.
 */
const OVERSIZED_READ_FACTOR = 4;

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const bound = limit * OVERSIZED_READ_FACTOR;
    if (Number(req.headers['content-length']) > bound) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > bound) {
        req.removeListener('data', onData);
        req.pause();
        reject(new BodyTooLarge());
      } else if (size <= limit) chunks.push(chunk);
      else chunks.length = 0;
    };
    req.on('data', onData);
    req.on('end', () => (size > limit ? reject(new BodyTooLarge()) : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

/**
 * Reads a POST /graphql body: JSON when the content type says so (else the raw text), or answers
 * 413 (too large), 400 (not JSON) or 400 (a batch) itself and returns undefined.
 */
export async function readGraphQLBody(
  req: IncomingMessage,
  res: ServerResponse,
  maxBodyBytes: number,
): Promise<{ body: unknown } | undefined> {
  let raw: string;
  try {
    raw = await readBody(req, maxBodyBytes);
  } catch (err) {
    if (!(err instanceof BodyTooLarge)) throw err;
    // Node closes the connection once the answer is out; past the read bound the rest of the body is not waited for.
    res.setHeader('connection', 'close');
    sendError(res, 413, 'BAD_USER_INPUT', `Request body larger than ${maxBodyBytes} bytes`, { limit: maxBodyBytes });
    return undefined;
  }
  const type = String(req.headers['content-type'] ?? '');
  if (!type.includes('json')) return { body: raw };
  let body: unknown;
  try {
    body = raw === '' ? undefined : JSON.parse(raw);
  } catch {
    sendError(res, 400, 'BAD_USER_INPUT', 'The request body is not valid JSON');
    return undefined;
  }
  // Batching stays off: one operation per request, so every limit and audit record sees it alone.
  if (Array.isArray(body)) {
    sendError(
      res,
      400,
      'QUERY_TOO_COMPLEX',
      `Batched requests are not accepted: send one operation per request (this body holds ${body.length})`,
      {
        operations: body.length,
        limit: 1,
      },
    );
    return undefined;
  }
  return { body };
}

export async function handleGraphQL<C extends BaseContext>(
  apollo: ApolloServer<C>,
  req: IncomingMessage,
  res: ServerResponse,
  context: () => Promise<C>,
  maxBodyBytes: number,
): Promise<void> {
  let body: unknown;
  if (req.method === 'POST') {
    const read = await readGraphQLBody(req, res, maxBodyBytes);
    if (!read) return;
    body = read.body;
  }
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  const result = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
    context,
  });
  for (const [key, value] of result.headers) res.setHeader(key, value);
  res.statusCode = result.status ?? 200;
  if (result.body.kind === 'complete') return void res.end(result.body.string);
  for await (const chunk of result.body.asyncIterator) res.write(chunk);
  res.end();
}

let fallbackLogger: Logger | undefined;

/** Serves `apollo` at /graphql (the gateway), with the routes and limits of `opts`. */
export function listen<C extends BaseContext>(apollo: ApolloServer<C>, opts: HttpOptions<C>): Promise<RunningHttp> {
  const maxBody = opts.maxBodyBytes ?? 1_000_000;
  return listenHttp((req, res) => handleGraphQL(apollo, req, res, () => opts.context(req), maxBody), opts);
}

/** Answers one request at /graphql. */
export type GraphQLRoute = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** Serves `graphql` at /graphql (any GraphQL layer: Apollo Server's, or a subgraph's own), with the routes of `opts`. */
export async function listenHttp(
  graphql: GraphQLRoute,
  opts: Omit<HttpOptions<BaseContext>, 'context' | 'maxBodyBytes'>,
): Promise<RunningHttp> {
  let closing = false;
  const server = createServer((req, res) => {
    // While draining, every answer closes its connection so the server can finish.
    if (closing) res.setHeader('connection', 'close');
    const path = (req.url ?? '/').split('?')[0];
    const route = req.method === 'GET' ? opts.routes?.[path] : undefined;
    const notFound = () => sendError(res, 404, 'BAD_USER_INPUT', `No route ${path}; GraphQL is at /graphql`);
    // Each request is one server span (nothing when tracing is off), the parent of all its work.
    const work = serveTraced(req, res, path, () =>
      route
        ? route(req).then((r) => sendRoute(res, r))
        : path === '/graphql'
          ? graphql(req, res)
          : req.method === 'GET' && opts.fallback
            ? opts.fallback(path, req).then((r) => (r ? sendRoute(res, r) : notFound()))
            : Promise.resolve(notFound()),
    );
    work.catch((err: unknown) => {
      (opts.logger ?? (fallbackLogger ??= createLogger('http'))).error({ err, path }, 'request failed');
      sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal error');
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}/graphql`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        // In-flight requests finish; kept-alive connections are closed as soon as they fall idle.
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        server.close(() => {
          clearInterval(sweep);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
