import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KEYS, startTestApp, type TestApp } from './app-harness.js';

describe('smoke', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(async () => { await t.close(); });
  it('boots', async () => {
    const r = await fetch(`${t.baseUrl}/api/health`);
    expect(r.status).toBe(200);
    const w = await fetch(`${t.baseUrl}/api/webhooks`, { headers: { 'x-api-key': KEYS.admin } });
    expect(await w.json()).toEqual({ data: [], has_more: false, next_cursor: null });
  });
});
