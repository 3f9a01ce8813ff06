import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KEYS, startTestApp, type TestApp } from './app-harness.js';
import { call } from './support/http.js';
import { expectStillServing } from './support/raw-http.js';

// Issue 20 row 3: a portal session for the workspace "a\u0000b" (or `%`, `*`, 100 characters) was
// issued, and with the NUL every portal call then answered 500.
describe('hardening: portal sessions name a workspace as API keys do', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(['a\u0000b', 'a%b', '*', 'a'.repeat(65), 'a'.repeat(100), 'a b', ''])(
    'refuses the workspace %j with 400 naming workspace',
    async (workspace) => {
      const response = await call(t, 'POST', '/api/portal/sessions', {
        key: KEYS.admin,
        json: { workspace },
      });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
      expect(response.body.error.details.map((detail: { field: string }) => detail.field)).toEqual([
        'workspace',
      ]);
      await expectStillServing(t, KEYS.admin);
    },
  );

  it('still issues a session for a well-formed workspace, and its calls answer', async () => {
    const response = await call(t, 'POST', '/api/portal/sessions', {
      key: KEYS.admin,
      json: { workspace: 'acme_2-b' },
    });
    expect(response.status).toBe(201);
    const token = new URL(response.body.data.url).searchParams.get('token')!;
    const session = await call(t, 'GET', '/api/portal/session', {
      headers: { authorization: `Portal ${token}` },
    });
    expect(session.status).toBe(200);
  });
});
