import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { newId } from '@org/common';
import type { ClaimedDelivery } from '../src/interfaces/delivery.interface.js';
import { outcome } from './support/contract-fixtures.js';
import { memoryHarness, pgHarness, type DeliveryStoreHarness } from './support/delivery-store.harness.js';

// The DeliveryStore contract: every adapter must pass the same cases.
const T = (s: number): Date => new Date(Date.UTC(2026, 0, 1) + s * 1000);
const LEASE = { leaseMs: 30_000, workerId: 'w1' };

describe.each([
  ['in-memory', memoryHarness],
  ['postgresql', pgHarness],
])('DeliveryStore contract: %s', (storageName, createHarness) => {
  let h: DeliveryStoreHarness;
  beforeEach(async () => {
    h = await createHarness();
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

      expect(await h.store.fanOutEvents({ limit: 10, now: T(5) })).toBe(1);
      expect(await h.store.fanOutEvents({ limit: 10, now: T(6) })).toBe(0);

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
      expect(await h.store.fanOutEvents({ limit: 2, now: T(1) })).toBe(2);
      expect((await h.attempts()).map((a) => a.eventId).sort()).toEqual([events[0].id, events[1].id]);
      expect(await h.store.fanOutEvents({ limit: 10, now: T(1) })).toBe(3);
      expect(await h.attempts()).toHaveLength(5);
    });

    it('keeps workspaces apart', async () => {
      const acme = await h.addSubscription({ workspace: 'acme' });
      await h.addSubscription({ workspace: 'globex' });
      await h.addEvent({ type: 'x', workspace: 'acme' });
      await h.store.fanOutEvents({ limit: 10, now: T(1) });
      const attempts = await h.attempts();
      expect(attempts.map((a) => [a.subscriptionId, a.workspace])).toEqual([[acme.id, 'acme']]);
    });
  });

  describe('claimDueDeliveries', () => {
    it('leases due attempts of active subscriptions only, with everything needed to send them', async () => {
      const active = await h.addSubscription({ url: 'https://a.example/hook' });
      const paused = await h.addSubscription({ status: 'paused' });
      const event = await h.addEvent({ type: 'contact.created' });
      await h.store.fanOutEvents({ limit: 10, now: T(10) });

      expect(await h.store.claimDueDeliveries({ limit: 10, now: T(9), ...LEASE })).toEqual([]);
      const claimed = await h.store.claimDueDeliveries({ limit: 10, now: T(10), ...LEASE });
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
      expect(claimed[0].leaseToken).toContain('w1');
      // Held by the lease: nobody else gets it until it expires.
      expect(await h.store.claimDueDeliveries({ limit: 10, now: T(20), ...LEASE, workerId: 'w2' })).toEqual(
        [],
      );
      const again = await h.store.claimDueDeliveries({ limit: 10, now: T(41), ...LEASE, workerId: 'w2' });
      expect(again.map((c) => c.id)).toEqual([claimed[0].id]);
      expect(again[0].leaseToken).not.toBe(claimed[0].leaseToken);
      expect([claimed[0].recoveredLease, again[0].recoveredLease]).toEqual([false, true]);

      // The paused subscription's attempt waits, and resumes once it is active again.
      await h.setSubscription(paused.id, { status: 'active' });
      const resumed = await h.store.claimDueDeliveries({ limit: 10, now: T(42), ...LEASE });
      expect(resumed.map((c) => c.subscriptionId)).toEqual([paused.id]);
    });

    it('respects the limit and the per-subscription room', async () => {
      const [s1, s2, s3] = [await h.addSubscription(), await h.addSubscription(), await h.addSubscription()];
      for (let i = 0; i < 4; i++) await h.addEvent({ type: 't' });
      await h.store.fanOutEvents({ limit: 10, now: T(1) });
      const claimed = await h.store.claimDueDeliveries({
        limit: 100,
        now: T(2),
        ...LEASE,
        room: { full: [s1.id], partial: new Map([[s2.id, 1]]), perSubscription: 2 },
      });
      const per = (id: string): number => claimed.filter((x) => x.subscriptionId === id).length;
      expect([per(s1.id), per(s2.id), per(s3.id)]).toEqual([0, 1, 2]);
      expect(await h.store.claimDueDeliveries({ limit: 5, now: T(2), ...LEASE })).toHaveLength(5);
      expect(await h.store.claimDueDeliveries({ limit: 5, now: T(2), ...LEASE })).toHaveLength(4);
    });

    it('gives released claims back at once, but not a claim that was taken over', async () => {
      await h.addSubscription();
      await h.addEvent({ type: 't' });
      await h.addEvent({ type: 't' });
      await h.store.fanOutEvents({ limit: 10, now: T(1) });
      const [a, b] = await h.store.claimDueDeliveries({ limit: 10, now: T(1), ...LEASE });
      // b's lease expires and another worker takes it over before the first one releases both.
      const [taken] = await h.store.claimDueDeliveries({ limit: 1, now: T(40), ...LEASE, workerId: 'w2' });
      expect([a.id, b.id]).toContain(taken.id);
      const stale = taken.id === a.id ? a : b;
      const kept = taken.id === a.id ? b : a;
      await h.store.releaseClaims([a, b].map((c) => ({ deliveryId: c.id, leaseToken: c.leaseToken })));
      const rows = await h.attempts();
      expect(rows.find((r) => r.id === stale.id)!.leaseToken).toBe(taken.leaseToken);
      expect(rows.find((r) => r.id === kept.id)!.leaseToken).toBeNull();
      const again = await h.store.claimDueDeliveries({ limit: 10, now: T(41), ...LEASE, workerId: 'w3' });
      expect(again.map((c) => c.id)).toEqual([kept.id]);
    });

    it('never hands the same attempt to two concurrent claimers', async () => {
      for (let i = 0; i < 3; i++) await h.addSubscription();
      for (let i = 0; i < 40; i++) await h.addEvent({ type: 't' });
      await h.store.fanOutEvents({ limit: 100, now: T(1) });
      const batches = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          h.store.claimDueDeliveries({ limit: 30, now: T(2), leaseMs: 60_000, workerId: `w${i}` }),
        ),
      );
      const ids = batches.flat().map((c) => c.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toHaveLength(120);
    });
  });

  describe('recordAttempts', () => {
    async function claimOne(now = T(1)): Promise<ClaimedDelivery> {
      const [claim] = await h.store.claimDueDeliveries({ limit: 1, now, ...LEASE });
      return claim;
    }

    it('records a success, resets the failure streak and sets last_delivered_at', async () => {
      const sub = await h.addSubscription({ failureCount: 7 });
      await h.addEvent({ type: 't' });
      await h.store.fanOutEvents({ limit: 10, now: T(1) });
      const claim = await claimOne();
      await h.store.recordAttempts([outcome(claim, true, T(2))], { disableAfterFailures: 20, now: T(0) });
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
      await h.store.fanOutEvents({ limit: 10, now: T(1) });
      const claim = await claimOne();
      const next = { id: newId('whd'), attempt: 2, at: T(32) };
      await h.store.recordAttempts([outcome(claim, false, T(2), { next })], {
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
      expect(await h.store.nextDueAt()).toEqual(T(32));
      expect(await h.store.claimDueDeliveries({ limit: 10, now: T(31), ...LEASE })).toEqual([]);
      expect((await h.store.claimDueDeliveries({ limit: 10, now: T(32), ...LEASE }))[0]).toMatchObject({
        id: next.id,
        attempt: 2,
      });
    });

    it('ignores a stale worker whose lease expired and was claimed again', async () => {
      const sub = await h.addSubscription();
      await h.addEvent({ type: 't' });
      await h.store.fanOutEvents({ limit: 10, now: T(1) });
      const stale = await claimOne(T(1));
      const fresh = (
        await h.store.claimDueDeliveries({ limit: 1, now: T(100), leaseMs: 30_000, workerId: 'w2' })
      )[0];
      expect(fresh.id).toBe(stale.id);
      await h.store.recordAttempts(
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

      await h.store.recordAttempts([outcome(fresh, true, T(102))], { disableAfterFailures: 20, now: T(0) });
      rows = await h.attempts();
      expect(rows[0]).toMatchObject({ status: 'success' });
      // Recording the same outcome twice changes nothing the second time.
      await h.store.recordAttempts([outcome(fresh, false, T(103))], { disableAfterFailures: 20, now: T(0) });
      expect((await h.attempts())[0].status).toBe('success');
    });

    it('counts failures after the last success of a batch, and disables at the threshold with a reason', async () => {
      const sub = await h.addSubscription({ failureCount: 2 });
      for (let i = 0; i < 5; i++) await h.addEvent({ type: 't' });
      await h.store.fanOutEvents({ limit: 10, now: T(1) });
      const claims = await h.store.claimDueDeliveries({ limit: 10, now: T(1), ...LEASE });
      expect(claims).toHaveLength(5);
      // fail, success, fail, fail → streak 2 (the success resets the earlier ones).
      await h.store.recordAttempts(
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
      await h.store.recordAttempts(
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
      await h.store.fanOutEvents({ limit: 10, now: T(1) });
      const claim = await claimOne();
      await h.setSubscription(sub.id, { deletedAt: T(2) });
      await h.store.recordAttempts(
        [outcome(claim, false, T(3), { next: { id: newId('whd'), attempt: 2, at: T(40) } })],
        { disableAfterFailures: 20, now: T(0) },
      );
      const rows = await h.attempts();
      expect(rows.map((r) => r.status)).toEqual(['cancelled']);
    });
  });

  describe('nextDueAt', () => {
    it('is the earliest claimable time of active subscriptions, after any lease', async () => {
      expect(await h.store.nextDueAt()).toBeNull();
      const paused = await h.addSubscription({ status: 'paused' });
      await h.addEvent({ type: 't' });
      await h.store.fanOutEvents({ limit: 10, now: T(5) });
      expect(await h.store.nextDueAt()).toBeNull();
      await h.setSubscription(paused.id, { status: 'active' });
      expect(await h.store.nextDueAt()).toEqual(T(5));
      await h.store.claimDueDeliveries({ limit: 10, now: T(6), leaseMs: 10_000, workerId: 'w' });
      expect(await h.store.nextDueAt()).toEqual(T(16));
    });
  });

  describe('endpoint-aware claims and records', () => {
    const POLICY = { disableAfterFailures: 20, now: T(0) };

    it('FIFO: only the head of the queue is claimed, one at a time, and a retrying head holds the rest', async () => {
      const sub = await h.addSubscription({ ordering: 'fifo' });
      const events = [];
      for (let i = 0; i < 3; i++) events.push(await h.addEvent({ type: 't' }));
      await h.store.fanOutEvents({ limit: 10, now: T(1) });
      const [head, ...rest] = await h.store.claimDueDeliveries({ limit: 10, now: T(1), ...LEASE });
      expect(rest).toHaveLength(0);
      expect(head).toMatchObject({ subscriptionId: sub.id, eventId: events[0].id });
      expect(await h.store.claimDueDeliveries({ limit: 10, now: T(2), ...LEASE })).toHaveLength(0);
      await h.store.recordAttempts(
        [outcome(head, false, T(2), { next: { id: newId('whd'), attempt: 2, at: T(10) } })],
        POLICY,
      );
      // The others are due, but the head is waiting for its retry: nothing, and the wake-up is the head's.
      expect(await h.store.claimDueDeliveries({ limit: 10, now: T(5), ...LEASE })).toHaveLength(0);
      expect(await h.store.nextDueAt()).toEqual(T(10));
      const [retry] = await h.store.claimDueDeliveries({ limit: 10, now: T(10), ...LEASE });
      expect(retry).toMatchObject({ eventId: events[0].id, attempt: 2 });
      await h.store.recordAttempts([outcome(retry, true, T(11))], POLICY);
      const [next] = await h.store.claimDueDeliveries({ limit: 10, now: T(11), ...LEASE });
      expect(next.eventId).toBe(events[1].id);
    });

    it('skips a held subscription until its hold ends, and records holds from outcomes', async () => {
      const sub = await h.addSubscription({ heldUntil: T(20) });
      await h.addEvent({ type: 't' });
      await h.addEvent({ type: 't' });
      await h.store.fanOutEvents({ limit: 10, now: T(1) });
      expect(await h.store.claimDueDeliveries({ limit: 10, now: T(5), ...LEASE })).toHaveLength(0);
      expect(await h.store.nextDueAt()).toEqual(T(20));
      const [first, second] = await h.store.claimDueDeliveries({ limit: 10, now: T(20), ...LEASE });
      await h.store.recordAttempts(
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
      await h.store.fanOutEvents({ limit: 10, now: T(1) });
      const [claim] = await h.store.claimDueDeliveries({ limit: 10, now: T(1), ...LEASE });
      await h.store.recordAttempts(
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
      await h.store.fanOutEvents({ limit: 10, now: T(4) });
      const [notice] = await h.store.claimDueDeliveries({ limit: 10, now: T(4), ...LEASE });
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
      await h.store.fanOutEvents({ limit: 10, now: T(1) });
      expect(await h.store.claimDueDeliveries({ limit: 10, now: T(1), ...LEASE })).toHaveLength(2);
      expect(
        await h.store.claimDueDeliveries({
          limit: 10,
          now: new Date(T(1).getTime() + 900),
          leaseMs: 30_000,
          workerId: 'w2',
        }),
      ).toHaveLength(0);
      // A claim whose "now" lags behind the slot already opened counts in that slot.
      expect(await h.store.claimDueDeliveries({ limit: 10, now: T(0), ...LEASE })).toHaveLength(0);
      expect(await h.store.claimDueDeliveries({ limit: 10, now: T(2), ...LEASE })).toHaveLength(2);
    });

    it('max_in_flight: no more leased at once than the subscription allows', async () => {
      await h.addSubscription({ maxInFlight: 2 });
      for (let i = 0; i < 5; i++) await h.addEvent({ type: 't' });
      await h.store.fanOutEvents({ limit: 10, now: T(1) });
      const claims = await h.store.claimDueDeliveries({ limit: 10, now: T(1), ...LEASE });
      expect(claims).toHaveLength(2);
      expect(await h.store.claimDueDeliveries({ limit: 10, now: T(1), ...LEASE })).toHaveLength(0);
      await h.store.recordAttempts([outcome(claims[0], true, T(2))], POLICY);
      expect(await h.store.claimDueDeliveries({ limit: 10, now: T(2), ...LEASE })).toHaveLength(1);
    });
  });

  describe('the delivery log', () => {
    it('lists attempts newest first with filters, pagination and workspace scope', async () => {
      const a = await h.addSubscription({ workspace: 'acme' });
      const b = await h.addSubscription({ workspace: 'acme', eventTypes: ['deal.*'] });
      await h.addSubscription({ workspace: 'globex' });
      await h.addEvent({ type: 'contact.created', workspace: 'acme' });
      await h.addEvent({ type: 'deal.won', workspace: 'acme' });
      await h.addEvent({ type: 'deal.won', workspace: 'globex' });
      await h.store.fanOutEvents({ limit: 10, now: T(1) });
      const claims = await h.store.claimDueDeliveries({ limit: 10, now: T(1), ...LEASE });
      expect(claims).toHaveLength(4);
      const byKey = (sub: string, type: string): ClaimedDelivery =>
        claims.find((c) => c.subscriptionId === sub && c.eventType === type)!;
      await h.store.recordAttempts(
        [
          outcome(byKey(a.id, 'contact.created'), true, T(10)),
          outcome(byKey(a.id, 'deal.won'), false, T(20), { httpStatus: 404, error: 'HTTP 404' }),
          outcome(byKey(b.id, 'deal.won'), false, T(30), {
            next: { id: newId('whd'), attempt: 2, at: T(90) },
          }),
        ],
        { disableAfterFailures: 20, now: T(0) },
      );

      const all = await h.store.listDeliveries({ scope: null, limit: 50 });
      expect(all).toHaveLength(5);
      expect(all.map((r) => r.id)).toEqual([...all.map((r) => r.id)].sort().reverse());
      const acme = await h.store.listDeliveries({ scope: 'acme', limit: 50 });
      expect(acme).toHaveLength(4);
      expect(await h.store.listDeliveries({ scope: 'other', limit: 50 })).toEqual([]);

      const failed = await h.store.listDeliveries({ scope: 'acme', status: 'failed', limit: 50 });
      expect(failed.map((r) => r.httpStatus).sort()).toEqual([404, 500]);
      const pending = await h.store.listDeliveries({ scope: 'acme', status: 'pending', limit: 50 });
      expect(pending.map((r) => r.attempt)).toEqual([2]);
      expect(await h.store.listDeliveries({ scope: null, subscriptionId: b.id, limit: 50 })).toHaveLength(2);
      expect(
        await h.store.listDeliveries({ scope: null, eventType: 'contact.created', limit: 50 }),
      ).toHaveLength(1);
      const fourxx = await h.store.listDeliveries({ scope: null, httpStatusClass: 4, limit: 50 });
      expect(fourxx.map((r) => r.error)).toEqual(['HTTP 404']);
      expect(await h.store.listDeliveries({ scope: null, httpStatusClass: 2, limit: 50 })).toHaveLength(1);
      const window = await h.store.listDeliveries({ scope: 'acme', since: T(15), until: T(30), limit: 50 });
      expect(window.map((r) => r.httpStatus)).toEqual([404]);

      const page1 = await h.store.listDeliveries({ scope: null, limit: 2 });
      const page2 = await h.store.listDeliveries({ scope: null, limit: 2, before: page1[1].id });
      const page3 = await h.store.listDeliveries({ scope: null, limit: 2, before: page2[1].id });
      expect([...page1, ...page2, ...page3].map((r) => r.id)).toEqual(all.map((r) => r.id));
    });
  });

  describe('redelivery and replay', () => {
    it('schedules one fresh attempt 1 now, inside the scope only', async () => {
      const sub = await h.addSubscription({ workspace: 'acme' });
      const event = await h.addEvent({ type: 't', workspace: 'acme' });
      const foreign = await h.addEvent({ type: 't', workspace: 'globex' });
      const id = newId('whd');
      expect(
        await h.store.scheduleRedelivery({
          subscriptionId: sub.id,
          eventId: event.id,
          scope: 'globex',
          id,
          now: T(9),
        }),
      ).toBe(false);
      expect(
        await h.store.scheduleRedelivery({
          subscriptionId: sub.id,
          eventId: foreign.id,
          scope: null,
          id,
          now: T(9),
        }),
      ).toBe(false);
      expect(
        await h.store.scheduleRedelivery({
          subscriptionId: sub.id,
          eventId: 'evt_missing',
          scope: null,
          id,
          now: T(9),
        }),
      ).toBe(false);
      expect(
        await h.store.scheduleRedelivery({
          subscriptionId: sub.id,
          eventId: event.id,
          scope: 'acme',
          id,
          now: T(9),
        }),
      ).toBe(true);
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
      await h.store.fanOutEvents({ limit: 10, now: T(1) });
      const claims = await h.store.claimDueDeliveries({ limit: 10, now: T(1), ...LEASE });
      // e1 and e2 delivered; e4 is still waiting (claimed, not recorded), so the replay skips it.
      await h.store.recordAttempts(
        claims.filter((c) => c.eventId !== e4.id).map((c) => outcome(c, true, T(2))),
        { disableAfterFailures: 20, now: T(0) },
      );
      const count = await h.store.replayEventsAfter({
        subscriptionId: sub.id,
        afterEventId: e1.id,
        scope: null,
        now: T(50),
      });
      expect(count).toBe(1);
      const replayed = (await h.attempts()).filter((r) => r.nextAttemptAt.getTime() === T(50).getTime());
      expect(replayed.map((r) => r.eventId)).toEqual([e2.id]);
      expect(
        await h.store.replayEventsAfter({
          subscriptionId: sub.id,
          afterEventId: e1.id,
          scope: 'acme',
          now: T(50),
        }),
      ).toBe(0);
    });
  });

  describe('pruneBefore', () => {
    it('removes finished attempts and delivered events older than the cutoff, never pending ones', async () => {
      const DAY = 24 * 3600;
      await h.store.prepareHistory(T(0));
      await h.addSubscription();
      const old = await h.addEvent({ type: 't', createdAt: T(1) });
      const waiting = await h.addEvent({ type: 't', createdAt: T(DAY + 1) });
      await h.store.fanOutEvents({ limit: 10, now: T(DAY + 1) });
      const claims = await h.store.claimDueDeliveries({ limit: 10, now: T(DAY + 1), ...LEASE });
      await h.store.recordAttempts(
        claims.filter((c) => c.eventId === old.id).map((c) => outcome(c, true, T(2))),
        { disableAfterFailures: 20, now: T(0) },
      );
      await h.store.prepareHistory(T(5 * DAY));
      const fresh = await h.addEvent({ type: 't', createdAt: T(5 * DAY) });
      await h.store.fanOutEvents({ limit: 10, now: T(5 * DAY) });

      // In memory, the old attempt and its event; in PostgreSQL whole days before the cutoff: the
      // attempts of days 1 and 2 and the events of day 1. Day 2's events stay: a pending attempt
      // refers to one.
      expect(await h.store.pruneBefore(T(2 * DAY))).toEqual(
        storageName === 'in-memory'
          ? { removed: 2, kept: [] }
          : {
              removed: 3,
              kept: [{ name: 'webhook_event_p20260102', reason: 'attempts still refer to its events' }],
            },
      );
      const rows = await h.attempts();
      expect(rows.map((r) => r.eventId).sort()).toEqual([waiting.id, fresh.id].sort());
      expect(
        await h.store.scheduleRedelivery({
          subscriptionId: rows[0].subscriptionId,
          eventId: old.id,
          scope: null,
          id: newId('whd'),
          now: T(1),
        }),
      ).toBe(false);
    });
  });
});
