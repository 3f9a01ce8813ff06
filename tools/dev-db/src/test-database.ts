import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { requestedPostgresMajor } from './postgres-install.js';
import {
  createDatabaseIfMissing,
  startEmbeddedPostgres,
  withDatabase,
  type DevDatabase,
} from './embedded-postgres.js';

const SERVER_URL_VARIABLE = 'TEST_DATABASE_SERVER_URL';

/**
 * Jest `globalSetup`: makes a PostgreSQL server available to every test file of the run. With
 * `DATABASE_URL` set, that server is used; otherwise a real embedded PostgreSQL is started under
 * `.data/` (deleted afterwards). Test files then call {@link createTestDatabase}.
 */
export async function startTestServer(workspaceRoot: string): Promise<() => Promise<void>> {
  if (process.env.DATABASE_URL) {
    process.env[SERVER_URL_VARIABLE] = process.env.DATABASE_URL;
    return async () => undefined;
  }
  const server: DevDatabase = await startEmbeddedPostgres({
    dataDir: join(
      workspaceRoot,
      '.data',
      `test-pg${requestedPostgresMajor()}-${process.pid}-${randomBytes(3).toString('hex')}`,
    ),
    persistent: false,
  });
  process.env[SERVER_URL_VARIABLE] = server.serverUrl;
  return () => server.stop();
}

/**
 * Creates a fresh, empty database for one test file on the server from {@link startTestServer}, so
 * files never see each other's rows and can run in parallel. Returns its connection URL and a drop.
 */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const serverUrl = process.env[SERVER_URL_VARIABLE];
  if (!serverUrl)
    throw new Error(`${SERVER_URL_VARIABLE} is not set: add the dev-db global setup to jest.config.cjs.`);
  const name = `test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await createDatabaseIfMissing(serverUrl, name);
  return {
    url: withDatabase(serverUrl, name),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
