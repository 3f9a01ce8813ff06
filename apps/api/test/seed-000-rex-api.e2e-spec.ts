import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createReceiver, type Receiver } from '@org/receiver';
import { KEYS, startTestApp, type TestApp } from './app-harness.js';
import { curlWith, eventually } from './support/http.js';

// Seed 000 (Rex API reference, "Webhooks"): each documented curl with $REX_URL the test app's /api
// and $REX_API_KEY a test key; the example endpoint is a loopback receiver so deliveries happen.
describe('seed 000: Rex webhooks API reference', () => {
  let t: TestApp;
  let receiver: Receiver;
  let failing = false;
  let id: string;

  beforeAll(async () => {
    [t, receiver] = await Promise.all([
      startTestApp(),
      createReceiver({ respond: () => (failing ? { status: 500 } : undefined) }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([t.close(), receiver.close()]);
  });

  const rex = (method: string, path: string, json?: unknown) =>
    curlWith(t, { 'X-Api-Key': KEYS.admin })(method, `/api${path}`, json);

  it('POST /webhooks: 201 with the documented fields and the secret', async () => {
    const response = await rex('POST', '/webhooks', {
      name: 'CRM Sync',
      url: receiver.url,
      event_types: ['contact.created', 'deal.won', 'deal.lost'],
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      data: {
        id: expect.stringMatching(/^whk_/),
        name: 'CRM Sync',
        url: receiver.url,
        event_types: ['contact.created', 'deal.won', 'deal.lost'],
        status: 'active',
        failure_count: 0,
        created_at: expect.any(String),
        updated_at: expect.any(String),
      },
      secret: expect.stringMatching(/^whsec_/),
    });
    id = response.body.data.id;
  });

  it('GET /webhooks and GET /webhooks/:id: list items and {data: item}', async () => {
    const list = await rex('GET', '/webhooks');
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ has_more: false });
    expect(list.body.data[0]).toMatchObject({
      id,
      name: 'CRM Sync',
      status: 'active',
      last_delivered_at: null,
      failure_count: 0,
    });
    const one = await rex('GET', `/webhooks/${id}`);
    expect(one.body).toEqual({ data: list.body.data[0] });
  });

  it('PATCH /webhooks/:id {"status": "paused"}: the full updated subscription', async () => {
    const response = await rex('PATCH', `/webhooks/${id}`, { status: 'paused' });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ id, name: 'CRM Sync', status: 'paused' });
    await rex('PATCH', `/webhooks/${id}`, { status: 'active' });
  });

  it('GET /webhooks/:id/deliveries?status=failed: the documented attempt fields', async () => {
    failing = true;
    const published = await rex('POST', '/events', { type: 'deal.won', data: { id: 'deal_1' } });
    expect(published.status).toBe(201);
    const failed = await eventually('a failed attempt', async () => {
      const response = await rex('GET', `/webhooks/${id}/deliveries?status=failed`);
      return response.body.data.length > 0 ? response.body : null;
    });
    failing = false;
    expect(failed).toMatchObject({ has_more: expect.any(Boolean) });
    // The retry (200 ms later in these tests) may have failed too before the log was read, and the log
    // is newest first: the first attempt is the page's last row.
    expect(failed.data.at(-1)).toMatchObject({
      id: expect.stringMatching(/^whd_/),
      subscription_id: id,
      event_id: published.body.data.id,
      attempt: 1,
      status: 'failed',
      http_status: 500,
      error: 'HTTP 500',
      duration_ms: expect.any(Number),
      created_at: expect.any(String),
    });
  });

  it('POST /webhooks/:id/ping: {data: {http_status, duration_ms}}, 502 with error on a non-2xx', async () => {
    const response = await rex('POST', `/webhooks/${id}/ping`);
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ http_status: 200, duration_ms: expect.any(Number) });
    failing = true;
    const refused = await rex('POST', `/webhooks/${id}/ping`);
    failing = false;
    expect(refused.status).toBe(502);
    expect(refused.body.error).toMatchObject({ code: 'ping_failed' });
  });

  it('POST /webhooks/:id/replay {"event_id"}: the updated subscription', async () => {
    const first = await rex('POST', '/events', { type: 'contact.created', data: { id: 'con_1' } });
    await rex('POST', '/events', { type: 'deal.won', data: { id: 'deal_2' } });
    const response = await rex('POST', `/webhooks/${id}/replay`, { event_id: first.body.data.id });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ id, name: 'CRM Sync' });
  });

  it('DELETE /webhooks/:id: 204 No Content', async () => {
    const response = await rex('DELETE', `/webhooks/${id}`);
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    expect((await rex('GET', `/webhooks/${id}`)).status).toBe(404);
  });
});
