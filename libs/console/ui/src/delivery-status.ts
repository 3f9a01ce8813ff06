import { html, type TemplateResult } from 'lit';
import type { DeliveryAttempt, DeliveryStatus, EventDelivery } from './api.js';
import type { AppMode } from './app-mode.js';

/** What the portal's customers call a subscription, and what the console calls it. */
export function subscriptionNoun(mode: AppMode): 'endpoint' | 'subscription' {
  return mode === 'portal' ? 'endpoint' : 'subscription';
}

/** The noun with a capital, for headings and column names. */
export function SubscriptionNoun(mode: AppMode): 'Endpoint' | 'Subscription' {
  return mode === 'portal' ? 'Endpoint' : 'Subscription';
}

/** A pair's status as a badge; `delivered` names the attempt that succeeded. */
export function deliveryStatusBadge(
  status: DeliveryStatus,
  deliveredAttempt?: number | null,
): TemplateResult {
  const text =
    status === 'delivered' && deliveredAttempt
      ? `delivered after ${deliveredAttempt} attempt${deliveredAttempt === 1 ? '' : 's'}`
      : status;
  return html`<span class="badge ds-${status}" data-delivery-status=${status}>${text}</span>`;
}

/** The mark of a test delivery (a ping), which no redelivery or replay applies to. */
export const testBadge = html`<span class="badge s-test" data-test-delivery>test</span>`;

/**
 * The pairs of one event from its attempts, for a server whose `GET /events/:id` has no
 * `deliveries` yet: the same rules as the API's (a success: delivered; a pending row: pending, or
 * retrying after a failure; otherwise failed), without names (the caller adds them).
 */
export function deliveriesFromAttempts(attempts: DeliveryAttempt[]): EventDelivery[] {
  const bySubscription = new Map<string, DeliveryAttempt[]>();
  for (const attempt of attempts)
    bySubscription.set(attempt.subscription_id, [
      ...(bySubscription.get(attempt.subscription_id) ?? []),
      attempt,
    ]);
  return [...bySubscription].map(([subscriptionId, rows]) => {
    const sorted = [...rows].sort((a, b) => a.attempt - b.attempt);
    const made = sorted.filter((row) => row.status !== 'pending');
    const last = made.at(-1) ?? null;
    const success = made.find((row) => row.status === 'success');
    const queued = sorted.find((row) => row.status === 'pending');
    const status: DeliveryStatus = success
      ? 'delivered'
      : queued
        ? made.length > 0
          ? 'retrying'
          : 'pending'
        : 'failed';
    return {
      subscription_id: subscriptionId,
      subscription_name: null,
      url: null,
      status,
      attempts: made.length,
      last_attempt_at: last?.created_at ?? null,
      last_http_status: last?.http_status ?? null,
      next_attempt_at: queued?.next_attempt_at ?? last?.next_attempt_at ?? null,
      delivered_attempt: success?.attempt ?? null,
    };
  });
}

/** Newest first by the time the attempt was made, whatever order the page came in. */
export function byTimeNewestFirst<T extends { created_at: string; id: string }>(rows: T[]): T[] {
  return [...rows].sort(
    (a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
  );
}
