import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MAX_PAYLOAD_DEPTH } from '@org/ingest';
import { SECRETS, stripeRequest } from './support/signing.js';
import { startIngestApp, type IngestTestApp } from './support/test-app.js';
import { createTestStore, STORE_KINDS, type TestStore } from './support/test-stores.js';

describe.each(STORE_KINDS)('Stripe webhooks (%s store)', (kind) => {
  let store: TestStore;
  let t: IngestTestApp;

  beforeAll(async () => {
    store = await createTestStore(kind);
    t = await startIngestApp({
      store: store.store,
      options: { sources: { stripe: { secrets: [SECRETS.stripeRotated, SECRETS.stripe] } } },
    });
  });
  afterAll(async () => {
    await t.close();
    await store.close();
  });

  it('refuses a signed body nested 100,000 levels, or deeper than the limit, with 400 and stores nothing', async () => {
    for (const depth of [100_000, MAX_PAYLOAD_DEPTH + 1]) {
      // Arrays: 2 bytes a level, so 100,000 levels stay under the body size limit.
      const raw = `{"id":"evt_deep_${depth}","type":"charge.succeeded","data":${'['.repeat(depth)}1${']'.repeat(depth)}}`;
      const { body, headers } = stripeRequest({ at: t.clock.now(), body: raw });
      const response = await t.post('/webhooks/stripe', body, headers);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('malformed_payload');
    }
    const fine = stripeRequest({ id: 'evt_after_deep', at: t.clock.now() });
    expect((await t.post('/webhooks/stripe', fine.body, fine.headers)).status).toBe(200);
  });

  it('refuses a signed event whose id or type holds a control character with 400', async () => {
    for (const raw of [
      '{"id":"evt_\\u0000","type":"charge.succeeded","data":{}}',
      '{"id":"evt_ctl","type":"charge\\u0000","data":{}}',
    ]) {
      const { body, headers } = stripeRequest({ at: t.clock.now(), body: raw });
      const response = await t.post('/webhooks/stripe', body, headers);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('malformed_payload');
    }
  });

  it('stores a correctly signed event and answers 200 with its id', async () => {
    const { body, headers } = stripeRequest({ id: 'evt_valid_1', at: t.clock.now() });
    const response = await t.post('/webhooks/stripe', body, headers);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      received: true,
      id: expect.stringMatching(/^iev_/),
      ids: [response.body.id],
      duplicate: false,
    });
    const stored = await store.store.findById(response.body.id);
    expect(stored).toMatchObject({
      source: 'stripe',
      externalId: 'evt_valid_1',
      type: 'payment_intent.succeeded',
      rawBody: body,
    });
  });

  it('verifies and stores the bytes as sent, not as the parser re-serialises them', async () => {
    // Spacing, key order, escapes and a duplicate key that a parse and re-serialise would all change.
    const raw =
      '{ "type" : "charge.succeeded",\n  "id":"evt_exact_1", "data" : {"object":{"note":"caf\\u00e9 ☕"}},' +
      ' "data2": 1e2, "data2": 100 }';
    const { body, headers } = stripeRequest({ at: t.clock.now(), body: raw });
    const response = await t.post('/webhooks/stripe', body, headers);
    expect(response.status).toBe(200);
    expect((await store.store.findById(response.body.id))?.rawBody).toBe(raw);
  });

  it('accepts the second of two rotated secrets', async () => {
    const { body, headers } = stripeRequest({
      id: 'evt_rotated_1',
      at: t.clock.now(),
      secret: SECRETS.stripe,
    });
    expect((await t.post('/webhooks/stripe', body, headers)).status).toBe(200);
    const other = stripeRequest({ id: 'evt_rotated_2', at: t.clock.now(), secret: SECRETS.stripeRotated });
    expect((await t.post('/webhooks/stripe', other.body, other.headers)).status).toBe(200);
  });

  it('answers a repeat with duplicate: true and the same id', async () => {
    const { body, headers } = stripeRequest({ id: 'evt_repeat_1', at: t.clock.now() });
    const first = await t.post('/webhooks/stripe', body, headers);
    const second = await t.post('/webhooks/stripe', body, headers);
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ received: true, id: first.body.id, ids: [first.body.id], duplicate: true });
  });

  const invalid: [string, (now: Date) => { body: string; headers: Record<string, string> }][] = [
    [
      'a tampered body',
      (now) => {
        const signed = stripeRequest({ id: 'evt_tampered', at: now });
        return { ...signed, body: signed.body.replace('2000', '9000') };
      },
    ],
    ['a wrong secret', (now) => stripeRequest({ id: 'evt_wrong_secret', at: now, secret: 'whsec_not_ours' })],
    [
      'a stale timestamp (301 s old)',
      (now) => stripeRequest({ id: 'evt_stale', at: new Date(now.getTime() - 301_000) }),
    ],
    [
      'a far-future timestamp (301 s ahead)',
      (now) => stripeRequest({ id: 'evt_future', at: new Date(now.getTime() + 301_000) }),
    ],
    [
      'no Stripe-Signature header',
      (now) => {
        const signed = stripeRequest({ id: 'evt_unsigned', at: now });
        return { body: signed.body, headers: { 'content-type': 'application/json' } };
      },
    ],
    [
      'a garbage header',
      (now) => {
        const signed = stripeRequest({ id: 'evt_garbage', at: now });
        return { body: signed.body, headers: { ...signed.headers, 'stripe-signature': 'nonsense' } };
      },
    ],
  ];

  it.each(invalid)(
    'refuses %s with 401 invalid_signature, stores nothing and leaks nothing',
    async (_name, build) => {
      const { body, headers } = build(t.clock.now());
      const response = await t.post('/webhooks/stripe', body, headers);
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ error: { code: 'invalid_signature', message: 'Invalid signature' } });
      const events = await store.store.list({ source: 'stripe', limit: 100 });
      const externalId = (JSON.parse(body) as { id: string }).id;
      expect(events.some((e) => e.externalId === externalId)).toBe(false);
    },
  );

  it('accepts a timestamp just inside the window (299 s old)', async () => {
    const { body, headers } = stripeRequest({
      id: 'evt_edge',
      at: new Date(t.clock.now().getTime() - 299_000),
    });
    expect((await t.post('/webhooks/stripe', body, headers)).status).toBe(200);
  });

  it('answers 400 for malformed JSON behind a valid signature, and stores nothing', async () => {
    const { body, headers } = stripeRequest({ at: t.clock.now(), body: '{"id":"evt_bad", "type": ' });
    const response = await t.post('/webhooks/stripe', body, headers);
    expect(response.status).toBe(400);
    expect(response.body.error).toEqual({
      code: 'malformed_json',
      message: 'The request body is not valid JSON.',
    });
  });

  it('answers 400 for valid JSON that is not a Stripe event', async () => {
    const { body, headers } = stripeRequest({ at: t.clock.now(), body: JSON.stringify({ hello: 'world' }) });
    const response = await t.post('/webhooks/stripe', body, headers);
    expect(response.status).toBe(400);
    expect(response.body.error).toEqual({
      code: 'malformed_payload',
      message: expect.stringContaining('Stripe event'),
    });
  });
});
