import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Migrator } from '@mikro-orm/migrations';
import type { MigrationObject } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, NestFactory } from '@nestjs/core';
import { createDatabaseIfMissing, startEmbeddedPostgres, withDatabase, type DevDatabase } from '@org/dev-db';
import {
  SubscriptionsService,
  WebhooksModule,
  WebhooksService,
  type DeliverySettingsInput,
  type WebhooksModuleOptions,
} from '@org/webhooks';
import { MikroOrmWebhooksStorage, webhooksEntities, WebhooksMigrations } from '@org/webhooks/mikro-orm';

/** What the ceiling uses of the module's `WebhookTransport` (found in the module's providers). */
export interface WebhookTransportLike {
  send(request: {
    url: string;
    body: string;
    headers: Record<string, string>;
  }): Promise<{ ok: boolean; httpStatus: number | null }>;
}

/** The secret every benchmark subscription signs with. */
export const BENCH_SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
const SECRET_KEY = Buffer.alloc(32, 9).toString('base64');

/** An embedded PostgreSQL for the whole run; each scenario gets a fresh database on it. */
export async function startBenchDatabase(root: string): Promise<DevDatabase> {
  return startEmbeddedPostgres({
    dataDir: join(root, '.data', `bench-pg-${process.pid}`),
    persistent: false,
    database: 'bench',
  });
}

/** A MikroORM on a new database of `server`, migrated with `migrations` (by default all of them). */
export async function openScenarioOrm(
  server: DevDatabase,
  migrations: MigrationObject[] = WebhooksMigrations,
): Promise<MikroORM> {
  const name = `bench_${randomBytes(4).toString('hex')}`;
  await createDatabaseIfMissing(server.serverUrl, name);
  const orm = await openOrm(withDatabase(server.serverUrl, name), migrations);
  await orm.migrator.up();
  return orm;
}

/** A MikroORM on the database at `url` that knows `migrations` (applies none). */
export function openOrm(url: string, migrations: MigrationObject[] = WebhooksMigrations): Promise<MikroORM> {
  return MikroORM.init({
    clientUrl: url,
    entities: [...webhooksEntities],
    extensions: [Migrator],
    migrations: { migrationsList: migrations, snapshot: false, silent: true },
    pool: { min: 2, max: 16 },
    debug: false,
  });
}

/** A Nest application context of the webhooks module on `orm` (no HTTP server: the API is not measured). */
export interface WebhooksContext {
  app: INestApplicationContext;
  webhooks: WebhooksService;
  subscriptions: SubscriptionsService;
  /** The module's own HTTP client, for the no-database ceiling. */
  transport: WebhookTransportLike;
  close(): Promise<void>;
}

/** Boots the module as a host would, with the given worker settings (`false`: API only). */
export async function startWebhooks(orm: MikroORM, options: WebhooksModuleOptions): Promise<WebhooksContext> {
  @Module({
    imports: [
      DiscoveryModule,
      WebhooksModule.forRoot({
        // No HTTP server, so no management routes (and no authorize) either.
        controllers: false,
        storage: new MikroOrmWebhooksStorage(orm),
        secretKey: SECRET_KEY,
        allowPrivateUrls: true,
        ...options,
      }),
    ],
  })
  class BenchModule {}
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error', 'warn'] });
  // The transport is a provider of the module; found by name so the bench needs no internal import.
  const transport = app
    .get(DiscoveryService)
    .getProviders()
    .find((wrapper) => wrapper.name === 'WebhookTransport')?.instance as WebhookTransportLike;
  return {
    app,
    webhooks: app.get(WebhooksService),
    subscriptions: app.get(SubscriptionsService),
    transport,
    close: () => app.close(),
  };
}

/** Creates `count` subscriptions to `urls` (round robin) that match every event, with `settings`. */
export async function subscribe(
  context: WebhooksContext,
  urls: readonly string[],
  count = urls.length,
  settings: DeliverySettingsInput = {},
): Promise<void> {
  for (let i = 0; i < count; i++) {
    await context.subscriptions.create(
      { name: `bench ${i}`, url: urls[i % urls.length], secret: BENCH_SECRET, settings },
      null,
    );
  }
}

/** Runs `task` over `items` with at most `concurrency` at once. */
export async function inParallel<T>(
  items: readonly T[],
  concurrency: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await task(items[next++]);
    }),
  );
}

/** Counts attempts of a status. */
export async function countAttempts(orm: MikroORM, status: string): Promise<number> {
  const rows = await orm.em
    .getConnection()
    .execute<{ n: number }[]>('select count(*)::int as n from webhook_delivery where status = ?', [status]);
  return rows[0].n;
}

/**
 * Bytes on disk (heap, TOAST and indexes) per settled attempt and per event, over the day partitions
 * (the hot partition holds the queue, not history). From real recorded attempts, for sizing.
 */
export async function historyBytes(orm: MikroORM): Promise<{ perAttempt: number; perEvent: number }> {
  const [row] = await orm.em
    .getConnection()
    .execute<{ attempt_bytes: string; attempts: number; event_bytes: string; events: number }[]>(
      `select (select sum(pg_total_relation_size(i.inhrelid)) from pg_inherits i
             where i.inhparent = 'webhook_delivery'::regclass and i.inhrelid <> 'webhook_delivery_pending'::regclass) as attempt_bytes,
            (select count(*)::int from webhook_delivery where status <> 'pending') as attempts,
            (select sum(pg_total_relation_size(i.inhrelid)) from pg_inherits i
             where i.inhparent = 'webhook_event'::regclass) as event_bytes,
            (select count(*)::int from webhook_event) as events`,
    );
  return {
    perAttempt: Number(row.attempt_bytes) / Math.max(1, row.attempts),
    perEvent: Number(row.event_bytes) / Math.max(1, row.events),
  };
}
