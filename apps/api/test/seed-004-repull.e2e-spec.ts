import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createReceiver, type Receiver } from '@org/receiver';
import { KEYS, startTestApp, type TestApp } from './app-harness.js';
import { call, curlWith } from './support/http.js';

// Seed 004 (Repull "Manage Webhooks"): each documented curl with https://api.repull.dev/v1 the test
// app's /api, sk_live_YOUR_KEY a key bound to no workspace (one that spans several) and
// YOUR_WORKSPACE_ID the workspace acme.
describe('seed 004: Repull webhooks', () => {
  let t: TestApp;
  let receiver: Receiver;
  let webhookId: string;

  beforeAll(async () => {
    [t, receiver] = await Promise.all([startTestApp(), createReceiver()]);
  });
  afterAll(async () => {
    await Promise.all([t.close(), receiver.close()]);
  });

  const repull = (method: string, path: string, json?: unknown, workspace = 'acme') =>
    curlWith(t, { Authorization: `Bearer ${KEYS.admin}`, 'X-Workspace-Id': workspace })(
      method,
      `/api${path}`,
      json,
    );

  it('Create a Webhook: events and description, answered with the signing secret and active: true', async () => {
    const response = await repull('POST', '/webhooks', {
      url: 'https://your-app.com/webhooks/repull',
      events: ['reservation.created', 'reservation.updated', 'message.received'],
      description: 'Production webhook',
    });
    expect(response.status).toBe(201);
    expect(response.body.secret).toMatch(/^whsec_/);
    expect(response.body.data).toMatchObject({
      id: expect.stringMatching(/^whk_/),
      url: 'https://your-app.com/webhooks/repull',
      events: ['reservation.created', 'reservation.updated', 'message.received'],
      description: 'Production webhook',
      active: true,
      created_at: expect.any(String),
    });
    webhookId = response.body.data.id;
    // Made inside the workspace named: acme's own key sees it, another workspace's does not.
    expect((await call(t, 'GET', `/api/webhooks/${webhookId}`, { key: KEYS.acme })).status).toBe(200);
    expect((await call(t, 'GET', `/api/webhooks/${webhookId}`, { key: KEYS.globex })).status).toBe(404);
  });

  it('List Webhooks: the subscriptions of the workspace named', async () => {
    const response = await repull('GET', '/webhooks');
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual([
      expect.objectContaining({
        id: webhookId,
        url: 'https://your-app.com/webhooks/repull',
        events: ['reservation.created', 'reservation.updated', 'message.received'],
        active: true,
        created_at: expect.any(String),
      }),
    ]);
    expect((await repull('GET', '/webhooks', undefined, 'globex')).body.data).toEqual([]);
  });

  it('Update a Webhook: events and active', async () => {
    const response = await repull('PATCH', `/webhooks/${webhookId}`, {
      events: ['reservation.created', 'reservation.updated', 'reservation.cancelled', 'message.received'],
      active: true,
    });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({
      events: ['reservation.created', 'reservation.updated', 'reservation.cancelled', 'message.received'],
      active: true,
      status: 'active',
    });
    const paused = await repull('PATCH', `/webhooks/${webhookId}`, { active: false });
    expect(paused.body.data).toMatchObject({ active: false, status: 'paused' });
    // Another workspace's header finds nothing, and a contradictory body is refused whole.
    expect((await repull('PATCH', `/webhooks/${webhookId}`, { active: true }, 'globex')).status).toBe(404);
    const conflict = await repull('PATCH', `/webhooks/${webhookId}`, { active: true, status: 'paused' });
    expect(conflict.status).toBe(400);
  });

  it('Test a Webhook: {event_type} answers delivery_id, status, response_code, response_time_ms', async () => {
    // The document's endpoint, your-app.com, is this loopback receiver here.
    const created = await repull('POST', '/webhooks', {
      url: receiver.url,
      events: ['reservation.created'],
      description: 'Test endpoint',
    });
    const id = created.body.data.id as string;
    const response = await repull('POST', `/webhooks/${id}/test`, { event_type: 'reservation.created' });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({
      delivery_id: expect.stringMatching(/^whd_/),
      status: 'success',
      response_code: 200,
      response_time_ms: expect.any(Number),
    });
    const [delivery] = await receiver.waitFor(1);
    // "a synthetic payload with realistic data": the catalogue's example of the type.
    expect(delivery.json).toMatchObject({
      event: 'reservation.created',
      data: { id: 'res_8812', guest: { name: 'Ada Lovelace' } },
    });
    const log = await repull('GET', `/webhooks/${id}/deliveries`);
    expect(log.body.data).toEqual([
      expect.objectContaining({ id: response.body.data.delivery_id, test: true, status: 'success' }),
    ]);
  });

  it('X-Workspace-Id with a key bound to a workspace: its own is fine, another is 404, a contradiction 400', async () => {
    const own = await call(t, 'GET', '/api/webhooks', {
      key: KEYS.acme,
      headers: { 'X-Workspace-Id': 'acme' },
    });
    expect(own.status).toBe(200);
    expect(own.body.data.map((s: { id: string }) => s.id)).toContain(webhookId);
    const other = await call(t, 'GET', '/api/webhooks', {
      key: KEYS.acme,
      headers: { 'X-Workspace-Id': 'globex' },
    });
    expect(other.status).toBe(404);
    expect(other.body.error).toMatchObject({ code: 'workspace_not_found' });
    const publish = await call(t, 'POST', '/api/events', {
      key: KEYS.acme,
      headers: { 'X-Workspace-Id': 'globex' },
      json: { type: 'reservation.created', data: {} },
    });
    expect(publish.status).toBe(404);
    const contradiction = await repull('POST', '/webhooks', { url: receiver.url, workspace_id: 'globex' });
    expect(contradiction.status).toBe(400);
    expect(contradiction.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'X-Workspace-Id',
      'workspace_id',
    ]);
  });

  it('Delete a Webhook: 204, and it is gone', async () => {
    const response = await repull('DELETE', `/webhooks/${webhookId}`);
    expect(response.status).toBe(204);
    expect((await repull('GET', `/webhooks/${webhookId}`)).status).toBe(404);
  });
});
