import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KEYS, startTestApp, type TestApp } from './app-harness.js';
import { client } from './support/http.js';
import { sql } from './support/database.js';
import { expectStillServing } from './support/raw-http.js';

// Rows 5 and 12: 300 rotations left 303 live secrets; a deleted subscription kept its secrets.
describe('hardening: live secrets are bounded and erased on delete', () => {
  let t: TestApp;
  let admin: ReturnType<typeof client>;
  beforeAll(async () => {
    t = await startTestApp();
    admin = client(t, KEYS.admin);
  });
  afterAll(async () => {
    await t.close();
  });

  const storedSecrets = async (id: string) =>
    (await sql<{ secrets: unknown[] }>(t, 'select secrets from webhook_subscription where id = ?', [id]))[0]!
      .secrets;

  it('keeps at most 3 live secrets however often the secret is rotated', async () => {
    const created = await admin.post('/api/webhooks', { name: 'CRM', url: 'https://example.com/hook' });
    const id = created.body.data.id;
    for (let i = 0; i < 10; i++) {
      expect((await admin.patch(`/api/webhooks/${id}/secret`, {})).status).toBe(200);
    }
    expect(await storedSecrets(id)).toHaveLength(3);
    await expectStillServing(t, KEYS.admin);
  });

  it('erases the encrypted secrets when the subscription is deleted', async () => {
    const created = await admin.post('/api/webhooks', { name: 'CRM', url: 'https://example.com/hook' });
    const id = created.body.data.id;
    expect(await storedSecrets(id)).toHaveLength(1);
    expect((await admin.delete(`/api/webhooks/${id}`)).status).toBe(204);
    expect(await storedSecrets(id)).toEqual([]);
    expect((await admin.get(`/api/webhooks/${id}`)).status).toBe(404);
  });
});
