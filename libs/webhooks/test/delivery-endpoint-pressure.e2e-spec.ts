import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Receiver } from '@org/receiver';
import { storageHarnesses, type StorageUnderTest } from './support/storage-harness.js';
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

type LogItem = { id: string; status: string; error: string | null; next_attempt_at: string | null };

// How the engine reads an endpoint's answers: Retry-After, back-off, 410 Gone, and what an attempt
// record keeps. Real app, real loopback receivers, both storages; time is a ManualClock.
describe.each(storageHarnesses)('endpoint-aware delivery on $name storage', (harness) => {
  let under: StorageUnderTest;
  let app: DeliveryApp | undefined;
  let probe: Probe | undefined;
  const receivers: Receiver[] = [];
  const receiver = async (options: Parameters<typeof startReceiver>[0] = {}): Promise<Receiver> => {
    const started = await startReceiver(options);
    receivers.push(started);
    return started;
  };
  const T0 = Date.UTC(2026, 2, 16, 12);

  beforeEach(async () => {
    under = await harness.create();
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    probe = undefined;
    await Promise.all(receivers.splice(0).map((r) => r.close()));
    await under.close();
  });

  const log = async (id: string): Promise<LogItem[]> =>
    (await app!.as(null).get(`/api/webhooks/${id}/deliveries`).expect(200)).body.data;
  const subscription = async (id: string) =>
    (await app!.as(null).get(`/api/webhooks/${id}`).expect(200)).body.data;
  /**
   * Moves the clock and gives the worker its chance at the new time (a probe delivery, see
   * startProbe); resolves with how many attempts it claimed then besides the probe.
   */
  const move = async (clock: ManualClock, ms: number): Promise<number> => {
    clock.advance(ms);
    if (!probe) {
      probe = await startProbe(app!);
      receivers.push(probe.receiver);
    }
    return probe.claimsBesideProbe();
  };

  it('429 with Retry-After: 2 holds the whole endpoint for 2 s, even though the schedule says 1 s', async () => {
    const clock = new ManualClock(T0);
    let answered = 0;
    const endpoint = await receiver({
      now: () => clock.now(),
      respond: () => (answered++ === 0 ? { status: 429, headers: { 'Retry-After': '2' } } : undefined),
    });
    app = await startDeliveryApp(under.storage, { clock, retrySchedule: '0,1s,1s' });
    const id = await app.subscribe({ url: endpoint.url, max_in_flight: 1 });
    const first = await app.webhooks.publish('deal.won', { n: 1 });
    await endpoint.waitFor(1);
    await app.webhooks.publish('deal.won', { n: 2 });
    await app.webhooks.publish('deal.won', { n: 3 });

    const failed = await eventually(async () => {
      const item = (await log(id)).find((d) => d.status === 'failed');
      expect(item).toBeDefined();
      return item!;
    });
    expect(failed.error).toBe('HTTP 429 (Retry-After 2 s)');
    expect(failed.next_attempt_at).toBe(new Date(T0 + 2_000).toISOString());
    expect((await subscription(id)).held_until).toBe(new Date(T0 + 2_000).toISOString());

    // The schedule's 1 s has passed, the endpoint's 2 s have not: nothing goes to it, retry or new event.
    expect(await move(clock, 1_000)).toBe(0);
    expect(await move(clock, 900)).toBe(0);
    expect(endpoint.requests).toHaveLength(1);

    await move(clock, 100);
    await endpoint.waitFor(4);
    expect(endpoint.requests[0].eventId).toBe(first.id);
    expect(endpoint.requests.filter((r) => r.eventId === first.id).map((r) => r.attempt)).toEqual([1, 2]);
    await eventually(async () =>
      expect((await log(id)).map((d) => d.status).sort()).toEqual([
        'failed',
        'success',
        'success',
        'success',
      ]),
    );
  });

  it('a malformed Retry-After is ignored and one far in the future is clamped to an hour', async () => {
    const clock = new ManualClock(T0);
    const answers = [
      { status: 503, headers: { 'Retry-After': 'soon-ish' } },
      { status: 503, headers: { 'Retry-After': '999999' } },
    ];
    const endpoint = await receiver({ now: () => clock.now(), respond: () => answers.shift() });
    app = await startDeliveryApp(under.storage, { clock, retrySchedule: '0,1s,1s' });
    const id = await app.subscribe({ url: endpoint.url });
    await app.webhooks.publish('deal.won', { n: 1 });
    await endpoint.waitFor(1);
    // Malformed: treated as no header at all, so the endpoint is backed off (1 s at first).
    await eventually(async () =>
      expect((await log(id))[1]?.error).toBe('HTTP 503 (endpoint backed off 1 s)'),
    );
    await move(clock, 1_000);
    await endpoint.waitFor(2);
    const clamped = await eventually(async () => {
      const items = await log(id);
      // The second attempt recorded (its retry is inserted with it), not the first one read while the
      // second is still in flight.
      expect(items).toHaveLength(3);
      expect(items[1]?.status).toBe('failed');
      return items[1];
    });
    expect(clamped.error).toBe('HTTP 503 (Retry-After 3600 s)');
    expect(new Date(clamped.next_attempt_at!).getTime()).toBe(T0 + 1_000 + 3_600_000);
  });

  it('429/502/503/504 without Retry-After back the endpoint off exponentially; a success resets it', async () => {
    const clock = new ManualClock(T0);
    const statuses = [502, 504, 429];
    const endpoint = await receiver({
      now: () => clock.now(),
      respond: () => ({ status: statuses.shift() ?? 200 }),
    });
    app = await startDeliveryApp(under.storage, { clock, retrySchedule: '0,0,0,0' });
    const id = await app.subscribe({ url: endpoint.url });
    await app.webhooks.publish('deal.won', { n: 1 });
    await endpoint.waitFor(1);
    await eventually(async () =>
      expect((await subscription(id)).held_until).toBe(new Date(T0 + 1_000).toISOString()),
    );
    expect(await move(clock, 999)).toBe(0);
    expect(endpoint.requests).toHaveLength(1);
    await move(clock, 1);
    await endpoint.waitFor(2);
    // Second in a row: 2 s.
    await eventually(async () =>
      expect((await subscription(id)).held_until).toBe(new Date(T0 + 1_000 + 2_000).toISOString()),
    );
    await move(clock, 2_000);
    await endpoint.waitFor(3);
    await eventually(async () =>
      expect((await subscription(id)).held_until).toBe(new Date(T0 + 3_000 + 4_000).toISOString()),
    );
    expect((await log(id))[1].error).toBe('HTTP 429 (endpoint backed off 4 s)');
    await move(clock, 4_000);
    await endpoint.waitFor(4);
    await eventually(async () => expect((await log(id))[0].status).toBe('success'));

    // The level went back to 0: the next 503 holds for 1 s again.
    statuses.push(503);
    await app.webhooks.publish('deal.won', { n: 2 });
    await endpoint.waitFor(5);
    await eventually(async () =>
      expect((await subscription(id)).held_until).toBe(new Date(T0 + 7_000 + 1_000).toISOString()),
    );
  });

  it('410 Gone disables the subscription at once, publishes webhook.disabled to the workspace, and re-enabling works', async () => {
    const gone = await receiver({ respond: () => ({ status: 410, body: 'no such hook' }) });
    const operator = await receiver();
    app = await startDeliveryApp(under.storage, { retrySchedule: '0,1s' });
    const id = await app.subscribe({ url: gone.url, name: 'CRM Sync', event_types: ['deal.*'] }, 'acme');
    const operatorId = await app.subscribe({ url: operator.url, event_types: ['webhook.disabled'] }, 'acme');
    const otherWorkspace = await receiver();
    await app.subscribe({ url: otherWorkspace.url, event_types: ['webhook.disabled'] }, 'globex');

    await app.webhooks.publish('deal.won', { n: 1 }, { workspace: 'acme' });
    await gone.waitFor(1);
    const disabled = await eventually(async () => {
      const data = await subscription(id);
      expect(data.status).toBe('disabled');
      return data;
    });
    expect(disabled.disabled_reason).toBe('Disabled at once: the endpoint answered 410 Gone (HTTP 410)');
    // Not retried: 410 is final.
    expect((await log(id)).map((d) => d.status)).toEqual(['failed']);

    const [notice] = await operator.waitFor(1);
    expect(notice.verification.signature.status).toBe('valid');
    expect(notice.json).toMatchObject({
      event: 'webhook.disabled',
      data: { subscription_id: id, name: 'CRM Sync', url: gone.url, reason: disabled.disabled_reason },
    });
    expect(new Date((notice.json as { created_at: string }).created_at).toISOString()).toBe(
      (notice.json as { created_at: string }).created_at,
    );
    // The notice went to acme's operator only: one fan-out statement inserts an event's attempts for
    // every matching subscription, so globex's would be in the log beside the operator's.
    const notices = await under.storage.deliveryLog.listDeliveries({
      scope: null,
      eventType: 'webhook.disabled',
      limit: 10,
    });
    expect(notices.map((attempt) => attempt.subscriptionId)).toEqual([operatorId]);
    expect(otherWorkspace.requests).toHaveLength(0);
    expect(gone.requests).toHaveLength(1);

    const types = (await app.as(null).get('/api/webhooks/event-types').expect(200)).body.data;
    expect(types.map((t: { name: string }) => t.name)).toContain('webhook.disabled');

    await app.as(null).patch(`/api/webhooks/${id}`).send({ status: 'active' }).expect(200);
    await app.webhooks.publish('deal.won', { n: 2 }, { workspace: 'acme' });
    await gone.waitFor(2);
  });

  it('keeps the full record of each attempt: URL snapshot, request and response headers, body, duration, error class', async () => {
    const endpoint = await receiver({
      respond: () => ({ status: 500, body: 'x'.repeat(10_000), headers: { 'X-Trace': 'abc' } }),
    });
    const moved = await receiver();
    app = await startDeliveryApp(under.storage, { retrySchedule: '0', maxResponseBodyBytes: 100 });
    const id = await app.subscribe({ url: endpoint.url });
    await app.webhooks.publish('contact.created', { id: 'con_1' });
    await endpoint.waitFor(1);
    const [attempt] = await eventually(async () => {
      const items = await log(id);
      expect(items[0]?.status).toBe('failed');
      return items;
    });
    await app.as(null).patch(`/api/webhooks/${id}`).send({ url: moved.url }).expect(200);

    const detail = (await app.as(null).get(`/api/webhooks/${id}/deliveries/${attempt.id}`).expect(200)).body
      .data;
    expect(detail).toMatchObject({
      id: attempt.id,
      subscription_id: id,
      status: 'failed',
      http_status: 500,
      error: 'HTTP 500',
      error_class: 'http_status',
      url: endpoint.url,
      duration_ms: expect.any(Number),
      response_body: 'x'.repeat(100),
    });
    expect(detail.response_headers['x-trace']).toBe('abc');
    const sent = endpoint.requests[0].headers;
    expect(detail.request_headers[SIGNATURE_HEADER]).toBe(sent[SIGNATURE_HEADER.toLowerCase()]);
    expect(detail.request_headers['webhook-id']).toBe(sent['webhook-id']);
    expect(JSON.stringify(detail)).not.toContain(RECEIVER_SECRET);

    const unknown = await app.as(null).get(`/api/webhooks/${id}/deliveries/whd_nope`).expect(404);
    expect(unknown.body.error.code).toBe('delivery_attempt_not_found');
    await app.as('other').get(`/api/webhooks/${id}/deliveries/${attempt.id}`).expect(404);
  });

  it("uses the subscription's own retry schedule and timeout", async () => {
    const clock = new ManualClock(T0);
    const slow = await receiver({ now: () => clock.now(), respond: () => ({ delayMs: 1_500 }) });
    app = await startDeliveryApp(under.storage, { clock, retrySchedule: '0,1h', requestTimeoutMs: 4_000 });
    const id = await app.subscribe({ url: slow.url, retry_schedule: '0,7s', timeout_ms: 1_000 });
    await app.webhooks.publish('deal.won', { n: 1 });
    await slow.waitFor(1);
    const failed = await eventually(async () => {
      const item = (await log(id)).find((d) => d.status === 'failed');
      expect(item).toBeDefined();
      return item!;
    }, 8_000);
    expect(failed.error).toBe('timeout after 1000 ms');
    expect(new Date(failed.next_attempt_at!).getTime()).toBe(T0 + 7_000);
  });

  it('keeps max_in_flight requests at most in flight to the endpoint', async () => {
    let inFlight = 0;
    let most = 0;
    const endpoint = await receiver({
      respond: () => {
        most = Math.max(most, ++inFlight);
        // not-a-wait: the endpoint's model of its own open request, answered after the same 150 ms.
        setTimeout(() => inFlight--, 150);
        return { delayMs: 150 };
      },
    });
    app = await startDeliveryApp(under.storage);
    await app.subscribe({ url: endpoint.url, max_in_flight: 2 });
    for (let i = 0; i < 8; i++) await app.webhooks.publish('deal.won', { i });
    await endpoint.waitFor(8, 10_000);
    expect(most).toBe(2);
  });
  it('keeps rate_limit deliveries per second of the clock to the endpoint', async () => {
    // The limit counts claims per second of the engine's clock: frozen here, so a second's share
    // cannot spill into the next however slow the machine is.
    const clock = new ManualClock(T0);
    const limited = await receiver();
    const probe = await receiver();
    app = await startDeliveryApp(under.storage, { clock });
    await app.subscribe({ url: limited.url, rate_limit: 10, event_types: ['deal.won'] });
    await app.subscribe({ url: probe.url, event_types: ['deal.lost'] });
    for (let i = 0; i < 25; i++) await app.webhooks.publish('deal.won', { i });
    // One unlimited delivery published after the 25: the claim that takes it also weighed every
    // limited one still due, so by its arrival the limit has had its chance to be broken.
    const probeAfter = async (n: number) => {
      await app!.webhooks.publish('deal.lost', { n });
      await probe.waitFor(n);
    };
    await limited.waitFor(10);
    await probeAfter(1);
    expect(limited.requests).toHaveLength(10);
    await move(clock, 1_000);
    await limited.waitFor(20);
    await probeAfter(2);
    expect(limited.requests).toHaveLength(20);
    await move(clock, 1_000);
    await limited.waitFor(25);
  }, 30_000);
});
