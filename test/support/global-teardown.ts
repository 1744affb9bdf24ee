/** Jest globalTeardown: drops this run's databases, then stops the embedded server if globalSetup started one. */
import fs from 'fs';
import { dropDatabases, listDatabases } from '../../dev/databases';
import { TestServerState, TEST_SERVER_STATE } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as Record<string, unknown>)[TEST_SERVER_STATE] as TestServerState | undefined;
  if (!state) return;
  (globalThis as Record<string, unknown>)[TEST_SERVER_STATE] = undefined;
  try {
    if (state.adminUrl) {
      const mine = await listDatabases(state.adminUrl, `tg_${state.runId}_`);
      await dropDatabases(state.adminUrl, mine);
    }
  } finally {
    if (state.embedded) {
      await state.embedded.stop();
      fs.rmSync(state.embedded.dir, { recursive: true, force: true });
      fs.rmSync(`${state.embedded.dir}.log`, { force: true });
    }
  }
}
