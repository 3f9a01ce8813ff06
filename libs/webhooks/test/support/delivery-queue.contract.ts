import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { newId } from '@org/common';
import type { ClaimedDelivery } from '../../src/interfaces/delivery.interface.js';
import type { StoredCredential } from '../../src/interfaces/subscription.interface.js';
import { outcome } from './contract-fixtures.js';
import {
  LEASE,
  T,
  type DeliveryStorageAdapter,
  type DeliveryStorageHarness,
} from './delivery-storage.harness.js';

/** The behaviour every {@link DeliveryQueue} adapter must have: fan-out, claims and leases, recording. */
export function describeDeliveryQueueContract(adapter: DeliveryStorageAdapter): void {
  describe('DeliveryQueue contract', () => {
    let h: DeliveryStorageHarness;
    beforeEach(async () => {
      h = await adapter.create();
    });
    afterEach(async () => {
      await h.close();
    });

    describe('fanOutEvents', () => {
      it('creates one due attempt 1 per matching subscription, exactly once per event', async () => {
        const all = await h.addSubscription({ eventTypes: ['*'] });
        const deals = await h.addSubscription({ eventTypes: ['deal.*'] });
        const exact = await h.addSubscription({ eventTypes: ['deal.won'] });
        const other = await h.addSubscription({ eventTypes: ['contact.created'] });
        const otherWorkspace = await h.addSubscription({ eventTypes: ['*'], workspace: 'acme' });
        const later = await h.addSubscription({ eventTypes: ['*'], createdAt: T(3600) });
        const paused = await h.addSubscription({ eventTypes: ['*'], status: 'paused' });
        const deleted = await h.addSubscription({ eventTypes: ['*'] });
        await h.setSubscription(deleted.id, { deletedAt: T(0) });
        const event = await h.addEvent({ type: 'deal.won' });

        expect(await h.queue.fanOutEvents({ limit: 10, now: T(5) })).toBe(1);
        expect(await h.queue.fanOutEvents({ limit: 10, now: T(6) })).toBe(0);

        const attempts = await h.attempts();
        const targets = attempts.map((a) => a.subscriptionId).sort();
        expect(targets).toEqual([all.id, deals.id, exact.id, paused.id].sort());
        expect(targets).not.toContain(other.id);
        expect(targets).not.toContain(otherWorkspace.id);
        expect(targets).not.toContain(later.id);
        for (const a of attempts) {
          expect(a).toMatchObject({
            eventId: event.id,
            eventType: 'deal.won',
            attempt: 1,
            status: 'pending',
            workspace: null,
          });
          expect(a.nextAttemptAt).toEqual(T(5));
          expect(a.id).toMatch(/^whd_/);
        }
      });

      it('takes at most `limit` events per call, oldest first', async () => {
        await h.addSubscription();
        const events = [];
        for (let i = 0; i < 5; i++) events.push(await h.addEvent({ type: 'a.b' }));
        expect(await h.queue.fanOutEvents({ limit: 2, now: T(1) })).toBe(2);
        expect((await h.attempts()).map((a) => a.eventId).sort()).toEqual([events[0].id, events[1].id]);
        expect(await h.queue.fanOutEvents({ limit: 10, now: T(1) })).toBe(3);
        expect(await h.attempts()).toHaveLength(5);
      });

      it('keeps workspaces apart', async () => {
        const acme = await h.addSubscription({ workspace: 'acme' });
        await h.addSubscription({ workspace: 'globex' });
        await h.addEvent({ type: 'x', workspace: 'acme' });
        await h.queue.fanOutEvents({ limit: 10, now: T(1) });
        const attempts = await h.attempts();
        expect(attempts.map((a) => [a.subscriptionId, a.workspace])).toEqual([[acme.id, 'acme']]);
      });
    });

    describe('claimDueDeliveries', () => {
      it('leases due attempts of active subscriptions only, with everything needed to send them', async () => {
        const credentials: StoredCredential[] = [{ use: 'header', name: 'X-Api-Key', ciphertext: 'v2.k.h' }];
        const active = await h.addSubscription({ url: 'https://a.example/hook', credentials });
        const paused = await h.addSubscription({ status: 'paused' });
        const event = await h.addEvent({ type: 'contact.created' });
        await h.queue.fanOutEvents({ limit: 10, now: T(10) });

        expect(await h.queue.claimDueDeliveries({ limit: 10, now: T(9), ...LEASE })).toEqual([]);
        const claimed = await h.queue.claimDueDeliveries({ limit: 10, now: T(10), ...LEASE });
        expect(claimed).toHaveLength(1);
        expect(claimed[0]).toMatchObject({
          recoveredLease: false,
          subscriptionId: active.id,
          eventId: event.id,
          eventType: 'contact.created',
          attempt: 1,
          url: 'https://a.example/hook',
          payload: event.payload,
        });
        expect(claimed[0].secrets).toEqual([
          { ciphertext: 'v1.x.y.z', createdAt: new Date('2026-01-01T00:00:00.000Z'), expiresAt: null },
        ]);
        expect(claimed[0].credentials).toEqual(credentials);
        expect(claimed[0].leaseToken).toContain('w1');
        // Held by the lease: nobody else gets it until it expires.
        expect(await h.queue.claimDueDeliveries({ limit: 10, now: T(20), ...LEASE, workerId: 'w2' })).toEqual(
          [],
        );
        const again = await h.queue.claimDueDeliveries({ limit: 10, now: T(41), ...LEASE, workerId: 'w2' });
        expect(again.map((c) => c.id)).toEqual([claimed[0].id]);
        expect(again[0].leaseToken).not.toBe(claimed[0].leaseToken);
        expect([claimed[0].recoveredLease, again[0].recoveredLease]).toEqual([false, true]);

        // The paused subscription's attempt waits, and resumes once it is active again.
        await h.setSubscription(paused.id, { status: 'active' });
        const resumed = await h.queue.claimDueDeliveries({ limit: 10, now: T(42), ...LEASE });
        expect(resumed.map((c) => c.subscriptionId)).toEqual([paused.id]);
      });

      it('respects the limit and the per-subscription room', async () => {
        const [s1, s2, s3] = [
          await h.addSubscription(),
          await h.addSubscription(),
          await h.addSubscription(),
        ];
        for (let i = 0; i < 4; i++) await h.addEvent({ type: 't' });
        await h.queue.fanOutEvents({ limit: 10, now: T(1) });
        const claimed = await h.queue.claimDueDeliveries({
          limit: 100,
          now: T(2),
          ...LEASE,
          room: { full: [s1.id], partial: new Map([[s2.id, 1]]), perSubscription: 2 },
        });
        const per = (id: string): number => claimed.filter((x) => x.subscriptionId === id).length;
        expect([per(s1.id), per(s2.id), per(s3.id)]).toEqual([0, 1, 2]);
        expect(await h.queue.claimDueDeliveries({ limit: 5, now: T(2), ...LEASE })).toHaveLength(5);
        expect(await h.queue.claimDueDeliveries({ limit: 5, now: T(2), ...LEASE })).toHaveLength(4);
      });

      it('gives released claims back at once, but not a claim that was taken over', async () => {
        await h.addSubscription();
        await h.addEvent({ type: 't' });
        await h.addEvent({ type: 't' });
        await h.queue.fanOutEvents({ limit: 10, now: T(1) });
        const [a, b] = await h.queue.claimDueDeliveries({ limit: 10, now: T(1), ...LEASE });
        // b's lease expires and another worker takes it over before the first one releases both.
        const [taken] = await h.queue.claimDueDeliveries({ limit: 1, now: T(40), ...LEASE, workerId: 'w2' });
        expect([a.id, b.id]).toContain(taken.id);
        const stale = taken.id === a.id ? a : b;
        const kept = taken.id === a.id ? b : a;
        await h.queue.releaseClaims([a, b].map((c) => ({ deliveryId: c.id, leaseToken: c.leaseToken })));
        const rows = await h.attempts();
        expect(rows.find((r) => r.id === stale.id)!.leaseToken).toBe(taken.leaseToken);
        expect(rows.find((r) => r.id === kept.id)!.leaseToken).toBeNull();
        const again = await h.queue.claimDueDeliveries({ limit: 10, now: T(41), ...LEASE, workerId: 'w3' });
        expect(again.map((c) => c.id)).toEqual([kept.id]);
      });

      it('never hands the same attempt to two concurrent claimers', async () => {
        for (let i = 0; i < 3; i++) await h.addSubscription();
        for (let i = 0; i < 40; i++) await h.addEvent({ type: 't' });
        await h.queue.fanOutEvents({ limit: 100, now: T(1) });
        const batches = await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            h.queue.claimDueDeliveries({ limit: 30, now: T(2), leaseMs: 60_000, workerId: `w${i}` }),
          ),
        );
        const ids = batches.flat().map((c) => c.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids).toHaveLength(120);
      });
    });

    describe('recordAttempts', () => {
      async function claimOne(now = T(1)): Promise<ClaimedDelivery> {
        const [claim] = await h.queue.claimDueDeliveries({ limit: 1, now, ...LEASE });
        return claim;
      }

      it('records a success, resets the failure streak and sets last_delivered_at', async () => {
        const sub = await h.addSubscription({ failureCount: 7 });
        await h.addEvent({ type: 't' });
        await h.queue.fanOutEvents({ limit: 10, now: T(1) });
        const claim = await claimOne();
        await h.queue.recordAttempts([outcome(claim, true, T(2))], { disableAfterFailures: 20, now: T(0) });
        const [row] = await h.attempts();
        expect(row).toMatchObject({
          status: 'success',
          httpStatus: 200,
          error: null,
          responseBody: 'ok',
          durationMs: 12,
          leaseToken: null,
        });
        expect(row.attemptedAt).toEqual(T(2));
        expect(await h.subscription(sub.id)).toMatchObject({
          failureCount: 0,
          lastDeliveredAt: T(2),
          status: 'active',
        });
      });

      it('records a failure with its reason and schedules the next attempt', async () => {
        const sub = await h.addSubscription();
        await h.addEvent({ type: 't' });
        await h.queue.fanOutEvents({ limit: 10, now: T(1) });
        const claim = await claimOne();
        const next = { id: newId('whd'), attempt: 2, at: T(32) };
        await h.queue.recordAttempts([outcome(claim, false, T(2), { next })], {
          disableAfterFailures: 20,
          now: T(0),
        });
        const [first, second] = await h.attempts();
        expect(first).toMatchObject({
          status: 'failed',
          httpStatus: 500,
          error: 'HTTP 500',
          responseBody: 'boom',
        });
        expect(second).toMatchObject({
          id: next.id,
          attempt: 2,
          status: 'pending',
          eventId: claim.eventId,
          subscriptionId: sub.id,
        });
        expect(second.nextAttemptAt).toEqual(T(32));
        expect(await h.subscription(sub.id)).toMatchObject({ failureCount: 1, lastDeliveredAt: null });
        expect(await h.queue.nextDueAt()).toEqual(T(32));
        expect(await h.queue.claimDueDeliveries({ limit: 10, now: T(31), ...LEASE })).toEqual([]);
        expect((await h.queue.claimDueDeliveries({ limit: 10, now: T(32), ...LEASE }))[0]).toMatchObject({
          id: next.id,
          attempt: 2,
        });
      });

      it('ignores a stale worker whose lease expired and was claimed again', async () => {
        const sub = await h.addSubscription();
        await h.addEvent({ type: 't' });
        await h.queue.fanOutEvents({ limit: 10, now: T(1) });
        const stale = await claimOne(T(1));
        const fresh = (
          await h.queue.claimDueDeliveries({ limit: 1, now: T(100), leaseMs: 30_000, workerId: 'w2' })
        )[0];
        expect(fresh.id).toBe(stale.id);
        await h.queue.recordAttempts(
          [outcome(stale, false, T(101), { next: { id: newId('whd'), attempt: 2, at: T(200) } })],
          {
            disableAfterFailures: 20,
            now: T(0),
          },
        );
        let rows = await h.attempts();
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({ status: 'pending', leaseToken: fresh.leaseToken });
        expect((await h.subscription(sub.id)).failureCount).toBe(0);

        await h.queue.recordAttempts([outcome(fresh, true, T(102))], { disableAfterFailures: 20, now: T(0) });
        rows = await h.attempts();
        expect(rows[0]).toMatchObject({ status: 'success' });
        // Recording the same outcome twice changes nothing the second time.
        await h.queue.recordAttempts([outcome(fresh, false, T(103))], {
          disableAfterFailures: 20,
          now: T(0),
        });
        expect((await h.attempts())[0].status).toBe('success');
      });

      it('counts failures after the last success of a batch, and disables at the threshold with a reason', async () => {
        const sub = await h.addSubscription({ failureCount: 2 });
        for (let i = 0; i < 5; i++) await h.addEvent({ type: 't' });
        await h.queue.fanOutEvents({ limit: 10, now: T(1) });
        const claims = await h.queue.claimDueDeliveries({ limit: 10, now: T(1), ...LEASE });
        expect(claims).toHaveLength(5);
        // fail, success, fail, fail → streak 2 (the success resets the earlier ones).
        await h.queue.recordAttempts(
          [
            outcome(claims[0], false, T(2)),
            outcome(claims[1], true, T(3)),
            outcome(claims[2], false, T(4)),
            outcome(claims[3], false, T(5)),
          ],
          { disableAfterFailures: 3, now: T(0) },
        );
        expect(await h.subscription(sub.id)).toMatchObject({
          failureCount: 2,
          status: 'active',
          lastDeliveredAt: T(3),
        });
        await h.queue.recordAttempts(
          [outcome(claims[4], false, T(6), { error: 'timeout after 10000 ms', httpStatus: null })],
          {
            disableAfterFailures: 3,
            now: T(0),
          },
        );
        const after = await h.subscription(sub.id);
        expect(after).toMatchObject({ failureCount: 3, status: 'disabled' });
        expect(after.disabledReason).toBe(
          'Disabled after 3 consecutive failed attempts; last error: timeout after 10000 ms',
        );
      });

      it('does not touch a cancelled attempt (its subscription was deleted mid-flight)', async () => {
        const sub = await h.addSubscription();
        await h.addEvent({ type: 't' });
        await h.queue.fanOutEvents({ limit: 10, now: T(1) });
        const claim = await claimOne();
        await h.setSubscription(sub.id, { deletedAt: T(2) });
        await h.queue.recordAttempts(
          [outcome(claim, false, T(3), { next: { id: newId('whd'), attempt: 2, at: T(40) } })],
          { disableAfterFailures: 20, now: T(0) },
        );
        const rows = await h.attempts();
        expect(rows.map((r) => r.status)).toEqual(['cancelled']);
      });
    });

    describe('nextDueAt', () => {
      it('is the earliest claimable time of active subscriptions, after any lease', async () => {
        expect(await h.queue.nextDueAt()).toBeNull();
        const paused = await h.addSubscription({ status: 'paused' });
        await h.addEvent({ type: 't' });
        await h.queue.fanOutEvents({ limit: 10, now: T(5) });
        expect(await h.queue.nextDueAt()).toBeNull();
        await h.setSubscription(paused.id, { status: 'active' });
        expect(await h.queue.nextDueAt()).toEqual(T(5));
        await h.queue.claimDueDeliveries({ limit: 10, now: T(6), leaseMs: 10_000, workerId: 'w' });
        expect(await h.queue.nextDueAt()).toEqual(T(16));
      });
    });

    describe('endpoint-aware claims and records', () => {
      const POLICY = { disableAfterFailures: 20, now: T(0) };

      it('FIFO: only the head of the queue is claimed, one at a time, and a retrying head holds the rest', async () => {
        const sub = await h.addSubscription({ ordering: 'fifo' });
        const events = [];
        for (let i = 0; i < 3; i++) events.push(await h.addEvent({ type: 't' }));
        await h.queue.fanOutEvents({ limit: 10, now: T(1) });
        const [head, ...rest] = await h.queue.claimDueDeliveries({ limit: 10, now: T(1), ...LEASE });
        expect(rest).toHaveLength(0);
        expect(head).toMatchObject({ subscriptionId: sub.id, eventId: events[0].id });
        expect(await h.queue.claimDueDeliveries({ limit: 10, now: T(2), ...LEASE })).toHaveLength(0);
        await h.queue.recordAttempts(
          [outcome(head, false, T(2), { next: { id: newId('whd'), attempt: 2, at: T(10) } })],
          POLICY,
        );
        // The others are due, but the head is waiting for its retry: nothing, and the wake-up is the head's.
        expect(await h.queue.claimDueDeliveries({ limit: 10, now: T(5), ...LEASE })).toHaveLength(0);
        expect(await h.queue.nextDueAt()).toEqual(T(10));
        const [retry] = await h.queue.claimDueDeliveries({ limit: 10, now: T(10), ...LEASE });
        expect(retry).toMatchObject({ eventId: events[0].id, attempt: 2 });
        await h.queue.recordAttempts([outcome(retry, true, T(11))], POLICY);
        const [next] = await h.queue.claimDueDeliveries({ limit: 10, now: T(11), ...LEASE });
        expect(next.eventId).toBe(events[1].id);
      });

      it('skips a held subscription until its hold ends, and records holds from outcomes', async () => {
        const sub = await h.addSubscription({ heldUntil: T(20) });
        await h.addEvent({ type: 't' });
        await h.addEvent({ type: 't' });
        await h.queue.fanOutEvents({ limit: 10, now: T(1) });
        expect(await h.queue.claimDueDeliveries({ limit: 10, now: T(5), ...LEASE })).toHaveLength(0);
        expect(await h.queue.nextDueAt()).toEqual(T(20));
        const [first, second] = await h.queue.claimDueDeliveries({ limit: 10, now: T(20), ...LEASE });
        await h.queue.recordAttempts(
          [
            outcome(first, false, T(21), { httpStatus: 429, holdUntil: T(60) }),
            outcome(second, false, T(21), { httpStatus: 503, holdUntil: T(30), backoff: true }),
          ],
          POLICY,
        );
        expect((await h.subscription(sub.id)).heldUntil).toEqual(T(60));
      });

      it('410 disables at once with the reason and publishes webhook.disabled to the workspace', async () => {
        const gone = await h.addSubscription({ workspace: 'acme', name: 'CRM', eventTypes: ['t'] });
        const operator = await h.addSubscription({ workspace: 'acme', eventTypes: ['webhook.disabled'] });
        await h.addEvent({ type: 't', workspace: 'acme' });
        await h.queue.fanOutEvents({ limit: 10, now: T(1) });
        const [claim] = await h.queue.claimDueDeliveries({ limit: 10, now: T(1), ...LEASE });
        await h.queue.recordAttempts(
          [outcome(claim, false, T(2), { httpStatus: 410, error: 'HTTP 410', gone: true })],
          {
            disableAfterFailures: 20,
            now: T(3),
          },
        );
        expect(await h.subscription(gone.id)).toMatchObject({
          status: 'disabled',
          disabledReason: 'Disabled at once: the endpoint answered 410 Gone (HTTP 410)',
        });
        await h.queue.fanOutEvents({ limit: 10, now: T(4) });
        const [notice] = await h.queue.claimDueDeliveries({ limit: 10, now: T(4), ...LEASE });
        expect(notice).toMatchObject({ subscriptionId: operator.id, eventType: 'webhook.disabled' });
        expect(JSON.parse(notice.payload)).toEqual({
          id: notice.eventId,
          event: 'webhook.disabled',
          created_at: T(3).toISOString(),
          data: {
            subscription_id: gone.id,
            name: 'CRM',
            url: gone.url,
            reason: 'Disabled at once: the endpoint answered 410 Gone (HTTP 410)',
          },
        });
        // Recording the attempt stored its full record.
        const [attempt] = (await h.attempts()).filter((a) => a.id === claim.id);
        expect(attempt).toMatchObject({
          url: 'https://example.com/hook',
          requestHeaders: { 'content-type': 'application/json' },
          errorClass: 'http_status',
          retryAt: null,
        });
      });

      it('rate_limit: at most that many claims per second of the clock, whoever claims', async () => {
        await h.addSubscription({ rateLimit: 2 });
        for (let i = 0; i < 5; i++) await h.addEvent({ type: 't' });
        await h.queue.fanOutEvents({ limit: 10, now: T(1) });
        expect(await h.queue.claimDueDeliveries({ limit: 10, now: T(1), ...LEASE })).toHaveLength(2);
        expect(
          await h.queue.claimDueDeliveries({
            limit: 10,
            now: new Date(T(1).getTime() + 900),
            leaseMs: 30_000,
            workerId: 'w2',
          }),
        ).toHaveLength(0);
        // A claim whose "now" lags behind the slot already opened counts in that slot.
        expect(await h.queue.claimDueDeliveries({ limit: 10, now: T(0), ...LEASE })).toHaveLength(0);
        expect(await h.queue.claimDueDeliveries({ limit: 10, now: T(2), ...LEASE })).toHaveLength(2);
      });

      it('max_in_flight: no more leased at once than the subscription allows', async () => {
        await h.addSubscription({ maxInFlight: 2 });
        for (let i = 0; i < 5; i++) await h.addEvent({ type: 't' });
        await h.queue.fanOutEvents({ limit: 10, now: T(1) });
        const claims = await h.queue.claimDueDeliveries({ limit: 10, now: T(1), ...LEASE });
        expect(claims).toHaveLength(2);
        expect(await h.queue.claimDueDeliveries({ limit: 10, now: T(1), ...LEASE })).toHaveLength(0);
        await h.queue.recordAttempts([outcome(claims[0], true, T(2))], POLICY);
        expect(await h.queue.claimDueDeliveries({ limit: 10, now: T(2), ...LEASE })).toHaveLength(1);
      });
    });
  });
}
