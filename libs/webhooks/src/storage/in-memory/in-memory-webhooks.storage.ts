import type { DeliveryActions } from '../delivery-actions.interface.js';
import type { DeliveryLog } from '../delivery-log.interface.js';
import type { DeliveryMaintenance } from '../delivery-maintenance.interface.js';
import type { DeliveryQueue } from '../delivery-queue.interface.js';
import type { EventStore } from '../event-store.interface.js';
import type { OAuth2TokenStore } from '../oauth2-token-store.interface.js';
import type { SubscriptionStore } from '../subscription-store.interface.js';
import type { WebhooksStorage } from '../webhooks-storage.interface.js';
import { InMemoryDeliveryActions } from './in-memory-delivery-actions.store.js';
import { InMemoryDeliveryLog } from './in-memory-delivery-log.store.js';
import { InMemoryDeliveryMaintenance } from './in-memory-delivery-maintenance.store.js';
import { InMemoryDeliveryQueue } from './in-memory-delivery-queue.store.js';
import { InMemoryEventStore } from './in-memory-event.store.js';
import { InMemoryOAuth2TokenStore } from './in-memory-oauth2-token.store.js';
import { InMemorySubscriptionStore } from './in-memory-subscription.store.js';
import { InMemoryWebhooksState } from './in-memory.state.js';

/**
 * Storage in process memory: the default, for tests and first runs. Everything is lost on restart,
 * so `WebhooksModule` refuses it when `NODE_ENV=production` unless `allowInMemoryStorage` is set.
 * Several module instances (e.g. two apps in one test) share rows by sharing one storage object.
 */
export class InMemoryWebhooksStorage implements WebhooksStorage {
  readonly kind = 'memory';
  readonly subscriptions: SubscriptionStore;
  readonly events: EventStore;
  readonly deliveryQueue: DeliveryQueue;
  readonly deliveryLog: DeliveryLog;
  readonly deliveryActions: DeliveryActions;
  readonly deliveryMaintenance: DeliveryMaintenance;
  readonly oauth2Tokens: OAuth2TokenStore;
  /** @internal The rows, shared by the ports (tests reach into them). */
  readonly state: InMemoryWebhooksState;

  /** @internal `state` shares rows with another storage (tests); hosts call `new InMemoryWebhooksStorage()`. */
  constructor(state: InMemoryWebhooksState = new InMemoryWebhooksState()) {
    this.state = state;
    this.subscriptions = new InMemorySubscriptionStore(state);
    this.events = new InMemoryEventStore(state);
    this.deliveryQueue = new InMemoryDeliveryQueue(state);
    this.deliveryLog = new InMemoryDeliveryLog(state);
    this.deliveryActions = new InMemoryDeliveryActions(state);
    this.deliveryMaintenance = new InMemoryDeliveryMaintenance(state);
    this.oauth2Tokens = new InMemoryOAuth2TokenStore(state);
  }

  async listen(onEventPublished: () => void): Promise<() => Promise<void>> {
    // Wrapped so that the same callback registered twice gets two independent registrations.
    const listener = (): void => onEventPublished();
    this.state.listeners.add(listener);
    return async () => {
      this.state.listeners.delete(listener);
    };
  }
}
