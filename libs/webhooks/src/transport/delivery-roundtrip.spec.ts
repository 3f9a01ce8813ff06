import { afterEach, describe, expect, it } from '@jest/globals';
import { createReceiver, type Receiver } from '@org/receiver';
import { buildDeliveryHeaders } from '../signing/delivery-headers.js';
import { generateSecret } from '../signing/secret.js';
import { DEFAULT_TRANSPORT_OPTIONS } from './webhook-transport.options.js';
import { WebhookTransport } from './webhook-transport.js';

// Signing + transport against the independent receiver: what a subscriber really gets.
describe('a signed delivery over the transport', () => {
  let receiver: Receiver;
  let transport: WebhookTransport;
  afterEach(async () => {
    await transport.close();
    await receiver.close();
  });

  it('is verified by the receiver under both schemes, during a rotation too', async () => {
    const [fresh, old] = [generateSecret(), generateSecret()];
    receiver = await createReceiver({
      secrets: [old],
      signatureHeader: 'X-Rex-Signature',
      rejectInvalidSignatures: true,
    });
    transport = new WebhookTransport({ ...DEFAULT_TRANSPORT_OPTIONS, allowPrivateAddresses: true });
    const body = JSON.stringify({
      id: 'evt_01',
      event: 'contact.created',
      created_at: '2026-03-16T12:00:00Z',
      data: { name: 'Zoë' },
    });
    const headers = buildDeliveryHeaders({
      eventId: 'evt_01',
      eventType: 'contact.created',
      attempt: 1,
      body,
      secrets: [fresh, old],
      timestamp: Math.floor(Date.now() / 1000),
      signatureHeader: 'X-Rex-Signature',
    });
    const result = await transport.send({ url: receiver.url, body, headers });
    expect(result).toMatchObject({ ok: true, httpStatus: 200, responseBody: 'ok' });
    const [request] = await receiver.waitFor(1);
    expect(request).toMatchObject({
      eventId: 'evt_01',
      eventType: 'contact.created',
      attempt: 1,
      body,
      verification: { signature: { status: 'valid' }, standardWebhooks: { status: 'valid' } },
    });
    expect(request!.headers['user-agent']).toMatch(/^org-webhooks\//);
  });

  it('records the receiver refusing a tampered delivery as HTTP 401', async () => {
    const secret = generateSecret();
    receiver = await createReceiver({ secrets: [secret], rejectInvalidSignatures: true });
    transport = new WebhookTransport({ ...DEFAULT_TRANSPORT_OPTIONS, allowPrivateAddresses: true });
    const body = '{"id":"evt_02"}';
    const headers = buildDeliveryHeaders({
      eventId: 'evt_02',
      eventType: 't',
      attempt: 1,
      body,
      secrets: [secret],
      timestamp: Math.floor(Date.now() / 1000),
      signatureHeader: 'X-Rex-Signature',
    });
    const result = await transport.send({ url: receiver.url, body: '{"id":"evt_03"}', headers });
    expect(result).toMatchObject({
      ok: false,
      httpStatus: 401,
      error: 'HTTP 401',
      responseBody: 'Invalid signature',
    });
  });
});
