import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { newId } from '@org/common';
import { outcome } from './contract-fixtures.js';
import {
  LEASE,
  T,
  type DeliveryStorageAdapter,
  type DeliveryStorageHarness,
} from './delivery-storage.harness.js';

/** The behaviour every {@link DeliveryMaintenance} adapter must have. */
export function describeDeliveryMaintenanceContract(adapter: DeliveryStorageAdapter): void {
  describe('DeliveryMaintenance contract', () => {
    let h: DeliveryStorageHarness;
    beforeEach(async () => {
      h = await adapter.create();
    });
    afterEach(async () => {
      await h.close();
    });

    describe('pruneBefore', () => {
      it('removes finished attempts and delivered events older than the cutoff, never pending ones', async () => {
        const DAY = 24 * 3600;
        await h.maintenance.prepareHistory(T(0));
        await h.addSubscription();
        const old = await h.addEvent({ type: 't', createdAt: T(1) });
        const waiting = await h.addEvent({ type: 't', createdAt: T(DAY + 1) });
        await h.queue.fanOutEvents({ limit: 10, now: T(DAY + 1) });
        const claims = await h.queue.claimDueDeliveries({ limit: 10, now: T(DAY + 1), ...LEASE });
        await h.queue.recordAttempts(
          claims.filter((c) => c.eventId === old.id).map((c) => outcome(c, true, T(2))),
          { disableAfterFailures: 20, now: T(0) },
        );
        await h.maintenance.prepareHistory(T(5 * DAY));
        const fresh = await h.addEvent({ type: 't', createdAt: T(5 * DAY) });
        await h.queue.fanOutEvents({ limit: 10, now: T(5 * DAY) });

        // In memory, the old attempt and its event; in PostgreSQL whole days before the cutoff: the
        // attempts of days 1 and 2 and the events of day 1. Day 2's events stay: a pending attempt
        // refers to one.
        expect(await h.maintenance.pruneBefore(T(2 * DAY))).toEqual(
          adapter.name === 'memory'
            ? { removed: 2, kept: [] }
            : {
                removed: 3,
                kept: [{ name: 'webhook_event_p20260102', reason: 'attempts still refer to its events' }],
              },
        );
        const rows = await h.attempts();
        expect(rows.map((r) => r.eventId).sort()).toEqual([waiting.id, fresh.id].sort());
        expect(
          await h.actions.scheduleRedelivery({
            subscriptionId: rows[0].subscriptionId,
            eventId: old.id,
            scope: null,
            id: newId('whd'),
            now: T(1),
          }),
        ).toBe(false);
      });
    });

    describe('queueSnapshot', () => {
      it('counts pending attempts of active subscriptions, the oldest due one, and subscriptions by status', async () => {
        const active = await h.addSubscription();
        await h.addSubscription({ status: 'paused' });
        await h.addSubscription({ status: 'disabled' });
        const deleted = await h.addSubscription();
        await h.setSubscription(deleted.id, { deletedAt: T(0) });
        await h.addEvent({ type: 't' });
        await h.addEvent({ type: 't' });
        await h.queue.fanOutEvents({ limit: 10, now: T(10) });
        const byStatus = { active: 1, paused: 1, disabled: 1 };

        // Paused and disabled subscriptions hold their attempts: not counted; none due yet at 5.
        expect(await h.maintenance.queueSnapshot(T(5))).toEqual({
          pendingDeliveries: 2,
          oldestDueAt: null,
          subscriptionsByStatus: byStatus,
        });
        expect(await h.maintenance.queueSnapshot(T(20))).toEqual({
          pendingDeliveries: 2,
          oldestDueAt: T(10),
          subscriptionsByStatus: byStatus,
        });
        const [claim] = await h.queue.claimDueDeliveries({ limit: 1, now: T(20), ...LEASE });
        expect(claim.subscriptionId).toBe(active.id);
        await h.queue.recordAttempts([outcome(claim, true, T(21))], { disableAfterFailures: 20, now: T(21) });
        expect((await h.maintenance.queueSnapshot(T(30))).pendingDeliveries).toBe(1);
      });
    });
  });
}
