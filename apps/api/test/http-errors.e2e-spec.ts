import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KEYS, startTestApp, type TestApp } from './app-harness.js';
import { call, client } from './support/http.js';

describe('HTTP errors: every failure is an error envelope with the right status', () => {
  let t: TestApp;
  let admin: ReturnType<typeof client>;
  beforeAll(async () => {
    t = await startTestApp();
    admin = client(t, KEYS.admin);
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers malformed JSON with 400 malformed_json, without echoing the body', async () => {
    const raw = '{"name": "CRM Sync", "url": "https://example.com/hook", "secret": "whsec_do_not_echo_me';
    const response = await call(t, 'POST', '/api/webhooks', { key: KEYS.admin, raw });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: { code: 'malformed_json', message: expect.any(String) } });
    expect(response.text).not.toContain('whsec_do_not_echo_me');
    expect(response.text).not.toContain('CRM Sync');
  });

  it('answers a body over 1 MB with 413 payload_too_large', async () => {
    const big = JSON.stringify({ type: 'contact.created', data: { blob: 'x'.repeat(1024 * 1024 + 10) } });
    const response = await call(t, 'POST', '/api/events', { key: KEYS.admin, raw: big });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('payload_too_large');
    expect(response.text.length).toBeLessThan(1000);
  });

  it('refuses event data over the webhooks module limit with 413 event_too_large (parsed, then refused)', async () => {
    // 300 KB is under the app's 1 MB body limit but over the module's 256 KiB event limit.
    const response = await admin.post('/api/events', {
      type: 'contact.created',
      data: { blob: 'x'.repeat(300 * 1024) },
    });
    expect(response.status).toBe(413);
    expect(response.body.error).toEqual(
      expect.objectContaining({
        code: 'event_too_large',
        details: [expect.objectContaining({ field: 'data' })],
      }),
    );
    expect((await admin.get('/api/events')).body.data).toEqual([]);
  });

  it('names every bad field in details on a 400', async () => {
    const response = await admin.post('/api/webhooks', {
      url: 'ftp://x',
      event_types: ['nope.type'],
      name: '',
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toEqual(expect.any(String));
    const fields = new Set(
      (response.body.error.details ?? []).map((d: { field: string }) => d.field.replace(/\.\d+$/, '')),
    );
    expect([...fields].sort()).toEqual(['event_types', 'name', 'url']);
    for (const detail of response.body.error.details) expect(detail.message).toEqual(expect.any(String));
  });

  it('names every bad field when only the catalogue check fails, and refuses unknown fields', async () => {
    const unknownType = await admin.post('/api/webhooks', {
      name: 'A',
      url: 'https://example.com/hook',
      event_types: ['contact.created', 'nope.type'],
    });
    expect(unknownType.status).toBe(400);
    expect(unknownType.body.error.details).toEqual([
      expect.objectContaining({ field: expect.stringMatching(/^event_types/) }),
    ]);
    expect(unknownType.text).toContain('nope.type');

    const extra = await admin.post('/api/webhooks', {
      name: 'A',
      url: 'https://example.com/hook',
      owner: 'root',
    });
    expect(extra.status).toBe(400);
    expect(extra.body.error.details).toEqual([expect.objectContaining({ field: 'owner' })]);
  });

  it('validates query parameters too', async () => {
    const response = await admin.get('/api/webhooks?limit=500&status=sleeping');
    expect(response.status).toBe(400);
    const fields = response.body.error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['limit', 'status']));
  });

  it('answers an unknown API route with a 404 envelope', async () => {
    for (const [method, path] of [
      ['GET', '/api/nope'],
      ['POST', '/api/webhooks/whk_x/nope'],
      ['DELETE', '/api/events'],
    ] as const) {
      const response = await call(t, method, path, { key: KEYS.admin });
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    }
  });

  it('answers an unknown subscription or event with 404', async () => {
    const unknownId = 'whk_01JD3K7Q8XGZ4M5N6P7R8S9T0V';
    for (const response of [
      await admin.get(`/api/webhooks/${unknownId}`),
      await admin.patch(`/api/webhooks/${unknownId}`, { name: 'x' }),
      await admin.delete(`/api/webhooks/${unknownId}`),
      await admin.get('/api/webhooks/not-an-id'),
      await admin.get('/api/events/evt_01JD3K7Q8XGZ4M5N6P7R8S9T0V'),
    ]) {
      expect(response.status).toBe(404);
      expect(response.body.error).toEqual(
        expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
      );
    }
  });
});
