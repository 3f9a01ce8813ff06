import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { EntitySchema } from '@mikro-orm/core';
import { createTestDatabase } from '@org/dev-db';
import {
  InMemoryInboundSourceStore,
  InMemoryIngestStore,
  type InboundSourceStore,
  type IngestStore,
} from '@org/ingest';
import {
  IngestEntities,
  IngestMigrations,
  MikroOrmInboundSourceStore,
  MikroOrmIngestStore,
} from '@org/ingest/mikro-orm';

/** The two store kinds every store-dependent suite runs against. */
export const STORE_KINDS = ['in-memory', 'postgres'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

/** A real PostgreSQL database of its own, migrated with the library's migrations. */
export interface TestDatabase {
  orm: MikroORM;
  em: EntityManager;
  close(): Promise<void>;
}

/** Creates a fresh database on the test server, runs IngestMigrations (and `extraSql`), returns the ORM. */
export async function createMigratedDatabase(
  extraEntities: EntitySchema[] = [],
  extraSql: string[] = [],
): Promise<TestDatabase> {
  const database = await createTestDatabase();
  const orm = await MikroORM.init({
    clientUrl: database.url,
    entities: [...IngestEntities, ...extraEntities],
    extensions: [Migrator],
    // No schema snapshot file: tests must not write into the source tree.
    migrations: { migrationsList: IngestMigrations, snapshot: false, silent: true },
    allowGlobalContext: false,
    debug: false,
    pool: { max: 30 },
  });
  await orm.migrator.up();
  for (const sql of extraSql) await orm.em.fork().execute(sql);
  return {
    orm,
    em: orm.em,
    close: async () => {
      await orm.close(true);
      await database.drop();
    },
  };
}

/** A store of the given kind, plus (for PostgreSQL) its database. */
export interface TestStore {
  kind: StoreKind;
  store: IngestStore;
  /** The source store of the same kind (same database). */
  sources: InboundSourceStore;
  database?: TestDatabase;
  close(): Promise<void>;
}

export async function createTestStore(
  kind: StoreKind,
  extraEntities: EntitySchema[] = [],
  extraSql: string[] = [],
): Promise<TestStore> {
  if (kind === 'in-memory')
    return {
      kind,
      store: new InMemoryIngestStore(),
      sources: new InMemoryInboundSourceStore(),
      close: async () => undefined,
    };
  const database = await createMigratedDatabase(extraEntities, extraSql);
  return {
    kind,
    store: new MikroOrmIngestStore(database.em),
    sources: new MikroOrmInboundSourceStore(database.em),
    database,
    close: () => database.close(),
  };
}
