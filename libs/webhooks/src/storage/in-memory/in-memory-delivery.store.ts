import { randomUUID } from 'node:crypto';
import { newId } from '@org/common';
import type {
  AttemptOutcome,
  ClaimedDelivery,
  DeliveryAttemptRecord,
} from '../../interfaces/delivery.interface.js';
import type {
  ClaimQuery,
  DeliveryQuery,
  DeliveryStore,
  FanOutQuery,
  QueueSnapshot,
  RecordPolicy,
  RecipientsRedeliveryRequest,
  RedeliveryRequest,
  ReleasedClaim,
  ReplayRequest,
} from '../delivery-store.interface.js';
import { matchesAnyEventType } from '../../rules/event-type-pattern.js';
import { DELIVERY_ID_PREFIX } from '../../webhooks.constants.js';
import { summariseOutcomes } from './in-memory-delivery.rules.js';
import { inScope } from './in-memory-scope.js';
import {
  copy,
  type InMemoryWebhooksState,
  type MemoryDelivery,
  type MemorySubscription,
} from './in-memory.state.js';

/**
 * {@link DeliveryStore} over the shared in-memory rows (tests and first runs). Same semantics as the
 * PostgreSQL adapter, checked by the same contract cases; JavaScript is single-threaded, so each
 * method is atomic as long as it does not await in the middle.
 */
export class InMemoryDeliveryStore implements DeliveryStore {
  constructor(private readonly state: InMemoryWebhooksState) {}

  async fanOutEvents({ limit, now }: FanOutQuery): Promise<number> {
    let taken = 0;
    for (const event of this.state.events.values()) {
      if (taken >= limit) break;
      if (event.fannedOutAt) continue;
      event.fannedOutAt = now;
      taken++;
      for (const subscription of this.state.subscriptions.values()) {
        if (subscription.deletedAt || subscription.workspace !== event.workspace) continue;
        if (
          subscription.createdAt > event.createdAt ||
          !matchesAnyEventType(subscription.eventTypes, event.type)
        )
          continue;
        this.insertAttempt(newId('whd'), subscription, event.id, event.type, 1, now);
      }
    }
    return taken;
  }

  async claimDueDeliveries(query: ClaimQuery): Promise<ClaimedDelivery[]> {
    const { limit, now, leaseMs, workerId, room } = query;
    const due = [...this.state.deliveries.values()]
      .filter(
        (d) =>
          d.status === 'pending' && d.nextAttemptAt <= now && (!d.leaseExpiresAt || d.leaseExpiresAt <= now),
      )
      .filter((d) => this.activeSubscription(d.subscriptionId) && !room?.full.includes(d.subscriptionId))
      .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || (a.id < b.id ? -1 : 1));
    const taken = new Map<string, number>();
    const claimed: ClaimedDelivery[] = [];
    for (const delivery of due) {
      if (claimed.length >= limit) break;
      const allowed = room?.partial.get(delivery.subscriptionId) ?? room?.perSubscription ?? limit;
      const count = taken.get(delivery.subscriptionId) ?? 0;
      if (count >= allowed) continue;
      taken.set(delivery.subscriptionId, count + 1);
      const subscription = this.activeSubscription(delivery.subscriptionId)!;
      const event = this.state.events.get(delivery.eventId)!;
      const recoveredLease = delivery.leaseToken !== null;
      delivery.leaseToken = `${workerId}:${randomUUID()}`;
      delivery.leaseExpiresAt = new Date(now.getTime() + leaseMs);
      claimed.push({
        id: delivery.id,
        leaseToken: delivery.leaseToken,
        attempt: delivery.attempt,
        subscriptionId: delivery.subscriptionId,
        eventId: delivery.eventId,
        eventType: delivery.eventType,
        url: subscription.url,
        secrets: copy(subscription.secrets),
        format: subscription.format,
        payload: event.payload,
        recoveredLease,
        traceContext: event.traceContext ?? null,
      });
    }
    return claimed;
  }

  async recordAttempts(outcomes: AttemptOutcome[], policy: RecordPolicy): Promise<void> {
    const accepted: AttemptOutcome[] = [];
    for (const outcome of outcomes) {
      const delivery = this.state.deliveries.get(outcome.deliveryId);
      // A stale worker (lease expired and re-claimed) or a cancelled attempt: nothing to record.
      if (!delivery || delivery.status !== 'pending' || delivery.leaseToken !== outcome.leaseToken) continue;
      Object.assign(delivery, {
        status: outcome.ok ? 'success' : 'failed',
        httpStatus: outcome.httpStatus,
        error: outcome.error,
        responseBody: outcome.responseBody,
        durationMs: Math.round(outcome.durationMs),
        attemptedAt: outcome.attemptedAt,
        leaseToken: null,
        leaseExpiresAt: null,
      });
      accepted.push(outcome);
      const subscription = this.state.subscriptions.get(delivery.subscriptionId);
      if (outcome.next && subscription) {
        this.insertAttempt(
          outcome.next.id,
          subscription,
          delivery.eventId,
          delivery.eventType,
          outcome.next.attempt,
          outcome.next.at,
          outcome.attemptedAt,
        );
      }
    }
    for (const summary of summariseOutcomes(accepted)) {
      const subscription = this.state.subscriptions.get(summary.subscriptionId);
      if (!subscription) continue;
      subscription.failureCount = summary.anySuccess
        ? summary.failuresAfterLastSuccess
        : subscription.failureCount + summary.failuresAfterLastSuccess;
      if (
        summary.lastSuccessAt &&
        (!subscription.lastDeliveredAt || subscription.lastDeliveredAt < summary.lastSuccessAt)
      ) {
        subscription.lastDeliveredAt = summary.lastSuccessAt;
      }
      if (subscription.status === 'active' && subscription.failureCount >= policy.disableAfterFailures) {
        subscription.status = 'disabled';
        subscription.disabledReason = `Disabled after ${subscription.failureCount} consecutive failed attempts; last error: ${summary.lastError ?? 'unknown'}`;
      }
    }
  }

  async releaseClaims(claims: ReleasedClaim[]): Promise<void> {
    for (const { deliveryId, leaseToken } of claims) {
      const delivery = this.state.deliveries.get(deliveryId);
      if (delivery?.status === 'pending' && delivery.leaseToken === leaseToken) {
        delivery.leaseToken = null;
        delivery.leaseExpiresAt = null;
      }
    }
  }

  async nextDueAt(): Promise<Date | null> {
    let earliest: number | null = null;
    for (const d of this.state.deliveries.values()) {
      if (d.status !== 'pending' || !this.activeSubscription(d.subscriptionId)) continue;
      const at = Math.max(d.nextAttemptAt.getTime(), d.leaseExpiresAt?.getTime() ?? 0);
      if (earliest === null || at < earliest) earliest = at;
    }
    return earliest === null ? null : new Date(earliest);
  }

  async listDeliveries(query: DeliveryQuery): Promise<DeliveryAttemptRecord[]> {
    const shownAt = (d: MemoryDelivery): Date => d.attemptedAt ?? d.createdAt;
    const cls = query.httpStatusClass;
    return [...this.state.deliveries.values()]
      .filter(
        (d) =>
          d.status !== 'cancelled' &&
          inScope(d.workspace, query.scope) &&
          (query.subscriptionId === undefined || d.subscriptionId === query.subscriptionId) &&
          (query.eventType === undefined || d.eventType === query.eventType) &&
          (query.status === undefined || d.status === query.status) &&
          (cls === undefined || (d.httpStatus !== null && Math.floor(d.httpStatus / 100) === cls)) &&
          (query.since === undefined || shownAt(d) >= query.since) &&
          (query.until === undefined || shownAt(d) < query.until) &&
          (query.text === undefined || mentions(d, query.text)) &&
          (query.before === undefined || d.id < query.before),
      )
      .sort((a, b) => (a.id < b.id ? 1 : -1))
      .slice(0, query.limit)
      .map(({ leaseToken: _token, leaseExpiresAt: _expires, ...record }) => copy(record));
  }

  async scheduleRedelivery(q: RedeliveryRequest): Promise<boolean> {
    const subscription = this.state.subscriptions.get(q.subscriptionId);
    const event = this.state.events.get(q.eventId);
    if (!subscription || subscription.deletedAt || !inScope(subscription.workspace, q.scope)) return false;
    if (!event || event.workspace !== subscription.workspace) return false;
    this.insertAttempt(q.id, subscription, event.id, event.type, 1, q.now);
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
      this.insertAttempt(id, subscription, event.id, event.type, 1, q.now);
      ids.push(id);
    }
    return ids;
  }

  async recordTestDelivery(record: DeliveryAttemptRecord): Promise<void> {
    this.state.deliveries.set(record.id, {
      ...copy(record),
      test: true,
      leaseToken: null,
      leaseExpiresAt: null,
    });
  }

  async replayEventsAfter(q: ReplayRequest): Promise<number> {
    const subscription = this.state.subscriptions.get(q.subscriptionId);
    if (!subscription || subscription.deletedAt || !inScope(subscription.workspace, q.scope)) return 0;
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
      this.insertAttempt(newId(DELIVERY_ID_PREFIX), subscription, event.id, event.type, 1, q.now);
      scheduled++;
    }
    return scheduled;
  }

  async pruneBefore(cutoff: Date): Promise<number> {
    let removed = 0;
    for (const [id, d] of this.state.deliveries) {
      if (d.status !== 'pending' && (d.attemptedAt ?? d.createdAt) < cutoff) {
        this.state.deliveries.delete(id);
        removed++;
      }
    }
    const referenced = new Set([...this.state.deliveries.values()].map((d) => d.eventId));
    for (const [id, event] of this.state.events) {
      if (event.fannedOutAt && event.createdAt < cutoff && !referenced.has(id)) {
        this.state.events.delete(id);
        removed++;
      }
    }
    return removed;
  }

  async queueSnapshot(now: Date): Promise<QueueSnapshot> {
    let pendingDeliveries = 0;
    let oldestDue: number | null = null;
    for (const d of this.state.deliveries.values()) {
      if (d.status !== 'pending' || !this.activeSubscription(d.subscriptionId)) continue;
      pendingDeliveries++;
      const at = d.nextAttemptAt.getTime();
      if (at <= now.getTime() && (oldestDue === null || at < oldestDue)) oldestDue = at;
    }
    const subscriptionsByStatus = { active: 0, paused: 0, disabled: 0 };
    for (const subscription of this.state.subscriptions.values()) {
      if (!subscription.deletedAt) subscriptionsByStatus[subscription.status]++;
    }
    return {
      pendingDeliveries,
      oldestDueAt: oldestDue === null ? null : new Date(oldestDue),
      subscriptionsByStatus,
    };
  }

  private activeSubscription(id: string): MemorySubscription | undefined {
    const subscription = this.state.subscriptions.get(id);
    return subscription && !subscription.deletedAt && subscription.status === 'active'
      ? subscription
      : undefined;
  }

  private insertAttempt(
    id: string,
    subscription: MemorySubscription,
    eventId: string,
    eventType: string,
    attempt: number,
    at: Date,
    createdAt = at,
  ): void {
    this.state.deliveries.set(id, {
      id,
      subscriptionId: subscription.id,
      eventId,
      eventType,
      workspace: subscription.workspace,
      attempt,
      status: 'pending',
      nextAttemptAt: at,
      httpStatus: null,
      error: null,
      responseBody: null,
      durationMs: null,
      attemptedAt: null,
      createdAt,
      test: false,
      leaseToken: null,
      leaseExpiresAt: null,
    });
  }
}

/** Rapidly's `query`: a literal, case-insensitive search of what the log shows about an attempt. */
function mentions(delivery: MemoryDelivery, text: string): boolean {
  const needle = text.toLowerCase();
  return [delivery.eventType, delivery.eventId, delivery.responseBody, delivery.error].some((field) =>
    field?.toLowerCase().includes(needle),
  );
}
