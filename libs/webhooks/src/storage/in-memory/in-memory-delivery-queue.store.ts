import { storedFilterMatchesPayload } from '../../filters/stored-filter.js';
import { randomUUID } from 'node:crypto';
import { newId } from '@org/common';
import type { AttemptOutcome, ClaimedDelivery } from '../../interfaces/delivery.interface.js';
import type {
  ClaimQuery,
  DeliveryQueue,
  FanOutQuery,
  RecordPolicy,
  ReleasedClaim,
} from '../delivery-queue.interface.js';
import { matchesAnyEventType } from '../../rules/event-type-pattern.js';
import { formatRetrySchedule } from '../../rules/retry-schedule.js';
import { DELIVERY_ID_PREFIX, WEBHOOK_DISABLED_EVENT } from '../../webhooks.constants.js';
import { countRateClaim, disabledNotice, inFlightLeft, isHeld, rateLeft } from './in-memory-claim.rules.js';
import {
  activeSubscription,
  fifoHead,
  insertAttempt,
  insertFirstAttempt,
} from './in-memory-delivery.rows.js';
import { applyOutcomeSummary, summariseOutcomes } from './in-memory-delivery.rules.js';
import {
  copy,
  type InMemoryWebhooksState,
  type MemoryDelivery,
  type MemorySubscription,
} from './in-memory.state.js';

/**
 * {@link DeliveryQueue} over the shared in-memory rows (tests and first runs). Same semantics as the
 * PostgreSQL adapter, checked by the same contract cases; JavaScript is single-threaded, so each
 * method is atomic as long as it does not await in the middle.
 */
export class InMemoryDeliveryQueue implements DeliveryQueue {
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
          (event.type === WEBHOOK_DISABLED_EVENT && subscription.status !== 'active') ||
          !storedFilterMatchesPayload(subscription.filter, event.type, event.payload)
        )
          continue;
        insertFirstAttempt(this.state, newId(DELIVERY_ID_PREFIX), subscription, event, now);
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
        const subscription = activeSubscription(this.state, d.subscriptionId);
        if (!subscription || room?.full.includes(d.subscriptionId) || isHeld(subscription, now)) return false;
        if (subscription.ordering === 'fifo')
          return fifoHead(this.state, subscription.id) === d && claimable(d);
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
      const subscription = activeSubscription(this.state, delivery.subscriptionId)!;
      let allowed = rooms.get(subscription.id);
      if (allowed === undefined) {
        allowed = Math.min(
          room?.partial.get(delivery.subscriptionId) ?? room?.perSubscription ?? limit,
          rateLeft(subscription, slot),
          inFlightLeft(this.state, subscription, now),
        );
        rooms.set(subscription.id, allowed);
      }
      const count = taken.get(delivery.subscriptionId) ?? 0;
      if (count >= allowed) continue;
      taken.set(delivery.subscriptionId, count + 1);
      countRateClaim(subscription, slot);
      const recoveredLease = delivery.leaseToken !== null;
      delivery.leaseToken = `${workerId}:${randomUUID()}`;
      delivery.leaseExpiresAt = new Date(now.getTime() + leaseMs);
      claimed.push(this.toClaimed(delivery, subscription, recoveredLease));
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
        insertAttempt(this.state, {
          id: outcome.next.id,
          subscription,
          eventId: delivery.eventId,
          eventType: delivery.eventType,
          attempt: outcome.next.attempt,
          at: outcome.next.at,
          createdAt: outcome.attemptedAt,
          sequence: delivery.sequence,
        });
      }
    }
    for (const summary of summariseOutcomes(accepted)) {
      const subscription = this.state.subscriptions.get(summary.subscriptionId);
      if (!subscription) continue;
      const wasActive = subscription.status === 'active';
      applyOutcomeSummary(subscription, summary, policy);
      if (wasActive && subscription.status === 'disabled') {
        const notice = disabledNotice(subscription, policy.now);
        this.state.events.set(notice.id, notice);
        this.state.notifyPublished();
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
    const heads = new Map<string, MemoryDelivery | undefined>();
    const headOf = (id: string) => {
      if (!heads.has(id)) heads.set(id, fifoHead(this.state, id));
      return heads.get(id);
    };
    for (const d of this.state.deliveries.values()) {
      const subscription = activeSubscription(this.state, d.subscriptionId);
      if (d.status !== 'pending' || !subscription) continue;
      // Behind a FIFO head only the head counts: the rest wait for it, not for their own time.
      if (subscription.ordering === 'fifo' && headOf(subscription.id) !== d) continue;
      const held = subscription.heldUntil?.getTime() ?? 0;
      const at = Math.max(d.nextAttemptAt.getTime(), d.leaseExpiresAt?.getTime() ?? 0, held);
      if (earliest === null || at < earliest) earliest = at;
    }
    return earliest === null ? null : new Date(earliest);
  }

  private toClaimed(
    delivery: MemoryDelivery,
    subscription: MemorySubscription,
    recoveredLease: boolean,
  ): ClaimedDelivery {
    const event = this.state.events.get(delivery.eventId)!;
    return {
      id: delivery.id,
      leaseToken: delivery.leaseToken!,
      attempt: delivery.attempt,
      subscriptionId: delivery.subscriptionId,
      eventId: delivery.eventId,
      eventType: delivery.eventType,
      url: subscription.url,
      secrets: copy(subscription.secrets),
      credentials: copy(subscription.credentials),
      tls: copy(subscription.tls),
      oauth2: copy(subscription.oauth2 ?? null),
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
    };
  }
}
