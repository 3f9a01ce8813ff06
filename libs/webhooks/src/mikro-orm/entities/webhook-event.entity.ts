import { defineEntity, p } from '@mikro-orm/postgresql';

/**
 * `webhook_event` (the outbox), as created by the migrations; the stores use SQL. Partitioned by day
 * of `created_at`, hence the primary key (id, created_at).
 */
export const WebhookEventEntity = defineEntity({
  name: 'WebhookEvent',
  tableName: 'webhook_event',
  properties: {
    id: p.text().primary(),
    workspace: p.text().nullable(),
    type: p.text(),
    payload: p.text(),
    idempotencyKey: p.text().nullable(),
    createdAt: p.datetime().columnType('timestamptz').primary(),
    fannedOutAt: p.datetime().columnType('timestamptz').nullable(),
    traceContext: p.text().nullable(),
    sequence: p.bigint().nullable(),
  },
});
