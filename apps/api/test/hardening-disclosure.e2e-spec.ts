import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KEYS, startTestApp, type TestApp } from './app-harness.js';
import { call, client } from './support/http.js';
import { sql } from './support/database.js';

// Row 9: a refused ping named the address a host resolved to; ids were echoed whole.
describe('hardening: what error answers disclose', () => {
  let t: TestApp;
  let admin: ReturnType<typeof client>;
  beforeAll(async () => {
    t = await startTestApp({ WEBHOOKS_ALLOW_PRIVATE_URLS: 'false' });
    admin = client(t, KEYS.admin);
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers a ping to a name resolving to loopback with "destination not allowed" only', async () => {
    const created = await admin.post('/api/webhooks', { name: 'CRM', url: 'https://example.com/hook' });
    const id = created.body.data.id;
    // A name the create-time check lets through but that resolves to loopback (as `vm` did in the
    // probe): pointed there in the database, so the test does not depend on the machine's hosts file.
    await sql(t, 'update webhook_subscription set url = ? where id = ?', ['https://localhost:1/', id]);
    const ping = await admin.post(`/api/webhooks/${id}/ping`);
    expect(ping.text).toContain('destination not allowed');
    expect(ping.text).not.toMatch(/127\.0\.0\.1|::1|loopback/);
  });

  it('cuts echoed ids to 64 characters', async () => {
    const long = `whk_${'x'.repeat(5_000)}`;
    const response = await call(t, 'GET', `/api/webhooks/${long}`, { key: KEYS.admin });
    expect(response.status).toBe(404);
    expect(response.body.error.message).toContain(long.slice(0, 64));
    expect(response.body.error.message).not.toContain(long.slice(0, 65));
  });
});
