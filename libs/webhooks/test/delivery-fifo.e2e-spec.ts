import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Receiver } from '@org/receiver';
import { storageHarnesses, type StorageUnderTest } from './support/storage-harness.js';
import {
  eventually,
  startDeliveryApp,
  startProbe,
  startReceiver,
  type DeliveryApp,
} from './support/delivery-app.js';

const PUBLISHERS = 8;
const EVENTS_EACH = 25;

// `ordering: fifo`: one subscription's events strictly in publish order, one at a time, a failure
// holding the rest. Real app and receiver, both storages.
describe.each(storageHarnesses)('FIFO delivery on $name storage', (harness) => {
  let under: StorageUnderTest;
  let app: DeliveryApp | undefined;
  const receivers: Receiver[] = [];

  beforeEach(async () => {
    under = await harness.create();
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await Promise.all(receivers.splice(0).map((r) => r.close()));
    await under.close();
  });

  it('delivers 200 events of 8 concurrent publishers in publish order while the endpoint fails every 10th request once', async () => {
    let requests = 0;
    let inFlight = 0;
    let most = 0;
    const endpoint = await startReceiver({
      respond: () => {
        most = Math.max(most, ++inFlight);
        // not-a-wait: the endpoint's model of its own open request, answered after the same 2 ms.
        setTimeout(() => inFlight--, 2);
        return { status: ++requests % 10 === 0 ? 500 : 200, delayMs: 2 };
      },
    });
    receivers.push(endpoint);
    // A short schedule keeps the test quick (a 5xx other than 502/503/504 does not back off).
    app = await startDeliveryApp(under.storage, { retrySchedule: '0,10ms,10ms,10ms,10ms' });
    const unordered = await startReceiver();
    receivers.push(unordered);
    const id = await app.subscribe({ url: endpoint.url, ordering: 'fifo' });
    await app.subscribe({ url: unordered.url });

    const published: string[][] = [];
    await Promise.all(
      Array.from({ length: PUBLISHERS }, async (_, publisher) => {
        published[publisher] = [];
        for (let n = 0; n < EVENTS_EACH; n++) {
          const event = await app!.webhooks.publish('deal.updated', { publisher, n });
          published[publisher].push(event.id);
        }
      }),
    );
    const total = PUBLISHERS * EVENTS_EACH;
    await eventually(async () => {
      expect(endpoint.requests.filter((r) => r.response.status === 200)).toHaveLength(total);
    }, 60_000);

    const delivered = endpoint.requests.filter((r) => r.response.status === 200).map((r) => r.eventId!);
    // Strictly the publish order the engine drew, each exactly once…
    expect(delivered).toEqual(await under.publishOrder());
    expect(new Set(delivered).size).toBe(total);
    // …which keeps every publisher's own order.
    for (const own of published) expect(delivered.filter((e) => own.includes(e))).toEqual(own);
    // A failed event was retried before anything after it was sent.
    endpoint.requests.forEach((request, index) => {
      if (request.response.status !== 200)
        expect(endpoint.requests[index + 1]?.eventId).toBe(request.eventId);
    });
    expect(most).toBe(1);
    expect((await app.as(null).get(`/api/webhooks/${id}`).expect(200)).body.data.ordering).toBe('fifo');
    await unordered.waitFor(total);
  }, 90_000);

  it('a failing event blocks the next until its schedule is exhausted, then it is failed and the next proceeds', async () => {
    let failFirst = true;
    const endpoint = await startReceiver({
      respond: (request) =>
        failFirst && request.json && (request.json as { data: { n: number } }).data.n === 0
          ? { status: 500 }
          : undefined,
    });
    receivers.push(endpoint);
    app = await startDeliveryApp(under.storage, { retrySchedule: '0,100ms,100ms' });
    const id = await app.subscribe({ url: endpoint.url, ordering: 'fifo' });
    for (let n = 0; n < 3; n++) await app.webhooks.publish('deal.updated', { n });
    await endpoint.waitFor(5, 10_000);
    const order = endpoint.requests.map((r) => (r.json as { data: { n: number } }).data.n);
    expect(order).toEqual([0, 0, 0, 1, 2]);
    await eventually(async () => {
      const log = (await app!.as(null).get(`/api/webhooks/${id}/deliveries`).expect(200)).body.data;
      const attempts = log.map((d: { attempt: number; status: string }) => `${d.attempt}:${d.status}`);
      expect(attempts.sort()).toEqual(['1:failed', '1:success', '1:success', '2:failed', '3:failed']);
    });
    // Nothing more: the failed event stays failed (redeliverable), the queue moved on.
    failFirst = false;
    const probe = await startProbe(app);
    receivers.push(probe.receiver);
    expect(await probe.claimsBesideProbe()).toBe(0);
    expect(endpoint.requests).toHaveLength(5);
  });
});
