import DataLoader from 'dataloader';
import { Context, context } from '@opentelemetry/api';
import { inSpan } from '../../shared/tracing';

/** DataLoader keeps its batch function here (dataloader 2.x); the batch is the subgraph's I/O. */
interface WithBatch {
  _batchLoadFn: (keys: readonly unknown[]) => PromiseLike<ArrayLike<unknown>>;
}

/** How deep a context's loaders are looked for (cooperation groups them: loaders.findings.*). */
const MAX_DEPTH = 3;

/**
 * Gives every DataLoader of a request's context a span per batch, `load <name>` with the source and
 * the number of keys: the resolvers' I/O (one SQL statement, or one call to a source, per loader and
 * level), with the SQL spans of pg nested under it. Called only with tracing on; a context's loaders
 * are new per request, so wrapping them touches no other request.
 */
export function traceLoaders(source: string, loaders: unknown, parent?: Context, prefix = '', depth = 0): void {
  if (!loaders || typeof loaders !== 'object' || depth >= MAX_DEPTH) return;
  for (const [key, value] of Object.entries(loaders)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value instanceof DataLoader) {
      const loader = value as unknown as WithBatch;
      const batch = loader._batchLoadFn;
      if (typeof batch !== 'function') continue;
      // A batch runs after the request's code has awaited: its parent is the request's span, given by hand.
      const span = (keys: readonly unknown[]) =>
        inSpan(`load ${name}`, { 'taxgraph.source': source, 'taxgraph.loader': name, 'taxgraph.keys': keys.length }, async () =>
          batch.call(loader, keys),
        );
      loader._batchLoadFn = parent ? (keys) => context.with(parent, span, undefined, keys) : span;
    } else if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      traceLoaders(source, value, parent, name, depth + 1);
    }
  }
}
