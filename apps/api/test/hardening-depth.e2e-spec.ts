import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import Stripe from 'stripe';
import { MAX_JSON_DEPTH } from '@org/common';
import { INGEST_SECRETS, KEYS, startTestApp, type TestApp } from './app-harness.js';
import { call } from './support/http.js';
import { expectStillServing } from './support/raw-http.js';

/** `{"a":{"a":…1…}}` nested `depth` levels, as text (built without recursion). */
function nested(depth: number, leaf = '1'): string {
  return `${'{"a":'.repeat(depth)}${leaf}${'}'.repeat(depth)}`;
}

// Row 2: bodies nested 10,000-100,000 levels used to overflow the stack (500).
describe('hardening: nesting depth', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it.each([10_000, 100_000])('refuses event data nested %i levels with 400 naming data', async (depth) => {
    const raw = `{"type":"contact.created","data":${nested(depth)}}`;
    const response = await call(t, 'POST', '/api/events', { key: KEYS.admin, raw });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([
      { field: 'data', message: `data must not nest more than ${MAX_JSON_DEPTH} levels deep` },
    ]);
    await expectStillServing(t, KEYS.admin);
  });

  it.each([10_000, 100_000])('refuses metadata nested %i levels with 400 naming metadata', async (depth) => {
    const raw = `{"name":"deep","url":"https://example.com/hook","metadata":${nested(depth)}}`;
    const response = await call(t, 'POST', '/api/webhooks', { key: KEYS.admin, raw });
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((detail: { field: string }) => detail.field)).toEqual([
      'metadata',
    ]);
    await expectStillServing(t, KEYS.admin);
  });

  it('refuses a verified Stripe body nested 100,000 levels with 400, never 500', async () => {
    const payload = `{"id":"evt_deep","object":"event","type":"charge.succeeded","data":${nested(100_000)}}`;
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: INGEST_SECRETS.stripe });
    const response = await call(t, 'POST', '/api/webhooks/stripe', {
      raw: payload,
      headers: { 'stripe-signature': signature },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('nest');
    await expectStillServing(t, KEYS.admin);
  });

  it('accepts data up to the limit and refuses one level more (property over depths 1-80)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 80 }), async (depth) => {
        const raw = `{"type":"contact.created","data":${nested(depth)}}`;
        const response = await call(t, 'POST', '/api/events', { key: KEYS.admin, raw });
        expect(response.status).toBe(depth <= MAX_JSON_DEPTH ? 201 : 400);
      }),
      { numRuns: 30 },
    );
    await expectStillServing(t, KEYS.admin);
  });
});
