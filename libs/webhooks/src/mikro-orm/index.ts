// Public API of @org/webhooks/mikro-orm, the PostgreSQL adapter (reviewed in
// api/webhooks-mikro-orm.api.md): the storage to pass as `storage`, the entities and migrations to
// register with the host's MikroORM.
import '../node-floor.check.js';
export { MikroOrmWebhooksStorage } from './mikro-orm-webhooks.storage.js';
export { webhooksEntities } from './entities/webhooks.entities.js';
export { WebhookDeliveryEntity } from './entities/webhook-delivery.entity.js';
export { WebhookEventKeyEntity } from './entities/webhook-event-key.entity.js';
export { WebhookEventEntity } from './entities/webhook-event.entity.js';
export {
  WebhookSubscriptionEntity,
  type StoredSecretColumn,
} from './entities/webhook-subscription.entity.js';
export { WebhooksMigrations } from './webhooks.migrations.js';
