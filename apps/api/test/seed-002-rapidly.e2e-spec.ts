import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createReceiver, type Receiver } from '@org/receiver';
import { KEYS, startTestApp, type TestApp } from './app-harness.js';
import { call, eventually } from './support/http.js';

/** A Rapidly "workspace token" bound to no workspace, one bound to acme, and read-only tokens. */
const TOKENS = {
  any: KEYS.admin,
  acme: KEYS.acme,
  reader: 'key_reader_0123456789abcdef',
  acmeReader: 'key_acme_reader_0123456789abcdef',
} as const;

// Seed 002 (Rapidly "Webhooks API", 8 endpoints): each documented curl with
// https://api.rapidly.tech the test app and $RAPIDLY_ACCESS_TOKEN a test key. The documented
// bodies are `{ ... }`: they are filled with the fields the document lists for each.
describe('seed 002: Rapidly webhooks API', () => {
  let t: TestApp;
  let receiver: Receiver;
  let endpointId: string;
  let eventId: string;

  beforeAll(async () => {
    [t, receiver] = await Promise.all([
      startTestApp({
        WEBHOOKS_API_KEYS: [
          TOKENS.any,
          `${TOKENS.acme}:acme`,
          `${KEYS.globex}:globex`,
          `${TOKENS.reader}::webhooks:read`,
          `${TOKENS.acmeReader}:acme:webhooks:read`,
        ].join(','),
      }),
      createReceiver({ secrets: ['whsec_rapidly_secret_0123'], signatureHeader: 'X-Rex-Signature' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([t.close(), receiver.close()]);
  });

  // -H "Authorization: Bearer $RAPIDLY_ACCESS_TOKEN" [-H "Content-Type: application/json" -d '…']
  const rapidly = (method: string, path: string, json?: unknown, token: string = TOKENS.any) =>
    call(t, method, path, { key: token, bearer: true, json });

  it('Create Webhook Endpoint: POST /api/webhooks/endpoints with url, secret, format, events, workspace_id', async () => {
    const response = await rapidly('POST', '/api/webhooks/endpoints', {
      url: receiver.url,
      secret: 'whsec_rapidly_secret_0123',
      format: 'raw',
      events: ['contact.created', 'deal.won'],
      workspace_id: 'acme',
    });
    expect(response.status).toBe(201);
    expect(response.body.data).toMatchObject({
      id: expect.stringMatching(/^whk_/),
      url: receiver.url,
      format: 'raw',
      events: ['contact.created', 'deal.won'],
      active: true,
    });
    endpointId = response.body.data.id;
    // Created inside the workspace named: acme's own token sees it, globex's does not.
    expect(
      (await rapidly('GET', `/api/webhooks/endpoints/${endpointId}`, undefined, TOKENS.acme)).status,
    ).toBe(200);
    expect(
      (await rapidly('GET', `/api/webhooks/endpoints/${endpointId}`, undefined, KEYS.globex)).status,
    ).toBe(404);
  });

  it('List Webhook Endpoints: GET /api/webhooks/endpoints, optionally filtered by workspace_id', async () => {
    const all = await rapidly('GET', '/api/webhooks/endpoints');
    expect(all.status).toBe(200);
    expect(all.body.data.map((e: { id: string }) => e.id)).toContain(endpointId);
    const acme = await rapidly('GET', '/api/webhooks/endpoints?workspace_id=acme');
    expect(acme.body.data.map((e: { id: string }) => e.id)).toEqual([endpointId]);
    const globex = await rapidly('GET', '/api/webhooks/endpoints?workspace_id=globex');
    expect(globex.body.data).toEqual([]);
  });

  it('Get Webhook Endpoint: GET /api/webhooks/endpoints/{id}', async () => {
    const response = await rapidly('GET', `/api/webhooks/endpoints/${endpointId}`);
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ id: endpointId, url: receiver.url });
  });

  it('Update Webhook Endpoint: PATCH /api/webhooks/endpoints/{id} with url, secret, events, enabled', async () => {
    const response = await rapidly('PATCH', `/api/webhooks/endpoints/${endpointId}`, {
      url: receiver.url,
      secret: 'whsec_rapidly_secret_0123',
      events: ['contact.created', 'deal.won', 'deal.lost'],
      enabled: false,
    });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({
      events: ['contact.created', 'deal.won', 'deal.lost'],
      status: 'paused',
      active: false,
    });
    const enabled = await rapidly('PATCH', `/api/webhooks/endpoints/${endpointId}`, { enabled: true });
    expect(enabled.body.data.status).toBe('active');
  });

  it('List Webhook Deliveries: GET /api/webhooks/deliveries and its filters', async () => {
    const published = await rapidly('POST', '/api/events', {
      type: 'deal.won',
      data: { id: 'deal_1' },
      workspace_id: 'acme',
    });
    expect(published.status).toBe(201);
    eventId = published.body.data.id;
    const [delivery] = await receiver.waitFor(1);
    expect(delivery.verification.signature.status).toBe('valid');
    await eventually('the delivery recorded', async () => {
      const log = await rapidly('GET', '/api/webhooks/deliveries');
      return log.body.data.some((d: { status: string }) => d.status === 'success');
    });

    const response = await rapidly('GET', '/api/webhooks/deliveries');
    expect(response.status).toBe(200);
    const from = new Date(Date.now() - 3600_000).toISOString();
    const to = new Date(Date.now() + 3600_000).toISOString();
    const filtered = await rapidly(
      'GET',
      `/api/webhooks/deliveries?endpoint_id=${endpointId}&start_timestamp=${from}&end_timestamp=${to}&succeeded=true&query=deal&http_code_class=2xx&event_type=deal.won`,
    );
    expect(filtered.status).toBe(200);
    expect(filtered.body.data).toEqual([
      expect.objectContaining({
        subscription_id: endpointId,
        event_id: eventId,
        status: 'success',
        http_status: 200,
      }),
    ]);
    const none = await rapidly('GET', `/api/webhooks/deliveries?endpoint_id=${endpointId}&succeeded=false`);
    expect(none.body.data).toEqual([]);
  });

  it('Redeliver Webhook Event: POST /api/webhooks/events/{id}/redeliver answers 202 and delivers again', async () => {
    const response = await rapidly('POST', `/api/webhooks/events/${eventId}/redeliver`);
    expect(response.status).toBe(202);
    expect(response.body.data).toMatchObject({
      event_id: eventId,
      delivery_ids: [expect.stringMatching(/^whd_/)],
    });
    const [, again] = await receiver.waitFor(2);
    expect(again.eventId).toBe(eventId);
  });

  it('Reset Webhook Endpoint Secret: PATCH /api/webhooks/endpoints/{id}/secret', async () => {
    const response = await rapidly('PATCH', `/api/webhooks/endpoints/${endpointId}/secret`);
    expect(response.status).toBe(200);
    expect(response.body.secret).toMatch(/^whsec_/);
    expect(response.body.secret).not.toBe('whsec_rapidly_secret_0123');
  });

  it('scopes: a webhooks:read token reads and gets 403 forbidden on every write', async () => {
    expect((await rapidly('GET', '/api/webhooks/endpoints', undefined, TOKENS.reader)).status).toBe(200);
    expect((await rapidly('GET', '/api/webhooks/deliveries', undefined, TOKENS.acmeReader)).status).toBe(200);
    for (const [method, path] of [
      ['POST', '/api/webhooks/endpoints'],
      ['PATCH', `/api/webhooks/endpoints/${endpointId}`],
      ['PATCH', `/api/webhooks/endpoints/${endpointId}/secret`],
      ['DELETE', `/api/webhooks/endpoints/${endpointId}`],
      ['POST', `/api/webhooks/events/${eventId}/redeliver`],
      ['POST', '/api/events'],
    ] as const) {
      const response = await rapidly(
        method,
        path,
        method === 'DELETE' ? undefined : { url: receiver.url },
        TOKENS.acmeReader,
      );
      expect(response.status).toBe(403);
      expect(response.body).toEqual({
        error: {
          code: 'forbidden',
          message: expect.stringContaining('webhooks:write'),
          details: [{ field: 'scope', message: expect.any(String) }],
        },
      });
    }
    expect((await rapidly('GET', `/api/webhooks/endpoints/${endpointId}`)).status).toBe(200);
  });

  it('workspace_id: a token bound to a workspace may name its own, another one answers 404', async () => {
    const own = await rapidly('GET', '/api/webhooks/endpoints?workspace_id=acme', undefined, TOKENS.acme);
    expect(own.body.data.map((e: { id: string }) => e.id)).toEqual([endpointId]);
    const other = await rapidly('GET', '/api/webhooks/endpoints?workspace_id=globex', undefined, TOKENS.acme);
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('workspace_not_found');
    const write = await rapidly(
      'POST',
      '/api/webhooks/endpoints',
      { url: receiver.url, workspace_id: 'globex' },
      TOKENS.acme,
    );
    expect(write.status).toBe(404);
    const bad = await rapidly('GET', '/api/webhooks/endpoints?workspace_id=no%20spaces');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ field: 'workspace_id', message: expect.any(String) }]);
  });

  it('Delete Webhook Endpoint: DELETE /api/webhooks/endpoints/{id} answers 204', async () => {
    const response = await rapidly('DELETE', `/api/webhooks/endpoints/${endpointId}`);
    expect(response.status).toBe(204);
    expect((await rapidly('GET', `/api/webhooks/endpoints/${endpointId}`)).status).toBe(404);
  });
});
