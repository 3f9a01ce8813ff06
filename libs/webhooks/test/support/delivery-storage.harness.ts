import { newId } from '@org/common';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { DeliveryAttemptRecord } from '../../src/interfaces/delivery.interface.js';
import type { SubscriptionRecord, SubscriptionStatus } from '../../src/interfaces/subscription.interface.js';
import type { EventRecord } from '../../src/interfaces/webhook-event.interface.js';
import { MikroOrmDeliveryActions } from '../../src/mikro-orm/stores/mikro-orm-delivery-actions.store.js';
import { MikroOrmDeliveryLog } from '../../src/mikro-orm/stores/mikro-orm-delivery-log.store.js';
import { MikroOrmDeliveryMaintenance } from '../../src/mikro-orm/stores/mikro-orm-delivery-maintenance.store.js';
import { MikroOrmDeliveryQueue } from '../../src/mikro-orm/stores/mikro-orm-delivery-queue.store.js';
import type { DeliveryActions } from '../../src/storage/delivery-actions.interface.js';
import type { DeliveryLog } from '../../src/storage/delivery-log.interface.js';
import type { DeliveryMaintenance } from '../../src/storage/delivery-maintenance.interface.js';
import type { DeliveryQueue } from '../../src/storage/delivery-queue.interface.js';
import { InMemoryDeliveryActions } from '../../src/storage/in-memory/in-memory-delivery-actions.store.js';
import { InMemoryDeliveryLog } from '../../src/storage/in-memory/in-memory-delivery-log.store.js';
import { InMemoryDeliveryMaintenance } from '../../src/storage/in-memory/in-memory-delivery-maintenance.store.js';
import { InMemoryDeliveryQueue } from '../../src/storage/in-memory/in-memory-delivery-queue.store.js';
import { InMemoryWebhooksState } from '../../src/storage/in-memory/in-memory.state.js';
import { createMigratedTestOrm } from './pg-test-orm.js';
import { DEFAULT_DELIVERY_SETTINGS } from '../../src/subscriptions/delivery-settings.js';
import { formatRetrySchedule } from '../../src/rules/retry-schedule.js';

/** Subscription fields a test sets; the rest get defaults. */
export type SubscriptionSeed = Partial<Omit<SubscriptionRecord, 'id'>> & { id?: string };
/** Event fields a test sets; the rest get defaults. */
export type EventSeed = Partial<EventRecord> & { type: string };

/**
 * The four delivery ports of one adapter over one set of rows, with direct access to those rows, so
 * the contract cases can arrange subscriptions and events and inspect results without depending on
 * the subscription and event stores.
 */
export interface DeliveryStorageHarness {
  queue: DeliveryQueue;
  log: DeliveryLog;
  actions: DeliveryActions;
  maintenance: DeliveryMaintenance;
  addSubscription(seed?: SubscriptionSeed): Promise<SubscriptionRecord>;
  addEvent(seed: EventSeed): Promise<EventRecord>;
  setSubscription(
    id: string,
    patch: { status?: SubscriptionStatus; deletedAt?: Date; failureCount?: number },
  ): Promise<void>;
  subscription(
    id: string,
  ): Promise<
    Pick<SubscriptionRecord, 'status' | 'failureCount' | 'disabledReason' | 'lastDeliveredAt' | 'heldUntil'>
  >;
  /** Every attempt row, oldest id first, with its lease. */
  attempts(): Promise<Array<DeliveryAttemptRecord & { leaseToken: string | null }>>;
  close(): Promise<void>;
}

/** An adapter's harness maker, by name; the contract suites run `describe.each(deliveryStorageAdapters)`. */
export interface DeliveryStorageAdapter {
  name: 'memory' | 'postgresql';
  create(): Promise<DeliveryStorageHarness>;
}

/** Seconds after the contract cases' epoch, 2026-01-01T00:00:00Z. */
export const T = (s: number): Date => new Date(Date.UTC(2026, 0, 1) + s * 1000);
/** A claim's lease of 30 s to worker `w1`. */
export const LEASE = { leaseMs: 30_000, workerId: 'w1' };

const T0 = T(0);

function subscriptionRecord(seed: SubscriptionSeed): SubscriptionRecord {
  return {
    id: seed.id ?? newId('whk'),
    workspace: null,
    name: 'test',
    url: 'https://example.com/hook',
    description: null,
    eventTypes: ['*'],
    metadata: {},
    format: 'raw',
    status: 'active',
    disabledReason: null,
    failureCount: 0,
    secrets: [{ ciphertext: 'v1.x.y.z', createdAt: T0, expiresAt: null }],
    credentials: [],
    tls: null,
    lastDeliveredAt: null,
    createdAt: T0,
    updatedAt: T0,
    ...DEFAULT_DELIVERY_SETTINGS,
    heldUntil: null,
    filter: null,
    ...seed,
  };
}

function eventRecord(seed: EventSeed): EventRecord {
  const id = seed.id ?? newId('evt');
  const createdAt = seed.createdAt ?? new Date(T0.getTime() + 1000);
  return {
    id,
    workspace: null,
    payload: JSON.stringify({ id, event: seed.type, created_at: createdAt.toISOString(), data: {} }),
    idempotencyKey: null,
    createdAt,
    ...seed,
  };
}

/** The in-memory adapter over a fresh state. */
export async function memoryHarness(): Promise<DeliveryStorageHarness> {
  const state = new InMemoryWebhooksState();
  return {
    queue: new InMemoryDeliveryQueue(state),
    log: new InMemoryDeliveryLog(state),
    actions: new InMemoryDeliveryActions(state),
    maintenance: new InMemoryDeliveryMaintenance(state),
    addSubscription: async (seed = {}) => {
      const record = subscriptionRecord(seed);
      state.subscriptions.set(record.id, { ...structuredClone(record), deletedAt: null });
      return record;
    },
    addEvent: async (seed) => {
      const record = eventRecord(seed);
      state.events.set(record.id, { ...structuredClone(record), fannedOutAt: null });
      return record;
    },
    setSubscription: async (id, patch) => {
      const row = state.subscriptions.get(id)!;
      Object.assign(row, patch);
      if (patch.deletedAt) {
        for (const d of state.deliveries.values())
          if (d.subscriptionId === id && d.status === 'pending') d.status = 'cancelled';
      }
    },
    subscription: async (id) => structuredClone(state.subscriptions.get(id)!),
    attempts: async () =>
      [...state.deliveries.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).map((d) => structuredClone(d)),
    close: async () => undefined,
  };
}

/** The PostgreSQL adapter on a fresh migrated database (`orm` exposed for concurrency tests). */
export async function pgHarness(): Promise<DeliveryStorageHarness & { orm: MikroORM; url: string }> {
  const test = await createMigratedTestOrm();
  const pool = await test.orm.em.getConnection().getNativeClient();
  return {
    orm: test.orm,
    url: test.url,
    queue: new MikroOrmDeliveryQueue(test.orm),
    log: new MikroOrmDeliveryLog(test.orm),
    actions: new MikroOrmDeliveryActions(test.orm),
    maintenance: new MikroOrmDeliveryMaintenance(test.orm),
    addSubscription: async (seed = {}) => {
      const r = subscriptionRecord(seed);
      const secrets = r.secrets.map((s) => ({
        ciphertext: s.ciphertext,
        created_at: s.createdAt.toISOString(),
        expires_at: s.expiresAt?.toISOString() ?? null,
      }));
      await pool.query(
        `insert into webhook_subscription (id, workspace, name, url, description, event_types, metadata, status, disabled_reason,
           failure_count, secrets, last_delivered_at, created_at, updated_at, retry_schedule, timeout_ms, rate_limit,
           max_in_flight, ordering, held_until, credentials)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`,
        [
          r.id,
          r.workspace,
          r.name,
          r.url,
          r.description,
          r.eventTypes,
          JSON.stringify(r.metadata),
          r.status,
          r.disabledReason,
          r.failureCount,
          JSON.stringify(secrets),
          r.lastDeliveredAt,
          r.createdAt,
          r.updatedAt,
          r.retrySchedule === null ? null : formatRetrySchedule(r.retrySchedule),
          r.timeoutMs,
          r.rateLimit,
          r.maxInFlight,
          r.ordering,
          r.heldUntil,
          JSON.stringify(r.credentials),
        ],
      );
      return r;
    },
    addEvent: async (seed) => {
      const r = eventRecord(seed);
      await pool.query(
        `insert into webhook_event (id, workspace, type, payload, idempotency_key, created_at) values ($1, $2, $3, $4, $5, $6)`,
        [r.id, r.workspace, r.type, r.payload, r.idempotencyKey, r.createdAt],
      );
      return r;
    },
    setSubscription: async (id, patch) => {
      if (patch.status)
        await pool.query(`update webhook_subscription set status = $2 where id = $1`, [id, patch.status]);
      if (patch.failureCount !== undefined)
        await pool.query(`update webhook_subscription set failure_count = $2 where id = $1`, [
          id,
          patch.failureCount,
        ]);
      if (patch.deletedAt) {
        await pool.query(`update webhook_subscription set deleted_at = $2 where id = $1`, [
          id,
          patch.deletedAt,
        ]);
        await pool.query(
          `update webhook_delivery set status = 'cancelled', settled_at = $2 where subscription_id = $1 and status = 'pending'`,
          [id, patch.deletedAt],
        );
      }
    },
    subscription: async (id) => {
      const { rows } = await pool.query(
        `select status, failure_count, disabled_reason, last_delivered_at, held_until from webhook_subscription where id = $1`,
        [id],
      );
      const row = rows[0];
      return {
        status: row.status,
        failureCount: row.failure_count,
        disabledReason: row.disabled_reason,
        lastDeliveredAt: row.last_delivered_at ? new Date(row.last_delivered_at) : null,
        heldUntil: row.held_until ? new Date(row.held_until) : null,
      };
    },
    attempts: async () => {
      const { rows } = await pool.query(`select * from webhook_delivery order by id`);
      return rows.map((row) => ({
        id: row.id,
        subscriptionId: row.subscription_id,
        eventId: row.event_id,
        eventType: row.event_type,
        workspace: row.workspace,
        attempt: row.attempt,
        status: row.status,
        nextAttemptAt: new Date(row.next_attempt_at),
        httpStatus: row.http_status,
        error: row.error,
        responseBody: row.response_body,
        durationMs: row.duration_ms,
        attemptedAt: row.attempted_at ? new Date(row.attempted_at) : null,
        createdAt: new Date(row.created_at),
        test: row.test,
        url: row.url,
        requestHeaders: row.request_headers,
        responseHeaders: row.response_headers,
        errorClass: row.error_class,
        retryAt: row.retry_at ? new Date(row.retry_at) : null,
        leaseToken: row.lease_token,
      }));
    },
    close: () => test.close(),
  };
}

/** Every adapter the delivery contract suites run against. */
export const deliveryStorageAdapters: DeliveryStorageAdapter[] = [
  { name: 'memory', create: memoryHarness },
  { name: 'postgresql', create: pgHarness },
];
