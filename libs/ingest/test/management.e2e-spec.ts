import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { newId } from '@org/common';
import { githubRequest, SECRETS, stripeRequest } from './support/signing.js';
import { startIngestApp, type IngestTestApp } from './support/test-app.js';
import { createTestStore, STORE_KINDS, type TestStore } from './support/test-stores.js';

describe.each(STORE_KINDS)('management API (%s store)', (kind) => {
  let store: TestStore;
  let t: IngestTestApp;
  const ids: string[] = [];

  beforeAll(async () => {
    store = await createTestStore(kind);
    t = await startIngestApp({
      store: store.store,
      options: { sources: { stripe: { secrets: [SECRETS.stripe] }, github: { secrets: [SECRETS.github] } } },
    });
    for (let i = 0; i < 3; i++) {
      const stripe = stripeRequest({
        id: `evt_list_${i}`,
        type: i === 0 ? 'charge.refunded' : 'payment_intent.succeeded',
        at: t.clock.now(),
      });
      ids.push((await t.post('/webhooks/stripe', stripe.body, stripe.headers)).body.id);
      const github = await githubRequest({ delivery: `d-list-${i}` });
      ids.push((await t.post('/webhooks/github', github.body, github.headers)).body.id);
    }
    await t.drain();
  });
  afterAll(async () => {
    await t.close();
    await store.close();
  });

  it('lists newest first in snake_case, without payloads', async () => {
    const response = await t.get('/inbound-events');
    expect(response.status).toBe(200);
    expect(response.body.data.map((e: { id: string }) => e.id)).toEqual([...ids].reverse());
    expect(response.body).toMatchObject({ has_more: false, next_cursor: null });
    expect(response.body.data[0]).toEqual({
      id: ids[5],
      source: 'github',
      source_type: null,
      workspace: null,
      type: 'push',
      external_id: 'd-list-2',
      status: 'processed',
      attempts: 1,
      next_attempt_at: null,
      last_error: null,
      received_at: expect.any(String),
      processed_at: expect.any(String),
    });
  });

  it('filters by source, type and status, and pages with the cursor', async () => {
    const stripe = await t.get('/inbound-events?source=stripe&type=payment_intent.succeeded');
    expect(stripe.body.data.map((e: { external_id: string }) => e.external_id)).toEqual([
      'evt_list_2',
      'evt_list_1',
    ]);
    expect((await t.get('/inbound-events?status=failed')).body.data).toEqual([]);
    const first = await t.get('/inbound-events?limit=4');
    expect(first.body).toMatchObject({ has_more: true, next_cursor: expect.any(String) });
    const second = await t.get(`/inbound-events?limit=4&cursor=${first.body.next_cursor}`);
    expect(second.body).toMatchObject({ has_more: false, next_cursor: null });
    expect([...first.body.data, ...second.body.data].map((e: { id: string }) => e.id)).toEqual(
      [...ids].reverse(),
    );
  });

  it('names every bad query parameter with 400', async () => {
    const response = await t.get('/inbound-events?status=done&limit=0&cursor=bogus');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'limit',
      'status',
    ]);
    expect((await t.get('/inbound-events?cursor=bogus')).body.error.code).toBe('invalid_cursor');
  });

  it('shows one event with its payload and kept headers, 404 for unknown ids', async () => {
    const response = await t.get(`/inbound-events/${ids[0]}`);
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({
      id: ids[0],
      external_id: 'evt_list_0',
      payload: { id: 'evt_list_0', type: 'charge.refunded' },
      headers: { 'content-type': 'application/json' },
    });
    expect(response.body.data.headers['stripe-signature']).toBeUndefined();
    for (const unknown of [newId('iev'), 'not-an-id']) {
      const missing = await t.get(`/inbound-events/${unknown}`);
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('inbound_event_not_found');
      expect((await t.post(`/inbound-events/${unknown}/retry`, '', {})).status).toBe(404);
    }
  });

  it('refuses to retry an event that has not failed with 409', async () => {
    const response = await t.post(`/inbound-events/${ids[0]}/retry`, '', {});
    expect(response.status).toBe(409);
    expect(response.body.error).toEqual({
      code: 'inbound_event_not_failed',
      message: 'Only failed events can be retried; this one is processed.',
    });
  });
});

describe('Swagger', () => {
  it('documents the ingest and management routes with their responses', async () => {
    const store = await createTestStore('in-memory');
    const t = await startIngestApp({
      store: store.store,
      options: { sources: { stripe: { secrets: [SECRETS.stripe] } } },
    });
    try {
      const document = SwaggerModule.createDocument(t.app, new DocumentBuilder().build());
      const receive = document.paths['/api/webhooks/{source}'].post!;
      expect(receive.tags).toEqual(['ingest']);
      expect(Object.keys(receive.responses).sort()).toEqual(['200', '400', '401', '404', '413', '415']);
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining([
          '/api/inbound-events',
          '/api/inbound-events/{id}',
          '/api/inbound-events/{id}/retry',
        ]),
      );
      expect(document.components?.schemas?.IngestReceiptDto).toBeDefined();
      expect(document.components?.schemas?.InboundEventDetailDto).toBeDefined();
      // The management routes are the host's to protect with its API key; the ingest route is not.
      expect(receive.security ?? []).toEqual([]);
      const management = [
        document.paths['/api/inbound-events'].get!,
        document.paths['/api/inbound-events/{id}'].get!,
        document.paths['/api/inbound-events/{id}/retry'].post!,
      ];
      for (const operation of management) {
        expect(operation.security).toEqual(expect.arrayContaining([{ api_key: [] }, { bearer: [] }]));
        expect(operation.responses['401']).toMatchObject({
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiErrorResponse' } } },
        });
      }
    } finally {
      await t.close();
    }
  });
});
