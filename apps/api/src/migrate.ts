import { MikroORM } from '@mikro-orm/postgresql';
import { ConfigError, type AppConfig } from './config/app-config.js';
import { loadAppConfig } from './config/load-app-config.js';
import { openDatabase } from './database/database.js';
import { assertMigratable, MigrationPrerequisiteError } from './database/migration-prerequisites.js';
import { createOrmConfig } from './database/orm.config.js';
import { UnsupportedPostgresError } from '@org/common/sql';

/**
 * Applies pending migrations; returns the names applied. A server or user they cannot run on is
 * refused first with one sentence (see {@link assertMigratable}); the migrations themselves run in one
 * transaction, so nothing is ever half-migrated.
 */
export async function applyMigrations(orm: MikroORM): Promise<string[]> {
  await assertMigratable(orm);
  const applied = await orm.migrator.up();
  return applied.map((migration) => migration.name);
}

/** Opens the configured database, applies pending migrations, lets go again; returns the names applied. */
export async function migrate(config: AppConfig): Promise<string[]> {
  const database = await openDatabase(config);
  try {
    const orm = await MikroORM.init(createOrmConfig(database.url));
    try {
      return await applyMigrations(orm);
    } finally {
      await orm.close();
    }
  } finally {
    await database.stop();
  }
}

/** `npm run migrate` (`node dist/migrate.js`): for deploys with MIGRATE_ON_START=false. */
async function runFromCommandLine(): Promise<void> {
  try {
    const applied = await migrate(loadAppConfig());
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
  } catch (error) {
    const sentence =
      error instanceof ConfigError ||
      error instanceof UnsupportedPostgresError ||
      error instanceof MigrationPrerequisiteError;
    console.error(sentence ? error.message : error);
    process.exit(1);
  }
}

// Only as the entry point: create-app.ts imports this file for applyMigrations().
if (import.meta.main) void runFromCommandLine();
