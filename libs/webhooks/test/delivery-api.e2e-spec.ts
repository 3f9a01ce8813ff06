import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Receiver } from '@org/receiver';
import { COMPATIBLE_SYSTEMS, DeliveryActionsService, TestEventNotResendableException } from '@org/webhooks';
import { storageHarnesses, type StorageUnderTest } from './support/storage-harness.js';
import {
  eventually,
  startDeliveryApp,
  startProbe,
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
  const probes: Receiver[] = [];
  // Gives the worker its chance before a test asserts it sent nothing more (see startProbe): how
  // many attempts it claimed besides the probe's.
  const claimsBesideProbe = async () => {
    const probe = await startProbe(app);
    probes.push(probe.receiver);
    return probe.claimsBesideProbe();
  };
  afterEach(async () => {
    await app.close();
    await Promise.all(probes.splice(0).map((probe) => probe.close()));
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
      expect(res.body).toEqual({
        data: {
          http_status: 200,
          duration_ms: expect.any(Number),
          delivery_id: expect.stringMatching(/^whd_/),
        },
      });
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
      // Not an event: nothing stored or fanned out (a claim after it, the probe's, takes nothing
      // else); the attempt is in the log, marked as a test.
      expect(await claimsBesideProbe()).toBe(0);
      expect(other.requests).toHaveLength(0);
      // The only event stored is the probe's.
      const events = (await app.as(null).get('/api/events').expect(200)).body.data;
      expect(events.map((event: { data: unknown }) => event.data)).toEqual([{ probe: 1 }]);
      expect((await app.as(null).get(`/api/webhooks/${id}/deliveries`).expect(200)).body.data).toEqual([
        expect.objectContaining({
          id: res.body.data.delivery_id,
          subscription_id: id,
          event_id: (request.json as { id: string }).id,
          event_type: 'contact.created',
          status: 'success',
          http_status: 200,
          test: true,
        }),
      ]);
      // Its full record, like a real attempt's: URL snapshot and the headers that went out.
      const detail = (
        await app.as(null).get(`/api/webhooks/${id}/deliveries/${res.body.data.delivery_id}`).expect(200)
      ).body.data;
      expect(detail).toMatchObject({ test: true, url: endpoint.url, error_class: null });
      expect(detail.request_headers['webhook-id']).toBe(request.headers['webhook-id']);
      expect(detail.request_headers['webhook-signature']).toBe(request.headers['webhook-signature']);
      expect(detail.response_headers).toEqual(expect.any(Object));
      // A test delivery is not an event its subscription received: redelivering it is refused as such.
      await expect(
        app.app.get(DeliveryActionsService).redeliverToRecipients((request.json as { id: string }).id, null),
      ).rejects.toBeInstanceOf(TestEventNotResendableException);
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
        data: {
          http_status: 500,
          duration_ms: expect.any(Number),
          delivery_id: expect.stringMatching(/^whd_/),
        },
      });
      const logged = (await app.as(null).get(`/api/webhooks/${id}/deliveries`).expect(200)).body.data;
      expect(logged).toEqual([
        expect.objectContaining({
          id: refused.body.data.delivery_id,
          status: 'failed',
          error: 'HTTP 500',
          test: true,
        }),
      ]);
      const failedDetail = (
        await app.as(null).get(`/api/webhooks/${id}/deliveries/${refused.body.data.delivery_id}`).expect(200)
      ).body.data;
      expect(failedDetail).toMatchObject({ test: true, http_status: 500, error_class: 'http_status' });
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
      expect(await claimsBesideProbe()).toBe(0);
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

    it('searches type, event id, response and error literally', async () => {
      await app.subscribe({ url: endpoint.url }, 'acme');
      const won = await app.webhooks.publish('deal.won', { n: 1 }, { workspace: 'acme' });
      await endpoint.waitFor(1);
      status = 500;
      await app.webhooks.publish('contact.created', { n: 2 }, { workspace: 'acme' });
      await endpoint.waitFor(2);
      await settled(2);
      const types = async (query: string) =>
        (
          (await app.as('acme').get(`/api/webhooks/deliveries?${query}`).expect(200)).body.data as {
            event_type: string;
          }[]
        ).map((d) => d.event_type);

      const all = await app.as(null).get('/api/webhooks/deliveries').expect(200);
      expect(all.body.data.map((d: { workspace: string | null }) => d.workspace)).toEqual(['acme', 'acme']);
      expect(await types('query=DEAL.W')).toEqual(['deal.won']);
      expect(await types(`query=${won.id.slice(4, 14)}`)).toEqual(['deal.won']);
      expect(await types('query=HTTP%20500')).toEqual(['contact.created']);
      // % and _ are literal characters, not LIKE wildcards; a quote is just text.
      expect(await types('query=%25')).toEqual([]);
      expect(await types('query=deal_won')).toEqual([]);
      expect(await types("query=x'%20or%201=1--")).toEqual([]);
      const empty = await app.as('acme').get('/api/webhooks/deliveries?query=').expect(400);
      expect(empty.body.error.details.map((d: { field: string }) => d.field)).toEqual(['query']);
    });
  });

  // The seed systems' names, on a module serving all four (as the example host does); which system
  // turns on which, and the default without them: compatibility.e2e-spec.ts.
  describe("other systems' names of the delivery API", () => {
    beforeEach(async () => {
      await app.close();
      app = await startDeliveryApp(under.storage, {
        retrySchedule: '0',
        compatibility: [...COMPATIBLE_SYSTEMS],
      });
    });

    it("filters under Rapidly's names, and refuses a Rapidly filter that contradicts ours", async () => {
      const acme = await app.subscribe({ url: endpoint.url }, 'acme');
      await app.webhooks.publish('deal.won', { n: 1 }, { workspace: 'acme' });
      await endpoint.waitFor(1);
      status = 500;
      await app.webhooks.publish('contact.created', { n: 2 }, { workspace: 'acme' });
      await endpoint.waitFor(2);
      await settled(2);
      const acmeCaller = app.as('acme');
      const get = async (query: string) =>
        (await acmeCaller.get(`/api/webhooks/deliveries?${query}`).expect(200)).body.data as {
          event_type: string;
        }[];
      const types = async (query: string) => (await get(query)).map((d) => d.event_type);

      expect(await types(`endpoint_id=${acme}&succeeded=true`)).toEqual(['deal.won']);
      expect(await types('succeeded=false&http_code_class=5xx')).toEqual(['contact.created']);
      const future = new Date(Date.now() + 3600_000).toISOString();
      expect(await types(`start_timestamp=${future}`)).toEqual([]);
      expect(await types(`end_timestamp=${future}&event_type=deal.won`)).toEqual(['deal.won']);
      expect(await types(`endpoint_id=${acme}&query=HTTP%20500`)).toEqual(['contact.created']);

      const conflicting = await acmeCaller
        .get(
          `/api/webhooks/deliveries?succeeded=true&status=failed&endpoint_id=${acme}&subscription_id=whk_other&query=`,
        )
        .expect(400);
      expect(conflicting.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
        'endpoint_id',
        'query',
        'succeeded',
      ]);
      expect(
        await types(`succeeded=true&status=success&endpoint_id=${acme}&subscription_id=${acme}`),
      ).toEqual(['deal.won']);
    });

    it("POST /webhooks/:id/test is the ping, recorded with Repull's fields", async () => {
      const id = await app.subscribe({ url: endpoint.url });
      const res = await app
        .as(null)
        .post(`/api/webhooks/${id}/test`)
        .send({ event_type: 'contact.created' })
        .expect(200);
      expect(res.body.data).toMatchObject({
        delivery_id: expect.stringMatching(/^whd_/),
        status: 'success',
        response_code: 200,
        response_time_ms: expect.any(Number),
      });
      expect(endpoint.requests).toHaveLength(1);
      expect(endpoint.requests[0].verification.signature.status).toBe('valid');
      const log = (await app.as(null).get('/api/webhooks/deliveries').expect(200)).body.data;
      expect(log).toEqual([expect.objectContaining({ id: res.body.data.delivery_id, test: true })]);
    });

    it('POST /webhooks/events/:id/redeliver schedules the event again for every subscription that received it', async () => {
      const first = await app.subscribe({ url: endpoint.url, event_types: ['deal.*'] }, 'acme');
      const second = await app.subscribe({ url: endpoint.url }, 'acme');
      await app.subscribe({ url: endpoint.url, event_types: ['contact.*'] }, 'acme');
      await app.subscribe({ url: endpoint.url }, 'globex');
      const event = await app.webhooks.publish('deal.won', { n: 1 }, { workspace: 'acme' });
      await endpoint.waitFor(2);
      await settled(2);
      await app.as('globex').post(`/api/webhooks/events/${event.id}/redeliver`).expect(404);
      await app.as('acme').post('/api/webhooks/events/evt_missing/redeliver').expect(404);

      const res = await app.as('acme').post(`/api/webhooks/events/${event.id}/redeliver`).expect(202);
      expect(res.body.data).toEqual({
        event_id: event.id,
        delivery_ids: [expect.stringMatching(/^whd_/), expect.stringMatching(/^whd_/)],
        status: 'pending',
      });
      await endpoint.waitFor(4);
      const log = await settled(4);
      const redelivered = log.filter((d: { id: string }) => res.body.data.delivery_ids.includes(d.id));
      expect(redelivered.map((d: { subscription_id: string }) => d.subscription_id).sort()).toEqual(
        [first, second].sort(),
      );
      expect(
        redelivered.every(
          (d: { attempt: number; event_id: string }) => d.attempt === 1 && d.event_id === event.id,
        ),
      ).toBe(true);
    });
  });
});
