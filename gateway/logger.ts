import pino from 'pino';

/** JSON logs, one line per event; the request id ties the gateway's and the subgraphs' lines together. */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: 'gateway' },
  redact: { paths: ['req.headers.authorization', 'headers.authorization'], censor: '[redacted]' },
});
export type Logger = typeof logger;
