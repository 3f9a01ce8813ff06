import type {
  InMemoryWebhooksState,
  MemoryDelivery,
  MemoryEvent,
  MemorySubscription,
} from './in-memory.state.js';

// Row helpers shared by the in-memory delivery ports, which all work on the same maps (as the
// PostgreSQL ones share tables): the subscription a claim may serve, a FIFO queue's head, a new attempt.

/** The subscription, when it may receive now: not deleted, and active. */
export function activeSubscription(state: InMemoryWebhooksState, id: string): MemorySubscription | undefined {
  const subscription = state.subscriptions.get(id);
  return subscription && !subscription.deletedAt && subscription.status === 'active'
    ? subscription
    : undefined;
}

/** The pending attempt of a FIFO subscription that goes first: lowest publish order, then id. */
export function fifoHead(state: InMemoryWebhooksState, subscriptionId: string): MemoryDelivery | undefined {
  let head: MemoryDelivery | undefined;
  for (const d of state.deliveries.values()) {
    if (d.subscriptionId !== subscriptionId || d.status !== 'pending') continue;
    if (!head || compareQueueOrder(d, head) < 0) head = d;
  }
  return head;
}

/** Publish order (attempts of events fanned out before sequences existed go last), then id. */
function compareQueueOrder(a: MemoryDelivery, b: MemoryDelivery): number {
  return (a.sequence ?? Infinity) - (b.sequence ?? Infinity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** What a new pending attempt is made of. */
export interface NewAttempt {
  id: string;
  subscription: MemorySubscription;
  eventId: string;
  eventType: string;
  attempt: number;
  /** When it is due. */
  at: Date;
  /** @default at */
  createdAt?: Date;
  /** The event's publish order. @default null */
  sequence?: number | null;
}

/** Stores a pending attempt, as fan-out, a retry, a redelivery, a replay or a recovery makes it. */
export function insertAttempt(state: InMemoryWebhooksState, attempt: NewAttempt): void {
  const { id, subscription, at } = attempt;
  state.deliveries.set(id, {
    id,
    subscriptionId: subscription.id,
    eventId: attempt.eventId,
    eventType: attempt.eventType,
    workspace: subscription.workspace,
    attempt: attempt.attempt,
    status: 'pending',
    nextAttemptAt: at,
    httpStatus: null,
    error: null,
    responseBody: null,
    durationMs: null,
    attemptedAt: null,
    createdAt: attempt.createdAt ?? at,
    test: false,
    leaseToken: null,
    leaseExpiresAt: null,
    url: null,
    requestHeaders: null,
    responseHeaders: null,
    errorClass: null,
    retryAt: null,
    sequence: attempt.sequence ?? null,
  });
}

/** A fresh attempt 1 of `event` to the subscription, due `now`: fan-out, redelivery, replay, recovery. */
export function insertFirstAttempt(
  state: InMemoryWebhooksState,
  id: string,
  subscription: MemorySubscription,
  event: MemoryEvent,
  now: Date,
): void {
  insertAttempt(state, {
    id,
    subscription,
    eventId: event.id,
    eventType: event.type,
    attempt: 1,
    at: now,
    createdAt: now,
    sequence: event.sequence,
  });
}
