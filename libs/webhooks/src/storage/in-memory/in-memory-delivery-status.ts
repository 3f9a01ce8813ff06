import type { EventDeliveryStatus, EventDeliverySummary } from '../../interfaces/event-delivery.interface.js';
import type { InMemoryWebhooksState, MemoryDelivery } from './in-memory.state.js';

// The delivery status of an (event, subscription) pair from its attempt rows, as the PostgreSQL
// store derives it in SQL (webhook-delivery-status.sql.ts): the latest row decides (a redelivery
// starts over), ties on creation time broken by id.

/** Attempts made (not scheduled, not cancelled). */
const made = (d: MemoryDelivery): boolean => d.status === 'success' || d.status === 'failed';

/** Creation order, then id. */
const byCreation = (a: MemoryDelivery, b: MemoryDelivery): number =>
  a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Attempt order (when made), then id. */
const byAttempt = (a: MemoryDelivery, b: MemoryDelivery): number =>
  (a.attemptedAt?.getTime() ?? 0) - (b.attemptedAt?.getTime() ?? 0) ||
  (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The rows of the pair, in creation order. */
function pairRows(state: InMemoryWebhooksState, eventId: string, subscriptionId: string): MemoryDelivery[] {
  return [...state.deliveries.values()]
    .filter((d) => d.eventId === eventId && d.subscriptionId === subscriptionId)
    .sort(byCreation);
}

/** The pair's status and what the event detail shows of it. */
export function summarizePair(
  state: InMemoryWebhooksState,
  eventId: string,
  subscriptionId: string,
): EventDeliverySummary {
  const rows = pairRows(state, eventId, subscriptionId);
  const latest = rows[rows.length - 1];
  const attempts = rows.filter(made).sort(byAttempt);
  const lastMade = attempts[attempts.length - 1];
  const subscription = state.subscriptions.get(subscriptionId);
  const deleted = !subscription || subscription.deletedAt !== null;
  let status: EventDeliveryStatus;
  if (latest.status === 'success') status = 'delivered';
  else if (latest.status === 'failed') status = 'failed';
  else if (latest.status === 'cancelled' || deleted) status = 'cancelled';
  else if (subscription.status === 'disabled') status = 'failed';
  else status = lastMade?.status === 'failed' ? 'retrying' : 'pending';
  const waiting = status === 'pending' || status === 'retrying';
  return {
    subscriptionId,
    subscriptionName: deleted ? null : subscription.name,
    url: deleted ? null : subscription.url,
    status,
    attempts: attempts.length,
    lastAttemptAt: lastMade?.attemptedAt ?? null,
    lastHttpStatus: lastMade?.httpStatus ?? null,
    nextAttemptAt: waiting ? latest.nextAttemptAt : null,
    deliveredAttempt: status === 'delivered' ? latest.attempt : null,
  };
}
