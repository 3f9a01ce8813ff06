import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newId } from '@org/common';
import { RecordingHandlers } from './support/recording-handlers.js';
import {
  githubRequest,
  hubspotRequest,
  SECRETS,
  shopifyRequest,
  slackRequest,
  standardWebhooksRequest,
  stripeRequest,
} from './support/signing.js';
import { startIngestApp, type IngestTestApp } from './support/test-app.js';
import { createTestStore, STORE_KINDS, type TestStore } from './support/test-stores.js';

const DAY_MS = 24 * 60 * 60 * 1000;

describe.each(STORE_KINDS)('sources created over the API (%s store)', (kind) => {
  let store: TestStore;
  let t: IngestTestApp;
  let handlers: RecordingHandlers;
  /** Path of a source's URL under /api, for `t.post`. */
  const pathOf = (url: string) => new URL(url).pathname.replace(/^\/api/, '');
  const create = (workspace: string | null, body: object) =>
    t.api('POST', '/inbound-sources', workspace, body);

  beforeAll(async () => {
    store = await createTestStore(kind);
    t = await startIngestApp({
      store: store.store,
      options: { sourceStorage: store.sources, secretKey: randomBytes(32).toString('base64') },
      providers: [RecordingHandlers],
    });
    handlers = t.app.get(RecordingHandlers);
  });
  afterAll(async () => {
    await t.close();
    await store.close();
  });

  describe('a Stripe source of workspace acme', () => {
    let source: Record<string, any>;

    beforeAll(async () => {
      const created = await create('acme', { name: 'Acme Stripe', type: 'stripe', secret: SECRETS.stripe });
      expect(created.status).toBe(201);
      source = created.body.data;
    });

    it('answers its URL and never the secret the provider issued', async () => {
      expect(source).toEqual({
        id: expect.stringMatching(/^src_[0-9A-Z]{26}$/),
        name: 'Acme Stripe',
        type: 'stripe',
        url: `${t.baseUrl}/api/webhooks/${source.id}`,
        workspace: 'acme',
        options: {},
        previous_secret_expires_at: null,
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
      const again = await t.api('GET', `/inbound-sources/${source.id}`, 'acme');
      expect(again).toEqual({ status: 200, body: { data: source } });
      expect(JSON.stringify(again.body)).not.toContain(SECRETS.stripe);
      if (store.database) {
        const [row] = await store.database.em
          .fork()
          .execute<{ secrets: unknown }[]>('select "secrets" from "inbound_source" where "id" = ?', [
            source.id,
          ]);
        expect(JSON.stringify(row.secrets)).not.toContain(SECRETS.stripe);
      }
    });

    it("verifies Stripe's signature at the source's URL and stores the event in acme", async () => {
      const signed = stripeRequest({ id: 'evt_src_1', at: t.clock.now() });
      const response = await t.post(pathOf(source.url), signed.body, signed.headers);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ received: true, duplicate: false });
      await t.drain();
      // The library's `stripe` handlers get a Stripe-type source's events, with the workspace.
      const call = handlers.callsOf('paid').find((c) => c.event.externalId === 'evt_src_1');
      expect(call?.event).toMatchObject({ source: source.id, sourceType: 'stripe', workspace: 'acme' });

      const wrong = stripeRequest({ id: 'evt_src_2', at: t.clock.now(), secret: SECRETS.stripeRotated });
      expect((await t.post(pathOf(source.url), wrong.body, wrong.headers)).status).toBe(401);
    });

    it("shows the source's events to acme and to unbound keys only", async () => {
      const acme = await t.api('GET', `/inbound-events?source=${source.id}`, 'acme');
      expect(acme.body.data).toEqual([
        expect.objectContaining({ external_id: 'evt_src_1', workspace: 'acme', source_type: 'stripe' }),
      ]);
      const id = acme.body.data[0].id;
      expect((await t.api('GET', `/inbound-events/${id}`, 'acme')).status).toBe(200);
      expect((await t.api('GET', `/inbound-events/${id}`, null)).status).toBe(200);
      expect((await t.api('GET', `/inbound-events?source=${source.id}`, 'globex')).body.data).toEqual([]);
      expect((await t.api('GET', `/inbound-events/${id}`, 'globex')).status).toBe(404);
      expect((await t.api('POST', `/inbound-events/${id}/retry`, 'globex')).status).toBe(404);
    });

    it('is invisible to another workspace and visible to an unbound key', async () => {
      expect((await t.api('GET', `/inbound-sources/${source.id}`, 'globex')).status).toBe(404);
      expect((await t.api('PATCH', `/inbound-sources/${source.id}`, 'globex', { name: 'x' })).status).toBe(
        404,
      );
      expect((await t.api('DELETE', `/inbound-sources/${source.id}`, 'globex')).status).toBe(404);
      const globexList = await t.api('GET', '/inbound-sources', 'globex');
      expect(globexList.body.data.map((s: { id: string }) => s.id)).not.toContain(source.id);
      const all = await t.api('GET', '/inbound-sources', null);
      expect(all.body.data.map((s: { id: string }) => s.id)).toContain(source.id);
    });

    it('rotates its secret: the previous one is accepted for 24 h more, then refused', async () => {
      const rotated = await t.api('PATCH', `/inbound-sources/${source.id}/secret`, 'acme', {
        secret: SECRETS.stripeRotated,
      });
      expect(rotated.status).toBe(200);
      expect(rotated.body.secret).toBeUndefined();
      expect(rotated.body.data.previous_secret_expires_at).toBe(
        new Date(t.clock.now().getTime() + DAY_MS).toISOString(),
      );
      const send = (id: string, secret: string) => {
        const signed = stripeRequest({ id, at: t.clock.now(), secret });
        return t.post(pathOf(source.url), signed.body, signed.headers);
      };
      expect((await send('evt_rot_new', SECRETS.stripeRotated)).status).toBe(200);
      expect((await send('evt_rot_old', SECRETS.stripe)).status).toBe(200);
      t.clock.advance(DAY_MS + 1000);
      expect((await send('evt_rot_late', SECRETS.stripe)).status).toBe(401);
      expect((await send('evt_rot_new_late', SECRETS.stripeRotated)).status).toBe(200);
    });

    it('renames and validates option updates', async () => {
      const renamed = await t.api('PATCH', `/inbound-sources/${source.id}`, 'acme', {
        name: 'Acme Stripe (live)',
        options: { tolerance_seconds: 600 },
      });
      expect(renamed.status).toBe(200);
      expect(renamed.body.data).toMatchObject({
        name: 'Acme Stripe (live)',
        options: { tolerance_seconds: 600 },
      });
      const bad = await t.api('PATCH', `/inbound-sources/${source.id}`, 'acme', { options: { header: 'x' } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details).toEqual([expect.objectContaining({ field: 'options.header' })]);
    });
  });

  it('refuses bad sources with 400 naming every field', async () => {
    const unknownType = await create('acme', { name: 'x', type: 'paypal', secret: 's' });
    expect(unknownType.status).toBe(400);
    expect(unknownType.body.error.details.map((d: { field: string }) => d.field)).toEqual(['type']);

    const badStripe = await create('acme', {
      name: 'x',
      type: 'stripe',
      secret: 'not-a-stripe-secret',
      options: { tolerance_seconds: 0, colour: 'red' },
    });
    expect(badStripe.status).toBe(400);
    expect(badStripe.body.error.code).toBe('validation_failed');
    expect(badStripe.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'options.colour',
      'options.tolerance_seconds',
      'secret',
    ]);
    const missingSecret = await create('acme', { name: 'x', type: 'slack' });
    expect(missingSecret.status).toBe(400);
    expect(missingSecret.body.error.details).toEqual([expect.objectContaining({ field: 'secret' })]);
    const badHubSpot = await create('acme', {
      name: 'x',
      type: 'hubspot',
      secret: SECRETS.hubspot,
      options: { versions: ['v4'], public_url: 'ftp://x', max_age_seconds: 0 },
    });
    expect(badHubSpot.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'options.max_age_seconds',
      'options.public_url',
      'options.versions',
    ]);
    const hmacWithoutHeader = await create('acme', {
      name: 'x',
      type: 'hmac',
      options: { encoding: 'rot13' },
    });
    expect(hmacWithoutHeader.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'options.encoding',
      'options.header',
    ]);
  });

  it('answers 404 alike for unknown, malformed and deleted source ids, and keeps the deleted source events', async () => {
    const created = await create('acme', { name: 'Shop', type: 'shopify', secret: SECRETS.shopify });
    const url = pathOf(created.body.data.url);
    const signed = shopifyRequest({ webhookId: 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043' });
    expect((await t.post(url, signed.body, signed.headers)).status).toBe(200);
    expect((await t.api('DELETE', `/inbound-sources/${created.body.data.id}`, 'acme')).status).toBe(204);

    const deleted = await t.post(url, signed.body, signed.headers);
    const unknown = await t.post(`/webhooks/${newId('src')}`, signed.body, signed.headers);
    const malformed = await t.post('/webhooks/src_nope', signed.body, signed.headers);
    expect([deleted.status, unknown.status, malformed.status]).toEqual([404, 404, 404]);
    expect(deleted.body).toEqual(unknown.body);
    expect(malformed.body).toEqual(unknown.body);
    const kept = await t.api('GET', `/inbound-events?source=${created.body.data.id}`, 'acme');
    expect(kept.body.data).toEqual([
      expect.objectContaining({ type: 'orders/create', external_id: 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043' }),
    ]);
  });

  it('verifies Shopify (base64 HMAC of the body) and refuses a tampered body', async () => {
    const created = await create('acme', { name: 'Shop', type: 'shopify', secret: SECRETS.shopify });
    const url = pathOf(created.body.data.url);
    const signed = shopifyRequest({ webhookId: 'wh-1', topic: 'products/update' });
    const response = await t.post(url, signed.body, signed.headers);
    expect(response.status).toBe(200);
    expect((await t.post(url, signed.body.replace('jon', 'joe'), signed.headers)).status).toBe(401);
    const event = await t.api('GET', `/inbound-events/${response.body.id}`, 'acme');
    expect(event.body.data).toMatchObject({ type: 'products/update', external_id: 'wh-1' });
  });

  it("answers Slack's url_verification with its challenge, verifies v0 signatures within 5 minutes", async () => {
    const created = await create('acme', { name: 'Slack', type: 'slack', secret: SECRETS.slack });
    const url = pathOf(created.body.data.url);
    const challenge = slackRequest({
      at: t.clock.now(),
      payload: {
        token: 'x',
        challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
        type: 'url_verification',
      },
    });
    const answered = await t.post(url, challenge.body, challenge.headers);
    expect(answered).toEqual({
      status: 200,
      body: { challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' },
    });

    const payload = {
      type: 'event_callback',
      event_id: 'Ev08MFMKH6',
      event: { type: 'app_mention', text: 'hi' },
    };
    const signed = slackRequest({ at: t.clock.now(), payload });
    const stored = await t.post(url, signed.body, signed.headers);
    expect(stored.status).toBe(200);
    const event = await t.api('GET', `/inbound-events/${stored.body.id}`, 'acme');
    expect(event.body.data).toMatchObject({
      type: 'app_mention',
      external_id: 'Ev08MFMKH6',
      source_type: 'slack',
    });

    const stale = slackRequest({ at: new Date(t.clock.now().getTime() - 6 * 60 * 1000), payload });
    expect((await t.post(url, stale.body, stale.headers)).status).toBe(401);
    const forged = slackRequest({ at: t.clock.now(), payload, secret: 'another-signing-secret' });
    expect((await t.post(url, forged.body, forged.headers)).status).toBe(401);
  });

  it('generates (and shows once) secrets for GitHub and Standard Webhooks sources', async () => {
    const github = await create('acme', { name: 'Code', type: 'github' });
    expect(github.status).toBe(201);
    expect(github.body.secret).toEqual(expect.any(String));
    const push = await githubRequest({ secret: github.body.secret, delivery: 'gh-src-1' });
    expect((await t.post(pathOf(github.body.data.url), push.body, push.headers)).status).toBe(200);
    expect(
      (await t.api('GET', `/inbound-sources/${github.body.data.id}`, 'acme')).body.secret,
    ).toBeUndefined();

    const standard = await create(null, { name: 'Svix', type: 'standard_webhooks' });
    expect(standard.body.secret).toMatch(/^whsec_/);
    const signed = standardWebhooksRequest({ id: 'msg_1', at: t.clock.now(), secret: standard.body.secret });
    expect((await t.post(pathOf(standard.body.data.url), signed.body, signed.headers)).status).toBe(200);
  });

  it("limits a source's body to its own max_body_bytes (413), and refuses a bad limit", async () => {
    const created = await create('acme', {
      name: 'Small shop',
      type: 'shopify',
      secret: SECRETS.shopify,
      options: { max_body_bytes: 100 },
    });
    expect(created.status).toBe(201);
    const url = pathOf(created.body.data.url);
    const small = shopifyRequest({ webhookId: 'small-1', body: JSON.stringify({ id: 1 }) });
    expect((await t.post(url, small.body, small.headers)).status).toBe(200);
    const large = shopifyRequest({
      webhookId: 'large-1',
      body: JSON.stringify({ id: 2, note: 'x'.repeat(200) }),
    });
    const refused = await t.post(url, large.body, large.headers);
    expect(refused.status).toBe(413);
    const bad = await create('acme', { name: 'x', type: 'github', options: { max_body_bytes: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([expect.objectContaining({ field: 'options.max_body_bytes' })]);
  });

  it('verifies HubSpot v3 over the source URL', async () => {
    const created = await create('acme', { name: 'CRM', type: 'hubspot', secret: SECRETS.hubspot });
    const signed = hubspotRequest({ uri: created.body.data.url, at: t.clock.now() });
    const response = await t.post(pathOf(created.body.data.url), signed.body, signed.headers);
    expect(response.status).toBe(200);
    expect(response.body.duplicate).toBe(false);
  });
});
