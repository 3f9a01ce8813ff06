import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AUTH_FAILURE_LIMIT } from '../src/http/http-limits.js';
import { KEYS, startTestApp, type TestApp } from './app-harness.js';
import { call } from './support/http.js';
import { expectStillServing } from './support/raw-http.js';

// Row 11: 500 wrong keys in a row were 500 × 401.
describe('hardening: failed authentication is rate-limited per client', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it(`answers 401 ${AUTH_FAILURE_LIMIT} times, then 429 with Retry-After; a valid key still passes`, async () => {
    for (let i = 0; i < AUTH_FAILURE_LIMIT; i++) {
      const response = await call(t, 'GET', '/api/webhooks', { key: `key_wrong_${i}` });
      expect(response.status).toBe(401);
    }
    const limited = await call(t, 'GET', '/api/webhooks', { key: 'key_wrong_again' });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('too_many_requests');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.text).not.toContain('key_wrong');
    const missing = await call(t, 'POST', '/api/events', { json: {} });
    expect(missing.status).toBe(429);
    await expectStillServing(t, KEYS.admin);
  });
});
