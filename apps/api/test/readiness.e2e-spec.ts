import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase } from '@org/dev-db';
import { INGEST_SECRETS, KEYS, startTestApp, type TestApp } from './app-harness.js';
import { setDatabaseReachable } from './support/database-access.js';
import { call, client, eventually } from './support/http.js';
import { startGatedEndpoint, type GatedEndpoint } from './support/metrics.js';
import { exitOf, freePort, runMain, type MainProcess } from './support/run-main.js';
import { sendStripe, sendStripeTo, stripeEvent } from './support/senders.js';

describe('readiness under a database that stops answering', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await setDatabaseReachable(t.databaseUrl, true);
    await t.close();
  });

  it('is ready while the database answers; liveness and the old /api/health answer too', async () => {
    const ready = await call(t, 'GET', '/api/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, lifecycle: { status: 'up' } },
    });
    expect((await call(t, 'GET', '/api/health/live')).status).toBe(200);
    expect((await call(t, 'GET', '/api/health')).body).toEqual({ status: 'ok', database: 'up' });
  });

  it('answers 503 on ready (live stays 200), and ingest answers 503 with Retry-After, until it is back', async () => {
    // A source created over the API and not called yet: its first request must read the database.
    const sourceSecret = 'whsec_readiness_source_secret_0001';
    const created = await call(t, 'POST', '/api/inbound-sources', {
      key: KEYS.acme,
      json: { name: 'Acme Stripe', type: 'stripe', secret: sourceSecret },
    });
    expect(created.status).toBe(201);
    const sendToSource = (event: object) =>
      sendStripeTo(t, new URL(created.body.data.url).pathname, event, sourceSecret);

    await setDatabaseReachable(t.databaseUrl, false);
    const ready = await eventually('ready to fail', async () => {
      const response = await call(t, 'GET', '/api/health/ready');
      return response.status === 503 ? response : null;
    });
    expect(ready.body.error).toMatchObject({
      code: 'not_ready',
      details: [expect.objectContaining({ field: 'database' })],
    });
    // Liveness checks nothing external: an outage must not get the process restarted.
    expect((await call(t, 'GET', '/api/health/live')).status).toBe(200);

    // A verified webhook that cannot be stored is a temporary refusal, so Stripe retries it later.
    const event = stripeEvent('customer.created', { email: 'ada@example.com' });
    const refused = await sendStripe(t, event);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(refused.body.error.code).toBe('storage_unavailable');
    const metrics = await call(t, 'GET', '/metrics', { key: KEYS.admin, bearer: true });
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('ingest_requests_total{source="stripe",result="unavailable"} 1');
    // Nor can the source be looked up: the same temporary refusal, not a 404 that would tell Stripe
    // the endpoint is gone, nor a 500.
    const sourceEvent = stripeEvent('customer.created', { email: 'grace@example.com' });
    const unreadable = await sendToSource(sourceEvent);
    expect(unreadable.status).toBe(503);
    expect(unreadable.headers.get('retry-after')).toBe('5');
    expect(unreadable.body.error.code).toBe('storage_unavailable');

    await setDatabaseReachable(t.databaseUrl, true);
    await eventually('ready again', async () => (await call(t, 'GET', '/api/health/ready')).status === 200);
    expect((await sendStripe(t, event)).body).toMatchObject({ received: true, duplicate: false });
    expect((await sendToSource(sourceEvent)).body).toMatchObject({ received: true, duplicate: false });
  }, 30_000);
});

/** pino's numeric levels. */
const DEBUG = 20;
const INFO = 30;
const WARN = 40;

describe('the real entry point (src/main.ts): JSON logs, and draining after SIGTERM', () => {
  const SUBSCRIPTION_SECRET = 'whsec_log_test_subscription_secret_0123';
  const BODY_MARKER = 'body-marker-never-logged';
  const BODY_EMAIL = `${BODY_MARKER}@example.com`;
  let database: { url: string; drop: () => Promise<void> };
  let dataDir: string;
  let endpoint: GatedEndpoint;
  let main: MainProcess;
  let port: number;
  const app = () => ({ baseUrl: `http://127.0.0.1:${port}` }) as TestApp;
  /** The JSON lines printed so far. */
  const jsonLines = (): Record<string, unknown>[] =>
    main
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  beforeAll(async () => {
    [database, endpoint, port] = await Promise.all([createTestDatabase(), startGatedEndpoint(), freePort()]);
    dataDir = mkdtempSync(join(tmpdir(), 'api-readiness-e2e-'));
    main = runMain({
      DATABASE_URL: database.url,
      WEBHOOKS_DATA_DIR: dataDir,
      WEBHOOKS_API_KEYS: KEYS.admin,
      WEBHOOKS_SECRET_KEY: randomBytes(32).toString('base64'),
      WEBHOOKS_ALLOW_PRIVATE_URLS: 'true',
      STRIPE_WEBHOOK_SECRET: INGEST_SECRETS.stripe,
      LOG_FORMAT: 'json',
      // Every line is written, so each one's level can be checked.
      LOG_LEVEL: 'debug',
      PORT: String(port),
    });
    await main.waitForOutput(`API on http://localhost:${port}/api`, 45_000);
  }, 60_000);
  afterAll(async () => {
    main.kill('SIGKILL');
    await main.exited;
    await endpoint.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs JSON lines with ids and no secrets or bodies: per-event successes at debug, failures and management calls at info and above', async () => {
    const admin = client(app(), KEYS.admin);
    const created = await admin.post('/api/webhooks', {
      name: 'Logged',
      url: endpoint.url,
      secret: SUBSCRIPTION_SECRET,
      event_types: ['contact.created'],
    });
    expect(created.status).toBe(201);
    // Nothing listens there: each attempt is refused, and retried later.
    const refusing = await admin.post('/api/webhooks', {
      name: 'Refusing',
      url: `http://127.0.0.1:${await freePort()}/hook`,
      event_types: ['contact.updated'],
    });
    expect(refusing.status).toBe(201);
    endpoint.release();
    const published = await admin.post('/api/events', {
      type: 'contact.created',
      data: { note: BODY_MARKER },
    });
    expect(published.status).toBe(201);
    const eventId = published.body.data.id as string;
    const failing = await admin.post('/api/events', { type: 'contact.updated', data: { id: 'con_1' } });
    expect(failing.status).toBe(201);
    const refusedPublish = await admin.post('/api/events', { type: 'Not A Type', data: {} });
    expect(refusedPublish.status).toBe(400);
    const inbound = await sendStripe(app(), stripeEvent('customer.created', { email: BODY_EMAIL }));
    expect(inbound.status).toBe(200);
    const refused = await sendStripe(app(), stripeEvent('customer.created', {}), 'whsec_wrong_secret_000');
    expect(refused.status).toBe(401);

    const delivered = await eventually('the delivery logged', async () =>
      jsonLines().find((line) => line.msg === 'delivery success'),
    );
    expect(delivered).toMatchObject({
      level: DEBUG,
      context: 'WebhooksDelivery',
      event_id: eventId,
      event_type: 'contact.created',
      subscription_id: created.body.data.id,
      delivery_id: expect.stringMatching(/^whd_/),
      attempt: 1,
      http_status: 200,
    });
    const retrying = await eventually('the refused attempt logged', async () =>
      jsonLines().find((line) => line.msg === 'delivery retrying'),
    );
    expect(retrying).toMatchObject({
      level: WARN,
      event_id: failing.body.data.id,
      subscription_id: refusing.body.data.id,
    });
    // An answer can reach the test before its log line has crossed the pipe: each line is awaited.
    const accepted = await eventually('the accepted webhook logged', async () =>
      jsonLines().find((line) => line.msg === 'inbound webhook accepted'),
    );
    expect(accepted).toMatchObject({
      level: DEBUG,
      source: 'stripe',
      result: 'accepted',
      status: 200,
      ids: [inbound.body.id],
    });
    const invalid = await eventually('the refused webhook logged', async () =>
      jsonLines().find((line) => line.msg === 'inbound webhook invalid_signature'),
    );
    expect(invalid).toMatchObject({
      level: WARN,
      source: 'stripe',
      status: 401,
    });
    // Access lines: method, URL, status, never headers. A success of a per-event route (publish,
    // inbound webhook) is at debug; management calls and every refusal at info.
    const expectedAccess = [
      `POST /api/webhooks 201 ${INFO}`,
      `POST /api/events 201 ${DEBUG}`,
      `POST /api/events 400 ${INFO}`,
      `POST /api/webhooks/stripe 200 ${DEBUG}`,
      `POST /api/webhooks/stripe 401 ${INFO}`,
    ];
    const accessLines = () =>
      jsonLines()
        .filter((line) => line.req !== undefined && line.res !== undefined)
        .map((line) => {
          const { method, url } = line.req as { method: string; url: string };
          return `${method} ${url} ${(line.res as { statusCode: number }).statusCode} ${String(line.level)}`;
        });
    // Waits for every line expected; on a timeout the assertion below names the ones missing.
    await eventually('the access lines logged', async () =>
      expectedAccess.every((line) => accessLines().includes(line)),
    ).catch(() => undefined);
    const accessLevels = accessLines();
    expect(accessLevels).toEqual(expect.arrayContaining(expectedAccess));
    expect(accessLevels).not.toContain(`POST /api/events 201 ${INFO}`);
    expect(accessLevels).not.toContain(`POST /api/webhooks/stripe 200 ${INFO}`);
    // So at the default level (info) a published and delivered event, and a webhook taken in, write
    // no line at all; a failure does.
    const infoOrAbove = jsonLines().filter((line) => (line.level as number) >= INFO);
    expect(infoOrAbove.filter((line) => line.event_id === eventId)).toEqual([]);
    expect(infoOrAbove.filter((line) => line.msg === 'inbound webhook accepted')).toEqual([]);
    expect(infoOrAbove.some((line) => line.event_id === failing.body.data.id)).toBe(true);

    const output = main.output();
    for (const secret of [SUBSCRIPTION_SECRET, INGEST_SECRETS.stripe, KEYS.admin, BODY_MARKER, 't=', 'v1=']) {
      expect({ secret, found: output.includes(secret) }).toEqual({ secret, found: false });
    }
  }, 30_000);

  it('answers 503 on ready while it drains in-flight deliveries after SIGTERM, then exits 0', async () => {
    const before = await call(app(), 'GET', '/api/health/ready');
    expect({ status: before.status, body: before.body }).toMatchObject({ status: 200 });
    const admin = client(app(), KEYS.admin);
    // A delivery that stays in flight until released: the drain must wait for it.
    const slow = await startGatedEndpoint();
    try {
      await admin.post('/api/webhooks', { name: 'Slow', url: slow.url, event_types: ['deal.won'] });
      await admin.post('/api/events', { type: 'deal.won', data: { id: 'deal_1' } });
      await eventually('the delivery in flight', async () => slow.held() === 1);

      main.kill('SIGTERM');
      const draining = await eventually('ready to answer 503', async () => {
        const response = await call(app(), 'GET', '/api/health/ready');
        return response.status === 503 ? response : null;
      });
      expect(draining.body.error.details).toEqual([
        expect.objectContaining({ field: 'lifecycle', message: 'draining' }),
      ]);
      // Still serving while it drains: the load balancer moves on, callers in flight are answered.
      expect((await admin.get('/api/webhooks')).status).toBe(200);

      slow.release();
      expect(await exitOf(main)).toBe(0);
      expect(
        jsonLines().some((line) => line.msg === 'delivery success' && line.event_type === 'deal.won'),
      ).toBe(true);
    } finally {
      await slow.close();
    }
  }, 60_000);
});
