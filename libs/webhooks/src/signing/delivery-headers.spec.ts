import crypto from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import { assertSignatureHeaderName, buildDeliveryHeaders, DEFAULT_USER_AGENT } from './delivery-headers.js';
import { generateSecret } from './secret.js';
import { prepareSigningKeys } from './signing-keys.js';
import { verifySignatureHeader } from './signature.js';

const body = '{"id":"evt_01","event":"deal.won","created_at":"2026-03-16T12:00:00Z","data":{}}';

describe('buildDeliveryHeaders', () => {
  it('carries every header, verifiable by both schemes', () => {
    const secret = generateSecret();
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = buildDeliveryHeaders({
      eventId: 'evt_01',
      eventType: 'deal.won',
      attempt: 3,
      body,
      secrets: [secret],
      timestamp,
      signatureHeader: 'X-Rex-Signature',
    });
    expect(Object.keys(headers).sort()).toEqual(
      [
        'Content-Type',
        'User-Agent',
        'X-Rex-Signature',
        'X-Webhook-Attempt',
        'X-Webhook-Event-Id',
        'X-Webhook-Event-Type',
        'webhook-id',
        'webhook-signature',
        'webhook-timestamp',
      ].sort(),
    );
    expect(headers).toMatchObject({
      'Content-Type': 'application/json',
      'X-Webhook-Event-Id': 'evt_01',
      'X-Webhook-Event-Type': 'deal.won',
      'X-Webhook-Attempt': '3',
      'User-Agent': DEFAULT_USER_AGENT,
      'webhook-id': 'evt_01',
      'webhook-timestamp': String(timestamp),
    });
    expect(verifySignatureHeader(body, headers['X-Rex-Signature'], [secret]).valid).toBe(true);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    const [t, v1] = headers['X-Rex-Signature']!.split(',');
    const expected = crypto
      .createHmac('sha256', secret)
      .update(`${t!.slice(2)}.${body}`)
      .digest('hex');
    expect(v1).toBe(`v1=${expected}`);
  });

  it('defaults the signature header name and can leave out Standard Webhooks', () => {
    const headers = buildDeliveryHeaders({
      eventId: 'evt_01',
      eventType: 'deal.won',
      attempt: 1,
      body,
      secrets: ['whsec_x'],
      timestamp: 1,
      standardWebhooks: false,
      userAgent: 'custom/1.0',
    });
    expect(headers['X-Webhook-Signature']).toMatch(/^t=1,v1=[0-9a-f]{64}$/);
    expect(headers['webhook-signature']).toBeUndefined();
    expect(headers['User-Agent']).toBe('custom/1.0');
  });

  it('signs identically with prepared keys, for generated and caller-chosen (non-base64) secrets', () => {
    const base = { eventId: 'evt_01', eventType: 't', attempt: 1, body, timestamp: 1_700_000_000 };
    const secrets = [generateSecret(), 'whsec_test_secret'];
    const plain = buildDeliveryHeaders({ ...base, secrets });
    const prepared = buildDeliveryHeaders({ ...base, secrets: secrets.map(prepareSigningKeys) });
    expect(prepared).toEqual(plain);
    expect(plain['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => prepareSigningKeys('')).toThrow(/non-empty secret/);
  });

  it('refuses bad attempts and clashing or invalid signature header names', () => {
    const base = { eventId: 'evt_01', eventType: 't', body, secrets: ['s'], timestamp: 1 };
    expect(() => buildDeliveryHeaders({ ...base, attempt: 0 })).toThrow(/starts at 1/);
    expect(() => assertSignatureHeaderName('Webhook-Signature')).toThrow(/cannot be the signature header/);
    expect(() => assertSignatureHeaderName('X Bad')).toThrow(/cannot be the signature header/);
    expect(() => assertSignatureHeaderName('X-Rex-Signature')).not.toThrow();
  });
});
