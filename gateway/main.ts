// First: tracing (when the OTEL_* variables ask for it) is on before any module that logs or queries is loaded (loggers and databases read it when made).
import { shutdownTracing, startProcessTracing } from '../shared/tracing';
startProcessTracing('taxgraph-gateway');
import 'reflect-metadata';
import './config-file';
import { createAuthenticator } from './auth/authenticate';
import { loadConfig } from './config';
import { logger } from './logger';
import { createGatewayServer } from './server';

/** The gateway's entry point: configuration checked once, listen, drain on SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig();
  const authenticator = await createAuthenticator();
  const running = await createGatewayServer(config, authenticator).start();
  logger.info({ tokens: authenticator.describe }, 'authentication');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'draining in-flight requests');
    const force = setTimeout(() => process.exit(1), config.drainMs);
    force.unref();
    // The spans still buffered are sent after the last request has finished.
    running.stop().then(
      () => shutdownTracing().finally(() => process.exit(0)),
      () => shutdownTracing().finally(() => process.exit(1)),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((err: Error) => {
  logger.fatal({ err }, `gateway failed to start: ${err.message}`);
  process.exit(1);
});
