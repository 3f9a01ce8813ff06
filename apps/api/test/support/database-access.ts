import pg from 'pg';

/**
 * Closes the test database to every connection (as if its server went away for this app) and
 * opens it again, through the test server's superuser: `ALLOW_CONNECTIONS false`, then the app's
 * open connections are terminated.
 */
export async function setDatabaseReachable(databaseUrl: string, reachable: boolean): Promise<void> {
  const serverUrl = process.env.TEST_DATABASE_SERVER_URL;
  if (!serverUrl) throw new Error('TEST_DATABASE_SERVER_URL is not set (the dev-db global setup sets it)');
  const name = new URL(databaseUrl).pathname.slice(1);
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`alter database "${name}" allow_connections ${reachable ? 'true' : 'false'}`);
    if (!reachable) {
      await client.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [name],
      );
    }
  } finally {
    await client.end();
  }
}
