import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Injectable, Module } from '@nestjs/common';
import { safeEqual } from '@org/common';
import {
  parseJsonBody,
  type ParsedWebhookEvent,
  type WebhookRequest,
  type WebhookVerifier,
} from '@org/ingest';
import { SECRETS, standardWebhooksRequest } from './support/signing.js';
import { startIngestApp, type IngestTestApp } from './support/test-app.js';
import { createTestStore, STORE_KINDS, type TestStore } from './support/test-stores.js';

/** A host-side dependency, to prove custom verifier classes get dependency injection. */
@Injectable()
class AcmeSecrets {
  readonly secret = 'acme-custom-secret';
}

@Module({ providers: [AcmeSecrets], exports: [AcmeSecrets] })
class AcmeSecretsModule {}

/** Signs `X-Acme-Signature: <hex hmac of body>`; ids and types in the payload's `ref` / `kind`. */
@Injectable()
class AcmeVerifier implements WebhookVerifier {
  constructor(private readonly secrets: AcmeSecrets) {}

  verify(request: WebhookRequest): boolean {
    const expected = createHmac('sha256', this.secrets.secret).update(request.rawBody).digest('hex');
    return safeEqual(expected, request.headers['x-acme-signature'] ?? '');
  }

  parse(request: WebhookRequest): ParsedWebhookEvent[] {
    const payload = parseJsonBody(request.rawBody) as { ref: string; kind: string };
    return [{ externalId: payload.ref, type: payload.kind, payload }];
  }
}

const hmac = (secret: string, data: string, algorithm = 'sha256', encoding: 'hex' | 'base64' = 'hex') =>
  createHmac(algorithm, secret).update(data).digest(encoding);

describe.each(STORE_KINDS)('generic sources (%s store)', (kind) => {
  let store: TestStore;
  let t: IngestTestApp;
  const seconds = () => Math.floor(t.clock.now().getTime() / 1000);

  beforeAll(async () => {
    store = await createTestStore(kind);
    t = await startIngestApp({
      store: store.store,
      // The custom verifier's dependencies resolve in IngestModule's scope: the host passes their modules.
      async: { imports: [AcmeSecretsModule] },
      options: {
        sources: {
          hmac: {
            // A Shopify-like scheme: base64 HMAC of the body, id and type in headers.
            shop: {
              secrets: [SECRETS.hmac],
              header: 'X-Shop-Hmac-Sha256',
              encoding: 'base64',
              idHeader: 'X-Shop-Webhook-Id',
              typeHeader: 'X-Shop-Topic',
            },
            // A Stripe-like scheme: sha256=<hex of "<t>.<body>">, with a timestamp window.
            timed: {
              secrets: ['old-shared-secret-0001', SECRETS.hmac],
              header: 'x-signature',
              prefix: 'sha256=',
              timestampHeader: 'x-timestamp',
              toleranceSeconds: 60,
              typeField: 'event.name',
            },
            // No id at all: the body's hash is the dedupe key.
            anon: { secrets: [SECRETS.hmac], header: 'x-sig', algorithm: 'sha512' },
          },
          standardWebhooks: { svix: { secrets: [SECRETS.standard] } },
          custom: { acme: AcmeVerifier },
        },
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await store.close();
  });

  it('HMAC in base64 with id and type from headers', async () => {
    const body = JSON.stringify({ order: 1 });
    const headers = {
      'content-type': 'application/json',
      'x-shop-hmac-sha256': hmac(SECRETS.hmac, body, 'sha256', 'base64'),
      'x-shop-webhook-id': 'wh-1',
      'x-shop-topic': 'orders/create',
    };
    const response = await t.post('/webhooks/shop', body, headers);
    expect(response.status).toBe(200);
    const stored = await store.store.findById(response.body.id);
    expect(stored).toMatchObject({ externalId: 'wh-1', type: 'orders/create' });
    expect(stored?.headers).toMatchObject({ 'x-shop-webhook-id': 'wh-1', 'x-shop-topic': 'orders/create' });
    expect(
      (
        await t.post('/webhooks/shop', body, {
          ...headers,
          'x-shop-hmac-sha256': hmac('wrong', body, 'sha256', 'base64'),
        })
      ).status,
    ).toBe(401);
    const { 'x-shop-webhook-id': _id, ...withoutId } = headers;
    expect((await t.post('/webhooks/shop', body, withoutId)).status).toBe(400);
  });

  it('HMAC over "<timestamp>.<body>" with a prefix, rotated secrets and a window', async () => {
    const body = JSON.stringify({ id: 'ev-1', event: { name: 'thing.happened' } });
    const sign = (ts: number, secret: string = SECRETS.hmac) => ({
      'content-type': 'application/json',
      'x-timestamp': String(ts),
      'x-signature': `sha256=${hmac(secret, `${ts}.${body}`)}`,
    });
    const response = await t.post('/webhooks/timed', body, sign(seconds()));
    expect(response.status).toBe(200);
    expect(await store.store.findById(response.body.id)).toMatchObject({
      externalId: 'ev-1',
      type: 'thing.happened',
    });
    expect((await t.post('/webhooks/timed', body, sign(seconds(), 'old-shared-secret-0001'))).status).toBe(
      200,
    );
    expect((await t.post('/webhooks/timed', body, sign(seconds() - 61))).status).toBe(401);
    expect((await t.post('/webhooks/timed', body, sign(seconds() + 61))).status).toBe(401);
    // The signature must cover the timestamp: moving it invalidates the signature.
    const moved = { ...sign(seconds() - 10), 'x-timestamp': String(seconds()) };
    expect((await t.post('/webhooks/timed', body, moved)).status).toBe(401);
    // Upper-case hex is the same digest.
    const upper = sign(seconds());
    expect(
      (
        await t.post('/webhooks/timed', body, {
          ...upper,
          'x-signature': upper['x-signature'].toUpperCase().replace('SHA256=', 'sha256='),
        })
      ).status,
    ).toBe(200);
  });

  it('HMAC without any id deduplicates on the body hash', async () => {
    const body = JSON.stringify({ hello: 'world', type: 'greeting' });
    const headers = { 'content-type': 'application/json', 'x-sig': hmac(SECRETS.hmac, body, 'sha512') };
    const first = await t.post('/webhooks/anon', body, headers);
    const second = await t.post('/webhooks/anon', body, headers);
    expect(first.status).toBe(200);
    expect(second.body).toMatchObject({ id: first.body.id, duplicate: true });
    expect(await store.store.findById(first.body.id)).toMatchObject({
      externalId: createHash('sha256').update(body).digest('hex'),
      type: 'greeting',
    });
  });

  it('Standard Webhooks: signed with the standardwebhooks package, id from webhook-id, type from the payload', async () => {
    const { body, headers } = standardWebhooksRequest({ id: 'msg_1', at: t.clock.now() });
    const response = await t.post('/webhooks/svix', body, headers);
    expect(response.status).toBe(200);
    expect(await store.store.findById(response.body.id)).toMatchObject({
      externalId: 'msg_1',
      type: 'invoice.paid',
    });
    const stale = standardWebhooksRequest({ id: 'msg_2', at: new Date(t.clock.now().getTime() - 301_000) });
    expect((await t.post('/webhooks/svix', stale.body, stale.headers)).status).toBe(401);
    const future = standardWebhooksRequest({ id: 'msg_3', at: new Date(t.clock.now().getTime() + 301_000) });
    expect((await t.post('/webhooks/svix', future.body, future.headers)).status).toBe(401);
    const other = standardWebhooksRequest({
      id: 'msg_4',
      at: t.clock.now(),
      secret: `whsec_${Buffer.from('another-secret').toString('base64')}`,
    });
    expect((await t.post('/webhooks/svix', other.body, other.headers)).status).toBe(401);
    // A signature list with a foreign version and the right v1 passes (rotation on the sender side).
    const rotated = standardWebhooksRequest({ id: 'msg_5', at: t.clock.now() });
    const list = `v1a,xxx v1,AAAA ${rotated.headers['webhook-signature']}`;
    expect(
      (await t.post('/webhooks/svix', rotated.body, { ...rotated.headers, 'webhook-signature': list }))
        .status,
    ).toBe(200);
  });

  it("a custom verifier class, built with dependency injection from the host's modules", async () => {
    const body = JSON.stringify({ ref: 'acme-1', kind: 'widget.shipped' });
    const good = createHmac('sha256', 'acme-custom-secret').update(body).digest('hex');
    const response = await t.post('/webhooks/acme', body, {
      'content-type': 'application/json',
      'x-acme-signature': good,
    });
    expect(response.status).toBe(200);
    expect(await store.store.findById(response.body.id)).toMatchObject({
      source: 'acme',
      externalId: 'acme-1',
      type: 'widget.shipped',
    });
    expect(
      (
        await t.post('/webhooks/acme', body, {
          'content-type': 'application/json',
          'x-acme-signature': 'bad',
        })
      ).status,
    ).toBe(401);
  });
});
