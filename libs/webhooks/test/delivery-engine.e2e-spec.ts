import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { Receiver } from '@org/receiver';
import { Webhook } from 'standardwebhooks';
import { storageHarnesses, type StorageUnderTest } from './support/storage-harness.js';
import { DESTINATION_NOT_ALLOWED } from '../src/transport/public-failure.js';
import {
  eventually,
  ManualClock,
  RECEIVER_SECRET,
  SIGNATURE_HEADER,
  startDeliveryApp,
  startProbe,
  startReceiver,
  type DeliveryApp,
  type Probe,
} from './support/delivery-app.js';

// The delivery engine end to end: a real app with workers, real HTTP to loopback receivers, both storages.
describe.each(storageHarnesses)('delivery engine on $name storage', (harness) => {
  let under: StorageUnderTest;
  let app: DeliveryApp | undefined;
  const receivers: Receiver[] = [];
  const receiver = async (options: Parameters<typeof startReceiver>[0] = {}): Promise<Receiver> => {
    const started = await startReceiver(options);
    receivers.push(started);
    return started;
  };
  // Gives the worker its chance before a test asserts that it sent nothing (see startProbe).
  const track = (started: Probe): Probe => {
    receivers.push(started.receiver);
    return started;
  };
  const probe = async (): Promise<Probe> => track(await startProbe(app!));

  beforeEach(async () => {
    under = await harness.create();
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await Promise.all(receivers.splice(0).map((r) => r.close()));
    await under.close();
  });

  const log = async (id: string, query = '') =>
    (await app!.as(null).get(`/api/webhooks/${id}/deliveries${query}`).expect(200)).body;
  const subscription = async (id: string) =>
    (await app!.as(null).get(`/api/webhooks/${id}`).expect(200)).body.data;

  it('delivers a published event once, signed so both seed-001 listeners and standardwebhooks verify it, and logs it', async () => {
    const endpoint = await receiver();
    app = await startDeliveryApp(under.storage);
    const id = await app.subscribe({ url: endpoint.url, event_types: ['contact.*'] });
    const event = await app.webhooks.publish('contact.created', { id: 'con_1', name: 'Ada' });

    const [request] = await endpoint.waitFor(1);
    expect(request.verification.signature.status).toBe('valid');
    expect(request.verification.standardWebhooks.status).toBe('valid');
    expect(JSON.parse(request.body)).toEqual({
      id: event.id,
      event: 'contact.created',
      created_at: event.createdAt.toISOString(),
      data: { id: 'con_1', name: 'Ada' },
    });
    expect(request.headers['webhook-id']).toBe(event.id);
    expect(request.headers['x-webhook-attempt']).toBe('1');
    expect(request.headers['content-type']).toBe('application/json');
    // The seed-001 listener, verbatim in spirit: t=…,v1=… over "<t>.<raw body>".
    const [tPart, vPart] = String(request.headers[SIGNATURE_HEADER.toLowerCase()]).split(',');
    const { createHmac } = await import('node:crypto');
    expect(
      createHmac('sha256', RECEIVER_SECRET)
        .update(`${tPart.replace('t=', '')}.${request.body}`)
        .digest('hex'),
    ).toBe(vPart.replace('v1=', ''));
    // And the official standardwebhooks library (a non-base64 secret is its raw bytes).
    expect(() =>
      new Webhook(Buffer.from(RECEIVER_SECRET), { format: 'raw' }).verify(
        request.body,
        request.headers as Record<string, string>,
      ),
    ).not.toThrow();

    const body = await eventually(async () => {
      const page = await log(id);
      expect(page.data[0]?.status).toBe('success');
      return page;
    });
    expect(body).toEqual({
      data: [
        {
          id: expect.stringMatching(/^whd_/),
          subscription_id: id,
          event_id: event.id,
          event_type: 'contact.created',
          workspace: null,
          attempt: 1,
          status: 'success',
          delivery_status: 'delivered',
          http_status: 200,
          error: null,
          duration_ms: expect.any(Number),
          created_at: expect.any(String),
          next_attempt_at: null,
          response_body: 'ok',
          test: false,
        },
      ],
      has_more: false,
      next_cursor: null,
    });
    expect((await subscription(id)).last_delivered_at).not.toBeNull();
    // No second send: a later claim (the probe's) takes nothing else.
    expect(await (await probe()).claimsBesideProbe()).toBe(0);
    expect(endpoint.requests).toHaveLength(1);
  });

  it('retries on the schedule, records each reason, fails after the last attempt, and redelivers on request', async () => {
    const clock = new ManualClock(Date.UTC(2026, 2, 16, 12));
    let status = 500;
    const endpoint = await receiver({ respond: () => ({ status }), now: () => clock.now() });
    app = await startDeliveryApp(under.storage, { clock, retrySchedule: '0,1m,5m' });
    const id = await app.subscribe({ url: endpoint.url });
    const event = await app.webhooks.publish('deal.won', { id: 'deal_1' });
    const notDue = await probe();

    await endpoint.waitFor(1);
    const afterFirst = await eventually(async () => {
      const page = await log(id);
      expect(page.data.map((d: { status: string }) => d.status)).toEqual(['pending', 'failed']);
      return page.data;
    });
    expect(afterFirst[1]).toMatchObject({
      attempt: 1,
      http_status: 500,
      error: 'HTTP 500',
      response_body: 'answered 500 as asked',
    });
    expect(afterFirst[0]).toMatchObject({ attempt: 2, next_attempt_at: '2026-03-16T12:01:00.000Z' });

    // A second before it is due, a claim at that time (the probe's) leaves the retry alone.
    clock.advance(59_000);
    expect(await notDue.claimsBesideProbe()).toBe(0);
    expect(endpoint.requests).toHaveLength(1);
    clock.advance(1_000);
    app.worker.wake();
    await endpoint.waitFor(2);
    await eventually(async () =>
      expect((await log(id)).data[0]).toMatchObject({
        attempt: 3,
        status: 'pending',
        next_attempt_at: '2026-03-16T12:06:00.000Z',
      }),
    );
    clock.advance(5 * 60_000);
    app.worker.wake();
    await endpoint.waitFor(3);
    await eventually(async () =>
      expect((await log(id)).data.map((d: { status: string }) => d.status)).toEqual([
        'failed',
        'failed',
        'failed',
      ]),
    );
    expect(endpoint.requests.map((r) => r.attempt)).toEqual([1, 2, 3]);
    expect(new Set(endpoint.requests.map((r) => r.headers['webhook-id']))).toEqual(new Set([event.id]));
    expect(endpoint.requests.every((r) => r.verification.signature.status === 'valid')).toBe(true);
    expect((await subscription(id)).failure_count).toBe(3);

    // No fourth attempt, whatever the time.
    clock.advance(24 * 3600_000);
    expect(await notDue.claimsBesideProbe()).toBe(0);
    expect(endpoint.requests).toHaveLength(3);

    status = 200;
    const redelivery = await app
      .as(null)
      .post(`/api/webhooks/${id}/events/${event.id}/redeliver`)
      .expect(202);
    expect(redelivery.body).toEqual({
      data: { delivery_id: expect.stringMatching(/^whd_/), status: 'pending' },
    });
    await endpoint.waitFor(4);
    expect(endpoint.requests[3].attempt).toBe(1);
    await eventually(async () =>
      expect((await log(id)).data[0]).toMatchObject({
        id: redelivery.body.data.delivery_id,
        status: 'success',
      }),
    );
    expect((await subscription(id)).failure_count).toBe(0);
  });

  it('disables a subscription after 20 consecutive failures, holds its deliveries, and resumes them when re-enabled', async () => {
    let status = 500;
    const endpoint = await receiver({ respond: () => ({ status }) });
    app = await startDeliveryApp(under.storage, { retrySchedule: '0' });
    const id = await app.subscribe({ url: endpoint.url });

    for (let i = 0; i < 5; i++) await app.webhooks.publish('task.created', { n: i });
    await endpoint.waitFor(5);
    await eventually(async () => expect((await subscription(id)).failure_count).toBe(5));
    status = 200;
    await app.webhooks.publish('task.created', { n: 'ok' });
    await endpoint.waitFor(6);
    await eventually(async () => expect((await subscription(id)).failure_count).toBe(0));

    status = 500;
    for (let i = 0; i < 20; i++) await app.webhooks.publish('task.created', { n: i });
    await endpoint.waitFor(26);
    const disabled = await eventually(async () => {
      const data = await subscription(id);
      expect(data.status).toBe('disabled');
      return data;
    });
    expect(disabled).toMatchObject({
      failure_count: 20,
      disabled_reason: 'Disabled after 20 consecutive failed attempts; last error: HTTP 500',
    });

    // Held, not failed: nothing is sent while disabled, and the attempts wait as pending.
    status = 200;
    for (let i = 0; i < 3; i++) await app.webhooks.publish('task.created', { held: i });
    // The probe's publish follows theirs, so its fan-out and claim come after theirs were fanned out.
    await eventually(async () => expect((await log(id, '?status=pending')).data).toHaveLength(3));
    expect(await (await probe()).claimsBesideProbe()).toBe(0);
    expect(endpoint.requests).toHaveLength(26);

    const enabled = await app.as(null).patch(`/api/webhooks/${id}`).send({ status: 'active' }).expect(200);
    expect(enabled.body.data).toMatchObject({ status: 'active', failure_count: 0 });
    app.worker.wake();
    await endpoint.waitFor(29);
    expect(
      endpoint.requests
        .slice(26)
        .map((r) => (r.json as { data: { held: number } }).data.held)
        .sort(),
    ).toEqual([0, 1, 2]);
  });

  it('holds deliveries of a paused subscription and sends nothing after it is deleted', async () => {
    const clock = new ManualClock(Date.UTC(2026, 2, 16, 12));
    const endpoint = await receiver({ respond: () => ({ status: 503 }), now: () => clock.now() });
    app = await startDeliveryApp(under.storage, { clock, retrySchedule: '0,1m' });
    const paused = await app.subscribe({ url: endpoint.url });
    const failing = await app.subscribe({ url: endpoint.url });
    await app.as(null).patch(`/api/webhooks/${paused}`).send({ status: 'paused' }).expect(200);

    await app.webhooks.publish('contact.updated', { id: 'con_1' });
    await endpoint.waitFor(1);
    expect(endpoint.requests[0].path).toBe('/webhooks');
    await eventually(async () =>
      expect((await log(failing)).data[0]).toMatchObject({ attempt: 2, status: 'pending' }),
    );
    expect((await log(paused)).data).toMatchObject([{ attempt: 1, status: 'pending' }]);

    // Both subscriptions deleted: their waiting attempts are cancelled and never sent.
    await app.as(null).delete(`/api/webhooks/${paused}`).expect(204);
    await app.as(null).delete(`/api/webhooks/${failing}`).expect(204);
    clock.advance(3600_000);
    expect(await (await probe()).claimsBesideProbe()).toBe(0);
    expect(endpoint.requests).toHaveLength(1);
    await app.as(null).get(`/api/webhooks/${failing}/deliveries`).expect(404);
  });

  it('does not let a slow endpoint starve a fast one', async () => {
    // The slow endpoint answers nothing before the test closes it (its delay and the request
    // timeout outlast the test), so the fast deliveries can only complete beside its open requests.
    const holdOpenMs = 10 * 60_000;
    const slow = await receiver({ respond: () => ({ delayMs: holdOpenMs }) });
    const fast = await receiver();
    app = await startDeliveryApp(under.storage, {
      requestTimeoutMs: holdOpenMs,
      worker: { concurrency: 4, perSubscriptionConcurrency: 2, leaseMs: 2 * holdOpenMs, pollIntervalMs: 100 },
    });
    const slowId = await app.subscribe({ url: slow.url });
    const fastId = await app.subscribe({ url: fast.url });
    for (let i = 0; i < 12; i++) await app.webhooks.publish('deal.updated', { n: i });

    try {
      // The slow endpoint holds its share of the workers (two requests open), and meanwhile every
      // fast delivery arrives and is recorded. The waits only bound a hang; nothing here is timed.
      await slow.waitFor(2, 30_000);
      await fast.waitFor(12, 30_000);
      const attempts = (subscriptionId: string) =>
        under.storage.deliveryLog.listDeliveries({ scope: null, subscriptionId, limit: 50 });
      await eventually(async () => {
        expect((await attempts(fastId)).map((a) => a.status)).toEqual(Array(12).fill('success'));
      }, 30_000);
      // Still nothing answered by the slow endpoint, and it never got more than its share.
      expect((await attempts(slowId)).map((a) => a.status)).toEqual(Array(12).fill('pending'));
      expect(slow.requests).toHaveLength(2);
    } finally {
      // Dropping the held connections fails the open attempts, so app.close() need not wait them out.
      await slow.close();
    }
  }, 120_000);

  it('sends nothing from an API-only instance (worker: false)', async () => {
    const endpoint = await receiver();
    const listen = jest.spyOn(under.storage, 'listen');
    app = await startDeliveryApp(under.storage, { worker: false });
    const id = await app.subscribe({ url: endpoint.url });
    const event = await app.webhooks.publish('contact.created', { id: 'con_1' });
    // A worker sends from its loop, woken by publish notifications: neither exists here. Nothing is
    // waited out: the loop was never started, and nothing listens to publishes.
    expect(app.worker.isRunning).toBe(false);
    expect(listen).not.toHaveBeenCalled();
    listen.mockRestore();
    // The event waits for an instance with a worker, which sends it once; the API-only one claimed nothing.
    const worker = await startDeliveryApp(under.storage);
    try {
      const [request] = await endpoint.waitFor(1);
      expect(request.eventId).toBe(event.id);
      await eventually(async () => expect((await log(id)).data[0]?.status).toBe('success'));
      expect(await (await startProbe(worker).then(track)).claimsBesideProbe()).toBe(0);
      expect(endpoint.requests).toHaveLength(1);
      expect(app.worker.stats().claimed).toBe(0);
    } finally {
      await worker.close();
    }
  });

  it('finishes the requests in flight and records them when the app shuts down', async () => {
    const endpoint = await receiver({ respond: () => ({ delayMs: 300 }) });
    app = await startDeliveryApp(under.storage);
    const id = await app.subscribe({ url: endpoint.url });
    await app.webhooks.publish('contact.created', { id: 'con_1' });
    await endpoint.waitFor(1);
    await app.close();
    app = undefined;
    const [attempt] = await under.storage.deliveryLog.listDeliveries({
      scope: null,
      subscriptionId: id,
      limit: 10,
    });
    expect(attempt).toMatchObject({ status: 'success', httpStatus: 200 });
  });

  it('refuses a link-local (cloud metadata) address at connect time even with private URLs allowed', async () => {
    const { WebhookTransport } = await import('../src/transport/webhook-transport.js');
    const transport = new WebhookTransport({
      timeoutMs: 2_000,
      maxResponseBodyBytes: 1024,
      allowPrivateAddresses: true,
      connectionsPerOrigin: 4,
      // A name that resolves to the metadata service: the check must happen on the resolved address.
      resolver: async () => [{ address: '169.254.169.254', family: 4 }],
    });
    app = await startDeliveryApp(under.storage, { retrySchedule: '0' }, (builder) =>
      builder.overrideProvider(WebhookTransport).useValue(transport),
    );
    const id = await app.subscribe({ url: 'http://metadata.internal.test/latest/meta-data' });
    await app.webhooks.publish('contact.created', { id: 'con_1' });
    const [attempt] = await eventually(async () => {
      const page = await log(id);
      expect(page.data[0]?.status).toBe('failed');
      return page.data;
    });
    expect(attempt.http_status).toBeNull();
    // The log says no more than that: the resolved address would reveal internal DNS.
    expect(attempt.error).toBe(DESTINATION_NOT_ALLOWED);
    expect(attempt.error).not.toMatch(/169\.254|metadata/);
    await transport.close();
  });
});
