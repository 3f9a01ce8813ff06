import { MikroORM } from '@mikro-orm/postgresql';
import { ConfigError } from './config/app-config.js';
import { loadAppConfig } from './config/load-app-config.js';
import { openDatabase } from './database/database.js';
import { applyMigrations } from './database/migrate.js';
import { createOrmConfig } from './database/orm.config.js';

/** `npm run migrate`: applies pending migrations and exits (for deploys with MIGRATE_ON_START=false). */
async function migrate(): Promise<void> {
  const config = loadAppConfig();
  const database = await openDatabase(config);
  const orm = await MikroORM.init(createOrmConfig(database.url));
  try {
    const applied = await applyMigrations(orm);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
  } finally {
    await orm.close();
    await database.stop();
  }
}

migrate().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
