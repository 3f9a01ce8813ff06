import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KEYS, startTestApp, type TestApp } from './app-harness.js';
import { call, curlWith } from './support/http.js';
import { sendStripe, stripeEvent } from './support/senders.js';

// Seed 003 (Apex "Webhooks API"): each documented curl with https://your-instance.com the test app
// and apex_key_abc123 a test key (`x-api-key` header, as written).
describe('seed 003: Apex webhooks API', () => {
  let t: TestApp;
  let createdId: string;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const apex = (method: string, path: string, json?: unknown) =>
    curlWith(t, { 'x-api-key': KEYS.admin })(method, path, json);

  it('Create Webhook: POST /api/webhooks {url, events} returns the secret once', async () => {
    const response = await apex('POST', '/api/webhooks', {
      url: 'https://example.com/hooks/apex',
      events: ['lead.created', 'experiment.completed', 'goal.reached'],
    });
    expect(response.status).toBe(201);
    expect(response.body.secret).toMatch(/^whsec_/);
    expect(response.body.data).toMatchObject({
      id: expect.stringMatching(/^whk_/),
      url: 'https://example.com/hooks/apex',
      events: ['lead.created', 'experiment.completed', 'goal.reached'],
      status: 'active',
      created_at: expect.any(String),
    });
    createdId = response.body.data.id;
    const again = await apex('GET', `/api/webhooks/${createdId}`);
    expect(again.body).not.toHaveProperty('secret');
  });

  it('List Webhooks: GET /api/webhooks shows id, url, events, status and the creation time', async () => {
    const response = await apex('GET', '/api/webhooks');
    expect(response.status).toBe(200);
    // The list keeps our envelope ({data, has_more, next_cursor}) where Apex shows a bare array.
    expect(response.body).toMatchObject({ has_more: false, next_cursor: null });
    expect(response.body.data).toEqual([
      expect.objectContaining({
        id: createdId,
        url: 'https://example.com/hooks/apex',
        events: ['lead.created', 'experiment.completed', 'goal.reached'],
        status: 'active',
        created_at: expect.any(String),
      }),
    ]);
  });

  it('refuses an event type outside the catalogue, naming it', async () => {
    const response = await apex('POST', '/api/webhooks', {
      url: 'https://example.com/hooks/apex',
      events: ['lead.deleted'],
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([
      { field: 'event_types', message: expect.stringContaining('"lead.deleted"') },
    ]);
  });

  it('Delete Webhook: DELETE /api/webhooks with {"id"} in the body', async () => {
    const response = await apex('DELETE', '/api/webhooks', { id: createdId });
    expect(response.status).toBe(204);
    expect((await apex('GET', `/api/webhooks/${createdId}`)).status).toBe(404);
    const again = await apex('DELETE', '/api/webhooks', { id: createdId });
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('subscription_not_found');
  });

  it('Receive External Webhook: POST /api/webhooks/stripe is verified by the source, not by an Apex key', async () => {
    const received = await sendStripe(t, stripeEvent('payment_intent.succeeded'));
    expect(received.status).toBe(200);
    expect(received.body).toMatchObject({ received: true, id: expect.stringMatching(/^iev_/) });
    const unsigned = await call(t, 'POST', '/api/webhooks/stripe', { json: { id: 'evt_x' } });
    expect(unsigned.status).toBe(401);
    const hubspotUnsigned = await call(t, 'POST', '/api/webhooks/hubspot', { json: [] });
    expect(hubspotUnsigned.status).toBe(401);
  });
});
