import type { DeliveryActions } from './delivery-actions.interface.js';
import type { DeliveryLog } from './delivery-log.interface.js';
import type { DeliveryMaintenance } from './delivery-maintenance.interface.js';
import type { DeliveryQueue } from './delivery-queue.interface.js';
import type { EventStore } from './event-store.interface.js';
import type { OAuth2TokenStore } from './oauth2-token-store.interface.js';
import type { SubscriptionStore } from './subscription-store.interface.js';

/**
 * A storage adapter: its ports plus a wake-up channel. `@org/webhooks/mikro-orm` ships the
 * PostgreSQL one (`MikroOrmWebhooksStorage`); `InMemoryWebhooksStorage` serves tests and first runs.
 * Deliveries are four ports over the same rows, one per consumer: the engine's queue, the log API,
 * the actions API (redelivery, replay, recovery, test deliveries) and maintenance (retention, gauges).
 */
export interface WebhooksStorage {
  readonly kind: 'memory' | 'postgresql' | (string & {});
  readonly subscriptions: SubscriptionStore;
  readonly events: EventStore;
  readonly deliveryQueue: DeliveryQueue;
  readonly deliveryLog: DeliveryLog;
  readonly deliveryActions: DeliveryActions;
  readonly deliveryMaintenance: DeliveryMaintenance;
  /** The OAuth2 access tokens of subscriptions, shared by every instance on this storage. */
  readonly oauth2Tokens: OAuth2TokenStore;
  /**
   * Calls `onEventPublished` whenever any instance sharing this storage publishes an event
   * (PostgreSQL `LISTEN/NOTIFY`; in-process for memory). Returns a function that stops listening.
   */
  listen(onEventPublished: () => void): Promise<() => Promise<void>>;
  /**
   * Checks, once at start-up before anything is served, that the storage can work (e.g. the database
   * server's version); rejecting stops the application with the rejection's message.
   */
  prepare?(): Promise<void>;
}
