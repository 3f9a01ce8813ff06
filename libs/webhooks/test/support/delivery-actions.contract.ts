import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { newId } from '@org/common';
import type { TestDeliveryRecord } from '../../src/interfaces/event-delivery.interface.js';
import { outcome } from './contract-fixtures.js';
import {
  LEASE,
  T,
  type DeliveryStorageAdapter,
  type DeliveryStorageHarness,
} from './delivery-storage.harness.js';

/** The behaviour every {@link DeliveryActions} adapter must have. */
export function describeDeliveryActionsContract(adapter: DeliveryStorageAdapter): void {
  describe('DeliveryActions contract', () => {
    let h: DeliveryStorageHarness;
    beforeEach(async () => {
      h = await adapter.create();
    });
    afterEach(async () => {
      await h.close();
    });

    describe('redelivery and replay', () => {
      it('schedules one fresh attempt 1 now, inside the scope only', async () => {
        const sub = await h.addSubscription({ workspace: 'acme' });
        const event = await h.addEvent({ type: 't', workspace: 'acme' });
        const foreign = await h.addEvent({ type: 't', workspace: 'globex' });
        const id = newId('whd');
        const redeliver = (eventId: string, scope: string | null): Promise<boolean> =>
          h.actions.scheduleRedelivery({ subscriptionId: sub.id, eventId, scope, id, now: T(9) });
        expect(await redeliver(event.id, 'globex')).toBe(false);
        expect(await redeliver(foreign.id, null)).toBe(false);
        expect(await redeliver('evt_missing', null)).toBe(false);
        expect(await redeliver(event.id, 'acme')).toBe(true);
        const rows = await h.attempts();
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({
          id,
          attempt: 1,
          status: 'pending',
          eventId: event.id,
          subscriptionId: sub.id,
        });
        expect(rows[0].nextAttemptAt).toEqual(T(9));
      });

      it('replays matching events after the given one, skipping those already waiting', async () => {
        const sub = await h.addSubscription({ eventTypes: ['deal.*'] });
        const e1 = await h.addEvent({ type: 'deal.won' });
        const e2 = await h.addEvent({ type: 'deal.lost' });
        await h.addEvent({ type: 'contact.created' });
        const e4 = await h.addEvent({ type: 'deal.won' });
        await h.queue.fanOutEvents({ limit: 10, now: T(1) });
        const claims = await h.queue.claimDueDeliveries({ limit: 10, now: T(1), ...LEASE });
        // e1 and e2 delivered; e4 is still waiting (claimed, not recorded), so the replay skips it.
        await h.queue.recordAttempts(
          claims.filter((c) => c.eventId !== e4.id).map((c) => outcome(c, true, T(2))),
          { disableAfterFailures: 20, now: T(0) },
        );
        const count = await h.actions.replayEventsAfter({
          subscriptionId: sub.id,
          afterEventId: e1.id,
          scope: null,
          now: T(50),
        });
        expect(count).toBe(1);
        const replayed = (await h.attempts()).filter((r) => r.nextAttemptAt.getTime() === T(50).getTime());
        expect(replayed.map((r) => r.eventId)).toEqual([e2.id]);
        expect(
          await h.actions.replayEventsAfter({
            subscriptionId: sub.id,
            afterEventId: e1.id,
            scope: 'acme',
            now: T(50),
          }),
        ).toBe(0);
      });
    });

    describe('redeliverToRecipients', () => {
      it('schedules attempt 1 now for every subscription that had an attempt of the event, not a test one', async () => {
        const a = await h.addSubscription({ workspace: 'acme', eventTypes: ['t'] });
        const b = await h.addSubscription({ workspace: 'acme', eventTypes: ['t'] });
        const tested = await h.addSubscription({ workspace: 'acme', eventTypes: ['other'] });
        const event = await h.addEvent({ type: 't', workspace: 'acme' });
        await h.queue.fanOutEvents({ limit: 10, now: T(1) });
        const claims = await h.queue.claimDueDeliveries({ limit: 10, now: T(1), ...LEASE });
        await h.queue.recordAttempts(
          claims.map((c) => outcome(c, true, T(2))),
          { disableAfterFailures: 20, now: T(2) },
        );
        await h.actions.recordTestDelivery(aTestDelivery(tested.id, event.id, 'acme'));

        expect(
          await h.actions.redeliverToRecipients({ eventId: event.id, scope: 'globex', now: T(9) }),
        ).toEqual([]);
        expect(
          await h.actions.redeliverToRecipients({ eventId: newId('evt'), scope: null, now: T(9) }),
        ).toEqual([]);
        const ids = await h.actions.redeliverToRecipients({ eventId: event.id, scope: 'acme', now: T(9) });
        expect(ids).toHaveLength(2);
        const fresh = (await h.attempts()).filter((r) => ids.includes(r.id));
        expect(fresh.map((r) => r.subscriptionId).sort()).toEqual([a.id, b.id].sort());
        for (const r of fresh) {
          expect(r).toMatchObject({ attempt: 1, status: 'pending', eventId: event.id, workspace: 'acme' });
          expect(r.nextAttemptAt).toEqual(T(9));
          expect(r.id).toMatch(/^whd_/);
        }
      });
    });

    describe('recoverFailed', () => {
      it('schedules once each the events of the window whose latest attempt failed', async () => {
        const sub = await h.addSubscription({ eventTypes: ['t'] });
        const events = [];
        for (const at of [10, 20, 30, 40]) events.push(await h.addEvent({ type: 't', createdAt: T(at) }));
        await h.queue.fanOutEvents({ limit: 10, now: T(50) });
        const claims = await h.queue.claimDueDeliveries({ limit: 10, now: T(50), ...LEASE });
        const succeeded = events[1].id;
        await h.queue.recordAttempts(
          claims.map((c) => outcome(c, c.eventId === succeeded, T(51))),
          { disableAfterFailures: 20, now: T(51) },
        );
        const window = { subscriptionId: sub.id, since: T(15), until: T(40), now: T(60) };

        expect(await h.actions.recoverFailed({ ...window, scope: 'acme' })).toBe(0);
        // Events 2 and 3 lie in the window; 2 was delivered, so only 3 (40 is the window's end, excluded).
        expect(await h.actions.recoverFailed({ ...window, scope: null })).toBe(1);
        const recovered = (await h.attempts()).filter((r) => r.nextAttemptAt.getTime() === T(60).getTime());
        expect(recovered.map((r) => [r.eventId, r.attempt, r.status])).toEqual([
          [events[2].id, 1, 'pending'],
        ]);
        // Its latest attempt is now pending: a second recovery schedules nothing.
        expect(await h.actions.recoverFailed({ ...window, scope: null })).toBe(0);
      });
    });

    describe('recordTestDelivery', () => {
      it('shows a finished test attempt in the log, outside the queue and the failure count', async () => {
        const sub = await h.addSubscription({ workspace: 'acme', failureCount: 3 });
        const record: TestDeliveryRecord = {
          ...aTestDelivery(sub.id, newId('evt'), 'acme'),
          status: 'failed',
          httpStatus: 500,
          error: 'HTTP 500',
          errorClass: 'http_status',
        };
        await h.actions.recordTestDelivery(record);

        const [shown] = await h.log.listDeliveries({ scope: 'acme', limit: 10 });
        expect(shown).toMatchObject({
          id: record.id,
          subscriptionId: sub.id,
          test: true,
          status: 'failed',
          httpStatus: 500,
          error: 'HTTP 500',
          url: record.url,
          requestHeaders: record.requestHeaders,
        });
        expect(shown.attemptedAt).toEqual(T(5));
        expect(shown.deliveryStatus).toBe('failed');
        // Its sample event is never stored: the attempt keeps the body sent, found by the event's id.
        const found = await h.log.findTestDelivery(record.eventId, 'acme');
        expect(found).toMatchObject({ id: record.id, test: true, requestBody: record.requestBody });
        expect(await h.log.findTestDelivery(record.eventId, 'globex')).toBeNull();
        expect(await h.log.findTestDelivery(newId('evt'), null)).toBeNull();
        expect(await h.log.listEventDeliveries({ id: record.eventId, createdAt: T(5) }, 'acme')).toEqual([
          {
            subscriptionId: sub.id,
            subscriptionName: sub.name,
            url: sub.url,
            status: 'failed',
            attempts: 1,
            lastAttemptAt: T(5),
            lastHttpStatus: 500,
            nextAttemptAt: null,
            deliveredAttempt: null,
          },
        ]);
        expect(await h.queue.claimDueDeliveries({ limit: 10, now: T(100), ...LEASE })).toEqual([]);
        expect(await h.queue.nextDueAt()).toBeNull();
        expect((await h.subscription(sub.id)).failureCount).toBe(3);
      });
    });
  });
}

/** A finished test delivery (a ping) to the subscription, of an event that was never stored. */
function aTestDelivery(
  subscriptionId: string,
  eventId: string,
  workspace: string | null,
): TestDeliveryRecord {
  return {
    id: newId('whd'),
    subscriptionId,
    eventId,
    eventType: 'webhook.test',
    workspace,
    attempt: 1,
    status: 'success',
    nextAttemptAt: T(5),
    httpStatus: 200,
    error: null,
    responseBody: 'ok',
    durationMs: 7,
    attemptedAt: T(5),
    createdAt: T(5),
    test: true,
    url: 'https://example.com/hook',
    requestHeaders: { 'content-type': 'application/json' },
    responseHeaders: { 'content-type': 'text/plain' },
    errorClass: null,
    retryAt: null,
    requestBody: `{"id":"${eventId}","event":"webhook.test","created_at":"${T(5).toISOString()}","data":{"test":true}}`,
  };
}
