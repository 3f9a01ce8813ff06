import type { MikroORM } from '@mikro-orm/postgresql';
import type { WebhooksStorage } from '../storage/webhooks-storage.interface.js';
import { listenForPublishedEvents } from './pg-notify.listener.js';
import { MikroOrmDeliveryStore } from './stores/mikro-orm-delivery.store.js';
import { MikroOrmEventStore } from './stores/mikro-orm-event.store.js';
import { MikroOrmSubscriptionStore } from './stores/mikro-orm-subscription.store.js';

/**
 * PostgreSQL storage through the host's MikroORM: pass it as `storage` to `WebhooksModule.forRoot()`.
 * The tables come from {@link WebhooksMigrations}; the stores use set-based SQL on the ORM's pool,
 * and `publish({ em })` joins the caller's transaction.
 * @example
 * WebhooksModule.forRootAsync({
 *   inject: [MikroORM],
 *   useFactory: (orm: MikroORM) => ({ storage: new MikroOrmWebhooksStorage(orm), secretKey: process.env.WEBHOOKS_SECRET_KEY }),
 * })
 */
export class MikroOrmWebhooksStorage implements WebhooksStorage {
  readonly kind = 'postgresql';
  readonly subscriptions: MikroOrmSubscriptionStore;
  readonly events: MikroOrmEventStore;
  readonly deliveries: MikroOrmDeliveryStore;

  constructor(readonly orm: MikroORM) {
    this.subscriptions = new MikroOrmSubscriptionStore(orm);
    this.events = new MikroOrmEventStore(orm);
    this.deliveries = new MikroOrmDeliveryStore(orm);
  }

  listen(onEventPublished: () => void): Promise<() => Promise<void>> {
    return listenForPublishedEvents(this.orm, onEventPublished);
  }
}
