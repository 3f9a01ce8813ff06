import { newId } from '@org/common';
import { EVENT_ID_PREFIX, WEBHOOK_DISABLED_EVENT } from '../../webhooks.constants.js';
import type { InMemoryWebhooksState, MemoryEvent, MemorySubscription } from './in-memory.state.js';

// What limits a claim per subscription, and the event a disabling outcome publishes: the in-memory
// forms of what the SQL adapter's claim and record statements compute.

/** True while a Retry-After or back-off hold keeps the subscription's attempts waiting. */
export function isHeld(subscription: MemorySubscription, now: Date): boolean {
  return subscription.heldUntil !== null && subscription.heldUntil > now;
}

/** How many more claims the subscription's `rateLimit` allows in the clock second `slot`. */
export function rateLeft(subscription: MemorySubscription, slot: number): number {
  if (subscription.rateLimit === null) return Infinity;
  const current = (subscription.rateSlot ?? -Infinity) >= slot;
  return subscription.rateLimit - (current ? (subscription.rateSlotCount ?? 0) : 0);
}

/**
 * Counts one claim in the rate limit's slot. Never back to an older slot, as in the SQL adapter,
 * where a claim may wait for another: a claimer whose clock lags counts in the newest slot.
 */
export function countRateClaim(subscription: MemorySubscription, slot: number): void {
  if (subscription.rateLimit === null) return;
  const current = (subscription.rateSlot ?? -Infinity) >= slot;
  subscription.rateSlotCount = (current ? (subscription.rateSlotCount ?? 0) : 0) + 1;
  subscription.rateSlot = Math.max(subscription.rateSlot ?? slot, slot);
}

/** How many more attempts `maxInFlight` lets the subscription hold under a live lease. */
export function inFlightLeft(
  state: InMemoryWebhooksState,
  subscription: MemorySubscription,
  now: Date,
): number {
  if (subscription.maxInFlight === null) return Infinity;
  let leased = 0;
  for (const d of state.deliveries.values()) {
    if (
      d.subscriptionId === subscription.id &&
      d.status === 'pending' &&
      d.leaseExpiresAt &&
      d.leaseExpiresAt > now
    )
      leased++;
  }
  return subscription.maxInFlight - leased;
}

/** `webhook.disabled` in the subscription's workspace, as the SQL adapter inserts it with the outcome. */
export function disabledNotice(subscription: MemorySubscription, now: Date): MemoryEvent {
  const id = newId(EVENT_ID_PREFIX);
  const data = {
    subscription_id: subscription.id,
    name: subscription.name,
    url: subscription.url,
    reason: subscription.disabledReason,
  };
  return {
    id,
    workspace: subscription.workspace,
    type: WEBHOOK_DISABLED_EVENT,
    payload: JSON.stringify({ id, event: WEBHOOK_DISABLED_EVENT, created_at: now.toISOString(), data }),
    idempotencyKey: null,
    createdAt: new Date(now),
    fannedOutAt: null,
  };
}
