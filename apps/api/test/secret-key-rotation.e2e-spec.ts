import { createCipheriv, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase } from '@org/dev-db';
import { createReceiver, type Receiver } from '@org/receiver';
import { KEYS, startTestApp, type TestApp } from './app-harness.js';
import { loadAppConfig } from '../src/config/load-app-config.js';
import { rotateSecretKey } from '../src/rotate-secret-key.js';
import { sql } from './support/database.js';
import { call, client, eventually } from './support/http.js';
import { sendStripeTo, stripeEvent } from './support/senders.js';

type Json = Record<string, any>;

const KEY_A = randomBytes(32).toString('base64');
const KEY_B = randomBytes(32).toString('hex');
const KEY_C = randomBytes(32).toString('base64');

const SIGNING_SECRET = 'whsec_rotation_test_signing_secret_0001';
const ROTATED_SECRET = 'whsec_rotation_test_signing_secret_0002';
const LEGACY_SECRET = 'whsec_rotation_test_stored_by_the_previous_release';
const STRIPE_SECRET = 'whsec_rotation_test_stripe_source';

/** A secret as the previous release stored it: `v1.<nonce>.<tag>.<ciphertext>`, no key id. */
function previousReleaseCiphertext(key: string, plain: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(key, 'base64'), nonce);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', ...[nonce, cipher.getAuthTag(), body].map((part) => part.toString('base64url'))].join('.');
}

/**
 * The key rotation end to end, on one database: secrets written under key A (one in the previous
 * release's format), the app restarted with `B,A`, the rotation command run (interrupted after one
 * batch, then resumed) while it serves, restarted with `B` alone, then with `C` alone (refused).
 * Deliveries go to a real receiver that checks their signatures; inbound requests are signed by
 * Stripe's own helper.
 */
describe('secret key rotation: A, then B,A while re-encrypting, then B alone; C alone is refused', () => {
  let databaseUrl: string;
  let dropDatabase: () => Promise<void>;
  let receiver: Receiver;
  let t: TestApp | null = null;
  const subscriptions: Json[] = [];
  let source: Json;
  let portalTokenUnderA: string;
  let published = 0;

  const start = async (env: Record<string, string>) => {
    t = await startTestApp(env, { databaseUrl });
    return t;
  };
  const stop = async () => {
    // The instance's close leaves the shared database.
    await t?.close();
    t = null;
  };
  const app = () => t!;
  const acme = () => client(app(), KEYS.acme);

  /** Publishes one event and checks every subscription got it, signed with a secret it knows. */
  const expectSignedDeliveries = async (subscriberCount = subscriptions.length) => {
    const before = receiver.requests.length;
    const event = await acme().post('/api/events', {
      type: 'contact.created',
      data: { id: `con_${++published}`, email: 'wile@acme.test' },
    });
    expect(event.status).toBe(201);
    const arrived = (await receiver.waitFor(before + subscriberCount)).slice(before);
    expect(arrived.map((request) => request.eventId)).toEqual(arrived.map(() => event.body.data.id));
    for (const request of arrived) {
      expect(request.verification.signature.status).toBe('valid');
      expect(request.verification.standardWebhooks.status).toBe('valid');
    }
  };

  /** Sends a Stripe-signed event to the source created over the API: it must be verified and stored. */
  const expectInboundVerified = async () => {
    const answer = await sendStripeTo(
      app(),
      new URL(source.url).pathname,
      stripeEvent('payment_intent.succeeded'),
      STRIPE_SECRET,
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ received: true, duplicate: false });
  };

  const expectPortalToken = async (token: string, status: number) => {
    const answer = await call(app(), 'GET', '/api/portal/session', {
      headers: { authorization: `Portal ${token}` },
    });
    expect(answer.status).toBe(status);
  };

  /** Every stored ciphertext: subscription secrets (current and rotated-out) and source secrets. */
  const storedCiphertexts = async () => {
    const rows = await sql<{ ciphertext: string }>(
      app(),
      `select e->>'ciphertext' as ciphertext from webhook_subscription, jsonb_array_elements(secrets) e
       union all select e->>'ciphertext' from inbound_source, jsonb_array_elements(secrets) e`,
    );
    return rows.map((row) => row.ciphertext);
  };

  beforeAll(async () => {
    ({ url: databaseUrl, drop: dropDatabase } = await createTestDatabase());
    receiver = await createReceiver({ secrets: [SIGNING_SECRET, ROTATED_SECRET, LEGACY_SECRET] });
  });
  afterAll(async () => {
    await stop();
    await receiver.close();
    await dropDatabase();
  });

  it('writes secrets under key A (one in the previous release format), and they work', async () => {
    await start({ WEBHOOKS_SECRET_KEY: KEY_A });
    for (const name of ['Plain', 'Rotated', 'Legacy']) {
      const created = await acme().post('/api/webhooks', {
        name,
        url: receiver.url,
        event_types: ['contact.created'],
        secret: SIGNING_SECRET,
      });
      expect(created.status).toBe(201);
      subscriptions.push(created.body.data);
    }
    const rotated = await acme().patch(`/api/webhooks/${subscriptions[1].id}/secret`, {
      secret: ROTATED_SECRET,
    });
    expect(rotated.status).toBe(200);
    await sql(
      app(),
      `update webhook_subscription set secrets = jsonb_set(secrets, '{0,ciphertext}', to_jsonb(?::text)) where id = ?`,
      [previousReleaseCiphertext(KEY_A, LEGACY_SECRET), subscriptions[2].id],
    );
    const created = await acme().post('/api/inbound-sources', {
      name: 'Stripe',
      type: 'stripe',
      secret: STRIPE_SECRET,
    });
    expect(created.status).toBe(201);
    source = created.body.data;
    const link = await call(app(), 'POST', '/api/portal/sessions', { key: KEYS.acme, json: {} });
    portalTokenUnderA = new URL(link.body.data.url).searchParams.get('token') ?? '';

    await expectSignedDeliveries();
    await expectInboundVerified();
    expect((await storedCiphertexts()).filter((c) => c.startsWith('v1.'))).toHaveLength(1);
  });

  it('restarted with B,A: everything written under A still works, and new secrets are written under B', async () => {
    await stop();
    await start({ WEBHOOKS_SECRET_KEYS: `${KEY_B},${KEY_A}` });
    await expectSignedDeliveries();
    await expectInboundVerified();
    await expectPortalToken(portalTokenUnderA, 200);

    const underB = await acme().post('/api/webhooks', {
      name: 'Written under B',
      url: receiver.url,
      event_types: ['contact.created'],
      secret: SIGNING_SECRET,
    });
    expect(underB.status).toBe(201);
    subscriptions.push(underB.body.data);
    await expectSignedDeliveries();
  });

  it('re-encrypts under B in batches while the app serves: interrupted after one batch, then resumed', async () => {
    const config = loadAppConfig({ DATABASE_URL: databaseUrl, WEBHOOKS_SECRET_KEYS: `${KEY_B},${KEY_A}` });
    const interrupt = new AbortController();
    const first = await rotateSecretKey(config, {
      batchSize: 1,
      signal: interrupt.signal,
      onBatch: () => interrupt.abort(),
    });
    expect(first.subscriptions).toEqual({ rows: 1, reencrypted: 1, undecryptable: 0, complete: false });
    expect(first.sources).toMatchObject({ rows: 0, complete: false });

    // Half done: the running instance (B,A) reads both.
    await expectSignedDeliveries();
    await expectInboundVerified();

    const resumed = await rotateSecretKey(config, { batchSize: 1 });
    // The row done before is not read again: Rotated (current and previous secret) and Legacy are left.
    expect(resumed.subscriptions).toEqual({ rows: 2, reencrypted: 3, undecryptable: 0, complete: true });
    expect(resumed.sources).toEqual({ rows: 1, reencrypted: 1, undecryptable: 0, complete: true });
    const keyIdOfB = (await storedCiphertexts()).find((c) => c.startsWith('v2.'))!.split('.')[1];
    expect((await storedCiphertexts()).every((c) => c.startsWith(`v2.${keyIdOfB}.`))).toBe(true);

    const again = await rotateSecretKey(config, { batchSize: 1 });
    expect(again.subscriptions).toEqual({ rows: 0, reencrypted: 0, undecryptable: 0, complete: true });
    expect(again.sources).toEqual({ rows: 0, reencrypted: 0, undecryptable: 0, complete: true });

    await expectSignedDeliveries();
    await expectInboundVerified();
  });

  it('restarted with B alone: deliveries and inbound verification work; portal links signed under A end', async () => {
    await stop();
    await start({ WEBHOOKS_SECRET_KEY: KEY_B });
    await expectSignedDeliveries();
    await expectInboundVerified();
    await expectPortalToken(portalTokenUnderA, 401);
  });

  it('records a delivery whose secret no key opens as secret_unavailable, without the cipher text', async () => {
    const [plain] = subscriptions;
    await sql(
      app(),
      `update webhook_subscription set secrets = jsonb_set(secrets, '{0,ciphertext}', to_jsonb(?::text)) where id = ?`,
      [previousReleaseCiphertext(KEY_C, SIGNING_SECRET), plain.id],
    );
    // The others are still delivered and signed.
    await expectSignedDeliveries(subscriptions.length - 1);
    const link = await call(app(), 'POST', '/api/portal/sessions', { key: KEYS.acme, json: {} });
    const token = new URL(link.body.data.url).searchParams.get('token') ?? '';
    const failed = await eventually('the failed attempt', async () => {
      const log = await call(app(), 'GET', `/api/webhooks/${plain.id}/deliveries`, {
        headers: { authorization: `Portal ${token}` },
      });
      return log.body.data.find((attempt: Json) => attempt.error);
    });
    expect(failed.error).toContain("signing secret cannot be decrypted with the server's keys");
    const detail = await acme().get(`/api/webhooks/${plain.id}/deliveries/${failed.id}`);
    expect(detail.body.data.error_class).toBe('secret_unavailable');
    for (const text of [JSON.stringify(failed), detail.text])
      expect(text).not.toMatch(/unsupported state|unable to authenticate/i);
  });

  it('restarted with C alone: refused at start-up with the sentence naming the fix', async () => {
    await stop();
    await expect(start({ WEBHOOKS_SECRET_KEY: KEY_C })).rejects.toThrow(
      /^Invalid setting WEBHOOKS_SECRET_KEYS: \d+ stored secret\(s\) cannot be decrypted with any key in WEBHOOKS_SECRET_KEYS: add the key they were written with/,
    );
  });
});
