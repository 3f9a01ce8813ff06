import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { InMemoryWebhooksStorage } from '@org/webhooks';
import { startDeliveryApp, type DeliveryApp } from './support/delivery-app.js';
import { ProtectedEndpoint, TokenServer } from './support/oauth2-servers.js';
import { startConnectProxy } from '../../common/test/support/connect-proxy.js';

// The `oauth2` field over HTTP (Express, or Fastify with TEST_HTTP_ADAPTER=fastify): checked at
// create/update, answered without its secret, used by pings; a real token server and endpoint on loopback.
const CLIENT_SECRET = 'cs_api_secret_0123456789';

describe('oauth2 over the subscriptions API', () => {
  let app: DeliveryApp;
  let tokens: TokenServer;
  let endpoint: ProtectedEndpoint;

  beforeAll(async () => {
    tokens = await new TokenServer('api-client', CLIENT_SECRET).start();
    endpoint = await new ProtectedEndpoint(tokens).start();
    app = await startDeliveryApp(new InMemoryWebhooksStorage());
  });
  afterAll(async () => {
    await app?.close();
    await endpoint.stop();
    await tokens.stop();
  });

  const oauth2 = () => ({
    token_url: tokens.url,
    client_id: 'api-client',
    client_secret: CLIENT_SECRET,
    scope: 'webhooks:receive',
  });

  it('creates a subscription with oauth2, answers it without the secret and pings with a Bearer token', async () => {
    const created = await app
      .as(null)
      .post('/api/webhooks')
      .send({ name: 'secured', url: endpoint.url, oauth2: oauth2() })
      .expect(201);
    const id = created.body.data.id as string;
    const answered = {
      token_url: tokens.url,
      client_id: 'api-client',
      scope: 'webhooks:receive',
      audience: null,
    };
    expect(created.body.data.oauth2).toEqual(answered);
    expect((await app.as(null).get(`/api/webhooks/${id}`).expect(200)).body.data.oauth2).toEqual(answered);
    const listed = await app.as(null).get('/api/webhooks').expect(200);
    for (const body of [created.body, listed.body]) expect(JSON.stringify(body)).not.toContain(CLIENT_SECRET);

    const ping = await app.as(null).post(`/api/webhooks/${id}/ping`).send({}).expect(200);
    expect(ping.body.data.http_status).toBe(204);
    expect(endpoint.requests).toEqual([{ token: 'tok-1', status: 204 }]);
    const detail = (
      await app.as(null).get(`/api/webhooks/${id}/deliveries/${ping.body.data.delivery_id}`).expect(200)
    ).body.data;
    expect(detail.request_headers.authorization).toBe('[redacted]');
    expect(JSON.stringify(detail)).not.toContain('tok-1');

    // Updating without client_secret keeps the stored one (and its cached token).
    const renamed = await app
      .as(null)
      .patch(`/api/webhooks/${id}`)
      .send({ oauth2: { token_url: tokens.url, client_id: 'api-client', scope: 'webhooks:receive' } })
      .expect(200);
    expect(renamed.body.data.oauth2).toEqual(answered);
    await app.as(null).post(`/api/webhooks/${id}/ping`).send({}).expect(200);
    expect(tokens.requests).toHaveLength(1);

    // `null` removes it: the next ping carries no token, and the endpoint refuses it.
    const removed = await app.as(null).patch(`/api/webhooks/${id}`).send({ oauth2: null }).expect(200);
    expect(removed.body.data.oauth2).toBeNull();
    const refused = await app.as(null).post(`/api/webhooks/${id}/ping`).send({}).expect(502);
    expect(refused.body.data.http_status).toBe(401);
    expect(endpoint.requests.at(-1)).toEqual({ token: null, status: 401 });

    // Without OAuth2 stored, an update must bring the secret.
    const noSecret = await app
      .as(null)
      .patch(`/api/webhooks/${id}`)
      .send({ oauth2: { token_url: tokens.url, client_id: 'api-client' } })
      .expect(400);
    expect(noSecret.body.error.code).toBe('validation_failed');
    expect(noSecret.body.error.details.map((detail: { field: string }) => detail.field)).toEqual([
      'oauth2.client_secret',
    ]);
  });

  it('answers a failed token request on ping as oauth2_token, sending nothing to the endpoint', async () => {
    const created = await app
      .as(null)
      .post('/api/webhooks')
      .send({ name: 'wrong secret', url: endpoint.url, oauth2: { ...oauth2(), client_secret: 'not-it' } })
      .expect(201);
    const before = endpoint.requests.length;
    const ping = await app.as(null).post(`/api/webhooks/${created.body.data.id}/ping`).send({}).expect(502);
    expect(ping.body.error.details[0].message).toBe(
      'OAuth2 token endpoint answered HTTP 401: invalid_client',
    );
    const detail = (
      await app
        .as(null)
        .get(`/api/webhooks/${created.body.data.id}/deliveries/${ping.body.data.delivery_id}`)
        .expect(200)
    ).body.data;
    expect(detail.error_class).toBe('oauth2_token');
    expect(endpoint.requests).toHaveLength(before);
  });

  it('refuses a blocked token URL and a malformed oauth2, naming every bad field', async () => {
    const blocked = await app
      .as(null)
      .post('/api/webhooks')
      .send({ url: endpoint.url, oauth2: { ...oauth2(), token_url: 'http://169.254.169.254/latest/token' } })
      .expect(400);
    expect(blocked.body.error.code).toBe('validation_failed');
    expect(blocked.body.error.details).toEqual([
      { field: 'oauth2.token_url', message: expect.stringContaining('169.254.169.254') },
    ]);

    const malformed = await app
      .as(null)
      .post('/api/webhooks')
      .send({
        url: endpoint.url,
        oauth2: { token_url: 'not a url', client_id: 'bad\nid', scope: 'two  spaces', extra: 1 },
      })
      .expect(400);
    const fields = [
      ...new Set(malformed.body.error.details.map((detail: { field: string }) => detail.field)),
    ];
    expect(fields.sort()).toEqual([
      'oauth2.client_id',
      'oauth2.client_secret',
      'oauth2.extra',
      'oauth2.scope',
      'oauth2.token_url',
    ]);
    expect(JSON.stringify(malformed.body)).not.toContain(CLIENT_SECRET);
  });

  it('requests the token through the egress proxy too', async () => {
    const egress = await startConnectProxy();
    const proxied = await startDeliveryApp(new InMemoryWebhooksStorage(), { egressProxy: egress.url });
    try {
      const created = await proxied
        .as(null)
        .post('/api/webhooks')
        .send({ name: 'proxied', url: endpoint.url, oauth2: oauth2() })
        .expect(201);
      const ping = await proxied
        .as(null)
        .post(`/api/webhooks/${created.body.data.id}/ping`)
        .send({})
        .expect(200);
      expect(ping.body.data.http_status).toBe(204);
      const targets = new Set(egress.requests.map((request) => request.target));
      expect(targets).toEqual(new Set([new URL(tokens.url).host, new URL(endpoint.url).host]));
    } finally {
      await proxied.close();
      await egress.close();
    }
  });
});
