import type { Knex } from 'knex';
import type { Registry } from 'prom-client';
import { migrateFederationDb } from '../../../shared/federation-db';
import type { Logger } from '../../../shared/logger';
import { dispatcherMetrics, startDispatcher } from './dispatcher';
import { webhookConfigFromEnv } from './webhooks';
import { closeWriter, writerFor } from './writer';

/**
 * What the cases need while the cooperation subgraph runs, started and stopped with it (server.ts):
 * the federation's database migrated (the subgraph now writes cases, and whoever writes migrates
 * first), the writable pool, the outbox dispatcher when webhooks are configured, and its metrics.
 * A misconfigured webhook setting stops the start (better than notifications silently going nowhere);
 * a database that is down does not: migrating is tried again before each poll until it succeeds.
 */
export async function startCases(services: { db: Knex; logger: Logger; registry: Registry }): Promise<{ stop(): Promise<void> }> {
  const { db, logger, registry } = services;
  const config = webhookConfigFromEnv();
  const writer = writerFor(db);
  const metrics = dispatcherMetrics(registry, () => writer, config);
  let migrated: Promise<void> | undefined;
  const migrate = () =>
    (migrated ??= migrateFederationDb(writer).then(
      () => undefined,
      (err: Error) => {
        migrated = undefined;
        throw err;
      },
    ));
  await migrate().catch((err: Error) => logger.warn({ err }, "cases: the federation's database could not be migrated yet; will retry"));
  const dispatcher = config ? startDispatcher({ db: writer, config, logger, metrics, prepare: migrate }) : undefined;
  if (!config) logger.info('cases: no office webhooks configured (TAXGRAPH_OFFICE_WEBHOOKS); notifications wait in the outbox');
  return {
    stop: async () => {
      await dispatcher?.stop();
      await closeWriter(db);
    },
  };
}
