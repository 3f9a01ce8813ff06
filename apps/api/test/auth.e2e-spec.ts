import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KEYS, startTestApp, type TestApp } from './app-harness.js';
import { call } from './support/http.js';
import { sendStripe, stripeEvent } from './support/senders.js';

describe('API keys', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it.each([
    ['GET', '/api/webhooks'],
    ['POST', '/api/webhooks'],
    ['GET', '/api/webhooks/deliveries'],
    ['GET', '/api/webhooks/event-types'],
    ['POST', '/api/events'],
    ['GET', '/api/inbound-events'],
    ['POST', '/api/inbound-events/retry'],
    ['GET', '/api/inbound-sources'],
    ['POST', '/api/inbound-sources'],
  ])('%s %s without a key answers 401 unauthorized in the error envelope', async (method, path) => {
    const response = await call(t, method, path, method === 'POST' ? { json: {} } : {});
    expect(response.status).toBe(401);
    expect(response.body).toEqual({
      error: { code: 'unauthorized', message: expect.stringContaining('API key') },
    });
  });

  it('refuses a wrong key, in either header, without saying which keys exist', async () => {
    for (const request of [
      { key: 'key_wrong_0123456789abcdef' },
      { key: 'key_wrong_0123456789abcdef', bearer: true },
      { key: `${KEYS.admin}x` },
    ]) {
      const response = await call(t, 'GET', '/api/webhooks', request);
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('unauthorized');
      expect(response.text).not.toContain(KEYS.admin);
    }
  });

  it('refuses a Basic authorization and an empty Bearer token', async () => {
    for (const authorization of [
      `Basic ${Buffer.from(`x:${KEYS.admin}`).toString('base64')}`,
      'Bearer ',
      KEYS.admin,
    ]) {
      const response = await call(t, 'GET', '/api/webhooks', { headers: { authorization } });
      expect(response.status).toBe(401);
    }
  });

  it('accepts the key as X-Api-Key and as Authorization: Bearer', async () => {
    const viaHeader = await call(t, 'GET', '/api/webhooks', { key: KEYS.admin });
    const viaBearer = await call(t, 'GET', '/api/webhooks', { key: KEYS.acme, bearer: true });
    expect(viaHeader.status).toBe(200);
    expect(viaHeader.body).toEqual({ data: [], has_more: false, next_cursor: null });
    expect(viaBearer.status).toBe(200);
    expect(viaBearer.body.data).toEqual([]);
  });

  it('serves /api/health without a key and reports the database', async () => {
    const response = await call(t, 'GET', '/api/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', database: 'up' });
  });

  it('lets ingest routes through without a key: the signature decides (401 invalid_signature)', async () => {
    const unsigned = await call(t, 'POST', '/api/webhooks/stripe', {
      json: stripeEvent('payment_intent.succeeded'),
    });
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.error.code).toBe('invalid_signature');

    const wronglySigned = await sendStripe(
      t,
      stripeEvent('payment_intent.succeeded'),
      'whsec_not_the_configured_one',
    );
    expect(wronglySigned.status).toBe(401);
    expect(wronglySigned.body.error.code).toBe('invalid_signature');

    // An API key does not stand in for a signature either.
    const withKeyOnly = await call(t, 'POST', '/api/webhooks/stripe', {
      key: KEYS.admin,
      json: stripeEvent('payment_intent.succeeded'),
    });
    expect(withKeyOnly.status).toBe(401);
    expect(withKeyOnly.body.error.code).toBe('invalid_signature');

    const signed = await sendStripe(t, stripeEvent('payment_intent.succeeded'));
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({ received: true, duplicate: false });
  });

  it('answers an unconfigured ingest source with 404, not 401', async () => {
    const response = await call(t, 'POST', '/api/webhooks/shopify', { json: { id: 1 } });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('unknown_source');
  });
});
