import net from 'net';
import { Client } from 'pg';
import { canConnect, databaseUrl } from '../../dev/databases';
import { adminUrl, createTestDatabases, testDatabaseName } from '../support/db';

async function currentDatabase(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ current_database: string }>('SELECT current_database()');
    return rows[0].current_database;
  } finally {
    await client.end();
  }
}

/** A port nothing listens on: bind an ephemeral one, then release it. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('test databases', () => {
  it('creates a database per name, each reachable by its own URL', async () => {
    const urls = await createTestDatabases('pgplumbing', ['alpha', 'beta']);
    expect(Object.keys(urls).sort()).toEqual(['alpha', 'beta']);
    expect(urls.alpha).not.toEqual(urls.beta);

    const alpha = await currentDatabase(urls.alpha);
    const beta = await currentDatabase(urls.beta);
    expect(alpha).toBe(testDatabaseName('pgplumbing', 'alpha'));
    expect(beta).toBe(testDatabaseName('pgplumbing', 'beta'));
    expect(alpha).toMatch(new RegExp(`^tg_${process.env.TAXGRAPH_TEST_RUN}_pgplumbing_alpha$`));
  });

  it('is idempotent: asking again returns the same databases', async () => {
    const first = await createTestDatabases('pgplumbing', ['alpha']);
    const again = await createTestDatabases('pgplumbing', ['alpha']);
    expect(again).toEqual(first);
  });

  it('keeps long labels within PostgreSQL identifier limits', () => {
    const name = testDatabaseName('a-very-long-label-that-would-not-fit-into-sixty-three-characters', 'business_registry');
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^[a-z_][a-z0-9_]*$/);
  });
});

describe('canConnect', () => {
  it('is true for the test server', async () => {
    await expect(canConnect(adminUrl())).resolves.toBe(true);
  });

  it('is false for a closed port', async () => {
    const port = await closedPort();
    await expect(canConnect(databaseUrl(`postgres://postgres@127.0.0.1:${port}/postgres`, 'postgres'), 1000)).resolves.toBe(false);
  });
});
