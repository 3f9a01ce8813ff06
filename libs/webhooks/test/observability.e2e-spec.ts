import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import type { Receiver } from '@org/receiver';
import { Registry } from 'prom-client';
import { DeliveryMaintenance, DeliveryQueue, WebhooksMetrics, type QueueSnapshot } from '@org/webhooks';
import { storageHarnesses, type StorageUnderTest } from './support/storage-harness.js';
import {
  eventually,
  ManualClock,
  startDeliveryApp,
  startReceiver,
  type DeliveryApp,
} from './support/delivery-app.js';

// The OpenTelemetry SDK with its in-memory exporter, registered as a host would register its own.
const exporter = new InMemorySpanExporter();
const contextManager = new AsyncLocalStorageContextManager();

beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable());
  trace.setGlobalTracerProvider(
    new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
  );
});
afterAll(() => {
  trace.disable();
  context.disable();
});

const spans = (name: string): ReadableSpan[] =>
  exporter.getFinishedSpans().filter((span) => span.name === name);
const parentOf = (span: ReadableSpan): string | undefined => span.parentSpanContext?.spanId;

describe.each(storageHarnesses)('traces and metrics on $name storage', (harness) => {
  let under: StorageUnderTest;
  let app: DeliveryApp | undefined;
  let receiver: Receiver | undefined;

  beforeEach(async () => {
    exporter.reset();
    under = await harness.create();
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await receiver?.close();
    receiver = undefined;
    await under.close();
  });

  it('traces publish → attempt → HTTP client as one trace, and sends traceparent when turned on', async () => {
    receiver = await startReceiver();
    app = await startDeliveryApp(under.storage, { traceparentHeader: true });
    const subscriptionId = await app.subscribe({ url: receiver.url, event_types: ['contact.*'] });
    const tracer = trace.getTracer('host');
    const event = await tracer.startActiveSpan('host.request', async (span) => {
      try {
        return await app!.webhooks.publish('contact.created', { id: 'con_1' });
      } finally {
        span.end();
      }
    });
    const [request] = await receiver.waitFor(1);
    const client = await eventually(() => {
      const [found] = spans('POST');
      expect(found).toBeDefined();
      return found;
    });

    const [host] = spans('host.request');
    const [publish] = spans('webhooks.publish');
    const [deliver] = spans('webhooks.deliver');
    expect(publish.kind).toBe(SpanKind.PRODUCER);
    expect(parentOf(publish)).toBe(host.spanContext().spanId);
    expect(publish.attributes).toMatchObject({
      'webhooks.event_id': event.id,
      'webhooks.event_type': 'contact.created',
      'webhooks.created': true,
    });
    // The attempt continues the publish's trace, from the context stored with the event.
    expect(deliver.spanContext().traceId).toBe(host.spanContext().traceId);
    expect(parentOf(deliver)).toBe(publish.spanContext().spanId);
    expect(deliver.attributes).toMatchObject({
      'webhooks.event_id': event.id,
      'webhooks.subscription_id': subscriptionId,
      'webhooks.attempt': 1,
      'webhooks.delivery_id': expect.stringMatching(/^whd_/),
      'http.response.status_code': 200,
    });
    expect(client.kind).toBe(SpanKind.CLIENT);
    expect(parentOf(client)).toBe(deliver.spanContext().spanId);
    expect(client.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.response.status_code': 200,
      'server.address': '127.0.0.1',
      'server.port': receiver.port,
    });
    // The receiver can continue the trace: its parent is the client span.
    expect(request.headers.traceparent).toBe(
      `00-${client.spanContext().traceId}-${client.spanContext().spanId}-01`,
    );
    // Fan-out serves many publishes at once: a root span of its own.
    expect(spans('webhooks.fan_out').some((span) => span.attributes['webhooks.events'] === 1)).toBe(true);
  });

  it('continues the stored trace after a restart, marks failed attempts, and sends no traceparent by default', async () => {
    receiver = await startReceiver({ respond: () => ({ status: 503 }) });
    // The publishing instance runs no workers: the attempt is made by the next one.
    const publisher = await startDeliveryApp(under.storage, { worker: false });
    await publisher.subscribe({ url: receiver.url, event_types: ['contact.*'] });
    const event = await publisher.webhooks.publish('contact.created', { id: 'con_2' });
    await publisher.close();
    const [publish] = spans('webhooks.publish');

    app = await startDeliveryApp(under.storage, { retrySchedule: [0, 3_600_000] });
    const [request] = await receiver.waitFor(1);
    const deliver = await eventually(() => {
      const [found] = spans('webhooks.deliver');
      expect(found).toBeDefined();
      return found;
    });
    expect(deliver.spanContext().traceId).toBe(publish.spanContext().traceId);
    expect(parentOf(deliver)).toBe(publish.spanContext().spanId);
    expect(deliver.attributes['webhooks.event_id']).toBe(event.id);
    expect(deliver.status.code).toBe(SpanStatusCode.ERROR);
    expect(deliver.attributes).toMatchObject({
      'http.response.status_code': 503,
      'error.type': 'http_status',
    });
    expect(request.headers.traceparent).toBeUndefined();
  });

  it('registers its metrics in the registry it is given, gauges read from the store', async () => {
    const registry = new Registry();
    const clock = new ManualClock(Date.UTC(2026, 5, 1, 12));
    app = await startDeliveryApp(under.storage, { metricsRegistry: registry, worker: false, clock });
    expect(app.app.get(WebhooksMetrics).registry).toBe(registry);
    const held = await app.subscribe({ url: 'http://127.0.0.1:9/held', event_types: ['contact.*'] });
    const paused = await app.subscribe({ url: 'http://127.0.0.1:9/paused', event_types: ['contact.*'] });
    await app.as(null).patch(`/api/webhooks/${paused}`).send({ status: 'paused' }).expect(200);
    await app.webhooks.publish('contact.created', { id: 'con_3' });
    await app.webhooks.publish('contact.created', { id: 'con_4' });
    const queue = app.app.get<DeliveryQueue>(DeliveryQueue);
    const maintenance = app.app.get<DeliveryMaintenance>(DeliveryMaintenance);
    expect(await queue.fanOutEvents({ limit: 10, now: clock.now() })).toBe(2);
    clock.advance(90_000);

    // Two due attempts for the active subscription; the paused one holds its two (not counted).
    const snapshot: QueueSnapshot = await maintenance.queueSnapshot(clock.now());
    expect(snapshot).toEqual({
      pendingDeliveries: 2,
      oldestDueAt: new Date(Date.UTC(2026, 5, 1, 12)),
      subscriptionsByStatus: { active: 1, paused: 1, disabled: 0 },
    });
    const text = await registry.metrics();
    expect(text).toContain('webhooks_deliveries_pending 2');
    expect(text).toContain('webhooks_oldest_pending_delivery_age_seconds 90');
    expect(text).toContain('webhooks_subscriptions{status="paused"} 1');
    expect(text).toContain('webhooks_events_published_total 2');
    expect(held).toMatch(/^whk_/);
    // Not yet due: pending, but no age.
    expect((await maintenance.queueSnapshot(new Date(Date.UTC(2026, 5, 1, 11)))).oldestDueAt).toBeNull();
  });
});
