import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SecretCipher } from '@org/common';
import { Webhook } from 'standardwebhooks';
import { KEYS, startTestApp, type TestApp } from './app-harness.js';
import { call, client } from './support/http.js';
import { sql } from './support/database.js';
import { expectStillServing } from './support/raw-http.js';

/** The `field`s a 400 names. */
const fieldsOf = (body: { error: { details: { field: string }[] } }) =>
  body.error.details.map((detail) => detail.field);

// Issue 20 rows 2 and 7: a Standard Webhooks secret of "a" was accepted and then every request to
// the source answered 503; other types took one-character secrets; hmac options took a replay
// window of 1e12 seconds and header names with CR/LF or content-type.
describe('hardening: inbound source secrets and options are checked against what the verifier needs', () => {
  const secretKey = randomBytes(32);
  let t: TestApp;
  let acme: ReturnType<typeof client>;
  beforeAll(async () => {
    t = await startTestApp({ WEBHOOKS_SECRET_KEY: secretKey.toString('base64') });
    acme = client(t, KEYS.acme);
  });
  afterAll(async () => {
    await t.close();
  });

  it.each([
    ['standard_webhooks', 'a'],
    ['standard_webhooks', 'whsec_abcd'],
    ['standard_webhooks', `whsec_${Buffer.alloc(65).toString('base64')}`],
    ['stripe', 'sk_test_0123456789abcdef'],
    ['github', 'a'],
    ['hubspot', 'a'],
    ['shopify', 'a'],
    ['slack', 'a'],
  ])('refuses a %s source with the secret %j: 400 naming secret', async (type, secret) => {
    const created = await acme.post('/api/inbound-sources', { name: 'Probe', type, secret });
    expect(created.status).toBe(400);
    expect(created.body.error.code).toBe('validation_failed');
    expect(fieldsOf(created.body)).toEqual(['secret']);
    await expectStillServing(t, KEYS.admin);
  });

  it('refuses an hmac source with the secret "a"', async () => {
    const created = await acme.post('/api/inbound-sources', {
      name: 'Probe',
      type: 'hmac',
      secret: 'a',
      options: { header: 'x-signature' },
    });
    expect(created.status).toBe(400);
    expect(fieldsOf(created.body)).toEqual(['secret']);
  });

  it('accepts a Standard Webhooks secret of 24 to 64 bytes, and refuses "a" at rotation', async () => {
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const created = await acme.post('/api/inbound-sources', {
      name: 'Svix',
      type: 'standard_webhooks',
      secret,
    });
    expect(created.status).toBe(201);
    const rotated = await acme.patch(`/api/inbound-sources/${created.body.data.id}/secret`, { secret: 'a' });
    expect(rotated.status).toBe(400);
    expect(rotated.body.error.code).toBe('validation_failed');
    expect(fieldsOf(rotated.body)).toEqual(['secret']);
    const github = await acme.post('/api/inbound-sources', { name: 'GH', type: 'github' });
    const short = await acme.patch(`/api/inbound-sources/${github.body.data.id}/secret`, { secret: 'short' });
    expect(short.status).toBe(400);
    expect(fieldsOf(short.body)).toEqual(['secret']);
    await expectStillServing(t, KEYS.admin);
  });

  it('answers 401, not 500 or 503, for a source whose stored secret its verifier cannot take', async () => {
    const good = `whsec_${randomBytes(32).toString('base64')}`;
    const created = await acme.post('/api/inbound-sources', {
      name: 'Old',
      type: 'standard_webhooks',
      secret: good,
    });
    const id = created.body.data.id;
    // As stored before secrets were checked.
    const ciphertext = new SecretCipher(secretKey).encrypt('whsec_abcd');
    await sql(t, 'update inbound_source set secrets = ? where id = ?', [
      JSON.stringify([{ ciphertext, expiresAt: null }]),
      id,
    ]);
    const body = JSON.stringify({ type: 'invoice.paid', data: {} });
    const at = new Date();
    const signature = new Webhook(good).sign('msg_1', at, body);
    const answer = await call(t, 'POST', `/api/webhooks/${id}`, {
      raw: body,
      headers: {
        'webhook-id': 'msg_1',
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': signature,
      },
    });
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('invalid_signature');
    await expectStillServing(t, KEYS.admin);
  });

  it.each([
    [
      { header: 'x-signature', tolerance_seconds: 1e12, timestamp_header: 'x-timestamp' },
      'options.tolerance_seconds',
    ],
    [{ header: 'X-Sig\r\nX-Evil: 1' }, 'options.header'],
    [{ header: 'content-type' }, 'options.header'],
    [{ header: 'x-signature', timestamp_header: 'Transfer-Encoding' }, 'options.timestamp_header'],
    [{ header: 'x-signature', id_header: 'x id' }, 'options.id_header'],
  ])('refuses hmac options %j: 400 naming %s', async (options, field) => {
    const created = await acme.post('/api/inbound-sources', {
      name: 'Probe',
      type: 'hmac',
      secret: 'shared-secret-0001',
      options,
    });
    expect(created.status).toBe(400);
    expect(created.body.error.code).toBe('validation_failed');
    expect(fieldsOf(created.body)).toEqual([field]);
    await expectStillServing(t, KEYS.admin);
  });

  it('refuses an unbounded replay window on update and on the other types', async () => {
    const created = await acme.post('/api/inbound-sources', {
      name: 'HMAC',
      type: 'hmac',
      secret: 'shared-secret-0001',
      options: { header: 'x-signature', timestamp_header: 'x-timestamp', tolerance_seconds: 86_400 },
    });
    expect(created.status).toBe(201);
    const updated = await acme.patch(`/api/inbound-sources/${created.body.data.id}`, {
      options: { header: 'x-signature', timestamp_header: 'x-timestamp', tolerance_seconds: 86_401 },
    });
    expect(updated.status).toBe(400);
    expect(fieldsOf(updated.body)).toEqual(['options.tolerance_seconds']);
    const stripe = await acme.post('/api/inbound-sources', {
      name: 'Stripe',
      type: 'stripe',
      secret: 'whsec_0123456789abcdef',
      options: { tolerance_seconds: 1e12 },
    });
    expect(stripe.status).toBe(400);
    expect(fieldsOf(stripe.body)).toEqual(['options.tolerance_seconds']);
  });
});
