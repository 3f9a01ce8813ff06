import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Injectable } from '@nestjs/common';
import { defineEntity, p } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { newId } from '@org/common';
import { OnWebhook, type InboundContext, type InboundEvent } from '@org/ingest';
import { RecordingHandlers } from './support/recording-handlers.js';
import { SECRETS, stripeRequest } from './support/signing.js';
import { startIngestApp, type IngestTestApp } from './support/test-app.js';
import { createTestStore, STORE_KINDS, type TestStore } from './support/test-stores.js';
import { until } from '../../common/test/support/until.js';

/** A row a handler writes through context.em, to prove it commits with the event (or not at all). */
const HandlerEffect = defineEntity({
  name: 'HandlerEffect',
  tableName: 'handler_effect',
  properties: { id: p.string().primary(), eventId: p.string() },
});
const HANDLER_EFFECT_TABLE =
  'create table "handler_effect" ("id" text primary key, "event_id" text not null)';

const RETRY = { attempts: 3, backoffMs: 1_000, backoffFactor: 2, maxBackoffMs: 60_000 };

describe.each(STORE_KINDS)('processing (%s store)', (kind) => {
  let store: TestStore;
  let t: IngestTestApp;
  let handlers: RecordingHandlers;

  beforeAll(async () => {
    store = await createTestStore(kind, [HandlerEffect], [HANDLER_EFFECT_TABLE]);
    t = await startIngestApp({
      store: store.store,
      providers: [RecordingHandlers],
      options: { sources: { stripe: { secrets: [SECRETS.stripe] } }, retry: RETRY },
    });
    handlers = t.app.get(RecordingHandlers);
  });
  afterAll(async () => {
    await t.close();
    await store.close();
  });
  beforeEach(() => {
    handlers.failures = 0;
    handlers.beforeFailing = undefined;
  });

  const deliver = async (id: string) => {
    const { body, headers } = stripeRequest({ id, at: t.clock.now() });
    const response = await t.post('/webhooks/stripe', body, headers);
    expect(response.status).toBe(200);
    return response.body.id as string;
  };
  const event = async (id: string) => (await t.get(`/inbound-events/${id}`)).body.data;

  it('retries a failing handler with exponential backoff on the clock, ends failed with the error, then retries via the API', async () => {
    handlers.failures = 3;
    const id = await deliver('evt_retry');
    await t.drain();
    const attempt1At = t.clock.now().getTime();
    expect(await event(id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: 'Error: payment handler failed for evt_retry',
      next_attempt_at: new Date(attempt1At + 1_000).toISOString(),
    });

    t.clock.advance(999);
    await t.drain();
    expect((await event(id)).attempts).toBe(1);

    t.clock.advance(1);
    await t.drain();
    expect(await event(id)).toMatchObject({
      status: 'pending',
      attempts: 2,
      next_attempt_at: new Date(attempt1At + 1_000 + 2_000).toISOString(),
    });

    t.clock.advance(2_000);
    await t.drain();
    expect(await event(id)).toMatchObject({
      status: 'failed',
      attempts: 3,
      next_attempt_at: null,
      last_error: 'Error: payment handler failed for evt_retry',
      processed_at: null,
    });
    expect(
      handlers
        .callsOf('paid')
        .filter((c) => c.event.externalId === 'evt_retry')
        .map((c) => c.event.attempt),
    ).toEqual([1, 2, 3]);

    // Nothing runs any more, however far time moves.
    t.clock.advance(3_600_000);
    await t.drain();
    expect((await event(id)).attempts).toBe(3);

    const retried = await t.post(`/inbound-events/${id}/retry`, '', {});
    expect(retried.status).toBe(202);
    expect(retried.body.data).toMatchObject({ id, status: 'pending', attempts: 0 });
    await t.drain();
    expect(await event(id)).toMatchObject({
      status: 'processed',
      attempts: 1,
      processed_at: t.clock.now().toISOString(),
    });

    const again = await t.post(`/inbound-events/${id}/retry`, '', {});
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('inbound_event_not_failed');
  });

  it('answers the sender 200 even when the handler fails', async () => {
    handlers.failures = 1;
    const { body, headers } = stripeRequest({ id: 'evt_fail_quietly', at: t.clock.now() });
    expect((await t.post('/webhooks/stripe', body, headers)).status).toBe(200);
    await t.drain();
    expect((await t.post('/webhooks/stripe', body, headers)).body).toMatchObject({ duplicate: true });
  });

  it('picks up events left by another instance: due ones on the periodic sweep, and expired leases', async () => {
    // Stored by an instance that died before handling it: nobody wakes the worker, the sweep must.
    const orphan = newId('iev');
    await store.store.saveReceived([
      {
        id: orphan,
        source: 'stripe',
        workspace: null,
        sourceType: null,
        type: 'payment_intent.succeeded',
        externalId: 'evt_orphan',
        payload: { id: 'evt_orphan' },
        rawBody: '{}',
        headers: {},
        receivedAt: t.clock.now(),
      },
    ]);
    // Claimed by an instance that died while handling it.
    const abandoned = newId('iev');
    await store.store.saveReceived([
      {
        id: abandoned,
        source: 'stripe',
        workspace: null,
        sourceType: null,
        type: 'payment_intent.succeeded',
        externalId: 'evt_abandoned',
        payload: { id: 'evt_abandoned' },
        rawBody: '{}',
        headers: {},
        receivedAt: t.clock.now(),
      },
    ]);
    await store.store.claimDue({
      now: t.clock.now(),
      limit: 1,
      leaseOwner: 'crashed-instance',
      leaseExpiresAt: new Date(t.clock.now().getTime() + 300_000),
    });
    const claimedByCrashed =
      (await store.store.findById(orphan))!.leaseOwner === 'crashed-instance' ? orphan : abandoned;
    const leftPending = claimedByCrashed === orphan ? abandoned : orphan;

    // Start the sweep timer at a short interval for this test.
    const sweeping = await startIngestApp({
      store: store.store,
      clock: t.clock,
      options: { sources: { stripe: { secrets: [SECRETS.stripe] } }, worker: { sweepIntervalMs: 50 } },
    });
    try {
      await until(async () => (await store.store.findById(leftPending))?.status === 'processed', {
        what: 'the event left pending processed',
      });
      expect((await store.store.findById(claimedByCrashed))?.status).toBe('processing');
      t.clock.advance(300_000);
      await until(async () => (await store.store.findById(claimedByCrashed))?.status === 'processed', {
        what: "the crashed worker's event processed",
      });
      expect((await store.store.findById(claimedByCrashed))?.attempts).toBe(2);
    } finally {
      await sweeping.close();
    }
  });

  // Only the PostgreSQL store has transactions; with the in-memory one context.em is undefined
  // (asserted in receiving.e2e-spec.ts).
  if (kind !== 'postgres') return;
  it('runs handlers in the transaction that marks the event processed (context.em)', async () => {
    handlers.failures = 1;
    handlers.beforeFailing = async (inbound: InboundEvent, context: InboundContext) => {
      const em = context.em as EntityManager;
      em.create(HandlerEffect, { id: `${inbound.externalId}:${inbound.attempt}`, eventId: inbound.id });
      await em.flush(); // written inside the transaction; must vanish when the handler then fails
    };
    const id = await deliver('evt_tx');
    await t.drain();
    const effects = () =>
      store.database!.em.fork().execute<{ id: string }[]>('select "id" from "handler_effect" order by "id"');
    expect(await event(id)).toMatchObject({ status: 'pending', attempts: 1 });
    expect(await effects()).toEqual([]);

    t.clock.advance(1_000);
    await t.drain();
    expect(await event(id)).toMatchObject({ status: 'processed', attempts: 2 });
    expect(await effects()).toEqual([{ id: 'evt_tx:2' }]);
  });
});

/** A handler that takes a while, to observe shutdown. */
@Injectable()
class SlowHandler {
  started = false;
  finished = false;
  @OnWebhook('stripe')
  async handle(): Promise<void> {
    this.started = true;
    // not-a-wait: the slow handler under test; app.close() must outlast it (the test never waits).
    await new Promise((resolve) => setTimeout(resolve, 150));
    this.finished = true;
  }
}

describe('shutdown', () => {
  let store: TestStore;
  beforeEach(async () => {
    store = await createTestStore('in-memory');
  });
  afterEach(() => store.close());

  it('app.close() waits for in-flight handlers and their completion is recorded', async () => {
    const t = await startIngestApp({
      store: store.store,
      providers: [SlowHandler],
      options: { sources: { stripe: { secrets: [SECRETS.stripe] } } },
    });
    const slow = t.app.get(SlowHandler);
    const { body, headers } = stripeRequest({ id: 'evt_slow', at: t.clock.now() });
    const id = (await t.post('/webhooks/stripe', body, headers)).body.id as string;
    await until(() => slow.started, { what: 'the slow handler to start' });
    await t.close();
    expect(slow.finished).toBe(true);
    expect((await store.store.findById(id))?.status).toBe('processed');
  });
});
