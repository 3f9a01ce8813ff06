import type { DeliveryAttemptRecord } from '../../interfaces/delivery.interface.js';
import type { SubscriptionRecord } from '../../interfaces/subscription.interface.js';
import type { EventRecord } from '../../interfaces/webhook-event.interface.js';

/** A subscription row of the in-memory store. */
export interface MemorySubscription extends SubscriptionRecord {
  deletedAt: Date | null;
}

/** An event row of the in-memory store. */
export interface MemoryEvent extends EventRecord {
  fannedOutAt: Date | null;
}

/** An attempt row of the in-memory store, with its lease. */
export interface MemoryDelivery extends DeliveryAttemptRecord {
  leaseToken: string | null;
  leaseExpiresAt: Date | null;
}

/**
 * The rows shared by the three in-memory stores (one "database"). Maps keep insertion order, and
 * ids are time-ordered, so iteration order is id order. Records are copied in and out so callers
 * can never mutate stored state by accident, as with a real database.
 */
export class InMemoryWebhooksState {
  readonly subscriptions = new Map<string, MemorySubscription>();
  readonly events = new Map<string, MemoryEvent>();
  readonly deliveries = new Map<string, MemoryDelivery>();
  readonly listeners = new Set<() => void>();

  /** Tells every listener that an event was published. */
  notifyPublished(): void {
    for (const listener of this.listeners) listener();
  }
}

/** A deep copy that keeps `Date`s (structuredClone does). */
export function copy<T>(value: T): T {
  return structuredClone(value);
}
