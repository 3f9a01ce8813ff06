import type { DeliveryAttemptRecord } from '../../interfaces/delivery.interface.js';
import type { SubscriptionRecord } from '../../interfaces/subscription.interface.js';
import type { EventRecord } from '../../interfaces/webhook-event.interface.js';
import type { StoredOAuth2Token } from '../oauth2-token-store.interface.js';

/** A subscription row of the in-memory store. */
export interface MemorySubscription extends SubscriptionRecord {
  deletedAt: Date | null;
  /** Consecutive back-pressure answers without Retry-After. */
  backoffLevel?: number;
  /** The rate limit's current one-second slot and how many claims it counted. */
  rateSlot?: number;
  rateSlotCount?: number;
}

/** An event row of the in-memory store. */
export interface MemoryEvent extends EventRecord {
  fannedOutAt: Date | null;
  /** Publish order, drawn at fan-out. */
  sequence?: number;
}

/** An attempt row of the in-memory store, with its lease. */
export interface MemoryDelivery extends DeliveryAttemptRecord {
  leaseToken: string | null;
  leaseExpiresAt: Date | null;
  /** The event's publish order (FIFO subscriptions are delivered by it). */
  sequence: number | null;
  /** A test delivery's body as sent. */
  requestBody?: string | null;
}

/**
 * The rows shared by the in-memory stores (one "database"). Maps keep insertion order, and
 * ids are time-ordered, so iteration order is id order. Records are copied in and out so callers
 * can never mutate stored state by accident, as with a real database.
 */
export class InMemoryWebhooksState {
  readonly subscriptions = new Map<string, MemorySubscription>();
  readonly events = new Map<string, MemoryEvent>();
  readonly deliveries = new Map<string, MemoryDelivery>();
  readonly listeners = new Set<() => void>();
  /** OAuth2 tokens by subscription id. */
  readonly oauth2Tokens = new Map<string, StoredOAuth2Token>();
  /** The end of the last token refresh queued per subscription id (the store's lock). */
  readonly oauth2Locks = new Map<string, Promise<unknown>>();
  /** The last publish-order number drawn by a fan-out. */
  lastSequence = 0;

  /** Tells every listener that an event was published. */
  notifyPublished(): void {
    for (const listener of this.listeners) listener();
  }
}

/** A deep copy that keeps `Date`s (structuredClone does). */
export function copy<T>(value: T): T {
  return structuredClone(value);
}
