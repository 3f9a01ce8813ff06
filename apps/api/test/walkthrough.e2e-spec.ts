import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  createReceiver,
  verifyStandardWebhooksSignature,
  verifyTimestampedSignature,
  type Receiver,
} from '@org/receiver';
import { KEYS, startTestApp, type TestApp } from './app-harness.js';
import { call, client, eventually } from './support/http.js';
import { claimsBesideProbe as probeClaims } from './support/probe.js';
import { seed001Verifies } from './support/seed-001-verify.js';

type Json = Record<string, any>;

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * The HTTP API's walk-through (docs/http-api.md), step by step, against the real app, asserting
 * every answer. Each step runs alone (`-t`): it starts from no subscription and a fresh endpoint, and
 * creates what the steps before it would have left (a subscription, a held or delivered event).
 */
describe('README walk-through', () => {
  let t: TestApp;
  let receiver: Receiver;
  let failing = false;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    t = await startTestApp();
    api = client(t, KEYS.admin);
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(async () => {
    failing = false;
    receiver = await createReceiver({ respond: () => (failing ? { status: 500 } : undefined) });
  });
  afterEach(async () => {
    // Deleting a subscription cancels its waiting attempts: the next step starts from nothing.
    for (const { id } of (await api.get('/api/webhooks?limit=100')).body.data as Json[])
      expect((await api.delete(`/api/webhooks/${id}`)).status).toBe(204);
    await receiver.close();
  });

  /** The walk-through's subscription (step 1), and its secret. */
  const subscribe = async (): Promise<{ subscription: Json; secret: string }> => {
    const response = await api.post('/api/webhooks', {
      name: 'CRM Sync',
      url: receiver.url,
      event_types: ['contact.created', 'deal.won', 'deal.lost'],
    });
    expect(response.status).toBe(201);
    return { subscription: response.body.data, secret: response.body.secret };
  };
  /** Publishes the walk-through's contact.created, with an idempotency key of this step's own. */
  const publishContact = (idempotencyKey = `contact-con_1-${randomUUID()}`) =>
    call(t, 'POST', '/api/events', {
      key: KEYS.admin,
      bearer: true,
      json: {
        type: 'contact.created',
        data: { id: 'con_1', email: 'ada@example.com' },
        idempotency_key: idempotencyKey,
      },
    });
  /** Step 3: the subscription paused, then the contact.created published (and held). */
  const pauseAndPublish = async (subscription: Json): Promise<string> => {
    const paused = await api.patch(`/api/webhooks/${subscription.id}`, { status: 'paused' });
    expect(paused.status).toBe(200);
    const published = await publishContact();
    expect(published.status).toBe(201);
    return published.body.data.id as string;
  };
  /**
   * Gives the worker its chance (a probe delivery, see support/probe.ts), then returns how many
   * attempts it claimed besides the probe's.
   */
  const claimsBesideProbe = () => probeClaims(t);

  it("creates a subscription with seed 000's body: 201, the secret once, seed 000's fields", async () => {
    const body = {
      name: 'CRM Sync',
      url: receiver.url,
      event_types: ['contact.created', 'deal.won', 'deal.lost'],
    };
    const response = await api.post('/api/webhooks', body);
    expect(response.status).toBe(201);
    expect(response.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(response.body.secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect(response.body.data).toMatchObject({
      id: expect.stringMatching(/^whk_/),
      ...body,
      status: 'active',
      failure_count: 0,
      created_at: expect.stringMatching(ISO_TIME),
      updated_at: expect.stringMatching(ISO_TIME),
    });
    expect(response.body.data).not.toHaveProperty('secret');
  });

  it('lists and gets it, never with the secret', async () => {
    const { subscription, secret } = await subscribe();
    const list = await api.get('/api/webhooks');
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ data: [subscription], has_more: false, next_cursor: null });
    const one = await api.get(`/api/webhooks/${subscription.id}`);
    expect(one.body).toEqual({ data: subscription });
    expect(list.text + one.text).not.toContain(secret);
  });

  it('pauses it: a published event is held, not delivered and not failed', async () => {
    const { subscription } = await subscribe();
    const paused = await api.patch(`/api/webhooks/${subscription.id}`, { status: 'paused' });
    expect(paused.status).toBe(200);
    expect(paused.body.data).toMatchObject({ id: subscription.id, status: 'paused' });

    const idempotencyKey = `contact-con_1-${randomUUID()}`;
    const publish = () => publishContact(idempotencyKey);
    const published = await publish();
    expect(published.status).toBe(201);
    expect(published.body).toEqual({
      data: {
        id: expect.stringMatching(/^evt_/),
        type: 'contact.created',
        created_at: expect.stringMatching(ISO_TIME),
      },
    });
    const firstEventId = published.body.data.id;

    const repeated = await publish();
    expect(repeated.status).toBe(200);
    expect(repeated.headers.get('idempotent-replayed')).toBe('true');
    expect(repeated.body.data.id).toBe(firstEventId);

    // Fanned out (a pending attempt), then passed over by a later claim (the probe's).
    await eventually('the held attempt', async () => {
      const pending = await api.get(`/api/webhooks/${subscription.id}/deliveries?status=pending`);
      return pending.body.data?.length === 1;
    });
    expect(await claimsBesideProbe()).toBe(0);
    expect(receiver.requests).toHaveLength(0);
    expect((await api.get(`/api/webhooks/${subscription.id}/deliveries?status=failed`)).body.data).toEqual(
      [],
    );
  });

  it("re-activates it: the held event is delivered once, signed for seed 001's listener", async () => {
    const { subscription, secret } = await subscribe();
    const firstEventId = await pauseAndPublish(subscription);
    const active = await api.patch(`/api/webhooks/${subscription.id}`, { status: 'active' });
    expect(active.body.data.status).toBe('active');
    const [delivery] = await receiver.waitFor(1, 5_000);
    expect(delivery.json).toEqual({
      id: firstEventId,
      event: 'contact.created',
      created_at: expect.stringMatching(ISO_TIME),
      data: { id: 'con_1', email: 'ada@example.com' },
    });
    expect(delivery.headers['x-webhook-event-id']).toBe(firstEventId);
    expect(delivery.headers['x-webhook-attempt']).toBe('1');
    expect(seed001Verifies(delivery.rawBody, delivery.headers['x-rex-signature'], secret)).toBe(true);
    expect(await claimsBesideProbe()).toBe(0);
    expect(receiver.requests).toHaveLength(1);
  });

  it('shows the successful attempt in the delivery log', async () => {
    const { subscription } = await subscribe();
    const firstEventId = await pauseAndPublish(subscription);
    await api.patch(`/api/webhooks/${subscription.id}`, { status: 'active' });
    const log = await eventually('the attempt recorded', async () => {
      const response = await api.get(`/api/webhooks/${subscription.id}/deliveries`);
      return response.body.data?.some((d: Json) => d.status === 'success') ? response.body : null;
    });
    expect(log.data).toEqual([
      expect.objectContaining({
        id: expect.stringMatching(/^whd_/),
        subscription_id: subscription.id,
        event_id: firstEventId,
        event_type: 'contact.created',
        attempt: 1,
        status: 'success',
        http_status: 200,
        error: null,
        duration_ms: expect.any(Number),
        created_at: expect.stringMatching(ISO_TIME),
      }),
    ]);
    const after = (await api.get(`/api/webhooks/${subscription.id}`)).body.data;
    expect(after).toMatchObject({ failure_count: 0, last_delivered_at: expect.stringMatching(ISO_TIME) });
  });

  it('pings: 200 with http_status and duration_ms, a signed sample of the chosen type', async () => {
    const { subscription, secret } = await subscribe();
    const before = receiver.requests.length;
    const ping = await api.post(`/api/webhooks/${subscription.id}/ping`, { event_type: 'deal.won' });
    expect(ping.status).toBe(200);
    expect(ping.body).toEqual({
      data: {
        http_status: 200,
        duration_ms: expect.any(Number),
        delivery_id: expect.stringMatching(/^whd_/),
        status: 'success',
        response_code: 200,
        response_time_ms: ping.body.data.duration_ms,
      },
    });
    const sample = (await receiver.waitFor(before + 1))[before];
    expect(sample.eventType).toBe('deal.won');
    expect(seed001Verifies(sample.rawBody, sample.headers['x-rex-signature'], secret)).toBe(true);
  });

  it('pings an endpoint answering 500: 502 with error', async () => {
    const { subscription } = await subscribe();
    failing = true;
    try {
      const ping = await api.post(`/api/webhooks/${subscription.id}/ping`, {});
      expect(ping.status).toBe(502);
      expect(ping.body.error).toEqual(
        expect.objectContaining({ code: expect.any(String), message: expect.stringContaining('500') }),
      );
      expect(ping.body.data).toMatchObject({ http_status: 500 });
    } finally {
      failing = false;
    }
  });

  it('rotates the secret: a new one once, both signing during the overlap, newest first', async () => {
    const { subscription, secret } = await subscribe();
    const rotated = await api.patch(`/api/webhooks/${subscription.id}/secret`, {});
    expect(rotated.status).toBe(200);
    const newSecret: string = rotated.body.secret;
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(secret);
    expect((await api.get(`/api/webhooks/${subscription.id}`)).text).not.toContain(newSecret);

    const before = receiver.requests.length;
    const published = await api.post('/api/events', {
      type: 'deal.won',
      data: { id: 'deal_7731', amount: 12000 },
    });
    expect(published.status).toBe(201);
    const requests = await receiver.waitFor(before + 1);
    const delivery = requests.find((r) => r.eventId === published.body.data.id)!;
    const header = String(delivery.headers['x-rex-signature']);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    const policy = { toleranceSeconds: 300, now: new Date() };
    expect(verifyTimestampedSignature(delivery.rawBody, header, [newSecret], policy).status).toBe('valid');
    expect(verifyTimestampedSignature(delivery.rawBody, header, [secret], policy).status).toBe('valid');
    // Seed 001's listener reads only the first v1: the newest secret must come first.
    expect(seed001Verifies(delivery.rawBody, header, newSecret)).toBe(true);
    expect(delivery.headers['webhook-signature']).toMatch(/^v1,\S+ v1,\S+$/);
    expect(verifyStandardWebhooksSignature(delivery.rawBody, delivery.headers, [secret], policy).status).toBe(
      'valid',
    );
  });

  it('redelivers an event on request (202) and replays from an event', async () => {
    // The steps before: the contact.created delivered, then a deal.won.
    const { subscription } = await subscribe();
    const firstEventId = (await publishContact()).body.data.id as string;
    await receiver.waitFor(1);
    await api.post('/api/events', { type: 'deal.won', data: { id: 'deal_7731', amount: 12000 } });
    await receiver.waitFor(2);
    // Received is not yet recorded: until its outcome is, the attempt is still pending (in flight),
    // and a replay skips events already waiting for the subscription.
    await eventually('both attempts recorded', async () => {
      const log = await api.get(`/api/webhooks/${subscription.id}/deliveries`);
      const made = (log.body.data ?? []) as Json[];
      return made.length === 2 && made.every((d) => d.status === 'success');
    });
    const before = receiver.requests.length;
    const redeliver = await api.post(`/api/webhooks/${subscription.id}/events/${firstEventId}/redeliver`);
    expect(redeliver.status).toBe(202);
    expect(redeliver.body.data).toEqual({ delivery_id: expect.stringMatching(/^whd_/), status: 'pending' });
    const again = (await receiver.waitFor(before + 1)).slice(before);
    expect(again.map((r) => r.eventId)).toEqual([firstEventId]);

    const replay = await api.post(`/api/webhooks/${subscription.id}/replay`, { event_id: firstEventId });
    expect(replay.status).toBe(200);
    expect(replay.body.data).toMatchObject({ id: subscription.id, status: 'active' });
    // The deal.won published after the first event comes again.
    const replayed = (await receiver.waitFor(before + 2)).slice(before + 1);
    expect(replayed.map((r) => r.eventType)).toEqual(['deal.won']);
    expect(await claimsBesideProbe()).toBe(0);
    expect(receiver.requests).toHaveLength(before + 2);
  });

  it('deletes it: 204, then 404', async () => {
    const { subscription } = await subscribe();
    const deleted = await api.delete(`/api/webhooks/${subscription.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    const gone = await api.get(`/api/webhooks/${subscription.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toEqual(expect.any(String));
    expect((await api.get('/api/webhooks')).body.data).toEqual([]);
  });
});
