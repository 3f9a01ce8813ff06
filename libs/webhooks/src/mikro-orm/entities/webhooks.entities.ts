import { WebhookDeliveryEntity } from './webhook-delivery.entity.js';
import { WebhookEventKeyEntity } from './webhook-event-key.entity.js';
import { WebhookEventEntity } from './webhook-event.entity.js';
import { WebhookOAuth2TokenEntity } from './webhook-oauth2-token.entity.js';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity.js';

/**
 * The entities of the webhooks tables, for a host's MikroORM `entities` list (so its schema tooling
 * sees the tables as known). The tables themselves come from {@link WebhooksMigrations}.
 */
export const webhooksEntities = [
  WebhookSubscriptionEntity,
  WebhookEventEntity,
  WebhookEventKeyEntity,
  WebhookDeliveryEntity,
  WebhookOAuth2TokenEntity,
] as const;
