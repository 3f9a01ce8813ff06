import { describe, expect, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import { generateSecret } from './secret.js';
import { signStandardWebhooks, standardWebhooksKey } from './standard-webhooks.js';

const nowSeconds = () => Math.floor(Date.now() / 1000);
const body = '{"id":"evt_01","event":"contact.created","data":{"id":"c_1"}}';

function headers(id: string, timestamp: number, signature: string) {
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature };
}

describe('Standard Webhooks signing', () => {
  it('matches the test vector published with the Standard Webhooks spec', () => {
    const signature = signStandardWebhooks({
      id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      timestamp: 1614265330,
      body: '{"test": 2432232314}',
      secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
    });
    expect(signature).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('is verified by the standardwebhooks package with a generated secret', () => {
    const secret = generateSecret();
    const timestamp = nowSeconds();
    const signature = signStandardWebhooks({ id: 'evt_01', timestamp, body, secrets: [secret] });
    expect(new Webhook(secret).verify(body, headers('evt_01', timestamp, signature))).toEqual(
      JSON.parse(body),
    );
  });

  it('fails verification for a tampered body, another id or a wrong secret', () => {
    const secret = generateSecret();
    const timestamp = nowSeconds();
    const signature = signStandardWebhooks({ id: 'evt_01', timestamp, body, secrets: [secret] });
    const wh = new Webhook(secret);
    expect(() => wh.verify(body.replace('c_1', 'c_2'), headers('evt_01', timestamp, signature))).toThrow(
      /No matching/,
    );
    expect(() => wh.verify(body, headers('evt_02', timestamp, signature))).toThrow(/No matching/);
    expect(() =>
      new Webhook(generateSecret()).verify(body, headers('evt_01', timestamp, signature)),
    ).toThrow();
  });

  it('signs with every secret during rotation; a receiver holding either one verifies', () => {
    const [fresh, old] = [generateSecret(), generateSecret()];
    const timestamp = nowSeconds();
    const signature = signStandardWebhooks({ id: 'evt_01', timestamp, body, secrets: [fresh, old] });
    expect(signature.split(' ')).toHaveLength(2);
    expect(() => new Webhook(fresh).verify(body, headers('evt_01', timestamp, signature))).not.toThrow();
    expect(() => new Webhook(old).verify(body, headers('evt_01', timestamp, signature))).not.toThrow();
  });

  it('uses the UTF-8 bytes of a secret that is not base64, verifiable in raw format', () => {
    const secret = 'whsec_test_secret';
    expect(standardWebhooksKey(secret)).toEqual(Buffer.from(secret));
    expect(() => new Webhook(secret)).toThrow(); // the library cannot decode it in its default mode
    const timestamp = nowSeconds();
    const signature = signStandardWebhooks({ id: 'evt_01', timestamp, body, secrets: [secret] });
    const raw = new Webhook(Buffer.from(secret), { format: 'raw' });
    expect(() => raw.verify(body, headers('evt_01', timestamp, signature))).not.toThrow();
  });

  it('decodes bare base64 secrets as the library does', () => {
    expect(standardWebhooksKey('YWJj')).toEqual(Buffer.from('abc'));
    expect(standardWebhooksKey('whsec_YWJj')).toEqual(Buffer.from('abc'));
    expect(standardWebhooksKey('whsec_')).toEqual(Buffer.from('whsec_'));
  });

  it('refuses an id with whitespace', () => {
    expect(() => signStandardWebhooks({ id: 'evt 1', timestamp: 1, body, secrets: ['s'] })).toThrow(
      /webhook-id/,
    );
  });
});
