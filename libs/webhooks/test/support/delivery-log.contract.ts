import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { newId } from '@org/common';
import type { ClaimedDelivery } from '../../src/interfaces/delivery.interface.js';
import { outcome } from './contract-fixtures.js';
import {
  LEASE,
  T,
  type DeliveryStorageAdapter,
  type DeliveryStorageHarness,
} from './delivery-storage.harness.js';

/** The behaviour every {@link DeliveryLog} adapter must have. */
export function describeDeliveryLogContract(adapter: DeliveryStorageAdapter): void {
  describe('DeliveryLog contract', () => {
    let h: DeliveryStorageHarness;
    beforeEach(async () => {
      h = await adapter.create();
    });
    afterEach(async () => {
      await h.close();
    });

    describe('the delivery log', () => {
      it('lists attempts newest first with filters, pagination and workspace scope', async () => {
        const a = await h.addSubscription({ workspace: 'acme' });
        const b = await h.addSubscription({ workspace: 'acme', eventTypes: ['deal.*'] });
        await h.addSubscription({ workspace: 'globex' });
        await h.addEvent({ type: 'contact.created', workspace: 'acme' });
        await h.addEvent({ type: 'deal.won', workspace: 'acme' });
        await h.addEvent({ type: 'deal.won', workspace: 'globex' });
        await h.queue.fanOutEvents({ limit: 10, now: T(1) });
        const claims = await h.queue.claimDueDeliveries({ limit: 10, now: T(1), ...LEASE });
        expect(claims).toHaveLength(4);
        const byKey = (sub: string, type: string): ClaimedDelivery =>
          claims.find((c) => c.subscriptionId === sub && c.eventType === type)!;
        await h.queue.recordAttempts(
          [
            outcome(byKey(a.id, 'contact.created'), true, T(10)),
            outcome(byKey(a.id, 'deal.won'), false, T(20), { httpStatus: 404, error: 'HTTP 404' }),
            outcome(byKey(b.id, 'deal.won'), false, T(30), {
              next: { id: newId('whd'), attempt: 2, at: T(90) },
            }),
          ],
          { disableAfterFailures: 20, now: T(0) },
        );

        const all = await h.log.listDeliveries({ scope: null, limit: 50 });
        expect(all).toHaveLength(5);
        expect(all.map((r) => r.id)).toEqual([...all.map((r) => r.id)].sort().reverse());
        const acme = await h.log.listDeliveries({ scope: 'acme', limit: 50 });
        expect(acme).toHaveLength(4);
        expect(await h.log.listDeliveries({ scope: 'other', limit: 50 })).toEqual([]);

        const failed = await h.log.listDeliveries({ scope: 'acme', status: 'failed', limit: 50 });
        expect(failed.map((r) => r.httpStatus).sort()).toEqual([404, 500]);
        const pending = await h.log.listDeliveries({ scope: 'acme', status: 'pending', limit: 50 });
        expect(pending.map((r) => r.attempt)).toEqual([2]);
        expect(await h.log.listDeliveries({ scope: null, subscriptionId: b.id, limit: 50 })).toHaveLength(2);
        expect(
          await h.log.listDeliveries({ scope: null, eventType: 'contact.created', limit: 50 }),
        ).toHaveLength(1);
        const fourxx = await h.log.listDeliveries({ scope: null, httpStatusClass: 4, limit: 50 });
        expect(fourxx.map((r) => r.error)).toEqual(['HTTP 404']);
        expect(await h.log.listDeliveries({ scope: null, httpStatusClass: 2, limit: 50 })).toHaveLength(1);
        const window = await h.log.listDeliveries({ scope: 'acme', since: T(15), until: T(30), limit: 50 });
        expect(window.map((r) => r.httpStatus)).toEqual([404]);

        const page1 = await h.log.listDeliveries({ scope: null, limit: 2 });
        const page2 = await h.log.listDeliveries({ scope: null, limit: 2, before: page1[1].id });
        const page3 = await h.log.listDeliveries({ scope: null, limit: 2, before: page2[1].id });
        expect([...page1, ...page2, ...page3].map((r) => r.id)).toEqual(all.map((r) => r.id));
      });
    });
  });
}
