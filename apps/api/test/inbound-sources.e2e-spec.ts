import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createReceiver, type Receiver } from '@org/receiver';
import { INGEST_SECRETS, KEYS, startTestApp, type TestApp } from './app-harness.js';
import { client, eventually } from './support/http.js';
import { sendStripeTo, stripeEvent } from './support/senders.js';

type Json = Record<string, any>;

const ACME_STRIPE_SECRET = 'whsec_acme_connected_account_0001';

/**
 * The "Done when": a workspace creates a Stripe source with one call, Stripe (its own
 * signing helper) posts to the source's URL, and the bridged payment.succeeded reaches that
 * workspace's subscriber only; the inbound log shows the event to that workspace only.
 */
describe('a Stripe source created by workspace acme, bridged into acme only', () => {
  let t: TestApp;
  let acmeReceiver: Receiver;
  let globexReceiver: Receiver;
  let acme: ReturnType<typeof client>;
  let globex: ReturnType<typeof client>;
  let source: Json;
  let acmeSubscriptionId: string;

  const sendToSource = (event: object) =>
    sendStripeTo(t, new URL(source.url).pathname, event, ACME_STRIPE_SECRET);

  beforeAll(async () => {
    [t, acmeReceiver, globexReceiver] = await Promise.all([
      startTestApp(),
      createReceiver(),
      createReceiver(),
    ]);
    acme = client(t, KEYS.acme);
    globex = client(t, KEYS.globex);
    for (const [key, receiver] of [
      [acme, acmeReceiver],
      [globex, globexReceiver],
    ] as const) {
      const created = await key.post('/api/webhooks', {
        name: 'Payments',
        url: receiver.url,
        event_types: ['payment.*'],
      });
      expect(created.status).toBe(201);
      if (key === acme) acmeSubscriptionId = created.body.data.id;
    }
    const created = await acme.post('/api/inbound-sources', {
      name: 'Acme Stripe',
      type: 'stripe',
      secret: ACME_STRIPE_SECRET,
    });
    expect(created.status).toBe(201);
    source = created.body.data;
  });
  afterAll(async () => {
    await Promise.all([t.close(), acmeReceiver.close(), globexReceiver.close()]);
  });

  it("answers the source's URL on the gateway route, in acme", () => {
    expect(source).toMatchObject({
      id: expect.stringMatching(/^src_/),
      type: 'stripe',
      workspace: 'acme',
      url: `${t.baseUrl}/api/webhooks/${source.id}`,
    });
  });

  it("delivers the bridged payment.succeeded to acme's subscriber and never to globex's", async () => {
    const event = stripeEvent('payment_intent.succeeded', { amount: 990, currency: 'eur' });
    const response = await sendToSource(event);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ received: true, duplicate: false });

    const delivered = await eventually('the payment.succeeded delivery to acme', async () =>
      acmeReceiver.requests.find((r) => (r.json as Json).event === 'payment.succeeded'),
    );
    expect((delivered.json as Json).data).toMatchObject({
      amount: 990,
      source: expect.objectContaining({ provider: 'stripe', event_id: event.id }),
    });
    const outbound = await acme.get('/api/events?type=payment.succeeded');
    expect(outbound.body.data).toHaveLength(1);
    expect((await globex.get('/api/events?type=payment.succeeded')).body.data).toEqual([]);
    // One fan-out inserts all of an event's attempts: globex's subscription has none beside acme's.
    const attempts = await client(t, KEYS.admin).get('/api/webhooks/deliveries?event_type=payment.succeeded');
    expect(attempts.body.data.map((d: Json) => d.subscription_id)).toEqual([acmeSubscriptionId]);
    expect(globexReceiver.requests).toEqual([]);
  });

  it("shows the verified event in acme's inbound log only", async () => {
    const acmeLog = await acme.get(`/api/inbound-events?source=${source.id}`);
    expect(acmeLog.body.data).toEqual([
      expect.objectContaining({ workspace: 'acme', source_type: 'stripe', status: 'processed' }),
    ]);
    expect((await globex.get(`/api/inbound-events?source=${source.id}`)).body.data).toEqual([]);
    expect((await globex.get(`/api/inbound-events/${acmeLog.body.data[0].id}`)).status).toBe(404);
    expect((await globex.get(`/api/inbound-sources/${source.id}`)).status).toBe(404);
    const admin = client(t, KEYS.admin);
    expect((await admin.get(`/api/inbound-events/${acmeLog.body.data[0].id}`)).status).toBe(200);
  });

  it('refuses a Stripe event signed with the configured (environment) secret at the source URL', async () => {
    const event = stripeEvent('payment_intent.succeeded', { amount: 1, currency: 'eur' });
    const response = await sendStripeTo(t, new URL(source.url).pathname, event, INGEST_SECRETS.stripe);
    expect(response.status).toBe(401);
  });
});
