import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createReceiver, type Receiver } from '@org/receiver';
import { KEYS, startTestApp, type TestApp } from './app-harness.js';
import { curlWith } from './support/http.js';
import { seed001Verifies } from './support/seed-001-verify.js';

// Seed 001 (Rex "Webhook Listeners", "Testing locally"): its two curl requests as written, with
// $REX_URL the test app's /api and $REX_API_KEY a test key.
describe('seed 001: Rex "Testing locally"', () => {
  let t: TestApp;
  let listener: Receiver;

  beforeAll(async () => {
    [t, listener] = await Promise.all([startTestApp(), createReceiver()]);
  });
  afterAll(async () => {
    await Promise.all([t.close(), listener.close()]);
  });

  // curl -X POST "$REX_URL/webhooks" -H "X-Api-Key: $REX_API_KEY" -H "Content-Type: application/json" -d '…'
  const rex = (method: string, path: string, json?: unknown) =>
    curlWith(t, { 'X-Api-Key': KEYS.admin })(method, `/api${path}`, json);

  it('creates a subscription from the documented body: events ["*"], a secret, no name', async () => {
    const response = await rex('POST', '/webhooks', {
      url: 'https://abc123.ngrok.io/webhooks/rex',
      events: ['*'],
      secret: 'whsec_test_secret',
    });
    expect(response.status).toBe(201);
    expect(response.body.secret).toBe('whsec_test_secret');
    expect(response.body.data).toMatchObject({
      id: expect.stringMatching(/^whk_/),
      name: 'abc123.ngrok.io',
      url: 'https://abc123.ngrok.io/webhooks/rex',
      event_types: ['*'],
      events: ['*'],
      status: 'active',
    });
  });

  it('sends a test event with POST /webhooks/:id/test that the documented Express listener verifies', async () => {
    // The tunnel of the document is this loopback listener (the one part swapped, as $REX_URL is).
    const created = await rex('POST', '/webhooks', {
      url: `${new URL(listener.url).origin}/webhooks/rex`,
      events: ['*'],
      secret: 'whsec_test_secret',
    });
    expect(created.status).toBe(201);
    const id = created.body.data.id as string;

    // curl -X POST "$REX_URL/webhooks/wh_01HQ.../test" -H "X-Api-Key: $REX_API_KEY"
    const response = await rex('POST', `/webhooks/${id}/test`);
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ http_status: 200, status: 'success' });

    const [delivery] = await listener.waitFor(1);
    expect(delivery.path).toBe('/webhooks/rex');
    expect(seed001Verifies(delivery.rawBody, delivery.headers['x-rex-signature'], 'whsec_test_secret')).toBe(
      true,
    );
    // What the listener logs: `Received: ${event.event}`, event.data.
    const event = JSON.parse(delivery.rawBody.toString()) as { event: string; data: unknown };
    expect(event.event).toBe('webhook.ping');
    expect(event.data).toMatchObject({ test: true, subscription_id: id });

    const log = await rex('GET', `/webhooks/${id}/deliveries`);
    expect(log.body.data).toEqual([
      expect.objectContaining({ id: response.body.data.delivery_id, test: true, status: 'success' }),
    ]);
  });
});
