import type { MikroORM } from '@mikro-orm/postgresql';
import type { DeliveryActions } from '../storage/delivery-actions.interface.js';
import type { DeliveryLog } from '../storage/delivery-log.interface.js';
import type { DeliveryMaintenance } from '../storage/delivery-maintenance.interface.js';
import type { DeliveryQueue } from '../storage/delivery-queue.interface.js';
import type { EventStore } from '../storage/event-store.interface.js';
import type { OAuth2TokenStore } from '../storage/oauth2-token-store.interface.js';
import type { SubscriptionStore } from '../storage/subscription-store.interface.js';
import type { WebhooksStorage } from '../storage/webhooks-storage.interface.js';
import { PostgresServer, SqlRunner } from '@org/common/sql';
import { listenForPublishedEvents } from './pg-notify.listener.js';
import { PublishWakeUp } from './publish.wake-up.js';
import { MikroOrmDeliveryActions } from './stores/mikro-orm-delivery-actions.store.js';
import { MikroOrmDeliveryLog } from './stores/mikro-orm-delivery-log.store.js';
import { MikroOrmDeliveryMaintenance } from './stores/mikro-orm-delivery-maintenance.store.js';
import { MikroOrmDeliveryQueue } from './stores/mikro-orm-delivery-queue.store.js';
import { MikroOrmEventStore } from './stores/mikro-orm-event.store.js';
import { MikroOrmOAuth2TokenStore } from './stores/mikro-orm-oauth2-token.store.js';
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
  readonly subscriptions: SubscriptionStore;
  readonly events: EventStore;
  readonly deliveryQueue: DeliveryQueue;
  readonly deliveryLog: DeliveryLog;
  readonly deliveryActions: DeliveryActions;
  readonly deliveryMaintenance: DeliveryMaintenance;
  readonly oauth2Tokens: OAuth2TokenStore;

  private readonly wakeUp: PublishWakeUp;
  private readonly server: PostgresServer;

  constructor(readonly orm: MikroORM) {
    const runner = new SqlRunner(orm.em);
    this.server = new PostgresServer(runner);
    this.wakeUp = new PublishWakeUp(runner);
    this.subscriptions = new MikroOrmSubscriptionStore(orm);
    this.events = new MikroOrmEventStore(orm, this.wakeUp);
    this.deliveryQueue = new MikroOrmDeliveryQueue(orm, this.server);
    this.deliveryLog = new MikroOrmDeliveryLog(orm);
    this.deliveryActions = new MikroOrmDeliveryActions(orm);
    this.deliveryMaintenance = new MikroOrmDeliveryMaintenance(orm);
    this.oauth2Tokens = new MikroOrmOAuth2TokenStore(orm);
  }

  /**
   * Reads the server once and refuses one the library cannot run on (older than PostgreSQL 15, or
   * read-only) with an `UnsupportedPostgresError` naming the version found and the fix.
   */
  async prepare(): Promise<void> {
    await this.server.check('@org/webhooks');
  }

  /**
   * Publishes of this process wake `onEventPublished` in-process, at once; other instances' through
   * `LISTEN` (this process's own notifications are skipped: their wake-up already ran).
   */
  async listen(onEventPublished: () => void): Promise<() => Promise<void>> {
    const stopLocal = this.wakeUp.addListener(onEventPublished);
    try {
      const stopListening = await listenForPublishedEvents(this.orm, onEventPublished, this.wakeUp.origin);
      return async () => {
        stopLocal();
        await stopListening();
      };
    } catch (error) {
      stopLocal();
      throw error;
    }
  }
}
