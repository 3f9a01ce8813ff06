import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Receiver } from '@org/receiver';
import { storageHarnesses, type StorageUnderTest } from './support/storage-harness.js';
import {
  eventually,
  ManualClock,
  startDeliveryApp,
  startReceiver,
  type DeliveryApp,
} from './support/delivery-app.js';

// Recover re-sends the failed events of a window that the subscription's filter, as it is at the
// time of the recovery, matches: a filter added after the outage narrows what is sent again.
describe.each(storageHarnesses)('recover with a payload filter on $name storage', (harness) => {
  let under: StorageUnderTest;
  let app: DeliveryApp | undefined;
  let endpoint: Receiver | undefined;
  const T0 = Date.UTC(2026, 2, 16, 12);

  beforeEach(async () => {
    under = await harness.create();
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await endpoint?.close();
    await under.close();
  });

  it('re-sends only the failed events the current filter matches', async () => {
    const clock = new ManualClock(T0);
    let status = 500;
    endpoint = await startReceiver({ now: () => clock.now(), respond: () => ({ status }) });
    app = await startDeliveryApp(under.storage, { clock, retrySchedule: '0', disableAfterFailures: 100 });
    const id = await app.subscribe({ url: endpoint.url, event_types: ['deal.won'] });
    clock.advance(1000);
    const amounts = [5, 500, 50, 1000];
    const published: Record<number, string> = {};
    for (const [i, amount] of amounts.entries()) {
      published[amount] = (await app.webhooks.publish('deal.won', { amount })).id;
      await endpoint.waitFor(i + 1);
    }
    await eventually(async () => {
      const log = (await app!.as(null).get(`/api/webhooks/${id}/deliveries`).expect(200)).body.data;
      expect(log.filter((d: { status: string }) => d.status === 'failed')).toHaveLength(4);
    });

    status = 200;
    clock.advance(1000); // the window ends now: past the events
    await app
      .as(null)
      .patch(`/api/webhooks/${id}`)
      .send({ filter: { 'data.amount': { $gte: 100 } } })
      .expect(200);
    const recovered = await app
      .as(null)
      .post(`/api/webhooks/${id}/recover`)
      .send({ since: new Date(T0).toISOString() })
      .expect(202);
    expect(recovered.body).toEqual({ data: { scheduled: 2 } });
    await endpoint.waitFor(6);
    expect(
      endpoint.requests
        .slice(4)
        .map((r) => r.eventId)
        .sort(),
    ).toEqual([published[500], published[1000]].sort());

    // With the filter removed, the two it kept out are the failed ones left to recover.
    await app.as(null).patch(`/api/webhooks/${id}`).send({ filter: null }).expect(200);
    const again = await app
      .as(null)
      .post(`/api/webhooks/${id}/recover`)
      .send({ since: new Date(T0).toISOString() })
      .expect(202);
    expect(again.body.data.scheduled).toBe(2);
    await endpoint.waitFor(8);
    expect(
      endpoint.requests
        .slice(6)
        .map((r) => r.eventId)
        .sort(),
    ).toEqual([published[5], published[50]].sort());
  });
});
