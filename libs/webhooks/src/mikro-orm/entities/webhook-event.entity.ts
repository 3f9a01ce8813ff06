import { defineEntity, p } from '@mikro-orm/postgresql';

/** `webhook_event` (the outbox), as created by the migration; the stores use SQL. */
export const WebhookEventEntity = defineEntity({
  name: 'WebhookEvent',
  tableName: 'webhook_event',
  properties: {
    id: p.text().primary(),
    workspace: p.text().nullable(),
    type: p.text(),
    payload: p.text(),
    idempotencyKey: p.text().nullable(),
    createdAt: p.datetime().columnType('timestamptz'),
    fannedOutAt: p.datetime().columnType('timestamptz').nullable(),
    traceContext: p.text().nullable(),
    sequence: p.bigint().nullable(),
  },
});
