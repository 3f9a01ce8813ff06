import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ManualClock } from '@org/common';
import type { MikroORM } from '@mikro-orm/postgresql';
import {
  InMemoryWebhooksStorage,
  SubscriptionsService,
  WebhooksService,
  type WebhooksStorage,
} from '@org/webhooks';
import { MikroOrmWebhooksStorage } from '@org/webhooks/mikro-orm';
import { WebhooksTestbed, WebhooksTestingModule } from '@org/webhooks/testing';
import { DeliveryLog } from '../src/storage/delivery-log.interface.js';
import { PingService } from '../src/delivery-api/ping.service.js';
import { EndpointSender } from '../src/delivery/endpoint.sender.js';
import { createHttpAdapter, testHttpAdapter } from '../../common/test/support/http-platform.js';
import { createMigratedTestOrm, runSql, type TestOrm } from './support/pg-test-orm.js';
import { openSecondOrm } from './support/second-orm.js';
import { ProtectedEndpoint, TokenServer } from './support/oauth2-servers.js';

// OAuth2 client credentials end to end on real parts: a token server and an endpoint that checks the
// bearer token, both on loopback; the engine driven by the test bed (drain/advance), no waits.
const CLIENT_ID = 'webhooks sender'; // a space: Basic auth form-urlencodes it (RFC 6749 §2.3.1)
const CLIENT_SECRET = 'cs:first/secret+1';
const SECRET_KEY = Buffer.alloc(32, 9).toString('base64');
// Opted into the network so the test kit lets the token request reach the guarded transport.
const METADATA_ORIGIN = 'http://169.254.169.254';
const eventTypes = [{ name: 'order.paid', description: 'An order was paid.' }];

interface Instance {
  app: INestApplication;
  testbed: WebhooksTestbed;
  webhooks: WebhooksService;
  subscriptions: SubscriptionsService;
  logged(
    subscriptionId: string,
  ): Promise<{ errorClass: string | null; error: string | null; status: string }[]>;
}

async function startInstance(
  storage: WebhooksStorage,
  clock: ManualClock,
  network: string[],
): Promise<Instance> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      WebhooksTestingModule.forRoot({
        eventTypes,
        storage,
        clock,
        secretKey: SECRET_KEY,
        allowPrivateUrls: true,
        network,
        retrySchedule: [0, 60_000, 600_000],
        retryJitter: 0,
        // Small batches, so two instances both take part from the first claim on.
        worker: { batchSize: 5, concurrency: 5 },
      }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication(createHttpAdapter(testHttpAdapter()), { logger: false });
  await app.init();
  const log = app.get<DeliveryLog>(DeliveryLog);
  return {
    app,
    testbed: app.get(WebhooksTestbed),
    webhooks: app.get(WebhooksService),
    subscriptions: app.get(SubscriptionsService),
    logged: async (subscriptionId) =>
      (await log.listDeliveries({ scope: null, subscriptionId, limit: 100 })).reverse(),
  };
}

type StorageCase = {
  name: string;
  open(): Promise<{
    storages: [WebhooksStorage, WebhooksStorage];
    db: TestOrm | null;
    close(): Promise<void>;
  }>;
};

const storages: StorageCase[] = [
  {
    name: 'in-memory',
    async open() {
      const storage = new InMemoryWebhooksStorage();
      // Two instances share rows by sharing one storage object.
      return { storages: [storage, storage], db: null, close: async () => undefined };
    },
  },
  {
    name: 'PostgreSQL',
    async open() {
      const db = await createMigratedTestOrm();
      const second: MikroORM = await openSecondOrm(db.url);
      return {
        storages: [new MikroOrmWebhooksStorage(db.orm), new MikroOrmWebhooksStorage(second)],
        db,
        close: async () => {
          await second.close(true);
          await db.close();
        },
      };
    },
  },
];

describe.each(storages)('OAuth2 client credentials ($name storage)', (storageCase) => {
  let opened: Awaited<ReturnType<StorageCase['open']>>;
  let tokens: TokenServer;
  let endpoint: ProtectedEndpoint;
  let clock: ManualClock;
  let first: Instance;
  let second: Instance | null = null;

  beforeAll(async () => {
    opened = await storageCase.open();
  });
  afterAll(async () => {
    await opened?.close();
  });
  beforeEach(async () => {
    tokens = await new TokenServer(CLIENT_ID, CLIENT_SECRET).start();
    endpoint = await new ProtectedEndpoint(tokens).start();
    clock = new ManualClock(new Date('2026-06-01T00:00:00Z'));
    first = await startInstance(opened.storages[0], clock, [tokens.origin, endpoint.origin, METADATA_ORIGIN]);
  });
  afterEach(async () => {
    // The storage outlives the test: its subscriptions (and their queues) go with it.
    const { data } = await first.subscriptions.list({ scope: null, limit: 100 });
    for (const subscription of data) await first.subscriptions.delete(subscription.id, null);
    await first?.app.close();
    await second?.app.close();
    second = null;
    await endpoint.stop();
    await tokens.stop();
  });

  const subscribe = async (instance: Instance) =>
    (
      await instance.subscriptions.create(
        {
          name: 'orders',
          url: endpoint.url,
          eventTypes: ['order.paid'],
          oauth2: {
            tokenUrl: tokens.url,
            clientId: CLIENT_ID,
            clientSecret: CLIENT_SECRET,
            scope: 'webhooks:receive orders:read',
            audience: 'https://api.example.test',
          },
        },
        null,
      )
    ).subscription.id;

  it('fetches one token for many deliveries and sends it as a Bearer token', async () => {
    await subscribe(first);
    for (let i = 0; i < 5; i++) await first.webhooks.publish('order.paid', { i });
    const report = await first.testbed.drain();

    expect(report.delivered).toHaveLength(5);
    expect(tokens.requests).toHaveLength(1);
    const [request] = tokens.requests;
    expect(request.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(request.form).toEqual({
      grant_type: 'client_credentials',
      scope: 'webhooks:receive orders:read',
      audience: 'https://api.example.test',
    });
    // The secret travels only in the Basic header, form-urlencoded then base64.
    const basic = Buffer.from(`webhooks+sender:${encodeURIComponent(CLIENT_SECRET)}`).toString('base64');
    expect(request.authorization).toBe(`Basic ${basic}`);
    expect(endpoint.requests.map((seen) => [seen.token, seen.status])).toEqual(
      Array.from({ length: 5 }, () => ['tok-1', 204]),
    );
    // What the test kit shows was sent carries the token; the delivery log keeps it redacted.
    expect(report.delivered[0].headers.authorization).toBe('Bearer tok-1');
  });

  it('makes no call an attempt has no time left for: its token requests and sends share the lease', async () => {
    const id = await subscribe(first);
    const subscription = await first.subscriptions.get(id, null);
    const result = await first.app.get(EndpointSender).send(
      { url: endpoint.url, body: '{}', headers: {} },
      {
        subscriptionId: id,
        eventId: 'evt_x',
        eventType: 'order.paid',
        attempt: 1,
        deliveryId: null,
        secrets: [],
      },
      subscription,
      0,
    );
    expect(result).toMatchObject({ ok: false, errorCode: 'timeout', httpStatus: null });
    expect(tokens.requests).toHaveLength(0);
    expect(endpoint.requests).toHaveLength(0);
  });

  it('uses the token until shortly before it expires, then fetches one more', async () => {
    tokens.expiresIn = 600; // renewed 60 s before expiry (10 % of 600 s)
    await subscribe(first);
    await first.webhooks.publish('order.paid', { i: 1 });
    await first.testbed.drain();
    await first.testbed.advance(539_000);
    await first.webhooks.publish('order.paid', { i: 2 });
    await first.testbed.drain();
    expect(tokens.requests).toHaveLength(1);

    await first.testbed.advance(1_000); // 540 s: inside the renewal margin
    await first.webhooks.publish('order.paid', { i: 3 });
    await first.webhooks.publish('order.paid', { i: 4 });
    await first.testbed.drain();
    expect(tokens.requests).toHaveLength(2);
    expect(endpoint.requests.map((seen) => seen.token)).toEqual(['tok-1', 'tok-1', 'tok-2', 'tok-2']);
  });

  it('takes a token without expires_in for one hour, and refuses a token that is not Bearer', async () => {
    tokens.expiresIn = null;
    await subscribe(first);
    await first.webhooks.publish('order.paid', { i: 1 });
    await first.testbed.drain();
    await first.testbed.advance(3_539_000); // renewed 60 s before the assumed hour
    await first.webhooks.publish('order.paid', { i: 2 });
    await first.testbed.drain();
    expect(tokens.requests).toHaveLength(1);

    await first.testbed.advance(1_000);
    tokens.tokenType = 'DPoP';
    await first.webhooks.publish('order.paid', { i: 3 });
    const refused = await first.testbed.drain();
    expect(refused.failed[0].error).toBe(
      'OAuth2 token endpoint answer unusable: token_type dpop is not Bearer',
    );
    expect(endpoint.requests.map((seen) => seen.token)).toEqual(['tok-1', 'tok-1']);
  });

  it('after a 401 fetches a new token and sends once more; a second 401 fails the attempt', async () => {
    const id = await subscribe(first);
    await first.webhooks.publish('order.paid', { i: 1 });
    await first.testbed.drain();
    tokens.revokeAll(); // the authorization server rotated its keys
    await first.webhooks.publish('order.paid', { i: 2 });
    const renewed = await first.testbed.drain();
    expect(renewed.delivered).toHaveLength(1);
    expect(endpoint.requests.map((seen) => [seen.token, seen.status])).toEqual([
      ['tok-1', 204],
      ['tok-1', 401],
      ['tok-2', 204],
    ]);

    // An endpoint that refuses every token: one refresh, one retry, then the attempt fails (no loop).
    endpoint.requests.length = 0;
    const before = tokens.requests.length;
    endpoint.refuseAll = true;
    await first.webhooks.publish('order.paid', { i: 3 });
    const refused = await first.testbed.drain();
    expect(refused.failed).toHaveLength(1);
    expect(refused.failed[0].httpStatus).toBe(401);
    expect(endpoint.requests.map((seen) => seen.status)).toEqual([401, 401]);
    expect(tokens.requests.length - before).toBe(1);
    const rows = await first.logged(id);
    // The attempt records the final answer; its retry waits on the schedule.
    expect(rows.filter((row) => row.status === 'failed')).toEqual([
      expect.objectContaining({ errorClass: 'http_status', error: 'HTTP 401' }),
    ]);
  });

  it('fails the attempt as oauth2_token while the token endpoint is down, sends nothing, and retries on schedule', async () => {
    const id = await subscribe(first);
    await tokens.stop();
    await first.webhooks.publish('order.paid', { i: 1 });
    const down = await first.testbed.drain();
    expect(down.failed).toHaveLength(1);
    expect(down.failed[0].error).toMatch(/^OAuth2 token request failed: connection refused/);
    expect(down.retries).toHaveLength(1);
    expect(endpoint.requests).toEqual([]);

    await tokens.start(); // back on the same port
    tokens.mode = 'error_500';
    const failing = await first.testbed.advance(60_000);
    expect(failing.failed[0].error).toBe('OAuth2 token endpoint answered HTTP 500');

    tokens.mode = 'ok';
    const back = await first.testbed.advance(600_000);
    expect(back.delivered).toHaveLength(1);
    expect(endpoint.requests.map((seen) => seen.status)).toEqual([204]);
    const rows = await first.logged(id);
    expect(rows.map((row) => [row.status, row.errorClass])).toEqual([
      ['failed', 'oauth2_token'],
      ['failed', 'oauth2_token'],
      ['success', null],
    ]);
  });

  it('names the OAuth error code of a refusal and refuses an unusable answer', async () => {
    await subscribe(first);
    tokens.mode = 'invalid_client';
    await first.webhooks.publish('order.paid', { i: 1 });
    const refused = await first.testbed.drain();
    expect(refused.failed[0].error).toBe('OAuth2 token endpoint answered HTTP 401: invalid_client');

    tokens.mode = 'bad_json';
    const unusable = await first.testbed.advance(60_000);
    expect(unusable.failed[0].error).toMatch(/^OAuth2 token endpoint answer unusable: /);
    expect(endpoint.requests).toEqual([]);
  });

  it('fetches a new token when the client secret changes', async () => {
    const id = await subscribe(first);
    await first.webhooks.publish('order.paid', { i: 1 });
    await first.testbed.drain();
    tokens.clientSecret = 'cs-rotated-secret';
    await first.subscriptions.update(id, null, {
      oauth2: { tokenUrl: tokens.url, clientId: CLIENT_ID, clientSecret: 'cs-rotated-secret' },
    });
    await first.webhooks.publish('order.paid', { i: 2 });
    await first.testbed.drain();
    expect(tokens.requests).toHaveLength(2);
    expect(tokens.requests[1].form).toEqual({ grant_type: 'client_credentials' });
    expect(endpoint.requests.map((seen) => seen.token)).toEqual(['tok-1', 'tok-2']);
  });

  it('refuses a token URL that resolves to a blocked address at fetch time', async () => {
    // Allowed when stored (a name), refused at connect: `localhost` resolves to loopback, which a
    // module without private URLs refuses. This instance allows private URLs, so a link-local
    // literal stands in: the policy refuses it whatever the module allows.
    const id = await subscribe(first);
    const record = await first.subscriptions.get(id, null);
    const storage = opened.storages[0];
    await storage.subscriptions.updateSubscription(
      id,
      null,
      { oauth2: { ...record.oauth2!, tokenUrl: 'http://169.254.169.254/latest/token' } },
      clock.now(),
    );
    await first.webhooks.publish('order.paid', { i: 1 });
    const report = await first.testbed.drain();
    expect(report.failed[0].error).toBe(
      'OAuth2 token request failed: destination not allowed: the host is not, or does not resolve to, an address deliveries may use',
    );
    expect(endpoint.requests).toEqual([]);
  });

  it('pings with the same bearer token', async () => {
    const id = await subscribe(first);
    const outcome = await first.app.get(PingService).ping(id, null);
    expect(outcome.result.httpStatus).toBe(204);
    expect(endpoint.requests.map((seen) => seen.token)).toEqual(['tok-1']);
    expect(tokens.requests).toHaveLength(1);
  });

  it('shares one token between two instances delivering at once', async () => {
    second = await startInstance(opened.storages[1], clock, [tokens.origin, endpoint.origin]);
    await subscribe(first);
    for (let i = 0; i < 20; i++) await first.webhooks.publish('order.paid', { i });
    const [a, b] = await Promise.all([first.testbed.drain(), second.testbed.drain()]);

    expect(a.delivered.length + b.delivered.length).toBe(20);
    expect(a.delivered.length).toBeGreaterThan(0);
    expect(b.delivered.length).toBeGreaterThan(0);
    expect(tokens.requests).toHaveLength(1);
    expect(new Set(endpoint.requests.map((seen) => seen.token))).toEqual(new Set(['tok-1']));
  });

  it('keeps the client secret and the token out of stored rows in the clear', async () => {
    const id = await subscribe(first);
    await first.webhooks.publish('order.paid', { i: 1 });
    await first.testbed.drain();
    const rows = await first.logged(id);
    expect(JSON.stringify(rows)).not.toContain('tok-1');
    expect(JSON.stringify(rows)).not.toContain(CLIENT_SECRET);
    if (opened.db) {
      const dump = await runSql(
        opened.db.orm,
        `select (select json_agg(s) from webhook_subscription s)::text as subscriptions,
                (select json_agg(t) from webhook_oauth2_token t)::text as tokens,
                (select json_agg(d) from webhook_delivery d)::text as deliveries`,
      );
      const text = JSON.stringify(dump);
      expect(text).toContain(id);
      expect(text).not.toContain(CLIENT_SECRET);
      expect(text).not.toContain('tok-1');
    }
  });
});
