import type { MikroORM } from '@mikro-orm/postgresql';
import type { WebhooksStorage } from '../storage/webhooks-storage.interface.js';
import { listenForPublishedEvents } from './pg-notify.listener.js';
import { PgDeliveryStore } from './stores/pg-delivery.store.js';
import { PgEventStore } from './stores/pg-event.store.js';
import { PgSubscriptionStore } from './stores/pg-subscription.store.js';

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
  readonly subscriptions: PgSubscriptionStore;
  readonly events: PgEventStore;
  readonly deliveries: PgDeliveryStore;

  constructor(readonly orm: MikroORM) {
    this.subscriptions = new PgSubscriptionStore(orm);
    this.events = new PgEventStore(orm);
    this.deliveries = new PgDeliveryStore(orm);
  }

  listen(onEventPublished: () => void): Promise<() => Promise<void>> {
    return listenForPublishedEvents(this.orm, onEventPublished);
  }
}
