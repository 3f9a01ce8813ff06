import { Migrator } from '@mikro-orm/migrations';
import { MikroORM } from '@mikro-orm/postgresql';
import { createTestDatabase } from '@org/dev-db';
import { webhooksEntities } from '../../src/mikro-orm/entities/webhooks.entities.js';
import { WebhooksMigrations } from '../../src/mikro-orm/webhooks.migrations.js';

/** A MikroORM on a fresh, migrated test database, and how to dispose of both. */
export interface TestOrm {
  orm: MikroORM;
  /** Connection URL of the test database. */
  url: string;
  /** Closes the ORM and drops the database. */
  close(): Promise<void>;
}

/**
 * Creates a fresh database on the test PostgreSQL (see `@org/dev-db`), opens a MikroORM on it the way a
 * host would (the webhooks entities and migrations list), and applies the migrations. Needs the dev-db
 * `globalSetup` in the project's jest.config.cjs. `poolMax` (8 by default) is for tests that hold
 * more transactions open at once.
 */
export async function createMigratedTestOrm({ poolMax = 8 }: { poolMax?: number } = {}): Promise<TestOrm> {
  const database = await createTestDatabase();
  const orm = await MikroORM.init({
    clientUrl: database.url,
    entities: [...webhooksEntities],
    extensions: [Migrator],
    // No snapshot file: tests must not write into the source tree.
    migrations: {
      migrationsList: WebhooksMigrations,
      snapshot: false,
      snapshotOnMigrate: false,
      silent: true,
    },
    pool: { min: 0, max: poolMax },
    debug: false,
  });
  await orm.migrator.up();
  return {
    orm,
    url: database.url,
    close: async () => {
      await orm.close(true);
      await database.drop();
    },
  };
}

/** Runs test SQL with `?` parameters on the ORM's pool (autocommit), returning the rows. */
export function runSql<T extends object = Record<string, unknown>>(
  orm: MikroORM,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  return orm.em.getConnection().execute<T[]>(sql, params as never[], 'all');
}
