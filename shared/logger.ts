import pino, { Logger } from 'pino';
import { activeTraceIds, tracingEnabled } from './tracing';

export type { Logger } from 'pino';

/**
 * Every process's logger (the gateway, each subgraph, the command that starts one): JSON lines by
 * pino, at LOG_LEVEL (default info), each with `service` naming the process and, where a request is
 * being served, its `requestId`, which ties the gateway's lines to the subgraphs' (and with tracing
 * on its `trace_id` and `span_id`, which tie it to the trace). Lines up to info
 * go to stdout; warnings and errors to stderr, which the development launcher always shows.
 * Credentials never reach a line: the token and the gateway's signed principal are redacted.
 */
export function createLogger(service: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino(
    {
      level,
      base: { service },
      // With tracing on, a line written inside a traced request carries its trace_id and span_id (pino merges the
      // line into the object the mixin returns, so it is a new one each time).
      ...(tracingEnabled() ? { mixin: () => activeTraceIds() ?? {} } : {}),
      redact: {
        paths: ['req.headers.authorization', 'headers.authorization', 'headers["x-taxgraph-principal"]', 'headers["x-taxgraph-signature"]'],
        censor: '[redacted]',
      },
    },
    pino.multistream(
      [
        // stdout buffered as pino's default (flushed on exit); stderr written at once, so a fatal line precedes the exit.
        { level: 'trace', stream: pino.destination({ dest: 1, sync: false }) },
        { level: 'warn', stream: pino.destination({ dest: 2, sync: true }) },
      ],
      // Each line goes to the stream of the highest level it reaches, so a warning is not also on stdout.
      { dedupe: true },
    ),
  );
}
