import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { newId } from '@org/common';
import type { EventDeliverySummary } from '../../src/interfaces/event-delivery.interface.js';
import type { EventRecord } from '../../src/interfaces/webhook-event.interface.js';
import { outcome } from './contract-fixtures.js';
import {
  LEASE,
  T,
  type DeliveryStorageAdapter,
  type DeliveryStorageHarness,
} from './delivery-storage.harness.js';

/**
 * The delivery status of (event, subscription) pairs, as every {@link DeliveryLog} adapter derives it
 * from the recorded attempts: `GET /events/:id`'s `deliveries` and the log's `delivery_status`.
 */
export function describeDeliveryStatusContract(adapter: DeliveryStorageAdapter): void {
  describe('delivery status contract', () => {
    let h: DeliveryStorageHarness;
    beforeEach(async () => {
      h = await adapter.create();
    });
    afterEach(async () => {
      await h.close();
    });

    /** Makes the due attempt of the pair at `at`: ok, or failed with a retry due at `retryAt`. */
    async function attempt(
      event: EventRecord,
      subscriptionId: string,
      at: Date,
      ok: boolean,
      retryAt?: Date,
    ): Promise<void> {
      const claims = await h.queue.claimDueDeliveries({ limit: 50, now: at, ...LEASE });
      const mine = claims.find((c) => c.eventId === event.id && c.subscriptionId === subscriptionId);
      if (!mine) throw new Error(`no due attempt of ${event.id} to ${subscriptionId} at ${at.toISOString()}`);
      await h.queue.releaseClaims(
        claims.filter((c) => c !== mine).map((c) => ({ deliveryId: c.id, leaseToken: c.leaseToken })),
      );
      const next = retryAt ? { id: newId('whd'), attempt: mine.attempt + 1, at: retryAt } : null;
      await h.queue.recordAttempts([outcome(mine, ok, at, { next })], { disableAfterFailures: 20, now: at });
    }

    const deliveries = (event: EventRecord, scope: string | null = 'acme'): Promise<EventDeliverySummary[]> =>
      h.log.listEventDeliveries(event, scope);

    it('an event failing twice then delivered is delivered at attempt 3, its failed attempts say so', async () => {
      const sub = await h.addSubscription({
        workspace: 'acme',
        name: 'CRM',
        url: 'https://crm.example/hook',
      });
      const event = await h.addEvent({ type: 'deal.won', workspace: 'acme' });
      await h.queue.fanOutEvents({ limit: 10, now: T(1) });
      expect(await deliveries(event)).toEqual([
        {
          subscriptionId: sub.id,
          subscriptionName: 'CRM',
          url: 'https://crm.example/hook',
          status: 'pending',
          attempts: 0,
          lastAttemptAt: null,
          lastHttpStatus: null,
          nextAttemptAt: T(1),
          deliveredAttempt: null,
        },
      ]);
      await attempt(event, sub.id, T(2), false, T(10));
      expect(await deliveries(event)).toMatchObject([
        { status: 'retrying', attempts: 1, lastAttemptAt: T(2), lastHttpStatus: 500, nextAttemptAt: T(10) },
      ]);
      await attempt(event, sub.id, T(10), false, T(30));
      await attempt(event, sub.id, T(30), true);

      expect(await deliveries(event)).toEqual([
        {
          subscriptionId: sub.id,
          subscriptionName: 'CRM',
          url: 'https://crm.example/hook',
          status: 'delivered',
          attempts: 3,
          lastAttemptAt: T(30),
          lastHttpStatus: 200,
          nextAttemptAt: null,
          deliveredAttempt: 3,
        },
      ]);
      const rows = await h.log.listDeliveries({ scope: 'acme', limit: 50 });
      expect(rows.map((r) => [r.attempt, r.status, r.deliveryStatus])).toEqual([
        [3, 'success', 'delivered'],
        [2, 'failed', 'delivered'],
        [1, 'failed', 'delivered'],
      ]);
      // "Still failing" leaves out the failures of an event delivered later.
      expect(await h.log.listDeliveries({ scope: 'acme', deliveryStatus: 'failed', limit: 50 })).toEqual([]);
      const laterDelivered = await h.log.listDeliveries({
        scope: 'acme',
        status: 'failed',
        deliveryStatus: 'delivered',
        limit: 50,
      });
      expect(laterDelivered.map((r) => r.attempt)).toEqual([2, 1]);

      // A redelivery starts over: pending again, then delivered at its own attempt 1.
      expect(
        await h.actions.scheduleRedelivery({
          subscriptionId: sub.id,
          eventId: event.id,
          scope: 'acme',
          id: newId('whd'),
          now: T(40),
        }),
      ).toBe(true);
      expect(await deliveries(event)).toMatchObject([
        { status: 'pending', attempts: 3, nextAttemptAt: T(40) },
      ]);
      await attempt(event, sub.id, T(41), true);
      expect(await deliveries(event)).toMatchObject([
        { status: 'delivered', attempts: 4, deliveredAttempt: 1 },
      ]);
    });

    it('tells exhausted, retrying, pending, disabled and cancelled pairs apart, per subscription', async () => {
      const exhausted = await h.addSubscription({ workspace: 'acme', name: 'exhausted' });
      const retrying = await h.addSubscription({ workspace: 'acme', name: 'retrying' });
      const disabled = await h.addSubscription({ workspace: 'acme', name: 'disabled' });
      const deleted = await h.addSubscription({ workspace: 'acme', name: 'deleted' });
      await h.addSubscription({ workspace: 'globex' });
      const event = await h.addEvent({ type: 'deal.won', workspace: 'acme' });
      await h.queue.fanOutEvents({ limit: 10, now: T(1) });
      await attempt(event, exhausted.id, T(2), false);
      for (const sub of [retrying, disabled, deleted]) await attempt(event, sub.id, T(3), false, T(600));
      await h.setSubscription(disabled.id, { status: 'disabled' });
      await h.setSubscription(deleted.id, { deletedAt: T(4) });
      const late = await h.addSubscription({ workspace: 'acme', name: 'late' });
      const second = await h.addEvent({ type: 'deal.won', workspace: 'acme', createdAt: T(5) });
      await h.queue.fanOutEvents({ limit: 10, now: T(6) });

      const byName = new Map<string, EventDeliverySummary>();
      for (const d of await deliveries(event))
        byName.set(d.subscriptionName ?? `deleted ${d.subscriptionId}`, d);
      expect(byName.get('exhausted')).toMatchObject({ status: 'failed', attempts: 1, nextAttemptAt: null });
      expect(byName.get('retrying')).toMatchObject({
        status: 'retrying',
        attempts: 1,
        nextAttemptAt: T(600),
      });
      expect(byName.get('disabled')).toMatchObject({ status: 'failed', attempts: 1, nextAttemptAt: null });
      expect(byName.get(`deleted ${deleted.id}`)).toMatchObject({
        status: 'cancelled',
        subscriptionName: null,
        url: null,
        attempts: 1,
      });
      expect(byName.size).toBe(4);
      expect((await deliveries(second)).map((d) => [d.subscriptionName, d.status]).sort()).toEqual([
        ['disabled', 'failed'],
        ['exhausted', 'pending'],
        ['late', 'pending'],
        ['retrying', 'pending'],
      ]);

      // The log's filter and row field agree with the event's view.
      const statusOf = async (status: EventDeliverySummary['status']) =>
        (await h.log.listDeliveries({ scope: 'acme', deliveryStatus: status, limit: 50 }))
          .filter((r) => r.eventId === event.id)
          .map((r) => [r.subscriptionId, r.status, r.deliveryStatus]);
      expect(await statusOf('failed')).toEqual(
        expect.arrayContaining([
          [exhausted.id, 'failed', 'failed'],
          [disabled.id, 'failed', 'failed'],
          [disabled.id, 'pending', 'failed'],
        ]),
      );
      expect(await statusOf('failed')).toHaveLength(3);
      expect((await statusOf('retrying')).sort()).toEqual(
        [
          [retrying.id, 'failed', 'retrying'],
          [retrying.id, 'pending', 'retrying'],
        ].sort(),
      );
      // A deleted subscription's cancelled attempt is not shown; its failed one is, as cancelled.
      expect(await statusOf('cancelled')).toEqual([[deleted.id, 'failed', 'cancelled']]);
      expect(await statusOf('pending')).toEqual([]);
      const pendingSecond = await h.log.listDeliveries({
        scope: 'acme',
        deliveryStatus: 'pending',
        limit: 50,
      });
      expect(pendingSecond.map((r) => r.subscriptionId).sort()).toEqual(
        [exhausted.id, retrying.id, late.id].sort(),
      );
    });

    it('keeps workspaces apart', async () => {
      const acme = await h.addSubscription({ workspace: 'acme' });
      await h.addSubscription({ workspace: 'globex' });
      const event = await h.addEvent({ type: 'deal.won', workspace: 'acme' });
      await h.queue.fanOutEvents({ limit: 10, now: T(1) });
      await attempt(event, acme.id, T(2), true);

      expect((await deliveries(event, null)).map((d) => [d.subscriptionId, d.status])).toEqual([
        [acme.id, 'delivered'],
      ]);
      expect(await deliveries(event, 'globex')).toEqual([]);
      expect(await h.log.listDeliveries({ scope: 'globex', deliveryStatus: 'delivered', limit: 50 })).toEqual(
        [],
      );
      expect(
        await h.log.listDeliveries({ scope: 'acme', deliveryStatus: 'delivered', limit: 50 }),
      ).toHaveLength(1);
    });
  });
}
