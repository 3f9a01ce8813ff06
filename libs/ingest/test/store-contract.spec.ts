import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { newId } from '@org/common';
import type { IngestStore, NewInboundEvent } from '@org/ingest';
import { createTestStore, STORE_KINDS, type TestStore } from './support/test-stores.js';

const T0 = new Date('2026-03-01T12:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
let sequence = 0;

function draft(overrides: Partial<NewInboundEvent> = {}): NewInboundEvent {
  sequence += 1;
  return {
    id: newId('iev'),
    source: 'stripe',
    workspace: null,
    sourceType: null,
    type: 'payment_intent.succeeded',
    externalId: `evt_${sequence}`,
    payload: { n: sequence },
    rawBody: `{"n":${sequence}}`,
    headers: { 'content-type': 'application/json' },
    receivedAt: T0,
    ...overrides,
  };
}

const claim = (store: IngestStore, now: Date, leaseOwner = 'worker-a', limit = 10) =>
  store.claimDue({ now, limit, leaseOwner, leaseExpiresAt: new Date(now.getTime() + 60_000) });

describe.each(STORE_KINDS)('IngestStore contract (%s)', (kind) => {
  let t: TestStore;
  let store: IngestStore;

  beforeAll(async () => {
    t = await createTestStore(kind);
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    // A fresh store per test (a fresh table for PostgreSQL) keeps claims independent.
    if (t.database) await t.database.em.fork().execute('truncate "ingest_event"');
    else t = await createTestStore(kind);
    store = t.store;
  });

  describe('saveReceived', () => {
    it('stores new events as pending, due when received, and round-trips every field', async () => {
      const event = draft({
        payload: {
          text: 'quotes \' " backslash \\ question ? dollar $$ emoji 🎉 end',
          nested: { list: [1, null, true] },
        },
        rawBody: '{"raw": "it\'s \\\\ ? $$ 🎉"}',
        headers: { 'content-type': 'application/json', 'x-github-event': 'push' },
        traceContext: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      });
      expect(await store.saveReceived([event])).toEqual([{ id: event.id, duplicate: false }]);
      const stored = await store.findById(event.id);
      expect(stored).toEqual({
        ...event,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: T0,
        lastError: null,
        handlers: {},
        leaseOwner: null,
        leaseExpiresAt: null,
        processedAt: null,
        updatedAt: T0,
      });
    });

    it('keeps no trace context for an untraced event (null, as a column would)', async () => {
      const event = draft();
      await store.saveReceived([event]);
      expect((await store.findById(event.id))?.traceContext).toBeNull();
      const [claimed] = await claim(store, T0);
      expect(claimed.traceContext).toBeNull();
    });

    it('reports a repeat of (source, externalId) as a duplicate with the stored id', async () => {
      const first = draft({ externalId: 'evt_same' });
      await store.saveReceived([first]);
      expect(await store.saveReceived([draft({ externalId: 'evt_same' })])).toEqual([
        { id: first.id, duplicate: true },
      ]);
      // The same external id from another source is another event.
      const other = draft({ externalId: 'evt_same', source: 'github' });
      expect(await store.saveReceived([other])).toEqual([{ id: other.id, duplicate: false }]);
    });

    it('handles a batch with new events, known ones and a repeat inside the batch, in order', async () => {
      const known = draft({ externalId: 'known' });
      await store.saveReceived([known]);
      const fresh = draft({ externalId: 'fresh' });
      const repeatOfFresh = draft({ externalId: 'fresh' });
      const again = draft({ externalId: 'known' });
      expect(await store.saveReceived([fresh, again, repeatOfFresh])).toEqual([
        { id: fresh.id, duplicate: false },
        { id: known.id, duplicate: true },
        { id: fresh.id, duplicate: true },
      ]);
    });

    it('stores one event when 20 identical saves race', async () => {
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, () => store.saveReceived([draft({ externalId: 'raced' })])),
      );
      const flat = outcomes.flat();
      expect(flat.filter((o) => !o.duplicate)).toHaveLength(1);
      expect(new Set(flat.map((o) => o.id)).size).toBe(1);
      expect(await store.list({ limit: 100 })).toHaveLength(1);
    });
  });

  describe('claimDue', () => {
    it('claims due pending events only, oldest due first, with a lease and a counted attempt', async () => {
      const early = draft({ receivedAt: at(0) });
      const later = draft({ receivedAt: at(1_000) });
      const notYet = draft({ receivedAt: at(5_000) });
      await store.saveReceived([later, notYet, early]);
      const claimed = await store.claimDue({
        now: at(1_000),
        limit: 10,
        leaseOwner: 'w1',
        leaseExpiresAt: at(61_000),
      });
      expect(claimed.map((e) => e.id)).toEqual([early.id, later.id]);
      expect(claimed[0]).toMatchObject({
        status: 'processing',
        attempts: 1,
        leaseOwner: 'w1',
        leaseExpiresAt: at(61_000),
      });
      expect(await claim(store, at(1_000), 'w2')).toEqual([]);
    });

    it('respects the limit', async () => {
      await store.saveReceived([draft(), draft(), draft()]);
      expect(await claim(store, T0, 'w1', 2)).toHaveLength(2);
      expect(await claim(store, T0, 'w2', 2)).toHaveLength(1);
    });

    it('never hands the same event to two concurrent claimers', async () => {
      await store.saveReceived(Array.from({ length: 30 }, () => draft()));
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => claim(store, T0, `w${i}`, 10)));
      const ids = results.flat().map((e) => e.id);
      expect(ids).toHaveLength(30);
      expect(new Set(ids).size).toBe(30);
    });

    it('takes over an event whose lease expired (its worker died), counting another attempt', async () => {
      const event = draft();
      await store.saveReceived([event]);
      await claim(store, T0, 'dead-worker');
      expect(await claim(store, at(59_999), 'w2')).toEqual([]);
      const [taken] = await claim(store, at(60_000), 'w2');
      expect(taken).toMatchObject({ id: event.id, leaseOwner: 'w2', attempts: 2 });
      // The dead worker can no longer complete or fail it.
      expect(
        await store.complete(
          event.id,
          'dead-worker',
          async () => undefined,
          () => at(60_001),
        ),
      ).toBe(false);
      await store.fail(event.id, 'dead-worker', { error: 'late', retryAt: null, now: at(60_001) });
      expect(await store.findById(event.id)).toMatchObject({
        status: 'processing',
        leaseOwner: 'w2',
        lastError: null,
      });
    });
  });

  describe('complete and fail', () => {
    it('runs the work and marks processed, clearing the lease', async () => {
      const event = draft();
      await store.saveReceived([event]);
      await claim(store, T0);
      let ran = 0;
      expect(
        await store.complete(
          event.id,
          'worker-a',
          async () => void ran++,
          () => at(500),
        ),
      ).toBe(true);
      expect(ran).toBe(1);
      expect(await store.findById(event.id)).toMatchObject({
        status: 'processed',
        processedAt: at(500),
        nextAttemptAt: null,
        leaseOwner: null,
        leaseExpiresAt: null,
      });
      expect(await claim(store, at(10_000_000))).toEqual([]);
    });

    it('does not run the work without the lease', async () => {
      const event = draft();
      await store.saveReceived([event]);
      let ran = false;
      expect(
        await store.complete(
          event.id,
          'worker-a',
          async () => void (ran = true),
          () => T0,
        ),
      ).toBe(false);
      expect(ran).toBe(false);
    });

    it('rethrows a failing work and leaves the event processing (the worker then records the failure)', async () => {
      const event = draft();
      await store.saveReceived([event]);
      await claim(store, T0);
      await expect(
        store.complete(
          event.id,
          'worker-a',
          async () => Promise.reject(new Error('boom')),
          () => T0,
        ),
      ).rejects.toThrow('boom');
      expect(await store.findById(event.id)).toMatchObject({ status: 'processing' });
    });

    it('records a failure for retry, then as final', async () => {
      const event = draft();
      await store.saveReceived([event]);
      await claim(store, T0);
      await store.fail(event.id, 'worker-a', { error: 'Error: first', retryAt: at(30_000), now: at(10) });
      expect(await store.findById(event.id)).toMatchObject({
        status: 'pending',
        nextAttemptAt: at(30_000),
        lastError: 'Error: first',
        leaseOwner: null,
      });
      expect(await claim(store, at(29_999))).toEqual([]);
      await claim(store, at(30_000));
      await store.fail(event.id, 'worker-a', { error: 'Error: last', retryAt: null, now: at(30_010) });
      expect(await store.findById(event.id)).toMatchObject({
        status: 'failed',
        nextAttemptAt: null,
        lastError: 'Error: last',
        attempts: 2,
      });
      expect(await claim(store, at(99_999_999))).toEqual([]);
    });
  });

  describe('requeue', () => {
    it('puts a failed event back, due now, with attempts reset and the last error kept', async () => {
      const event = draft();
      await store.saveReceived([event]);
      await claim(store, T0);
      await store.fail(event.id, 'worker-a', { error: 'Error: nope', retryAt: null, now: T0 });
      expect(await store.requeue(event.id, at(5_000))).toBe('requeued');
      expect(await store.findById(event.id)).toMatchObject({
        status: 'pending',
        attempts: 0,
        nextAttemptAt: at(5_000),
        lastError: 'Error: nope',
      });
      expect((await claim(store, at(5_000))).map((e) => e.id)).toEqual([event.id]);
    });

    it('tells unknown and not-failed events apart', async () => {
      const event = draft();
      await store.saveReceived([event]);
      expect(await store.requeue(newId('iev'), T0)).toBe('not_found');
      expect(await store.requeue(event.id, T0)).toEqual({ notRetryable: 'pending' });
    });
  });

  describe('per-handler state, replay and range retry', () => {
    const succeeded = { status: 'succeeded' as const, attempts: 1, lastError: null, lastAttemptAt: at(100) };
    const failed = { status: 'failed' as const, attempts: 1, lastError: 'Error: no', lastAttemptAt: at(100) };

    it('stores the handler states with the mark, or with the failure it records', async () => {
      const [ok, bad] = [draft(), draft()];
      await store.saveReceived([ok, bad]);
      await claim(store, T0);
      const isolated: string[] = [];
      const done = await store.complete(
        ok.id,
        'worker-a',
        async (_tx, isolate) => {
          isolated.push(await isolate(async () => 'ran'));
          return { handlers: { 'A.a': succeeded } };
        },
        () => at(500),
      );
      expect(done).toBe(true);
      expect(isolated).toEqual(['ran']);
      expect(await store.findById(ok.id)).toMatchObject({
        status: 'processed',
        handlers: { 'A.a': succeeded },
      });

      await store.complete(
        bad.id,
        'worker-a',
        async () => ({
          handlers: { 'A.a': succeeded, 'B.b': failed },
          failure: { error: 'Error: no', retryAt: at(30_000) },
        }),
        () => at(500),
      );
      expect(await store.findById(bad.id)).toMatchObject({
        status: 'pending',
        nextAttemptAt: at(30_000),
        lastError: 'Error: no',
        leaseOwner: null,
        processedAt: null,
        handlers: { 'A.a': succeeded, 'B.b': failed },
      });
      await claim(store, at(30_000));
      await store.complete(
        bad.id,
        'worker-a',
        async () => ({ handlers: { 'B.b': failed }, failure: { error: 'Error: no', retryAt: null } }),
        () => at(30_100),
      );
      expect(await store.findById(bad.id)).toMatchObject({ status: 'failed', nextAttemptAt: null });
    });

    it('replays a processed or failed event from a clean state, refusing busy ones', async () => {
      const [done, waiting] = [draft(), draft()];
      await store.saveReceived([done, waiting]);
      await claim(store, T0, 'worker-a', 1);
      await store.complete(
        done.id,
        'worker-a',
        async () => ({ handlers: { 'A.a': succeeded } }),
        () => at(500),
      );
      expect(await store.replay(done.id, at(1_000))).toBe('replayed');
      expect(await store.findById(done.id)).toMatchObject({
        status: 'pending',
        attempts: 0,
        handlers: {},
        nextAttemptAt: at(1_000),
        processedAt: null,
      });
      expect(await store.replay(done.id, at(1_000))).toEqual({ busy: 'pending' });
      expect(await store.replay(waiting.id, at(1_000))).toEqual({ busy: 'pending' });
      expect(await store.replay(newId('iev'), at(1_000))).toBe('not_found');
    });

    it('requeues the failed events of a range, by workspace and source, keeping handler states', async () => {
      const inRange = draft({ workspace: 'acme', receivedAt: at(1_000) });
      const otherWorkspace = draft({ workspace: 'globex', receivedAt: at(1_000) });
      const otherSource = draft({ workspace: 'acme', source: 'github', receivedAt: at(1_000) });
      const tooEarly = draft({ workspace: 'acme', receivedAt: at(0) });
      const atUntil = draft({ workspace: 'acme', receivedAt: at(2_000) });
      const notFailed = draft({ workspace: 'acme', receivedAt: at(1_500) });
      const failing = [inRange, otherWorkspace, otherSource, tooEarly, atUntil];
      await store.saveReceived([...failing, notFailed]);
      await claim(store, at(5_000));
      for (const event of failing) {
        await store.complete(
          event.id,
          'worker-a',
          async () => ({ handlers: { 'B.b': failed }, failure: { error: 'Error: no', retryAt: null } }),
          () => at(5_000),
        );
      }
      await store.complete(
        notFailed.id,
        'worker-a',
        async () => undefined,
        () => at(5_000),
      );
      const range = { source: 'stripe', since: at(1_000), until: at(2_000), now: at(6_000) };
      expect(await store.requeueRange({ ...range, workspace: 'acme' })).toBe(1);
      expect(await store.findById(inRange.id)).toMatchObject({
        status: 'pending',
        attempts: 0,
        nextAttemptAt: at(6_000),
        handlers: { 'B.b': failed },
      });
      expect((await store.findById(otherWorkspace.id))?.status).toBe('failed');
      expect(await store.requeueRange({ since: at(0), now: at(6_000) })).toBe(4);
    });
  });

  describe('list and findById', () => {
    it('lists newest first with filters and a "before" position', async () => {
      const a = draft({ source: 'stripe', type: 'charge.refunded' });
      const b = draft({ source: 'github', type: 'push' });
      const c = draft({ source: 'stripe', type: 'payment_intent.succeeded' });
      await store.saveReceived([a]);
      await store.saveReceived([b]);
      await store.saveReceived([c]);
      const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
      expect(ids(await store.list({ limit: 10 }))).toEqual([c.id, b.id, a.id]);
      expect(ids(await store.list({ source: 'stripe', limit: 10 }))).toEqual([c.id, a.id]);
      expect(ids(await store.list({ type: 'push', limit: 10 }))).toEqual([b.id]);
      expect(ids(await store.list({ limit: 10, before: c.id }))).toEqual([b.id, a.id]);
      expect(ids(await store.list({ limit: 1, before: c.id }))).toEqual([b.id]);
      await claim(store, T0, 'w', 1);
      expect(ids(await store.list({ status: 'processing', limit: 10 }))).toHaveLength(1);
      expect(await store.findById(newId('iev'))).toBeNull();
    });
  });
});
