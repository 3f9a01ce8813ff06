import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ScheduleModule, SchedulerRegistry } from '@nestjs/schedule';
import { ManualClock } from '@org/common';
import type { Receiver } from '@org/receiver';
import { WebhooksModule, WebhooksService, type WebhooksModuleOptions } from '@org/webhooks';
import {
  DELIVERY_TICK_INTERVAL,
  DeliveryScheduler,
  HOUSEKEEPING_INTERVAL,
} from '../src/delivery/delivery.scheduler.js';
import { storageHarnesses, type StorageUnderTest } from './support/storage-harness.js';
import { RECEIVER_SECRET, SIGNATURE_HEADER, startReceiver } from './support/delivery-app.js';
import { authorizeTestCaller, createTestApp, TEST_SECRET_KEY, type TestApp } from './support/test-app.js';
import { until } from '../../common/test/support/until.js';
import { TestPki } from './support/test-pki.js';

class HostModule {}

// The engine's clock work through @nestjs/schedule: the retry tick and retention pruning.
describe.each(storageHarnesses)('delivery housekeeping on $name storage', (harness) => {
  let under: StorageUnderTest;
  let app: TestApp | undefined;
  let endpoint: Receiver;
  const clock = new ManualClock(Date.UTC(2026, 2, 16, 12));

  const start = async (options: WebhooksModuleOptions): Promise<TestApp> =>
    createTestApp({
      module: HostModule,
      imports: [
        ScheduleModule.forRoot(),
        WebhooksModule.forRoot({
          authorize: authorizeTestCaller,
          storage: under.storage,
          secretKey: TEST_SECRET_KEY,
          signatureHeader: SIGNATURE_HEADER,
          allowPrivateUrls: true,
          clock,
          retentionDays: 30,
          ...options,
        }),
      ],
    });

  beforeEach(async () => {
    under = await harness.create();
    endpoint = await startReceiver({ now: () => clock.now() });
    clock.set(Date.UTC(2026, 2, 16, 12));
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await endpoint.close();
    await under.close();
  });

  it("registers the retry tick and housekeeping in the host's SchedulerRegistry, and removes them at shutdown", async () => {
    app = await start({ worker: { pollIntervalMs: 250 } });
    const registry = app.app.get(SchedulerRegistry);
    expect(registry.getIntervals()).toEqual(
      expect.arrayContaining([DELIVERY_TICK_INTERVAL, HOUSEKEEPING_INTERVAL]),
    );
    await app.close();
    app = undefined;
    expect(registry.getIntervals()).not.toContain(DELIVERY_TICK_INTERVAL);
    expect(registry.getIntervals()).not.toContain(HOUSEKEEPING_INTERVAL);
  });

  it('schedules nothing on an API-only instance', async () => {
    app = await start({ worker: false });
    expect(app.app.get(SchedulerRegistry).getIntervals()).toEqual([]);
  });

  it('warns of client certificates about to expire as part of the housekeeping at start', async () => {
    const pki = new TestPki();
    // openssl dates the certificate from the real time: the clock starts there for this test.
    clock.set(Date.now());
    try {
      app = await start({ worker: false });
      const client = pki.client('soon', { days: 10 });
      await app
        .as(null)
        .post('/api/webhooks')
        .send({ name: 'mtls', url: endpoint.url, tls: { client_cert: client.cert, client_key: client.key } })
        .expect(201);
      await app.close();
      // A worker instance starts: its first housekeeping pass finds the certificate 10 days from expiry.
      app = await start({ worker: { pollIntervalMs: 100 } });
      const warned = await until(
        async () => {
          const page = await app!.as(null).get('/api/events?type=webhook.certificate_expiring').expect(200);
          return page.body.data.length > 0 && page.body.data;
        },
        { what: 'webhook.certificate_expiring published at start' },
      );
      expect(warned).toHaveLength(1);
      expect(warned[0].data).toMatchObject({ name: 'mtls', client_cert_expires_at: expect.any(String) });
    } finally {
      pki.dispose();
    }
  });

  it('prunes delivered events and finished attempts past retention, and keeps what is still due', async () => {
    app = await start({ worker: { pollIntervalMs: 100 } });
    const created = await app
      .as(null)
      .post('/api/webhooks')
      .send({ name: 'old', url: endpoint.url, secret: RECEIVER_SECRET })
      .expect(201);
    const id = created.body.data.id;
    const webhooks = app.app.get(WebhooksService);
    const old = await webhooks.publish('contact.created', { n: 1 });
    await endpoint.waitFor(1);
    const scheduler = app.app.get(DeliveryScheduler);
    const logged = async () =>
      (await app!.as(null).get(`/api/webhooks/${id}/deliveries`).expect(200)).body.data;
    await until(async () => (await logged())[0]?.status === 'success', { what: 'the delivery logged' });

    expect(await scheduler.prune()).toBe(0); // nothing is 30 days old yet
    clock.advance(31 * 24 * 3600_000);
    await app.as(null).patch(`/api/webhooks/${id}`).send({ status: 'paused' }).expect(200);
    const recent = await webhooks.publish('contact.created', { n: 2 });
    // Fanned out and held (paused): a pending attempt is never pruned.
    await until(async () => (await logged()).length === 2, { what: 'the held attempt fanned out' });

    expect(await scheduler.prune()).toBe(2); // the old attempt and its event
    expect((await logged()).map((d: { event_id: string; status: string }) => [d.event_id, d.status])).toEqual(
      [[recent.id, 'pending']],
    );
    await app.as(null).get(`/api/events/${old.id}`).expect(404);
    await app.as(null).get(`/api/events/${recent.id}`).expect(200);
  });
});
