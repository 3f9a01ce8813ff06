import type { DeliveryStore } from './delivery-store.interface.js';
import type { EventStore } from './event-store.interface.js';
import type { SubscriptionStore } from './subscription-store.interface.js';

/**
 * A storage adapter: the three ports plus a wake-up channel. `@org/webhooks/mikro-orm` ships the
 * PostgreSQL one (`MikroOrmWebhooksStorage`); `InMemoryWebhooksStorage` serves tests and first runs.
 */
export interface WebhooksStorage {
  readonly kind: 'memory' | 'postgresql' | (string & {});
  readonly subscriptions: SubscriptionStore;
  readonly events: EventStore;
  readonly deliveries: DeliveryStore;
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
