import { html, type TemplateResult } from 'lit';
import type { DeliveryStatus } from './api.js';
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

/** Newest first by the time the attempt was made, whatever order the page came in. */
export function byTimeNewestFirst<T extends { created_at: string; id: string }>(rows: T[]): T[] {
  return [...rows].sort(
    (a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
  );
}
