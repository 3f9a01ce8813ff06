import { storedFilterMatchesPayload } from '../../filters/stored-filter.js';
import { newId } from '@org/common';
import type { TestDeliveryRecord } from '../../interfaces/event-delivery.interface.js';
import type {
  DeliveryActions,
  RecipientsRedeliveryRequest,
  RecoverRequest,
  RedeliveryRequest,
  ReplayRequest,
} from '../delivery-actions.interface.js';
import type { WorkspaceScope } from '../workspace-scope.js';
import { matchesAnyEventType } from '../../rules/event-type-pattern.js';
import { DELIVERY_ID_PREFIX } from '../../webhooks.constants.js';
import { insertFirstAttempt } from './in-memory-delivery.rows.js';
import { inScope } from './in-memory-scope.js';
import {
  copy,
  type InMemoryWebhooksState,
  type MemoryDelivery,
  type MemorySubscription,
} from './in-memory.state.js';

/** {@link DeliveryActions} over the shared in-memory rows (tests and first runs). */
export class InMemoryDeliveryActions implements DeliveryActions {
  constructor(private readonly state: InMemoryWebhooksState) {}

  async scheduleRedelivery(q: RedeliveryRequest): Promise<boolean> {
    const subscription = this.subscriptionInScope(q.subscriptionId, q.scope);
    const event = this.state.events.get(q.eventId);
    if (!subscription || !event || event.workspace !== subscription.workspace) return false;
    insertFirstAttempt(this.state, q.id, subscription, event, q.now);
    return true;
  }

  async redeliverToRecipients(q: RecipientsRedeliveryRequest): Promise<string[]> {
    const event = this.state.events.get(q.eventId);
    if (!event || !inScope(event.workspace, q.scope)) return [];
    const recipients = new Set(
      [...this.state.deliveries.values()]
        .filter((d) => d.eventId === event.id && !d.test)
        .map((d) => d.subscriptionId),
    );
    const ids: string[] = [];
    for (const subscriptionId of recipients) {
      const subscription = this.state.subscriptions.get(subscriptionId);
      if (!subscription || subscription.deletedAt || subscription.workspace !== event.workspace) continue;
      const id = newId(DELIVERY_ID_PREFIX);
      insertFirstAttempt(this.state, id, subscription, event, q.now);
      ids.push(id);
    }
    return ids;
  }

  async replayEventsAfter(q: ReplayRequest): Promise<number> {
    const subscription = this.subscriptionInScope(q.subscriptionId, q.scope);
    if (!subscription) return 0;
    const waiting = new Set(
      [...this.state.deliveries.values()]
        .filter((d) => d.subscriptionId === subscription.id && d.status === 'pending')
        .map((d) => d.eventId),
    );
    let scheduled = 0;
    for (const event of this.state.events.values()) {
      if (event.id <= q.afterEventId || !event.fannedOutAt || event.workspace !== subscription.workspace)
        continue;
      if (!matchesAnyEventType(subscription.eventTypes, event.type) || waiting.has(event.id)) continue;
      if (!storedFilterMatchesPayload(subscription.filter, event.type, event.payload)) continue;
      insertFirstAttempt(this.state, newId(DELIVERY_ID_PREFIX), subscription, event, q.now);
      scheduled++;
    }
    return scheduled;
  }

  async recoverFailed(q: RecoverRequest): Promise<number> {
    const subscription = this.subscriptionInScope(q.subscriptionId, q.scope);
    if (!subscription) return 0;
    const latest = new Map<string, MemoryDelivery>();
    for (const d of this.state.deliveries.values()) {
      if (d.subscriptionId !== subscription.id || d.status === 'cancelled') continue;
      const seen = latest.get(d.eventId);
      if (!seen || seen.id < d.id) latest.set(d.eventId, d);
    }
    const events = [...this.state.events.values()]
      .filter(
        (e) => e.workspace === subscription.workspace && e.createdAt >= q.since && e.createdAt < q.until,
      )
      .filter((e) => latest.get(e.id)?.status === 'failed')
      .filter((e) => storedFilterMatchesPayload(subscription.filter, e.type, e.payload))
      .sort((a, b) => (a.sequence ?? Infinity) - (b.sequence ?? Infinity) || (a.id < b.id ? -1 : 1));
    for (const event of events) {
      insertFirstAttempt(this.state, newId(DELIVERY_ID_PREFIX), subscription, event, q.now);
    }
    return events.length;
  }

  async recordTestDelivery(record: TestDeliveryRecord): Promise<void> {
    this.state.deliveries.set(record.id, {
      ...copy(record),
      test: true,
      leaseToken: null,
      leaseExpiresAt: null,
      sequence: null,
    });
  }

  /** The subscription, unless deleted or outside `scope`. */
  private subscriptionInScope(id: string, scope: WorkspaceScope): MemorySubscription | undefined {
    const subscription = this.state.subscriptions.get(id);
    return subscription && !subscription.deletedAt && inScope(subscription.workspace, scope)
      ? subscription
      : undefined;
  }
}
