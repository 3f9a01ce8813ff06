import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { KEYS, startTestApp, type TestApp } from './app-harness.js';
import { call, client } from './support/http.js';
import { expectStillServing } from './support/raw-http.js';
import { sendStripe, stripeEvent } from './support/senders.js';

const NUL = '\u0000';
const base = { name: 'CRM', url: 'https://example.com/hook' };

// Row 4: NUL in text fields, ids and Stripe ids used to reach PostgreSQL and answer 500.
describe('hardening: control characters', () => {
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
    ['name', { ...base, name: `a${NUL}b` }],
    ['description', { ...base, description: `x${NUL}` }],
    ['url', { ...base, url: `https://example.com/${NUL}` }],
    ['metadata', { ...base, metadata: { [`k${NUL}`]: 'v' } }],
    ['metadata', { ...base, metadata: { k: `v${NUL}` } }],
    ['name', { ...base, name: 'tab\there' }],
  ])('POST /webhooks with a control character in %s answers 400 naming it', async (field, body) => {
    const response = await admin.post('/api/webhooks', body);
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((detail: { field: string }) => detail.field)).toContain(field);
    await expectStillServing(t, KEYS.admin);
  });

  it('refuses NUL in the idempotency key and in event data with 400 naming the field', async () => {
    const key = await admin.post('/api/events', {
      type: 'contact.created',
      data: {},
      idempotency_key: `k${NUL}`,
    });
    expect(key.status).toBe(400);
    expect(key.body.error.details[0].field).toBe('idempotency_key');
    const data = await admin.post('/api/events', { type: 'contact.created', data: { note: `a${NUL}b` } });
    expect(data.status).toBe(400);
    expect(data.body.error.details[0].field).toBe('data');
    await expectStillServing(t, KEYS.admin);
  });

  it.each([
    ['GET', '/api/webhooks/whk_%00'],
    ['PATCH', '/api/webhooks/whk_%00'],
    ['DELETE', '/api/webhooks/%00'],
    ['GET', '/api/events/evt_%00'],
    ['GET', '/api/inbound-events/iev_%00'],
  ])('%s %s (a malformed id) answers 404', async (method, path) => {
    const response = await call(t, method, path, {
      key: KEYS.admin,
      ...(method === 'PATCH' ? { json: {} } : {}),
    });
    expect(response.status).toBe(404);
    await expectStillServing(t, KEYS.admin);
  });

  it('refuses a verified Stripe event whose id or type holds NUL with 400', async () => {
    for (const event of [
      { ...stripeEvent('charge.succeeded'), id: `evt_${NUL}` },
      { ...stripeEvent('charge.succeeded'), type: `charge${NUL}` },
    ]) {
      const response = await sendStripe(t, event);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('malformed_payload');
    }
    await expectStillServing(t, KEYS.admin);
  });

  it('answers 400, never 500, for any control character in a name (property)', async () => {
    const control = fc
      .integer({ min: 0, max: 0x20 })
      .map((code) => String.fromCharCode(code === 0x20 ? 0x7f : code));
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 10 }),
        control,
        fc.string({ maxLength: 10 }),
        async (a, c, b) => {
          const response = await admin.post('/api/webhooks', { ...base, name: `${a}${c}${b}x` });
          expect(response.status).toBe(400);
        },
      ),
      { numRuns: 25 },
    );
  });
});
