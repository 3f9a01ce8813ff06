import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '@org/common';
import type { ResolvedWebhooksOptions } from '../options/resolved-webhooks-options.js';
import { SecretCipher } from '../secrets/secret-cipher.js';
import { SubscriptionSecrets } from '../secrets/subscription-secrets.js';
import { buildDeliveryHeaders } from '../signing/delivery-headers.js';
import { DEFAULT_TRANSPORT_OPTIONS } from '../transport/webhook-transport.options.js';
import { CapturingWebhookTransport, TEST_OAUTH2_TOKEN } from './capturing-webhook.transport.js';

describe('CapturingWebhookTransport', () => {
  const clock = new ManualClock(Date.UTC(2026, 2, 16));
  const cipher = new SecretCipher([Buffer.alloc(32, 3)]);
  const secrets = new SubscriptionSecrets(cipher, clock, {} as ResolvedWebhooksOptions);
  const SECRET = 'whsec_capture_secret_0123456789';
  const target = {
    subscriptionId: 'whk_1',
    eventId: 'evt_1',
    eventType: 'order.paid',
    attempt: 1,
    deliveryId: 'whd_1',
    secrets: [{ ciphertext: cipher.encrypt(SECRET), createdAt: clock.now(), expiresAt: null }],
  };
  const transport = (standardWebhooksHeaders: boolean) =>
    new CapturingWebhookTransport(DEFAULT_TRANSPORT_OPTIONS, {
      clock,
      secrets,
      signatureHeader: 'X-Webhook-Signature',
      standardWebhooksHeaders,
      network: [],
    });
  const request = (body: string, signingSecret = SECRET, standardWebhooks = true) => ({
    url: 'https://hooks.example.test/',
    body,
    headers: buildDeliveryHeaders({
      eventId: 'evt_1',
      eventType: 'order.paid',
      attempt: 1,
      body,
      secrets: [signingSecret],
      timestamp: Math.floor(clock.now().getTime() / 1000),
      signatureHeader: 'X-Webhook-Signature',
      standardWebhooks,
    }),
  });

  it('marks a request signed with the subscription’s secret valid, and any other invalid', async () => {
    const capturing = transport(true);
    await capturing.send(request('{"id":"evt_1"}'), target);
    await capturing.send(request('{"id":"evt_1"}', 'whsec_someone_else_0123456789'), target);
    const tampered = request('{"id":"evt_1"}');
    await capturing.send({ ...tampered, body: '{"id":"evt_2"}' }, target);
    expect(capturing.sent.map((sent) => sent.signatureValid)).toEqual([true, false, false]);
    expect(capturing.sent[0].body).toEqual({ id: 'evt_1' });
  });

  it('checks the Standard Webhooks signature too when the module sends it', async () => {
    const signed = request('{"id":"evt_1"}');
    const forged = { ...signed, headers: { ...signed.headers, 'webhook-signature': 'v1,AAAA' } };
    const withStandard = transport(true);
    await withStandard.send(forged, target);
    expect(withStandard.sent[0].signatureValid).toBe(false);
    // A module configured without those headers: the t=…,v1=… header alone decides.
    const without = transport(false);
    await without.send(request('{"id":"evt_1"}', SECRET, false), target);
    expect(without.sent[0].signatureValid).toBe(true);
  });

  it('fails the attempt with the message of a responder that throws, as a transport never throws', async () => {
    const capturing = transport(true);
    capturing.script('whk_1', () => {
      throw new Error('receiver exploded');
    });
    const result = await capturing.send(request('{"id":"evt_1"}'), target);
    expect(result).toMatchObject({
      ok: false,
      errorCode: 'network',
      error: "the test's responder threw: receiver exploded",
    });
  });

  it('answers token requests with the test token, or the token URL’s script, and lists none in sent()', async () => {
    const capturing = transport(false);
    const tokenRequest = {
      url: 'https://auth.example.test/oauth/token',
      body: 'grant_type=client_credentials',
      headers: { authorization: 'Basic aWQ6c2VjcmV0' },
    };
    const issued = await capturing.requestToken(tokenRequest);
    expect(issued.httpStatus).toBe(200);
    expect(JSON.parse(issued.responseBody!)).toEqual({
      access_token: TEST_OAUTH2_TOKEN,
      token_type: 'Bearer',
      expires_in: 3600,
    });
    capturing.script(tokenRequest.url, () => ({ status: 503 }));
    expect((await capturing.requestToken(tokenRequest)).httpStatus).toBe(503);
    expect(capturing.sent).toEqual([]);
  });
});
