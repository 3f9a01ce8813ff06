import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { IngestEntities, IngestMigrations } from '@org/ingest/mikro-orm';
import { webhooksEntities, WebhooksMigrations } from '@org/webhooks/mikro-orm';

/**
 * MikroORM settings of the host app: the libraries' entities and migrations, nothing of its own.
 * Migrations are listed explicitly (no folder scanning) so the compiled app needs no TypeScript.
 * `poolSize`: the most connections this instance opens (`DATABASE_POOL_SIZE`).
 */
export function createOrmConfig(clientUrl: string, poolSize = 20): Options {
  return defineConfig({
    clientUrl,
    entities: [...webhooksEntities, ...IngestEntities],
    extensions: [Migrator],
    migrations: {
      tableName: 'mikro_orm_migrations',
      migrationsList: [...WebhooksMigrations, ...IngestMigrations],
      transactional: true,
      allOrNothing: true,
      // Migrations are hand-written; no schema snapshot files next to wherever the app runs.
      snapshot: false,
    },
    // Requests and workers fork their own EntityManager; the global one must never be used.
    allowGlobalContext: false,
    pool: { min: 1, max: poolSize },
  });
}
