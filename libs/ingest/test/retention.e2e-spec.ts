import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newId } from '@org/common';
import { RetentionScheduler } from '../src/processing/retention.scheduler.js';
import { RecordingHandlers } from './support/recording-handlers.js';
import { SECRETS, stripeRequest } from './support/signing.js';
import { startIngestApp, type IngestTestApp } from './support/test-app.js';
import { createTestStore, STORE_KINDS, type TestStore } from './support/test-stores.js';

const DAY_MS = 24 * 60 * 60 * 1000;

describe.each(STORE_KINDS)('retention (%s store)', (kind) => {
  let store: TestStore;
  let t: IngestTestApp;
  let handlers: RecordingHandlers;

  beforeAll(async () => {
    store = await createTestStore(kind);
    t = await startIngestApp({
      store: store.store,
      providers: [RecordingHandlers],
      options: {
        sources: { stripe: { secrets: [SECRETS.stripe] } },
        retry: { attempts: 1 },
        retentionDays: 30,
      },
    });
    handlers = t.app.get(RecordingHandlers);
  });
  afterAll(async () => {
    await t.close();
    await store.close();
  });

  const deliver = async (externalId: string) => {
    const { body, headers } = stripeRequest({ id: externalId, at: t.clock.now() });
    const response = await t.post('/webhooks/stripe', body, headers);
    expect(response.status).toBe(200);
    await t.drain();
    return response.body.id as string;
  };

  it('prunes finished events past retention by the injected clock, keeping unfinished and recent ones', async () => {
    const processed = await deliver('evt_old_processed');
    handlers.failures = 1;
    const failed = await deliver('evt_old_failed');
    // Held by a worker whose lease outlasts the test: unfinished when old.
    const pending = newId('iev');
    await store.store.saveReceived([
      {
        id: pending,
        source: 'stripe',
        workspace: null,
        sourceType: null,
        type: 'payment_intent.succeeded',
        externalId: 'evt_old_pending',
        payload: {},
        rawBody: '{}',
        headers: {},
        receivedAt: t.clock.now(),
      },
    ]);
    const now = t.clock.now();
    const held = await store.store.claimDue({
      now,
      limit: 10,
      leaseOwner: 'slow-worker',
      leaseExpiresAt: new Date(now.getTime() + 100 * DAY_MS),
    });
    expect(held.map((e) => e.id)).toEqual([pending]);
    expect((await t.get(`/inbound-events/${failed}`)).body.data.status).toBe('failed');

    t.clock.advance(20 * DAY_MS);
    const recent = await deliver('evt_recent');
    const scheduler = t.app.get(RetentionScheduler);
    expect(await scheduler.prune()).toBe(0);

    t.clock.advance(11 * DAY_MS);
    expect(await scheduler.prune()).toBe(2);
    const left = (await t.get('/inbound-events?limit=200')).body.data.map((e: { id: string }) => e.id);
    expect(left).toEqual(expect.arrayContaining([pending, recent]));
    expect(left).not.toContain(processed);
    expect(left).not.toContain(failed);
    expect((await t.get(`/inbound-events/${processed}`)).status).toBe(404);
    expect(await scheduler.prune()).toBe(0);
  });
});
