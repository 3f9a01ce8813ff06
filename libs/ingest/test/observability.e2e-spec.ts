import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { newId } from '@org/common';
import { IngestMetrics } from '../src/observability/ingest.metrics.js';
import { Registry } from 'prom-client';
import { RecordingHandlers } from './support/recording-handlers.js';
import { SECRETS, slackRequest, stripeRequest } from './support/signing.js';
import { startIngestApp, type IngestTestApp } from './support/test-app.js';
import { createTestStore, STORE_KINDS, type TestStore } from './support/test-stores.js';

const exporter = new InMemorySpanExporter();

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(
    new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
  );
});
afterAll(() => {
  trace.disable();
  context.disable();
});

describe.each(STORE_KINDS)('ingest metrics and traces (%s store)', (kind) => {
  let store: TestStore;
  let t: IngestTestApp;
  let handlers: RecordingHandlers;
  const registry = new Registry();
  const count = async (name: string, labels: Record<string, string>): Promise<number> => {
    const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
    const value = metric?.values.find((v) =>
      Object.entries(labels).every(([key, wanted]) => v.labels[key] === wanted),
    );
    return value?.value ?? 0;
  };

  beforeAll(async () => {
    store = await createTestStore(kind);
    t = await startIngestApp({
      store: store.store,
      providers: [RecordingHandlers],
      options: {
        sources: { stripe: { secrets: [SECRETS.stripe] } },
        maxBodyBytes: 2_048,
        retry: { attempts: 3, backoffMs: 1_000, backoffFactor: 2, maxBackoffMs: 60_000 },
        metricsRegistry: registry,
      },
    });
    handlers = t.app.get(RecordingHandlers);
  });
  afterAll(async () => {
    await t.close();
    await store.close();
  });

  it('counts each request by result, with only configured sources as label values', async () => {
    expect(t.app.get(IngestMetrics).registry).toBe(registry);
    const signed = stripeRequest({ id: 'evt_counted', at: t.clock.now() });
    expect((await t.post('/webhooks/stripe', signed.body, signed.headers)).status).toBe(200);
    expect((await t.post('/webhooks/stripe', signed.body, signed.headers)).status).toBe(200);
    const forged = stripeRequest({ id: 'evt_forged', at: t.clock.now(), secret: 'whsec_someone_else' });
    expect((await t.post('/webhooks/stripe', forged.body, forged.headers)).status).toBe(401);
    const big = stripeRequest({
      at: t.clock.now(),
      body: JSON.stringify({ id: 'evt_big', pad: 'x'.repeat(4_000) }),
    });
    expect((await t.post('/webhooks/stripe', big.body, big.headers)).status).toBe(413);
    expect((await t.post('/webhooks/stripe', 'a=b', { 'content-type': 'text/plain' })).status).toBe(415);
    const malformed = stripeRequest({ at: t.clock.now(), body: '{"object":"event"}' });
    expect((await t.post('/webhooks/stripe', malformed.body, malformed.headers)).status).toBe(400);
    expect(
      (await t.post('/webhooks/scanner-probe-123', '{}', { 'content-type': 'application/json' })).status,
    ).toBe(404);

    const results: Record<string, number> = {};
    for (const result of [
      'accepted',
      'duplicate',
      'invalid_signature',
      'too_large',
      'unsupported_media_type',
      'malformed',
    ])
      results[result] = await count('ingest_requests_total', { source: 'stripe', result });
    expect(results).toEqual({
      accepted: 1,
      duplicate: 1,
      invalid_signature: 1,
      too_large: 1,
      unsupported_media_type: 1,
      malformed: 1,
    });
    expect(await count('ingest_requests_total', { source: 'unknown', result: 'unknown_source' })).toBe(1);
    expect(await registry.metrics()).not.toContain('scanner-probe');
    // The accepted event is handled before the next case counts handler runs.
    await t.drain();
  });

  it('counts handler runs by outcome and continues the receive trace in each run', async () => {
    exporter.reset();
    const runs = (outcome: string) => count('ingest_handler_runs_total', { source: 'stripe', outcome });
    const [retryingBefore, successBefore] = [await runs('retrying'), await runs('success')];
    handlers.failures = 1;
    const signed = stripeRequest({ id: 'evt_traced', at: t.clock.now() });
    const received = await t.post('/webhooks/stripe', signed.body, signed.headers);
    expect(received.status).toBe(200);
    await t.drain();
    expect(await runs('retrying')).toBe(retryingBefore + 1);
    // The retry runs later (after a restart, it could be another process): same trace, from the store.
    t.clock.advance(1_000);
    await t.drain();
    expect(await runs('success')).toBe(successBefore + 1);

    const finished = exporter.getFinishedSpans();
    const [receive] = finished.filter((span) => span.name === 'ingest.receive');
    const handled = finished.filter((span) => span.name === 'ingest.handle');
    expect(receive.kind).toBe(SpanKind.SERVER);
    expect(receive.attributes).toMatchObject({
      'ingest.source': 'stripe',
      'ingest.event_ids': [received.body.id],
    });
    expect(handled.map((span) => span.attributes['ingest.outcome'])).toEqual(['retrying', 'success']);
    for (const run of handled) {
      expect(run.kind).toBe(SpanKind.CONSUMER);
      expect(run.spanContext().traceId).toBe(receive.spanContext().traceId);
      expect(run.parentSpanContext?.spanId).toBe(receive.spanContext().spanId);
      expect(run.attributes).toMatchObject({
        'ingest.event_id': received.body.id,
        'ingest.event_type': 'payment_intent.succeeded',
      });
    }
    expect(handled.map((span) => span.attributes['ingest.attempt'])).toEqual([1, 2]);
    // The retry ran only the handler that failed: the other one succeeded in the first run.
    const ranFor = (handler: string) =>
      handlers.callsOf(handler).filter((call) => call.event.externalId === 'evt_traced').length;
    expect([ranFor('paid'), ranFor('paymentIntents')]).toEqual([2, 1]);
  });

  it('counts a source created over the API under its type, never its id, and traces its runs', async () => {
    const created = await t.api('POST', '/inbound-sources', 'acme', {
      name: 'Acme Stripe',
      type: 'stripe',
      secret: SECRETS.stripe,
    });
    expect(created.status).toBe(201);
    const id: string = created.body.data.id;
    const requests = (source: string, result: string) => count('ingest_requests_total', { source, result });
    const before = [
      await requests('api:stripe', 'accepted'),
      await requests('api:stripe', 'invalid_signature'),
      await requests('unknown', 'unknown_source'),
      await count('ingest_handler_runs_total', { source: 'api:stripe', outcome: 'success' }),
    ];
    exporter.reset();

    const signed = stripeRequest({ id: 'evt_api_counted', at: t.clock.now() });
    const received = await t.post(`/webhooks/${id}`, signed.body, signed.headers);
    expect(received.status).toBe(200);
    const forged = stripeRequest({ id: 'evt_api_forged', at: t.clock.now(), secret: 'whsec_someone_else' });
    expect((await t.post(`/webhooks/${id}`, forged.body, forged.headers)).status).toBe(401);
    expect((await t.post(`/webhooks/${newId('src')}`, signed.body, signed.headers)).status).toBe(404);
    await t.drain();

    expect([
      await requests('api:stripe', 'accepted'),
      await requests('api:stripe', 'invalid_signature'),
      await requests('unknown', 'unknown_source'),
      await count('ingest_handler_runs_total', { source: 'api:stripe', outcome: 'success' }),
    ]).toEqual(before.map((value) => value + 1));
    expect(await registry.metrics()).not.toContain('src_');
    const finished = exporter.getFinishedSpans();
    const receive = finished.find(
      (span) => span.name === 'ingest.receive' && span.attributes['ingest.source'] === id,
    );
    const handled = finished.filter((span) => span.name === 'ingest.handle');
    expect(handled.map((span) => span.attributes['ingest.event_id'])).toEqual([received.body.id]);
    expect(handled[0].parentSpanContext?.spanId).toBe(receive?.spanContext().spanId);
  });

  it("counts Slack's url_verification as a challenge, stored nowhere", async () => {
    const created = await t.api('POST', '/inbound-sources', 'acme', {
      name: 'Acme Slack',
      type: 'slack',
      secret: SECRETS.slack,
    });
    expect(created.status).toBe(201);
    const challenge = slackRequest({
      at: t.clock.now(),
      payload: { token: 'x', challenge: 'ch4llenge', type: 'url_verification' },
    });
    const answered = await t.post(`/webhooks/${created.body.data.id}`, challenge.body, challenge.headers);
    expect(answered).toEqual({ status: 200, body: { challenge: 'ch4llenge' } });
    expect(await count('ingest_requests_total', { source: 'api:slack', result: 'challenge' })).toBe(1);
    expect(await count('ingest_requests_total', { source: 'api:slack', result: 'accepted' })).toBe(0);
    const log = await t.api('GET', `/inbound-events?source=${created.body.data.id}`, null);
    expect(log).toMatchObject({ status: 200, body: { data: [] } });
  });
});
