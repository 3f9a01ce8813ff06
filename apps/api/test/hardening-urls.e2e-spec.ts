import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KEYS, startTestApp, type TestApp } from './app-harness.js';
import { client } from './support/http.js';
import { expectStillServing } from './support/raw-http.js';

// Row 10: URLs were stored as typed; port 0 and metadata host names accepted.
describe('hardening: subscription URLs', () => {
  let t: TestApp;
  let admin: ReturnType<typeof client>;
  beforeAll(async () => {
    t = await startTestApp();
    admin = client(t, KEYS.admin);
  });
  afterAll(async () => {
    await t.close();
  });

  it.each([
    [' https://example.com/hook', 'whitespace'],
    ['https://example.com/hook\n', 'control characters'],
    ['https://example.com:0/hook', 'port 0'],
    ['http://metadata.google.internal/computeMetadata/v1/', 'metadata'],
    ['http://metadata/computeMetadata/v1/', 'metadata'],
    ['http://instance-data/latest/', 'metadata'],
  ])('refuses %j with 400 (%s)', async (url, reason) => {
    const response = await admin.post('/api/webhooks', { name: 'CRM', url });
    expect(response.status).toBe(400);
    expect(response.body.error.details.find((d: { field: string }) => d.field === 'url').message).toContain(
      reason,
    );
    await expectStillServing(t, KEYS.admin);
  });

  it('stores the normalised URL (lower-case scheme and host, default port dropped); port 22 is allowed', async () => {
    const upper = await admin.post('/api/webhooks', { name: 'CRM', url: 'HTTPS://EXAMPLE.COM:443/Hook' });
    expect(upper.status).toBe(201);
    expect(upper.body.data.url).toBe('https://example.com/Hook');
    const patched = await admin.patch(`/api/webhooks/${upper.body.data.id}`, {
      url: 'HTTPS://Example.com:22',
    });
    expect(patched.status).toBe(200);
    expect(patched.body.data.url).toBe('https://example.com:22/');
  });
});
