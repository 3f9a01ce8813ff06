import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { MikroOrmWebhooksStorage } from '@org/webhooks/mikro-orm';
import { WebhooksTestbed, WebhooksTestingModule, type WebhooksTestingOptions } from '@org/webhooks/testing';
import { createMigratedTestOrm, type TestOrm } from './support/pg-test-orm.js';
import { authorizeTestCaller, createTestApp, TEST_EVENT_TYPES, type TestApp } from './support/test-app.js';

// Delivery status per event and subscription over HTTP (GET /events/:id `deliveries`, the log's
// `delivery_status`), and test deliveries' sample events, on both storages; the clock is the test
// bed's, moved by advance(): no waiting.
const SECRET = 'whsec_delivery_status_secret_0123';
const ok = 'https://ok.example.test/hook';
const flaky = 'https://flaky.example.test/hook';
const down = 'https://down.example.test/hook';

/** An entry of `deliveries` in `GET /events/:id`. */
interface EventDelivery {
  subscription_id: string;
  status: string;
  attempts: number;
  last_attempt_at: string;
  next_attempt_at: string;
}

interface Row {
  event_id: string;
  subscription_id: string;
  attempt: number;
  status: string;
  delivery_status: string;
  test: boolean;
}

describe.each([{ storage: 'memory' }, { storage: 'postgresql' }])(
  'delivery status ($storage)',
  ({ storage }) => {
    let db: TestOrm | undefined;
    let api: TestApp;
    let testbed: WebhooksTestbed;
    beforeAll(async () => {
      if (storage === 'postgresql') db = await createMigratedTestOrm();
    });
    afterAll(async () => {
      await db?.close();
    });
    afterEach(async () => {
      await api.close();
    });

    async function start(): Promise<void> {
      const options: WebhooksTestingOptions = {
        eventTypes: TEST_EVENT_TYPES,
        authorize: authorizeTestCaller,
        // Three attempts: now, 30 s and 2 min later.
        retrySchedule: '0,30s,2m',
        ...(db && {
          storage: new MikroOrmWebhooksStorage(db.orm),
          secretKey: Buffer.alloc(32, 7).toString('base64'),
        }),
      };
      api = await createTestApp(WebhooksTestingModule.forRoot(options));
      testbed = api.app.get(WebhooksTestbed);
    }

    async function subscribe(workspace: string, name: string, url: string): Promise<string> {
      const res = await api
        .as(workspace)
        .post('/api/webhooks')
        .send({ name, url, secret: SECRET, event_types: ['deal.*'] })
        .expect(201);
      return res.body.data.id;
    }

    async function publish(workspace: string): Promise<string> {
      const res = await api
        .as(workspace)
        .post('/api/events')
        .send({ type: 'deal.won', data: { id: 'deal_1' } });
      expect(res.status).toBe(201);
      return res.body.data.id;
    }

    const deliveriesOf = async (workspace: string | null, eventId: string) =>
      (await api.as(workspace).get(`/api/events/${eventId}`).expect(200)).body.data.deliveries;

    const log = async (query: string, workspace: string | null = 'acme'): Promise<Row[]> =>
      (await api.as(workspace).get(`/api/webhooks/deliveries?limit=100&${query}`).expect(200)).body.data;

    it('says delivered after 3 attempts, failed when exhausted, retrying, pending and cancelled', async () => {
      await start();
      const okId = await subscribe('acme', 'ok', ok);
      const flakyId = await subscribe('acme', 'flaky', flaky);
      const downId = await subscribe('acme', 'down', down);
      const globexId = await subscribe('globex', 'globex', ok);
      testbed.respond(flaky, [{ status: 500 }, { status: 500 }, { status: 200 }]);
      testbed.respond(down, () => ({ status: 503 }));
      const event = await publish('acme');
      const byId = (list: EventDelivery[]): Record<string, EventDelivery> =>
        Object.fromEntries(list.map((d) => [d.subscription_id, d]));

      await testbed.drain();
      const afterFirst = byId(await deliveriesOf('acme', event));
      expect(afterFirst[flakyId]).toMatchObject({
        status: 'retrying',
        attempts: 1,
        last_http_status: 500,
        next_attempt_at: expect.any(String),
        delivered_attempt: null,
      });
      expect(
        Date.parse(afterFirst[flakyId].next_attempt_at) - Date.parse(afterFirst[flakyId].last_attempt_at),
      ).toBe(30_000);
      await testbed.advance(30_000);
      await testbed.advance(120_000);

      const deliveries = await deliveriesOf('acme', event);
      expect(deliveries.map((d: { subscription_id: string }) => d.subscription_id)).toEqual(
        [okId, flakyId, downId].sort(),
      );
      const after = byId(deliveries);
      expect(after[flakyId]).toEqual({
        subscription_id: flakyId,
        subscription_name: 'flaky',
        url: flaky,
        status: 'delivered',
        attempts: 3,
        last_attempt_at: expect.any(String),
        last_http_status: 200,
        next_attempt_at: null,
        delivered_attempt: 3,
      });
      expect(after[okId]).toMatchObject({ status: 'delivered', attempts: 1, delivered_attempt: 1 });
      expect(after[downId]).toMatchObject({
        status: 'failed',
        attempts: 3,
        last_http_status: 503,
        next_attempt_at: null,
      });

      // The failed attempts of the event delivered on its third say so, and "still failing" leaves them out.
      const flakyRows = (await log(`subscription_id=${flakyId}`)).filter((r) => r.event_id === event);
      expect(flakyRows.map((r) => [r.attempt, r.status, r.delivery_status])).toEqual([
        [3, 'success', 'delivered'],
        [2, 'failed', 'delivered'],
        [1, 'failed', 'delivered'],
      ]);
      const stillFailing = await log('delivery_status=failed');
      expect(
        stillFailing.filter((r) => r.event_id === event).map((r) => [r.subscription_id, r.attempt]),
      ).toEqual([
        [downId, 3],
        [downId, 2],
        [downId, 1],
      ]);
      const perSubscription = await api
        .as('acme')
        .get(`/api/webhooks/${flakyId}/deliveries?status=failed&delivery_status=delivered`)
        .expect(200);
      expect(perSubscription.body.data.map((r: Row) => r.attempt)).toEqual([2, 1]);

      // Pending: fanned out to a paused subscription, which holds it untried; then cancelled by its deletion.
      await api.as('acme').patch(`/api/webhooks/${okId}`).send({ status: 'paused' }).expect(200);
      const fresh = await publish('acme');
      expect(await deliveriesOf('acme', fresh)).toEqual([]);
      await testbed.drain();
      expect(byId(await deliveriesOf('acme', fresh))[okId]).toMatchObject({
        status: 'pending',
        attempts: 0,
        last_attempt_at: null,
        next_attempt_at: expect.any(String),
      });
      await api.as('acme').delete(`/api/webhooks/${okId}`).expect(204);
      expect(byId(await deliveriesOf('acme', fresh))[okId]).toMatchObject({
        status: 'cancelled',
        subscription_name: null,
        url: null,
        attempts: 0,
      });

      // Workspaces: another's event is not found, and its subscriptions never show.
      await api.as('globex').get(`/api/events/${event}`).expect(404);
      expect(
        (await deliveriesOf(null, event)).map((d: { subscription_id: string }) => d.subscription_id),
      ).not.toContain(globexId);
      expect(await log('delivery_status=delivered', 'globex')).toEqual([]);
      await api.as('acme').get('/api/webhooks/deliveries?delivery_status=lost').expect(400);
    });

    it('marks test deliveries, answers their sample event with the body sent, and refuses to resend it', async () => {
      await start();
      const id = await subscribe('acme', 'ok', ok);
      const ping = await api
        .as('acme')
        .post(`/api/webhooks/${id}/ping`)
        .send({ event_type: 'contact.created' });
      expect(ping.status).toBe(200);
      const attempt = (
        await api.as('acme').get(`/api/webhooks/${id}/deliveries/${ping.body.data.delivery_id}`).expect(200)
      ).body.data;
      expect(attempt).toMatchObject({ test: true, status: 'success', delivery_status: 'delivered' });
      const [sent] = testbed.sent<{ id: string; data: unknown }>('contact.created');
      expect(sent.body.id).toBe(attempt.event_id);

      const sample = (await api.as('acme').get(`/api/events/${attempt.event_id}`).expect(200)).body.data;
      expect(sample).toMatchObject({
        id: attempt.event_id,
        type: 'contact.created',
        test: true,
        data: sent.body.data,
        deliveries: [{ subscription_id: id, status: 'delivered', attempts: 1, delivered_attempt: 1 }],
      });
      expect(sample.data).toEqual({ id: 'con_1', name: 'Ada' });
      await api.as('globex').get(`/api/events/${attempt.event_id}`).expect(404);

      const redeliver = await api
        .as('acme')
        .post(`/api/webhooks/${id}/events/${attempt.event_id}/redeliver`)
        .expect(409);
      expect(redeliver.body.error).toMatchObject({
        code: 'test_delivery',
        message: expect.stringContaining('sample of a test delivery'),
      });
      const replay = await api
        .as('acme')
        .post(`/api/webhooks/${id}/replay`)
        .send({ event_id: attempt.event_id })
        .expect(409);
      expect(replay.body.error.code).toBe('test_delivery');
      // A published event is not marked.
      const published = await publish('acme');
      expect((await api.as('acme').get(`/api/events/${published}`).expect(200)).body.data.test).toBe(false);
    });
  },
);
