import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ManualClock } from '@org/common';
import { createReceiver, type Receiver } from '@org/receiver';
import {
  InvalidEventException,
  SubscriptionsService,
  UnknownEventTypeException,
  WebhooksService,
} from '@org/webhooks';
import { MikroOrmWebhooksStorage } from '@org/webhooks/mikro-orm';
import {
  TestbedClosedError,
  WebhooksTestbed,
  WebhooksTestingModule,
  type WebhooksTestingOptions,
} from '@org/webhooks/testing';
import { DeliveryWorker } from '../src/internal.js';
import { createHttpAdapter, testHttpAdapter } from '../../common/test/support/http-platform.js';
import { createMigratedTestOrm, runSql, type TestOrm } from './support/pg-test-orm.js';
import { authorizeTestCaller, createTestApp } from './support/test-app.js';

// The test kit as a host uses it: Test.createTestingModule, no HTTP server of its own, no sleeps.
const eventTypes = [
  { name: 'order.paid', description: 'An order was paid.' },
  { name: 'order.shipped', description: 'An order was shipped.' },
];
const SECRET = 'whsec_testing_module_secret_0123';
const ENDPOINT = 'https://hooks.example.test/orders';

interface Bed {
  app: INestApplication;
  testbed: WebhooksTestbed;
  webhooks: WebhooksService;
  subscribe(url?: string, types?: string[]): Promise<string>;
}

async function start(options: WebhooksTestingOptions = {}): Promise<Bed> {
  const moduleRef = await Test.createTestingModule({
    imports: [WebhooksTestingModule.forRoot({ eventTypes, ...options })],
  }).compile();
  const app = moduleRef.createNestApplication(createHttpAdapter(testHttpAdapter()), { logger: false });
  await app.init();
  const subscriptions = app.get(SubscriptionsService);
  return {
    app,
    testbed: app.get(WebhooksTestbed),
    webhooks: app.get(WebhooksService),
    subscribe: async (url = ENDPOINT, types = ['order.paid']) =>
      (await subscriptions.create({ name: 'orders', url, secret: SECRET, eventTypes: types }, null))
        .subscription.id,
  };
}

describe('WebhooksTestingModule', () => {
  let bed: Bed;
  afterEach(async () => {
    await bed?.app.close();
  });

  it('captures one signed request per subscriber after a drain, and nothing before it', async () => {
    bed = await start();
    const subscriptionId = await bed.subscribe();
    const event = await bed.webhooks.publish('order.paid', { orderId: 'o_1', amount: 4200 });
    // The worker's loop never runs on its own (no timer behind the test's back): before the drain nothing went out.
    expect(bed.app.get(DeliveryWorker).isRunning).toBe(false);
    expect(bed.testbed.sent()).toEqual([]);

    const report = await bed.testbed.drain();

    const sent = bed.testbed.sent<{ id: string; event: string; data: unknown }>('order.paid');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      url: ENDPOINT,
      subscriptionId,
      eventId: event.id,
      attempt: 1,
      signatureValid: true,
      network: false,
      answer: { ok: true, httpStatus: 200 },
    });
    expect(sent[0].body).toMatchObject({
      id: event.id,
      event: 'order.paid',
      data: { orderId: 'o_1', amount: 4200 },
    });
    expect(sent[0].headers['webhook-id']).toBe(event.id);
    expect(report.delivered).toEqual(sent);
    expect(report.retries).toEqual([]);
    expect(bed.testbed.sent('order.shipped')).toEqual([]);
    // Idle now: a second drain sends nothing again.
    expect((await bed.testbed.drain()).attempts).toEqual([]);
  });

  it('shows 500, 500, 200 as retries at the schedule’s times, run by advance()', async () => {
    bed = await start({ retrySchedule: '0,30s,2m' });
    await bed.subscribe();
    bed.testbed.respond(ENDPOINT, [{ status: 500 }, { status: 500 }, { status: 200 }]);
    await bed.webhooks.publish('order.paid', { orderId: 'o_2' });
    const t0 = bed.testbed.clock.now().getTime();

    const first = await bed.testbed.drain();
    expect(first.failed.map((attempt) => attempt.error)).toEqual(['HTTP 500']);
    expect(first.retries).toEqual([
      expect.objectContaining({ attempt: 2, type: 'order.paid', at: new Date(t0 + 30_000) }),
    ]);

    // Not due yet one millisecond before.
    expect((await bed.testbed.advance(29_999)).attempts).toEqual([]);
    const second = await bed.testbed.advance(1);
    expect(second.retries).toEqual([
      expect.objectContaining({ attempt: 3, at: new Date(t0 + 30_000 + 120_000) }),
    ]);

    // One long advance stops at the retry's own time on the way.
    const third = await bed.testbed.advance(3_600_000);
    expect(third.delivered.map((request) => [request.attempt, request.sentAt])).toEqual([
      [3, new Date(t0 + 150_000)],
    ]);
    expect(bed.testbed.sent().map((request) => [request.attempt, request.answer.httpStatus])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
  });

  it('honours Retry-After and scripts by subscription id', async () => {
    bed = await start({ retrySchedule: '0,30s,2m' });
    const subscriptionId = await bed.subscribe();
    bed.testbed.respond(subscriptionId, [{ status: 429, headers: { 'Retry-After': '90' } }]);
    await bed.webhooks.publish('order.paid', { orderId: 'o_3' });
    const t0 = bed.testbed.clock.now().getTime();

    const report = await bed.testbed.drain();
    expect(report.retries).toEqual([expect.objectContaining({ attempt: 2, at: new Date(t0 + 90_000) })]);
    // The schedule's 30 s would have sent it by now; Retry-After holds it.
    expect((await bed.testbed.advance(60_000)).attempts).toEqual([]);
    expect((await bed.testbed.advance(30_000)).delivered).toHaveLength(1);
  });

  it('fails an answer slower than the request timeout as a timeout, in clock time', async () => {
    bed = await start({ requestTimeoutMs: 5_000 });
    await bed.subscribe();
    bed.testbed.respond(ENDPOINT, [
      { status: 200, delayMs: 5_000 },
      { status: 200, delayMs: 4_999 },
    ]);
    await bed.webhooks.publish('order.paid', { orderId: 'o_4' });
    expect((await bed.testbed.drain()).failed.map((attempt) => attempt.error)).toEqual([
      'timeout after 5000 ms',
    ]);
    const retried = await bed.testbed.advance(3_600_000);
    expect(retried.delivered.map((request) => request.answer.durationMs)).toEqual([4_999]);
  });

  it('refuses an unknown event type and a bad payload with the real module’s errors', async () => {
    bed = await start();
    await expect(bed.webhooks.publish('order.refunded', { orderId: 'o_5' })).rejects.toBeInstanceOf(
      UnknownEventTypeException,
    );
    await expect(bed.webhooks.publish('order.paid', 'not an object' as never)).rejects.toBeInstanceOf(
      InvalidEventException,
    );
    expect((await bed.testbed.drain()).attempts).toEqual([]);
  });

  it('serves the management API when authorize is given: its errors, and what it publishes is sent', async () => {
    const api = await createTestApp(
      WebhooksTestingModule.forRoot({ eventTypes, authorize: authorizeTestCaller }),
    );
    bed = { ...bed, app: api.app, testbed: api.app.get(WebhooksTestbed) };
    await api
      .as(null)
      .post('/api/webhooks')
      .send({ name: 'orders', url: ENDPOINT, secret: SECRET })
      .expect(201);
    const refused = await api
      .as(null)
      .post('/api/events')
      .send({ type: 'order.refunded', data: {} })
      .expect(400);
    expect(refused.body.error.code).toBe('unknown_event_type');
    await api
      .as(null)
      .post('/api/events')
      .send({ type: 'order.shipped', data: { orderId: 'o_11' } })
      .expect(201);
    await bed.testbed.drain();
    expect(bed.testbed.sent('order.shipped').map((request) => request.body)).toEqual([
      expect.objectContaining({ data: { orderId: 'o_11' } }),
    ]);
  });

  it('stops a drain that never becomes idle and names what kept it busy', async () => {
    bed = await start({ maxDrainPasses: 5 });
    await bed.subscribe(ENDPOINT, ['order.paid']);
    // A receiver that publishes on every delivery: each pass finds a new event.
    bed.testbed.respond(ENDPOINT, async () => {
      await bed.webhooks.publish('order.paid', { orderId: 'again' });
      return { status: 200 };
    });
    await bed.webhooks.publish('order.paid', { orderId: 'o_6' });
    await expect(bed.testbed.drain()).rejects.toThrow(
      /not become idle after 5 passes: the last pass still found 1 event\(s\) to fan out and 1 attempt\(s\) due now \(1 × order\.paid, to 1 subscription\(s\)\)/,
    );
    expect(bed.testbed.sent()).toHaveLength(5);
  });

  it('throws a clear error when the test bed is used after app.close()', async () => {
    bed = await start();
    const testbed = bed.testbed;
    await bed.app.close();
    expect(() => testbed.sent()).toThrow(TestbedClosedError);
    await expect(testbed.drain()).rejects.toThrow(
      /WebhooksTestbed\.drain\(\) was called after app\.close\(\)/,
    );
    expect(() => testbed.respond(ENDPOINT, [])).toThrow(/after app\.close\(\)/);
    bed = { ...bed, app: { close: async () => undefined } as INestApplication };
  });

  it('reset() forgets what was sent and the scripts', async () => {
    bed = await start();
    await bed.subscribe();
    bed.testbed.respond(ENDPOINT, [{ status: 500 }]);
    bed.testbed.reset();
    await bed.webhooks.publish('order.paid', { orderId: 'o_7' });
    await bed.testbed.drain();
    expect(bed.testbed.sent().map((request) => request.answer.httpStatus)).toEqual([200]);
    bed.testbed.reset();
    expect(bed.testbed.sent()).toEqual([]);
  });

  describe('network opt-in', () => {
    let receiver: Receiver;
    const clock = new ManualClock();
    beforeEach(async () => {
      // A receiver that checks signed timestamps reads the module's clock, as a host's test would.
      receiver = await createReceiver({
        secrets: [SECRET],
        signatureHeader: 'X-Webhook-Signature',
        rejectInvalidSignatures: true,
        now: () => clock.now(),
      });
    });
    afterEach(async () => {
      await receiver.close();
    });

    it('sends to a real loopback server the test opted into, and captures the rest', async () => {
      bed = await start({ clock, allowPrivateUrls: true, network: [new URL(receiver.url).origin] });
      await bed.subscribe(receiver.url);
      await bed.subscribe(ENDPOINT);
      await bed.webhooks.publish('order.paid', { orderId: 'o_8' });
      await bed.testbed.drain();

      // The drain awaited the real request's answer: it has arrived, nothing to wait for.
      expect(receiver.requests).toHaveLength(1);
      expect(receiver.requests[0].verification.signature.status).toBe('valid');
      const sent = bed.testbed.sent('order.paid');
      expect(sent.map((request) => [request.url, request.network, request.answer.httpStatus])).toEqual(
        expect.arrayContaining([
          [receiver.url, true, 200],
          [ENDPOINT, false, 200],
        ]),
      );
    });
  });

  describe('real PostgreSQL storage', () => {
    let db: TestOrm;
    beforeAll(async () => {
      db = await createMigratedTestOrm();
    });
    afterAll(async () => {
      await db.close();
    });

    it('publishes inside the host’s transaction and delivers once it committed', async () => {
      bed = await start({
        storage: new MikroOrmWebhooksStorage(db.orm),
        secretKey: Buffer.alloc(32, 7).toString('base64'),
      });
      await bed.subscribe();
      const event = await db.orm.em.fork().transactional(async (em) => {
        const published = await bed.webhooks.publish('order.paid', { orderId: 'o_9' }, { em });
        // Not committed yet: the drain (another connection) sees nothing to send.
        expect((await bed.testbed.drain()).attempts).toEqual([]);
        return published;
      });
      const report = await bed.testbed.drain();
      expect(report.delivered.map((request) => request.eventId)).toEqual([event.id]);
      expect(report.delivered[0].signatureValid).toBe(true);
      const rows = await runSql<{ status: string }>(
        db.orm,
        'select status from webhook_delivery where event_id = ?',
        [event.id],
      );
      expect(rows.map((row) => row.status)).toEqual(['success']);
    });

    it('leaves nothing behind when the host’s transaction rolls back', async () => {
      bed = await start({
        storage: new MikroOrmWebhooksStorage(db.orm),
        secretKey: Buffer.alloc(32, 7).toString('base64'),
      });
      await bed.subscribe();
      await expect(
        db.orm.em.fork().transactional(async (em) => {
          await bed.webhooks.publish('order.paid', { orderId: 'o_10' }, { em });
          throw new Error('payment declined');
        }),
      ).rejects.toThrow('payment declined');
      expect((await bed.testbed.drain()).attempts).toEqual([]);
      expect(bed.testbed.sent()).toEqual([]);
    });
  });
});
