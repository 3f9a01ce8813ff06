import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createReceiver,
  verifyStandardWebhooksSignature,
  type Receiver,
  type RecordedRequest,
} from '@org/receiver';
import { KEYS, startTestApp, type TestApp } from './app-harness.js';
import { client, eventually } from './support/http.js';
import { claimsBesideProbe as probeClaims, isProbeEvent } from './support/probe.js';
import { seed001Verifies } from './support/seed-001-verify.js';
import {
  githubEvent,
  hubspotEvents,
  sendGitHub,
  sendHubSpot,
  sendStripe,
  stripeEvent,
} from './support/senders.js';

type Json = Record<string, any>;

/**
 * The issue's "Done when": verified third-party webhooks in, outbound events out to a real loopback
 * subscriber, signed so that seed 001's listener code accepts them.
 */
describe('ingest → outbound bridge, delivering to a loopback subscriber', () => {
  let t: TestApp;
  let receiver: Receiver;
  let admin: ReturnType<typeof client>;
  let secret: string;

  /** Deliveries so far, one per event (`webhook-id`), whatever the retries. */
  const uniqueDeliveries = (): RecordedRequest[] => {
    const byId = new Map<string, RecordedRequest>();
    for (const request of receiver.requests) byId.set(String(request.headers['webhook-id']), request);
    return [...byId.values()];
  };
  const deliveriesOf = (type: string) =>
    uniqueDeliveries().filter((request) => (request.json as Json).event === type);
  /** Waits until `type` has arrived once, and returns its body. */
  const awaitDelivery = async (type: string): Promise<{ request: RecordedRequest; body: Json }> => {
    const request = await eventually(`a ${type} delivery`, async () => deliveriesOf(type)[0]);
    return { request, body: request.json as Json };
  };

  /** Gives the delivery worker its chance (see support/probe.ts): attempts it claimed besides the probe's. */
  const claimsBesideProbe = () => probeClaims(t);

  beforeAll(async () => {
    [t, receiver] = await Promise.all([startTestApp(), createReceiver()]);
    admin = client(t, KEYS.admin);
    const created = await admin.post('/api/webhooks', {
      name: 'Bridge subscriber',
      url: receiver.url,
      event_types: ['payment.*', 'github.*', 'contact.created', 'deal.*'],
    });
    expect(created.status).toBe(201);
    secret = created.body.secret;
  });
  afterAll(async () => {
    await Promise.all([t.close(), receiver.close()]);
  });

  let paymentEvent: Record<string, unknown>;
  let stripeReceipt: Json;

  it('turns a Stripe payment_intent.succeeded into one payment.succeeded, signed as seed 001 verifies', async () => {
    const event = stripeEvent('payment_intent.succeeded', { amount: 4200, currency: 'eur' });
    paymentEvent = event;
    const response = await sendStripe(t, event);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      received: true,
      id: expect.stringMatching(/^iev_/),
      duplicate: false,
    });
    stripeReceipt = response.body;

    const { request, body } = await awaitDelivery('payment.succeeded');
    const intent = (event.data as Json).object as Json;
    expect(body).toEqual({
      id: expect.stringMatching(/^evt_/),
      event: 'payment.succeeded',
      created_at: expect.any(String),
      data: expect.objectContaining({
        id: intent.id,
        amount: 4200,
        currency: 'eur',
        customer: intent.customer,
        source: expect.objectContaining({ provider: 'stripe', event_id: event.id }),
      }),
    });
    expect(request.headers['content-type']).toContain('application/json');
    expect(request.headers['webhook-id']).toBe(body.id);

    // Seed 001's Express listener code, verbatim, on the raw body and X-Rex-Signature.
    expect(seed001Verifies(request.rawBody, request.headers['x-rex-signature'], secret)).toBe(true);
    expect(seed001Verifies(request.rawBody, request.headers['x-rex-signature'], `${secret}x`)).toBe(false);
    expect(
      seed001Verifies(
        Buffer.from(request.body.replace('4200', '4201')),
        request.headers['x-rex-signature'],
        secret,
      ),
    ).toBe(false);
    // And the Standard Webhooks headers verify with the same secret.
    expect(
      verifyStandardWebhooksSignature(request.rawBody, request.headers, [secret], {
        toleranceSeconds: 300,
        now: new Date(),
      }),
    ).toEqual({
      status: 'valid',
    });
  });

  it('acknowledges the same Stripe event again as a duplicate and delivers nothing more', async () => {
    // Stripe retries the same event (same id and payload) with a fresh signature.
    const again = await sendStripe(t, paymentEvent);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ received: true, id: stripeReceipt.id, duplicate: true });
    // Nothing new to handle: the answer came after the lookup that found the first, and no second
    // inbound event was stored, so nothing publishes again ...
    const inbound = (await admin.get('/api/inbound-events?source=stripe&limit=100')).body.data as Json[];
    expect(inbound.filter((e) => e.external_id === paymentEvent.id)).toHaveLength(1);
    expect((await admin.get('/api/events?type=payment.succeeded')).body.data).toHaveLength(1);
    // ... and the one publish is sent once: a later claim (the probe's) takes nothing more.
    expect(await claimsBesideProbe()).toBe(0);
    expect(deliveriesOf('payment.succeeded')).toHaveLength(1);
  });

  it('turns a Stripe charge.refunded into payment.refunded', async () => {
    const event = stripeEvent('charge.refunded', { amount: 1500, currency: 'usd' });
    expect((await sendStripe(t, event)).body).toMatchObject({ received: true, duplicate: false });
    const { request, body } = await awaitDelivery('payment.refunded');
    const charge = (event.data as Json).object as Json;
    expect(body.data).toMatchObject({
      id: charge.id,
      amount_refunded: 1500,
      currency: 'usd',
      payment_intent: charge.payment_intent,
    });
    expect(seed001Verifies(request.rawBody, request.headers['x-rex-signature'], secret)).toBe(true);
  });

  it('turns GitHub push and pull_request deliveries into github.push and github.pull_request', async () => {
    const push = githubEvent('push');
    const pushDelivery = randomUUID();
    const pushed = await sendGitHub(t, 'push', push, pushDelivery);
    expect(pushed.status).toBe(200);
    expect(pushed.body).toMatchObject({ received: true, duplicate: false });
    const pull = githubEvent('pull_request', { action: 'opened' });
    expect((await sendGitHub(t, 'pull_request', pull)).status).toBe(200);

    const pushBody = (await awaitDelivery('github.push')).body;
    expect(pushBody.data).toMatchObject({
      repository: (push.repository as Json).full_name,
      ref: push.ref,
      after: push.after,
      commits: [expect.objectContaining({ id: (push.commits as Json[])[0].id })],
      source: { provider: 'github', delivery_id: pushDelivery },
    });
    const pullBody = (await awaitDelivery('github.pull_request')).body;
    expect(pullBody.data).toMatchObject({
      action: 'opened',
      number: pull.number,
      title: (pull.pull_request as Json).title,
    });

    // A redelivery by GitHub (same X-GitHub-Delivery) is a duplicate.
    const repeat = await sendGitHub(t, 'push', push, pushDelivery);
    expect(repeat.body).toMatchObject({ received: true, duplicate: true });
  });

  it('turns a HubSpot batch into contact.created and deal.won, and ignores a deal moved to another stage', async () => {
    const [contact] = hubspotEvents('contact.creation', { eventId: 9_100_001 });
    const [won] = hubspotEvents('deal.propertyChange', {
      eventId: 9_100_002,
      propertyName: 'dealstage',
      propertyValue: 'closedwon',
    });
    const [scheduled] = hubspotEvents('deal.propertyChange', {
      eventId: 9_100_003,
      propertyName: 'dealstage',
      propertyValue: 'appointmentscheduled',
    });
    const response = await sendHubSpot(t, [contact, won, scheduled]);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ received: true, duplicate: false });

    const created = (await awaitDelivery('contact.created')).body;
    expect(created.data).toMatchObject({
      id: String(contact.objectId),
      source: { provider: 'hubspot', event_id: '9100001' },
    });
    const dealWon = (await awaitDelivery('deal.won')).body;
    expect(dealWon.data).toMatchObject({ id: String(won.objectId), stage: 'closedwon' });

    // All three inbound events processed (below) and nothing for the appointment: only two arrived.
    await eventually('the HubSpot batch processed', async () => {
      const list = await admin.get('/api/inbound-events?source=hubspot');
      return list.body.data?.length === 3 && list.body.data.every((e: Json) => e.status === 'processed');
    });
    // Every publish of the batch's handlers was fanned out with its event; a later claim (the
    // probe's) takes nothing more, so no third delivery is on its way.
    expect(await claimsBesideProbe()).toBe(0);
    expect(
      uniqueDeliveries()
        .map((r) => (r.json as Json).event)
        .sort(),
    ).toEqual([
      'contact.created',
      'deal.won',
      'github.pull_request',
      'github.push',
      'payment.refunded',
      'payment.succeeded',
    ]);
    expect(deliveriesOf('deal.lost')).toHaveLength(0);
  });

  it('shows every inbound event as processed in the inbound events API', async () => {
    const list = await admin.get('/api/inbound-events');
    expect(list.status).toBe(200);
    const summary = list.body.data.map((e: Json) => `${e.source}:${e.type}:${e.status}`).sort();
    expect(summary).toEqual([
      'github:pull_request:processed',
      'github:push:processed',
      'hubspot:contact.creation:processed',
      'hubspot:deal.propertyChange:processed',
      'hubspot:deal.propertyChange:processed',
      'stripe:charge.refunded:processed',
      'stripe:payment_intent.succeeded:processed',
    ]);
  });

  it('lists the bridged events in the outbound event log, each delivered once', async () => {
    const events = await admin.get('/api/events?limit=50');
    expect(events.status).toBe(200);
    const bridged = (events.body.data as Json[]).filter((e) => !isProbeEvent(e));
    const types = bridged.map((e) => e.type).sort();
    expect(types).toEqual([
      'contact.created',
      'deal.won',
      'github.pull_request',
      'github.push',
      'payment.refunded',
      'payment.succeeded',
    ]);
    const deliveredIds = uniqueDeliveries()
      .map((r) => (r.json as Json).id)
      .sort();
    expect(bridged.map((e) => e.id).sort()).toEqual(deliveredIds);
    // Every request the receiver got was a first attempt: nothing failed, nothing was sent twice.
    expect(receiver.requests.every((r) => r.attempt === 1)).toBe(true);
    expect(receiver.requests).toHaveLength(6);
  });
});
