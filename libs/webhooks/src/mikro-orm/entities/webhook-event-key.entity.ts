import { defineEntity, p } from '@mikro-orm/postgresql';

/**
 * `webhook_event_key`: the idempotency keys of stored events, unique per scope (the workspace, `''`
 * for none). A unique index on the time-partitioned `webhook_event` could only be unique per day.
 */
export const WebhookEventKeyEntity = defineEntity({
  name: 'WebhookEventKey',
  tableName: 'webhook_event_key',
  properties: {
    scope: p.text().primary(),
    idempotencyKey: p.text().primary(),
    eventId: p.text(),
    createdAt: p.datetime().columnType('timestamptz'),
  },
});
