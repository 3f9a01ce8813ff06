import type { MikroORM } from '@mikro-orm/postgresql';
import { MikroOrmWebhooksStorage } from '../../src/mikro-orm/mikro-orm-webhooks.storage.js';
import { InMemoryWebhooksStorage } from '../../src/storage/in-memory/in-memory-webhooks.storage.js';
import type { WebhooksStorage } from '../../src/storage/webhooks-storage.interface.js';
import { createMigratedTestOrm, runSql } from './pg-test-orm.js';

/** A pending attempt row planted directly, for store tests that need a queue without the engine. */
export interface PlantedAttempt {
  id: string;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  workspace: string | null;
  nextAttemptAt: Date;
}

/** One storage instance under test, with test-only access to its rows. */
export interface StorageUnderTest {
  storage: WebhooksStorage;
  /** The ORM of the PostgreSQL storage (for transactions and raw checks); `undefined` for memory. */
  orm?: MikroORM;
  /** Removes every row, so each test starts empty. */
  reset(): Promise<void>;
  /** Inserts a pending attempt row as the engine would. */
  plantAttempt(attempt: PlantedAttempt): Promise<void>;
  /** Status of every attempt row of a subscription, by attempt id. */
  attemptStatuses(subscriptionId: string): Promise<Record<string, string>>;
  /** How many stored secrets the subscription's row holds, deleted or not (read behind the store). */
  storedSecretCount(subscriptionId: string): Promise<number>;
  /** Ids of the fanned-out events in publish order (the `sequence` drawn at fan-out). */
  publishOrder(): Promise<string[]>;
  /** Releases everything (closes the ORM, drops the database). */
  close(): Promise<void>;
}

/** How to make a {@link StorageUnderTest}; contract suites run `describe.each(storageHarnesses)`. */
export interface StorageHarness {
  name: 'memory' | 'postgresql';
  create(): Promise<StorageUnderTest>;
}

const memoryHarness: StorageHarness = {
  name: 'memory',
  create: async () => {
    const storage = new InMemoryWebhooksStorage();
    const { state } = storage;
    return {
      storage,
      reset: async () => {
        state.subscriptions.clear();
        state.events.clear();
        state.deliveries.clear();
        state.oauth2Tokens.clear();
      },
      plantAttempt: async (a) => {
        state.deliveries.set(a.id, {
          ...a,
          attempt: 1,
          status: 'pending',
          httpStatus: null,
          error: null,
          responseBody: null,
          durationMs: null,
          attemptedAt: null,
          createdAt: a.nextAttemptAt,
          test: false,
          url: null,
          requestHeaders: null,
          responseHeaders: null,
          errorClass: null,
          retryAt: null,
          sequence: null,
          leaseToken: null,
          leaseExpiresAt: null,
        });
      },
      attemptStatuses: async (subscriptionId) =>
        Object.fromEntries(
          [...state.deliveries.values()]
            .filter((d) => d.subscriptionId === subscriptionId)
            .map((d) => [d.id, d.status]),
        ),
      storedSecretCount: async (subscriptionId) =>
        state.subscriptions.get(subscriptionId)?.secrets.length ?? 0,
      publishOrder: async () =>
        [...state.events.values()]
          .filter((e) => e.sequence !== undefined)
          .sort((a, b) => a.sequence! - b.sequence!)
          .map((e) => e.id),
      close: async () => undefined,
    };
  },
};

const postgresHarness: StorageHarness = {
  name: 'postgresql',
  create: async () => {
    const { orm, close } = await createMigratedTestOrm();
    return {
      storage: new MikroOrmWebhooksStorage(orm),
      orm,
      reset: async () => {
        await runSql(
          orm,
          'truncate webhook_delivery, webhook_event, webhook_event_key, webhook_oauth2_token, webhook_subscription',
        );
      },
      plantAttempt: async (a) => {
        await runSql(
          orm,
          `insert into webhook_delivery (id, subscription_id, event_id, event_type, workspace, attempt, status, next_attempt_at, created_at,
             event_created_at)
           values (?, ?, ?, ?, ?, 1, 'pending', ?::timestamptz, ?::timestamptz, (select created_at from webhook_event where id = ?))`,
          [
            a.id,
            a.subscriptionId,
            a.eventId,
            a.eventType,
            a.workspace,
            a.nextAttemptAt.toISOString(),
            a.nextAttemptAt.toISOString(),
            a.eventId,
          ],
        );
      },
      attemptStatuses: async (subscriptionId) => {
        const rows = await runSql<{ id: string; status: string }>(
          orm,
          'select id, status from webhook_delivery where subscription_id = ?',
          [subscriptionId],
        );
        return Object.fromEntries(rows.map((r) => [r.id, r.status]));
      },
      storedSecretCount: async (subscriptionId) => {
        const [row] = await runSql<{ count: number }>(
          orm,
          'select jsonb_array_length(secrets) as count from webhook_subscription where id = ?',
          [subscriptionId],
        );
        return Number(row?.count ?? 0);
      },
      publishOrder: async () =>
        (
          await runSql<{ id: string }>(
            orm,
            'select id from webhook_event where sequence is not null order by sequence',
          )
        ).map((r) => r.id),
      close,
    };
  },
};

/** The storages every contract suite runs against: in-memory and PostgreSQL (MikroORM). */
export const storageHarnesses: StorageHarness[] = [memoryHarness, postgresHarness];
