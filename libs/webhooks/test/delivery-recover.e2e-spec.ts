import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Receiver } from '@org/receiver';
import { storageHarnesses, type StorageUnderTest } from './support/storage-harness.js';
import {
  eventually,
  ManualClock,
  startDeliveryApp,
  startProbe,
  startReceiver,
  type DeliveryApp,
} from './support/delivery-app.js';

// POST /webhooks/:id/recover (Svix's recover): re-sends exactly the failed part of a time window.
describe.each(storageHarnesses)('recover on $name storage', (harness) => {
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

  it('re-sends, once each, the events of the window whose last delivery failed, also after the subscription was disabled', async () => {
    const clock = new ManualClock(T0);
    let status = 200;
    endpoint = await startReceiver({ now: () => clock.now(), respond: () => ({ status }) });
    app = await startDeliveryApp(under.storage, { clock, retrySchedule: '0', disableAfterFailures: 3 });
    // deal.won only: the webhook.disabled this subscription's disabling publishes is fanned out when the
    // worker gets to it, before or after the re-enable below, and is not what this test counts.
    const id = await app.subscribe({ url: endpoint.url, event_types: ['deal.won'] });
    const publish = async (n: number) => (await app!.webhooks.publish('deal.won', { n })).id;

    const settled = (count: number) =>
      eventually(async () => {
        const log = (await app!.as(null).get(`/api/webhooks/${id}/deliveries`).expect(200)).body.data;
        expect(log.filter((d: { status: string }) => d.status !== 'pending')).toHaveLength(count);
      });
    const before = await publish(0); // delivered, before the window
    await settled(1); // recorded before the clock jumps past its lease
    clock.advance(60_000);
    status = 500;
    const failed: string[] = [];
    for (let n = 1; n <= 3; n++) {
      failed.push(await publish(n));
      await endpoint.waitFor(n + 1);
    }
    await settled(4);
    // Three failures in a row: disabled; what comes next waits instead of failing.
    await eventually(async () =>
      expect((await app!.as(null).get(`/api/webhooks/${id}`).expect(200)).body.data.status).toBe('disabled'),
    );
    const held = await publish(4);
    clock.advance(60_000);
    const after = await publish(5); // after the window
    expect(endpoint.requests).toHaveLength(4);

    status = 200;
    await app.as(null).patch(`/api/webhooks/${id}`).send({ status: 'active' }).expect(200);
    await endpoint.waitFor(6);
    const recovered = await app
      .as(null)
      .post(`/api/webhooks/${id}/recover`)
      .send({ since: new Date(T0 + 30_000).toISOString(), until: new Date(T0 + 90_000).toISOString() })
      .expect(202);
    expect(recovered.body).toEqual({ data: { scheduled: 3 } });
    await endpoint.waitFor(9);
    // Once each: a claim after the three (the probe's) takes nothing more.
    const probe = await startProbe(app);
    try {
      expect(await probe.claimsBesideProbe()).toBe(0);
    } finally {
      await probe.receiver.close();
    }
    expect(endpoint.requests).toHaveLength(9);
    const resent = endpoint.requests.slice(6).map((r) => r.eventId);
    expect(resent.sort()).toEqual([...failed].sort());
    expect(
      endpoint.requests
        .slice(4, 6)
        .map((r) => r.eventId)
        .sort(),
    ).toEqual([held, after].sort());
    expect(endpoint.requests.map((r) => r.eventId)).not.toContain(undefined);
    expect(endpoint.requests.filter((r) => r.eventId === before)).toHaveLength(1);

    // Each once: they are delivered now, so a second recover finds nothing.
    await eventually(async () => {
      const again = await app!
        .as(null)
        .post(`/api/webhooks/${id}/recover`)
        .send({ since: new Date(T0).toISOString() })
        .expect(202);
      expect(again.body.data.scheduled).toBe(0);
    });
  });

  it('refuses a reversed window, one older than the retention and malformed dates, naming the field', async () => {
    const clock = new ManualClock(T0);
    app = await startDeliveryApp(under.storage, { clock, retentionDays: 7 });
    endpoint = await startReceiver();
    const id = await app.subscribe({ url: endpoint.url });
    const recover = (body: object) => app!.as(null).post(`/api/webhooks/${id}/recover`).send(body);

    const reversed = await recover({
      since: new Date(T0).toISOString(),
      until: new Date(T0 - 1).toISOString(),
    });
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.details).toEqual([{ field: 'since', message: 'since must be before until' }]);

    const tooOld = await recover({ since: new Date(T0 - 8 * 86_400_000).toISOString() });
    expect(tooOld.status).toBe(400);
    expect(tooOld.body.error.details).toEqual([
      { field: 'since', message: 'since must be within the retention of 7 days (older attempts are pruned)' },
    ]);

    const malformed = await recover({ since: 'yesterday', until: 5 });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'since',
      'until',
    ]);

    await app
      .as(null)
      .post('/api/webhooks/whk_nope/recover')
      .send({ since: new Date(T0 - 1_000).toISOString() })
      .expect(404);
  });

  // A filter added after the outage narrows what is sent again: the filter as it is at recovery.
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
