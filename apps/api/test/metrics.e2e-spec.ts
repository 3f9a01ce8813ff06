import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createReceiver, type Receiver } from '@org/receiver';
import { KEYS, startTestApp, type TestApp } from './app-harness.js';
import { call, client, eventually } from './support/http.js';
import { sample, startGatedEndpoint, type GatedEndpoint } from './support/metrics.js';
import { freePort } from './support/run-main.js';
import { sendStripe, stripeEvent } from './support/senders.js';

const scrape = async (t: TestApp): Promise<string> => {
  const response = await call(t, 'GET', '/metrics', { key: KEYS.admin, bearer: true });
  expect(response.status).toBe(200);
  return response.text;
};

describe('GET /metrics on the host app', () => {
  let t: TestApp;
  let receiver: Receiver;
  let admin: ReturnType<typeof client>;

  beforeAll(async () => {
    [t, receiver] = await Promise.all([
      startTestApp(),
      createReceiver({
        respond: (request) => (request.path.startsWith('/fail') ? { status: 500 } : undefined),
      }),
    ]);
    admin = client(t, KEYS.admin);
  });
  afterAll(async () => {
    await Promise.all([t.close(), receiver.close()]);
  });

  it('needs an API key bound to no workspace, sent as a bearer token as Prometheus does', async () => {
    expect((await call(t, 'GET', '/metrics')).status).toBe(401);
    const scoped = await call(t, 'GET', '/metrics', { key: KEYS.acme, bearer: true });
    expect(scoped.status).toBe(403);
    expect(scoped.body.error.code).toBe('forbidden');
    const response = await call(t, 'GET', '/metrics', { key: KEYS.admin, bearer: true });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    // Node's default process metrics are served beside the libraries'.
    expect(response.text).toContain('process_cpu_user_seconds_total');
    expect(response.text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('counts publishes, attempts by outcome and status class, durations and inbound requests', async () => {
    const ok = await admin.post('/api/webhooks', {
      name: 'Healthy',
      url: receiver.url,
      event_types: ['contact.created'],
    });
    const failing = await admin.post('/api/webhooks', {
      name: 'Broken',
      url: receiver.url.replace('/webhooks', '/fail'),
      event_types: ['contact.created'],
    });
    expect([ok.status, failing.status]).toEqual([201, 201]);
    for (const n of [1, 2, 3]) {
      const published = await admin.post('/api/events', {
        type: 'contact.created',
        data: { id: `con_${n}` },
        idempotency_key: `metrics-${n}`,
      });
      expect(published.status).toBe(201);
    }
    // An idempotent repeat stores nothing and is not counted.
    await admin.post('/api/events', {
      type: 'contact.created',
      data: { id: 'con_1' },
      idempotency_key: 'metrics-1',
    });

    const event = stripeEvent('customer.created', { email: 'ada@example.com' });
    expect((await sendStripe(t, event)).status).toBe(200);
    expect((await sendStripe(t, event)).status).toBe(200);
    expect((await sendStripe(t, stripeEvent('customer.created', {}), 'whsec_not_the_secret')).status).toBe(
      401,
    );
    expect((await call(t, 'POST', '/api/webhooks/nope', { json: {} })).status).toBe(404);

    // 3 successes; the broken endpoint fails each event twice (schedule 0,200ms): 3 retrying, 3 failed.
    const text = await eventually(
      'every attempt counted',
      async () => {
        const body = await scrape(t);
        return sample(body, 'webhooks_deliveries_total', { outcome: 'failed', status_class: '5xx' }) === 3
          ? body
          : null;
      },
      15_000,
    );
    expect(sample(text, 'webhooks_events_published_total')).toBe(3);
    expect(sample(text, 'webhooks_deliveries_total', { outcome: 'success', status_class: '2xx' })).toBe(3);
    expect(sample(text, 'webhooks_deliveries_total', { outcome: 'retrying', status_class: '5xx' })).toBe(3);
    expect(sample(text, 'webhooks_delivery_duration_seconds_count', { outcome: 'success' })).toBe(3);
    expect(sample(text, 'webhooks_delivery_duration_seconds_count', { outcome: 'failed' })).toBe(3);
    expect(
      sample(text, 'webhooks_delivery_duration_seconds_bucket', { outcome: 'success', le: '+Inf' }),
    ).toBe(3);
    expect(sample(text, 'ingest_requests_total', { source: 'stripe', result: 'accepted' })).toBe(1);
    expect(sample(text, 'ingest_requests_total', { source: 'stripe', result: 'duplicate' })).toBe(1);
    expect(sample(text, 'ingest_requests_total', { source: 'stripe', result: 'invalid_signature' })).toBe(1);
    // An unconfigured source name never becomes a label value of its own.
    expect(sample(text, 'ingest_requests_total', { source: 'unknown', result: 'unknown_source' })).toBe(1);
    expect(text).not.toContain('source="nope"');
    // No label carries an id.
    expect(text).not.toMatch(/(whk|evt|whd|iev)_[0-9A-Z]{10}/);

    const handled = await eventually('the inbound event handled', async () => {
      const body = await scrape(t);
      return sample(body, 'ingest_handler_runs_total', { source: 'stripe', outcome: 'success' }) === 1;
    });
    expect(handled).toBe(true);
    expect(sample(text, 'webhooks_subscriptions', { status: 'active' })).toBe(2);
    // The gauge reads the database, where the outcome recorder's batch may land just after the
    // in-process counters moved (seen on a loaded machine): it reaches 0 once every outcome is stored.
    const drained = await eventually('no delivery left pending in the database', async () => {
      return sample(await scrape(t), 'webhooks_deliveries_pending') === 0;
    });
    expect(drained).toBe(true);
  }, 30_000);
});

describe('backlog gauges across two instances on one database', () => {
  let worker: TestApp;
  let apiOnly: TestApp;
  let endpoint: GatedEndpoint;

  beforeAll(async () => {
    endpoint = await startGatedEndpoint();
    // One secret key, as instances of one deployment share it.
    const WEBHOOKS_SECRET_KEY = randomBytes(32).toString('base64');
    worker = await startTestApp({ WEBHOOKS_SECRET_KEY, WEBHOOKS_RETRY_SCHEDULE: '0,1h' });
    apiOnly = await startTestApp(
      { WEBHOOKS_SECRET_KEY, WEBHOOKS_WORKER: 'false' },
      { databaseUrl: worker.databaseUrl },
    );
  });
  afterAll(async () => {
    await endpoint.close();
    await apiOnly.close();
    await worker.close();
  });

  it('both report the same pending count, oldest age and subscription counts, read from the database', async () => {
    const admin = client(apiOnly, KEYS.admin);
    const held = await admin.post('/api/webhooks', {
      name: 'Held',
      url: endpoint.url,
      event_types: ['deal.*'],
    });
    const paused = await admin.post('/api/webhooks', {
      name: 'Paused',
      url: endpoint.url,
      event_types: ['contact.created'],
    });
    expect((await admin.patch(`/api/webhooks/${paused.body.data.id}`, { status: 'paused' })).status).toBe(
      200,
    );
    expect(held.status).toBe(201);
    for (const n of [1, 2, 3]) {
      expect((await admin.post('/api/events', { type: 'deal.won', data: { n } })).status).toBe(201);
    }
    // The worker instance took all three; the endpoint holds them, so they stay pending and due.
    await eventually('three requests held', async () => endpoint.held() === 3);

    for (const instance of [worker, apiOnly]) {
      const text = await scrape(instance);
      expect(sample(text, 'webhooks_deliveries_pending')).toBe(3);
      expect(sample(text, 'webhooks_oldest_pending_delivery_age_seconds')).toBeGreaterThan(0);
      expect(sample(text, 'webhooks_subscriptions', { status: 'active' })).toBe(1);
      expect(sample(text, 'webhooks_subscriptions', { status: 'paused' })).toBe(1);
      expect(sample(text, 'webhooks_subscriptions', { status: 'disabled' })).toBe(0);
    }
    // Only the instance that published counts the publishes; only the worker counts attempts.
    expect(sample(await scrape(apiOnly), 'webhooks_events_published_total')).toBe(3);
    expect(sample(await scrape(worker), 'webhooks_events_published_total')).toBe(0);

    endpoint.release();
    for (const instance of [worker, apiOnly]) {
      await eventually(
        'the backlog drained',
        async () => {
          const text = await scrape(instance);
          return (
            sample(text, 'webhooks_deliveries_pending') === 0 &&
            sample(text, 'webhooks_oldest_pending_delivery_age_seconds') === 0
          );
        },
        10_000,
      );
    }
    const text = await scrape(worker);
    expect(sample(text, 'webhooks_deliveries_total', { outcome: 'success', status_class: '2xx' })).toBe(3);
  }, 30_000);
});

describe('the Grafana dashboard (ops/grafana/webhooks-dashboard.json)', () => {
  it('queries only metrics the app serves', async () => {
    const dashboard = readFileSync(
      join(import.meta.dirname, '..', '..', '..', 'ops', 'grafana', 'webhooks-dashboard.json'),
      'utf8',
    );
    const used = new Set(
      [...dashboard.matchAll(/\b((?:webhooks|ingest|process|nodejs)_[a-z0-9_]+)/g)].map(([, name]) =>
        name.replace(/_(bucket|count|sum)$/, ''),
      ),
    );
    expect(used.size).toBeGreaterThan(8);
    const t = await startTestApp();
    try {
      const text = await scrape(t);
      const served = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map(([, name]) => name));
      expect([...used].filter((name) => !served.has(name))).toEqual([]);
    } finally {
      await t.close();
    }
  });
});

describe('METRICS_PORT', () => {
  it('serves /metrics on its own port without a key, and still on the API port with one', async () => {
    const port = await freePort();
    const t = await startTestApp({ METRICS_PORT: String(port) });
    try {
      const response = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(sample(text, 'webhooks_deliveries_pending')).toBe(0);
      expect(text).toContain('ingest_requests_total');
      expect((await fetch(`http://127.0.0.1:${port}/api/webhooks`)).status).toBe(404);
      expect((await call(t, 'GET', '/metrics', { key: KEYS.admin, bearer: true })).status).toBe(200);
    } finally {
      await t.close();
    }
    // Closed with the app.
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });
});
