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
  PruneResult,
  QueueSnapshot,
  RecordPolicy,
  RecipientsRedeliveryRequest,
  RecoverRequest,
  RedeliveryRequest,
  ReleasedClaim,
  ReplayRequest,
} from '../delivery-store.interface.js';
import { matchesAnyEventType } from '../../rules/event-type-pattern.js';
import { DELIVERY_ID_PREFIX, EVENT_ID_PREFIX, WEBHOOK_DISABLED_EVENT } from '../../webhooks.constants.js';
import { applyOutcomeSummary, summariseOutcomes } from './in-memory-delivery.rules.js';
import { formatRetrySchedule } from '../../rules/retry-schedule.js';
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
      event.sequence = ++this.state.lastSequence;
      taken++;
      for (const subscription of this.state.subscriptions.values()) {
        if (subscription.deletedAt || subscription.workspace !== event.workspace) continue;
        if (
          subscription.createdAt > event.createdAt ||
          !matchesAnyEventType(subscription.eventTypes, event.type) ||
          (event.type === WEBHOOK_DISABLED_EVENT && subscription.status !== 'active')
        )
          continue;
        this.insertAttempt(newId('whd'), subscription, event.id, event.type, 1, now, now, event.sequence);
      }
    }
    return taken;
  }

  async claimDueDeliveries(query: ClaimQuery): Promise<ClaimedDelivery[]> {
    const { limit, now, leaseMs, workerId, room } = query;
    const claimable = (d: MemoryDelivery): boolean =>
      d.status === 'pending' && d.nextAttemptAt <= now && (!d.leaseExpiresAt || d.leaseExpiresAt <= now);
    const due = [...this.state.deliveries.values()]
      .filter((d) => {
        const subscription = this.activeSubscription(d.subscriptionId);
        if (!subscription || room?.full.includes(d.subscriptionId) || isHeld(subscription, now)) return false;
        if (subscription.ordering === 'fifo') return this.fifoHead(subscription.id) === d && claimable(d);
        return claimable(d);
      })
      .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || (a.id < b.id ? -1 : 1));
    const slot = Math.floor(now.getTime() / 1000);
    const taken = new Map<string, number>();
    // Each subscription's room as the claim starts (what it leases below must not shrink it again).
    const rooms = new Map<string, number>();
    const claimed: ClaimedDelivery[] = [];
    for (const delivery of due) {
      if (claimed.length >= limit) break;
      const subscription = this.activeSubscription(delivery.subscriptionId)!;
      let allowed = rooms.get(subscription.id);
      if (allowed === undefined) {
        allowed = Math.min(
          room?.partial.get(delivery.subscriptionId) ?? room?.perSubscription ?? limit,
          this.rateLeft(subscription, slot),
          this.inFlightLeft(subscription, now),
        );
        rooms.set(subscription.id, allowed);
      }
      const count = taken.get(delivery.subscriptionId) ?? 0;
      if (count >= allowed) continue;
      taken.set(delivery.subscriptionId, count + 1);
      if (subscription.rateLimit !== null) {
        // Never back to an older slot (as in the SQL adapter, where a claim may wait for another).
        const current = (subscription.rateSlot ?? -Infinity) >= slot;
        subscription.rateSlotCount = (current ? (subscription.rateSlotCount ?? 0) : 0) + 1;
        subscription.rateSlot = Math.max(subscription.rateSlot ?? slot, slot);
      }
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
        retrySchedule:
          subscription.retrySchedule === null ? null : formatRetrySchedule(subscription.retrySchedule),
        timeoutMs: subscription.timeoutMs,
        maxInFlight: subscription.maxInFlight,
        backoffLevel: subscription.backoffLevel ?? 0,
        ordering: subscription.ordering,
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
        url: outcome.url,
        requestHeaders: copy(outcome.requestHeaders),
        responseHeaders: copy(outcome.responseHeaders),
        errorClass: outcome.errorClass,
        retryAt: outcome.next?.at ?? null,
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
          delivery.sequence,
        );
      }
    }
    for (const summary of summariseOutcomes(accepted)) {
      const subscription = this.state.subscriptions.get(summary.subscriptionId);
      if (!subscription) continue;
      const wasActive = subscription.status === 'active';
      applyOutcomeSummary(subscription, summary, policy);
      if (wasActive && subscription.status === 'disabled') this.publishDisabled(subscription, policy.now);
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
    const heads = new Map<string, MemoryDelivery | undefined>();
    const headOf = (id: string) => {
      if (!heads.has(id)) heads.set(id, this.fifoHead(id));
      return heads.get(id);
    };
    for (const d of this.state.deliveries.values()) {
      const subscription = this.activeSubscription(d.subscriptionId);
      if (d.status !== 'pending' || !subscription) continue;
      // Behind a FIFO head only the head counts: the rest wait for it, not for their own time.
      if (subscription.ordering === 'fifo' && headOf(subscription.id) !== d) continue;
      const held = subscription.heldUntil?.getTime() ?? 0;
      const at = Math.max(d.nextAttemptAt.getTime(), d.leaseExpiresAt?.getTime() ?? 0, held);
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
          (query.before === undefined || d.id < query.before) &&
          (query.id === undefined || d.id === query.id),
      )
      .sort((a, b) => (a.id < b.id ? 1 : -1))
      .slice(0, query.limit)
      .map(({ leaseToken: _token, leaseExpiresAt: _expires, sequence: _sequence, ...record }) =>
        copy(record),
      );
  }

  async scheduleRedelivery(q: RedeliveryRequest): Promise<boolean> {
    const subscription = this.state.subscriptions.get(q.subscriptionId);
    const event = this.state.events.get(q.eventId);
    if (!subscription || subscription.deletedAt || !inScope(subscription.workspace, q.scope)) return false;
    if (!event || event.workspace !== subscription.workspace) return false;
    this.insertAttempt(q.id, subscription, event.id, event.type, 1, q.now, q.now, event.sequence);
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
      this.insertAttempt(id, subscription, event.id, event.type, 1, q.now, q.now, event.sequence);
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
      sequence: null,
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
      this.insertAttempt(
        newId(DELIVERY_ID_PREFIX),
        subscription,
        event.id,
        event.type,
        1,
        q.now,
        q.now,
        event.sequence,
      );
      scheduled++;
    }
    return scheduled;
  }

  async recoverFailed(q: RecoverRequest): Promise<number> {
    const subscription = this.state.subscriptions.get(q.subscriptionId);
    if (!subscription || subscription.deletedAt || !inScope(subscription.workspace, q.scope)) return 0;
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
      .sort((a, b) => (a.sequence ?? Infinity) - (b.sequence ?? Infinity) || (a.id < b.id ? -1 : 1));
    for (const event of events) {
      const id = newId(DELIVERY_ID_PREFIX);
      this.insertAttempt(id, subscription, event.id, event.type, 1, q.now, q.now, event.sequence);
    }
    return events.length;
  }

  async prepareHistory(): Promise<void> {
    // Nothing to prepare: the history is a map.
  }

  async pruneBefore(cutoff: Date): Promise<PruneResult> {
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
    return { removed, kept: [] };
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

  /** The pending attempt of a FIFO subscription that goes first: lowest publish order, then id. */
  private fifoHead(subscriptionId: string): MemoryDelivery | undefined {
    let head: MemoryDelivery | undefined;
    for (const d of this.state.deliveries.values()) {
      if (d.subscriptionId !== subscriptionId || d.status !== 'pending') continue;
      if (!head || compareQueueOrder(d, head) < 0) head = d;
    }
    return head;
  }

  private rateLeft(subscription: MemorySubscription, slot: number): number {
    if (subscription.rateLimit === null) return Infinity;
    const current = (subscription.rateSlot ?? -Infinity) >= slot;
    return subscription.rateLimit - (current ? (subscription.rateSlotCount ?? 0) : 0);
  }

  private inFlightLeft(subscription: MemorySubscription, now: Date): number {
    if (subscription.maxInFlight === null) return Infinity;
    let leased = 0;
    for (const d of this.state.deliveries.values()) {
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
  private publishDisabled(subscription: MemorySubscription, now: Date): void {
    const id = newId(EVENT_ID_PREFIX);
    const data = {
      subscription_id: subscription.id,
      name: subscription.name,
      url: subscription.url,
      reason: subscription.disabledReason,
    };
    this.state.events.set(id, {
      id,
      workspace: subscription.workspace,
      type: WEBHOOK_DISABLED_EVENT,
      payload: JSON.stringify({ id, event: WEBHOOK_DISABLED_EVENT, created_at: now.toISOString(), data }),
      idempotencyKey: null,
      createdAt: new Date(now),
      fannedOutAt: null,
    });
    this.state.notifyPublished();
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
    sequence: number | null = null,
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
      url: null,
      requestHeaders: null,
      responseHeaders: null,
      errorClass: null,
      retryAt: null,
      sequence,
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

function isHeld(subscription: MemorySubscription, now: Date): boolean {
  return subscription.heldUntil !== null && subscription.heldUntil > now;
}

/** Publish order (attempts of events fanned out before sequences existed go last), then id. */
function compareQueueOrder(a: MemoryDelivery, b: MemoryDelivery): number {
  return (a.sequence ?? Infinity) - (b.sequence ?? Infinity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
