import { createHmac, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import { createReceiver } from './receiver.js';
import { respondWith } from './responses.js';
import type { Receiver, ReceiverOptions } from './receiver.types.js';

// Signed here with node:crypto and the standardwebhooks library, independently of @org/webhooks.
const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;
const nowSeconds = () => Math.floor(Date.now() / 1000);

function signedHeaders(body: string, secrets: string[], { id = 'evt_01', timestamp = nowSeconds() } = {}) {
  const v1 = secrets.map((s) => `v1=${createHmac('sha256', s).update(`${timestamp}.${body}`).digest('hex')}`);
  const standard = secrets.map((s) => new Webhook(s).sign(id, new Date(timestamp * 1000), body));
  return {
    'Content-Type': 'application/json',
    'X-Rex-Signature': [`t=${timestamp}`, ...v1].join(','),
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': standard.join(' '),
    'X-Webhook-Event-Id': id,
    'X-Webhook-Event-Type': 'contact.created',
    'X-Webhook-Attempt': '2',
  };
}

const receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
async function start(options: ReceiverOptions) {
  const receiver = await createReceiver(options);
  receivers.push(receiver);
  return receiver;
}
const post = (url: string, body: string, headers: Record<string, string>) =>
  fetch(url, { method: 'POST', body, headers });

const body = JSON.stringify({
  id: 'evt_01',
  event: 'contact.created',
  created_at: '2026-03-16T12:00:00Z',
  data: { name: 'Zoë' },
});

describe('createReceiver', () => {
  it('records a correctly signed request with both schemes valid', async () => {
    const secret = newSecret();
    const receiver = await start({ secrets: [secret] });
    expect(receiver.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhooks$/);
    const response = await post(`${receiver.url}?x=1`, body, signedHeaders(body, [secret]));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ok');
    const [request] = await receiver.waitFor(1);
    expect(request).toMatchObject({
      method: 'POST',
      path: '/webhooks?x=1',
      body,
      json: JSON.parse(body),
      eventId: 'evt_01',
      eventType: 'contact.created',
      attempt: 2,
      verification: { signature: { status: 'valid' }, standardWebhooks: { status: 'valid' } },
      response: { status: 200, delayMs: 0 },
    });
    expect(request!.rawBody.equals(Buffer.from(body))).toBe(true);
    expect(request!.receivedAt).toBeInstanceOf(Date);
  });

  it('flags a tampered body and a wrong secret, and refuses them when asked', async () => {
    const secret = newSecret();
    const receiver = await start({ secrets: [secret], rejectInvalidSignatures: true });
    const tampered = await post(receiver.url, body.replace('Zoë', 'Eve'), signedHeaders(body, [secret]));
    expect(tampered.status).toBe(401);
    const wrongSecret = await post(receiver.url, body, signedHeaders(body, [newSecret()]));
    expect(wrongSecret.status).toBe(401);
    const good = await post(receiver.url, body, signedHeaders(body, [secret]));
    expect(good.status).toBe(200);
    const requests = await receiver.waitFor(3);
    for (const request of requests.slice(0, 2)) {
      expect(request.verification).toEqual({
        signature: { status: 'invalid', reason: 'no matching signature' },
        standardWebhooks: { status: 'invalid', reason: 'no matching signature' },
      });
    }
    expect(requests.map((r) => r.response.status)).toEqual([401, 401, 200]);
  });

  it('accepts any of several secrets (rotation) and raw, non-base64 secrets', async () => {
    const [fresh, old] = [newSecret(), newSecret()];
    const receiver = await start({ secrets: [old, 'whsec_test_secret'] });
    await post(receiver.url, body, signedHeaders(body, [fresh, old]));
    const raw = 'whsec_test_secret';
    const timestamp = nowSeconds();
    const rawSignature = `v1,${createHmac('sha256', Buffer.from(raw)).update(`evt_02.${timestamp}.${body}`).digest('base64')}`;
    await post(receiver.url, body, {
      'webhook-id': 'evt_02',
      'webhook-timestamp': String(timestamp),
      'webhook-signature': rawSignature,
    });
    const [rotated, rawOne] = await receiver.waitFor(2);
    expect(rotated!.verification.signature.status).toBe('valid');
    expect(rotated!.verification.standardWebhooks.status).toBe('valid');
    expect(rawOne!.verification).toEqual({
      signature: { status: 'missing' },
      standardWebhooks: { status: 'valid' },
    });
    expect(rawOne!.eventId).toBe('evt_02');
  });

  it('checks timestamps against its clock, with a tolerance that can be switched off', async () => {
    const secret = newSecret();
    const old = nowSeconds() - 3600;
    const strict = await start({ secrets: [secret] });
    await post(strict.url, body, signedHeaders(body, [secret], { timestamp: old }));
    const [stale] = await strict.waitFor(1);
    expect(stale!.verification.signature).toEqual({
      status: 'invalid',
      reason: 'timestamp outside tolerance (3600 s old)',
    });
    expect(stale!.verification.standardWebhooks.status).toBe('invalid');

    const manual = await start({ secrets: [secret], now: () => new Date(old * 1000 + 1000) });
    await post(manual.url, body, signedHeaders(body, [secret], { timestamp: old }));
    expect((await manual.waitFor(1))[0]!.verification.signature.status).toBe('valid');

    const lax = await start({ secrets: [secret], toleranceSeconds: null });
    await post(lax.url, body, signedHeaders(body, [secret], { timestamp: old }));
    expect((await lax.waitFor(1))[0]!.verification.standardWebhooks.status).toBe('valid');
  });

  it('reports missing headers, malformed ones, and skips checks without secrets', async () => {
    const receiver = await start({ secrets: ['whsec_x'], signatureHeader: 'X-Custom-Sig' });
    await post(receiver.url, 'not json', { 'X-Custom-Sig': 'garbage' });
    const [request] = await receiver.waitFor(1);
    expect(request).toMatchObject({
      json: undefined,
      eventId: null,
      eventType: null,
      attempt: null,
      verification: {
        signature: { status: 'invalid', reason: 'malformed header' },
        standardWebhooks: { status: 'missing' },
      },
    });
    const blind = await start({});
    await post(blind.url, body, signedHeaders(body, [newSecret()]));
    expect((await blind.waitFor(1))[0]!.verification).toEqual({
      signature: { status: 'skipped' },
      standardWebhooks: { status: 'skipped' },
    });
  });

  it('names the header that carries the signature when it is not the expected one', async () => {
    const secret = newSecret();
    const receiver = await start({ secrets: [secret] });
    const { 'X-Rex-Signature': signature } = signedHeaders(body, [secret]);
    await post(receiver.url, body, { 'X-Webhook-Signature': signature });
    expect((await receiver.waitFor(1))[0]!.verification.signature).toEqual({
      status: 'missing',
      reason:
        "no X-Rex-Signature header, but x-webhook-signature carries t=…,v1=… (the sender's signatureHeader option names it): receive with --header x-webhook-signature",
    });
  });

  it('answers with the chosen status after the chosen delay', async () => {
    const receiver = await start({ respond: () => ({ status: 503, delayMs: 150, body: 'busy' }) });
    const started = performance.now();
    const response = await post(receiver.url, body, {});
    expect(response.status).toBe(503);
    expect(await response.text()).toBe('busy');
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(receiver.requests[0]!.response).toEqual({ status: 503, delayMs: 150 });
  });

  it('answers a status choice from respondWith, including random failures', async () => {
    const rolls = [0.1, 0.9];
    const receiver = await start({
      respond: respondWith({ kind: 'random', failureRate: 0.5 }, 0, () => rolls.shift()!),
    });
    expect((await post(receiver.url, body, {})).status).toBe(500);
    expect((await post(receiver.url, body, {})).status).toBe(200);
    const redirect = await start({ respond: respondWith({ kind: 'fixed', status: 302 }) });
    const response = await fetch(redirect.url, { method: 'POST', body, redirect: 'manual' });
    expect(response.status).toBe(302);
  });

  it('waitFor resolves once enough requests arrived and times out naming the count', async () => {
    const receiver = await start({});
    const waiting = receiver.waitFor(3, 2000);
    await Promise.all([1, 2, 3].map((n) => post(receiver.url, `{"n":${n}}`, {})));
    expect((await waiting).map((r) => r.body).sort()).toEqual(['{"n":1}', '{"n":2}', '{"n":3}']);
    await expect(receiver.waitFor(4, 50)).rejects.toThrow(
      'receiver: expected 4 request(s) within 50 ms, got 3',
    );
  });

  it('closes promptly with a delayed answer pending', async () => {
    const receiver = await createReceiver({ respond: () => ({ delayMs: 60_000 }) });
    const pending = post(receiver.url, body, {}).catch((error: Error) => error);
    await receiver.waitFor(1);
    const started = performance.now();
    await receiver.close();
    expect(performance.now() - started).toBeLessThan(1000);
    // The client saw its connection dropped (fetch's TypeError comes from another realm under Jest).
    expect(String(await pending)).toMatch(/fetch failed/);
  });

  it('answers 500 when respond throws, and keeps serving', async () => {
    const receiver = await start({
      respond: () => {
        throw new Error('oops');
      },
    });
    const response = await post(receiver.url, body, {});
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('respond() threw: oops');
  });
});
