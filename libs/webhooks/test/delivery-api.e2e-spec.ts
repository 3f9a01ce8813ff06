import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Receiver } from '@org/receiver';
import { storageHarnesses, type StorageUnderTest } from './support/storage-harness.js';
import {
  eventually,
  pause,
  startDeliveryApp,
  startReceiver,
  type DeliveryApp,
} from './support/delivery-app.js';

// The delivery API (log, ping, replay, redeliver) over HTTP, on both storages, with real sends.
describe.each(storageHarnesses)('delivery API on $name storage', (harness) => {
  let under: StorageUnderTest;
  let app: DeliveryApp;
  let endpoint: Receiver;
  let status: number;

  beforeEach(async () => {
    under = await harness.create();
    status = 200;
    endpoint = await startReceiver({ respond: () => ({ status }) });
    app = await startDeliveryApp(under.storage, { retrySchedule: '0' });
  });
  afterEach(async () => {
    await app.close();
    await endpoint.close();
    await under.close();
  });

  const settled = (count: number) =>
    eventually(async () => {
      const page = (await app.as(null).get('/api/webhooks/deliveries?limit=200').expect(200)).body;
      expect(page.data.filter((d: { status: string }) => d.status !== 'pending')).toHaveLength(count);
      return page.data;
    });

  describe('POST /webhooks/:id/ping', () => {
    it('sends a signed sample of the chosen type (the catalogue example) to that endpoint only, synchronously', async () => {
      const other = await startReceiver();
      const id = await app.subscribe({ url: endpoint.url, event_types: ['deal.*'] });
      await app.subscribe({ url: other.url });
      const res = await app
        .as(null)
        .post(`/api/webhooks/${id}/ping`)
        .send({ event_type: 'contact.created' })
        .expect(200);
      expect(res.body).toEqual({ data: { http_status: 200, duration_ms: expect.any(Number) } });
      expect(endpoint.requests).toHaveLength(1);
      const [request] = endpoint.requests;
      expect(request.verification.signature.status).toBe('valid');
      expect(request.verification.standardWebhooks.status).toBe('valid');
      expect(request.json).toMatchObject({
        id: expect.stringMatching(/^evt_/),
        event: 'contact.created',
        data: { id: 'con_1', name: 'Ada' },
      });
      expect(request.headers['x-webhook-attempt']).toBe('1');
      // Not an event: nothing stored, nothing fanned out, nothing in the log.
      await pause(200);
      expect(other.requests).toHaveLength(0);
      expect((await app.as(null).get('/api/events').expect(200)).body.data).toEqual([]);
      expect((await app.as(null).get(`/api/webhooks/${id}/deliveries`).expect(200)).body.data).toEqual([]);
      await other.close();
    });

    it('sends a generic webhook.ping without a type, even to a paused subscription', async () => {
      const id = await app.subscribe({ url: endpoint.url });
      await app.as(null).patch(`/api/webhooks/${id}`).send({ status: 'paused' }).expect(200);
      await app.as(null).post(`/api/webhooks/${id}/ping`).expect(200);
      expect(endpoint.requests[0].json).toMatchObject({
        event: 'webhook.ping',
        data: { test: true, subscription_id: id },
      });
    });

    it('answers 502 with the reason when the endpoint refuses or does not answer', async () => {
      status = 500;
      const id = await app.subscribe({ url: endpoint.url });
      const refused = await app.as(null).post(`/api/webhooks/${id}/ping`).send({}).expect(502);
      expect(refused.body).toEqual({
        error: {
          code: 'ping_failed',
          message: 'The endpoint did not accept the test delivery: HTTP 500.',
          details: [{ field: 'url', message: 'HTTP 500' }],
        },
        data: { http_status: 500, duration_ms: expect.any(Number) },
      });
      const closedPort = endpoint.port;
      await endpoint.close();
      const gone = await app.subscribe({ url: `http://127.0.0.1:${closedPort}/hook` });
      const unreachable = await app.as(null).post(`/api/webhooks/${gone}/ping`).expect(502);
      expect(unreachable.body.data.http_status).toBeNull();
      expect(unreachable.body.error.details[0].message).toMatch(/refused/);
      endpoint = await startReceiver();
    });

    it('refuses an unknown or malformed event type and an unknown or foreign subscription', async () => {
      const id = await app.subscribe({ url: endpoint.url }, 'acme');
      const unknown = await app
        .as(null)
        .post(`/api/webhooks/${id}/ping`)
        .send({ event_type: 'invoice.paid' })
        .expect(400);
      expect(unknown.body.error).toMatchObject({
        code: 'unknown_event_type',
        details: [{ field: 'event_type' }],
      });
      const malformed = await app
        .as(null)
        .post(`/api/webhooks/${id}/ping`)
        .send({ event_type: 'Not A Type', extra: 1 })
        .expect(400);
      expect(malformed.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
        'event_type',
        'extra',
      ]);
      await app.as('globex').post(`/api/webhooks/${id}/ping`).expect(404);
      await app.as(null).post('/api/webhooks/whk_missing/ping').expect(404);
      expect(endpoint.requests).toHaveLength(0);
    });
  });

  describe('POST /webhooks/:id/replay', () => {
    it('delivers the matching events after the given one again and returns the subscription', async () => {
      const id = await app.subscribe({ url: endpoint.url, event_types: ['deal.*'] });
      const first = await app.webhooks.publish('deal.won', { n: 1 });
      await app.webhooks.publish('contact.created', { n: 2 });
      const third = await app.webhooks.publish('deal.lost', { n: 3 });
      const fourth = await app.webhooks.publish('deal.won', { n: 4 });
      await endpoint.waitFor(3);
      await settled(3);

      const res = await app
        .as(null)
        .post(`/api/webhooks/${id}/replay`)
        .send({ event_id: first.id })
        .expect(200);
      expect(res.body.data).toMatchObject({ id, status: 'active', event_types: ['deal.*'] });
      await endpoint.waitFor(5);
      expect(
        endpoint.requests
          .slice(3)
          .map((r) => r.eventId)
          .sort(),
      ).toEqual([third.id, fourth.id].sort());
      await pause(200);
      expect(endpoint.requests).toHaveLength(5);
    });

    it('answers 404 for an unknown event or subscription and 400 without event_id', async () => {
      const id = await app.subscribe({ url: endpoint.url });
      const foreign = await app.webhooks.publish('deal.won', { n: 1 }, { workspace: 'globex' });
      await app.as(null).post(`/api/webhooks/${id}/replay`).send({ event_id: 'evt_missing' }).expect(404);
      await app.as(null).post(`/api/webhooks/${id}/replay`).send({ event_id: foreign.id }).expect(404);
      await app.as(null).post('/api/webhooks/whk_missing/replay').send({ event_id: foreign.id }).expect(404);
      const bad = await app.as(null).post(`/api/webhooks/${id}/replay`).send({}).expect(400);
      expect(bad.body.error.details[0].field).toBe('event_id');
    });
  });

  describe('POST /webhooks/:id/events/:event_id/redeliver', () => {
    it('answers 404 for an event of another workspace or an unknown one', async () => {
      const id = await app.subscribe({ url: endpoint.url }, 'acme');
      const foreign = await app.webhooks.publish('deal.won', { n: 1 }, { workspace: 'globex' });
      await app.as('acme').post(`/api/webhooks/${id}/events/${foreign.id}/redeliver`).expect(404);
      await app.as(null).post(`/api/webhooks/${id}/events/${foreign.id}/redeliver`).expect(404);
      await app.as('globex').post(`/api/webhooks/${id}/events/${foreign.id}/redeliver`).expect(404);
      await app.as('acme').post(`/api/webhooks/${id}/events/evt_missing/redeliver`).expect(404);
    });
  });

  describe('the delivery log', () => {
    it('filters, paginates newest first and keeps workspaces apart', async () => {
      const acme = await app.subscribe({ url: endpoint.url }, 'acme');
      const globex = await app.subscribe({ url: endpoint.url }, 'globex');
      // One at a time: attempts fanned out by one statement share a millisecond, and their order within it is arbitrary.
      await app.webhooks.publish('deal.won', { n: 1 }, { workspace: 'acme' });
      await endpoint.waitFor(1);
      await app.webhooks.publish('contact.created', { n: 2 }, { workspace: 'acme' });
      await endpoint.waitFor(2);
      status = 404;
      await app.webhooks.publish('deal.lost', { n: 3 }, { workspace: 'acme' });
      await endpoint.waitFor(3);
      await app.webhooks.publish('deal.lost', { n: 4 }, { workspace: 'globex' });
      await endpoint.waitFor(4);
      await settled(4);

      const acmeCaller = app.as('acme');
      const all = (await acmeCaller.get('/api/webhooks/deliveries').expect(200)).body;
      expect(all.data).toHaveLength(3);
      expect(all.data.map((d: { event_type: string }) => d.event_type)).toEqual([
        'deal.lost',
        'contact.created',
        'deal.won',
      ]);
      expect(
        (await acmeCaller.get('/api/webhooks/deliveries?status=failed').expect(200)).body.data,
      ).toMatchObject([{ http_status: 404, error: 'HTTP 404' }]);
      expect(
        (await acmeCaller.get('/api/webhooks/deliveries?http_status_class=2xx').expect(200)).body.data,
      ).toHaveLength(2);
      expect(
        (await acmeCaller.get('/api/webhooks/deliveries?event_type=deal.won').expect(200)).body.data,
      ).toHaveLength(1);
      expect(
        (await acmeCaller.get(`/api/webhooks/deliveries?subscription_id=${globex}`).expect(200)).body.data,
      ).toEqual([]);
      expect(
        (await app.as(null).get(`/api/webhooks/deliveries?subscription_id=${globex}`).expect(200)).body.data,
      ).toHaveLength(1);
      const future = new Date(Date.now() + 3600_000).toISOString();
      expect(
        (await acmeCaller.get(`/api/webhooks/deliveries?since=${future}`).expect(200)).body.data,
      ).toEqual([]);
      expect(
        (await acmeCaller.get(`/api/webhooks/deliveries?until=${future}`).expect(200)).body.data,
      ).toHaveLength(3);

      const page1 = (await acmeCaller.get(`/api/webhooks/${acme}/deliveries?limit=2`).expect(200)).body;
      expect(page1).toMatchObject({ has_more: true, next_cursor: expect.any(String) });
      const page2 = (
        await acmeCaller
          .get(`/api/webhooks/${acme}/deliveries?limit=2&cursor=${page1.next_cursor}`)
          .expect(200)
      ).body;
      expect(page2).toMatchObject({ has_more: false, next_cursor: null });
      expect([...page1.data, ...page2.data].map((d: { id: string }) => d.id)).toEqual(
        all.data.map((d: { id: string }) => d.id),
      );
      expect(
        (await acmeCaller.get(`/api/webhooks/${acme}/deliveries?status=success`).expect(200)).body.data,
      ).toHaveLength(2);

      await acmeCaller.get(`/api/webhooks/${globex}/deliveries`).expect(404);
      const bad = await acmeCaller
        .get('/api/webhooks/deliveries?http_status_class=6xx&since=yesterday&status=cancelled&limit=0')
        .expect(400);
      expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
        'http_status_class',
        'limit',
        'since',
        'status',
      ]);
      await acmeCaller.get('/api/webhooks/deliveries?cursor=garbage').expect(400);
    });
  });
});
