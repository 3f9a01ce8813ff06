import { defineEntity, p } from '@mikro-orm/postgresql';
import type { DeliveryStatus } from '../../interfaces/delivery.interface.js';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity.js';

/**
 * `webhook_delivery` (one row per attempt), as created by the migrations; the stores use SQL.
 * Partitioned on `settled_at` (`infinity` while pending: the hot partition), hence the primary key
 * (id, settled_at).
 */
export const WebhookDeliveryEntity = defineEntity({
  name: 'WebhookDelivery',
  tableName: 'webhook_delivery',
  properties: {
    id: p.text().primary(),
    subscription: () =>
      p.manyToOne(WebhookSubscriptionEntity).fieldName('subscription_id').deleteRule('cascade').mapToPk(),
    // No foreign key: a test delivery's event is synthetic and never stored (see the seed-parity migration).
    eventId: p.text().fieldName('event_id'),
    eventType: p.text(),
    workspace: p.text().nullable(),
    attempt: p.integer(),
    status: p.text().$type<DeliveryStatus>(),
    nextAttemptAt: p.datetime().columnType('timestamptz'),
    leaseToken: p.text().nullable(),
    leaseExpiresAt: p.datetime().columnType('timestamptz').nullable(),
    httpStatus: p.integer().nullable(),
    error: p.text().nullable(),
    responseBody: p.text().nullable(),
    durationMs: p.integer().nullable(),
    attemptedAt: p.datetime().columnType('timestamptz').nullable(),
    /** A test delivery (`/ping`, `/test`) rather than one of a published event. */
    test: p.boolean().default(false),
    /** A test delivery's body as sent (its sample event is not stored); `null` for other attempts. */
    requestBody: p.text().nullable(),
    createdAt: p.datetime().columnType('timestamptz'),
    sequence: p.bigint().nullable(),
    url: p.text().nullable(),
    requestHeaders: p.json<Record<string, string>>().nullable(),
    responseHeaders: p.json<Record<string, string>>().nullable(),
    errorClass: p.text().nullable(),
    retryAt: p.datetime().columnType('timestamptz').nullable(),
    /** The event's `created_at`, so the join to its partition prunes (`null` for a test delivery). */
    eventCreatedAt: p.datetime().columnType('timestamptz').nullable(),
    /** `infinity` while pending; when the attempt was made or cancelled once it is not. */
    settledAt: p.datetime().columnType('timestamptz').primary(),
  },
});
