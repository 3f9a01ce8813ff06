import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { createReceiver, type Receiver } from '@org/receiver';
import { KEYS, startTestApp, type TestApp } from './app-harness.js';
import { client, eventually } from './support/http.js';
import { sendStripe, stripeEvent } from './support/senders.js';

// The host registers an OpenTelemetry SDK (here with the in-memory exporter) before the app starts.
const exporter = new InMemorySpanExporter();

describe('one trace from a Stripe webhook, through the bridge, to the outbound delivery it caused', () => {
  let t: TestApp;
  let receiver: Receiver;

  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(
      new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
    );
    [t, receiver] = await Promise.all([startTestApp({ WEBHOOKS_TRACEPARENT: 'true' }), createReceiver()]);
    const created = await client(t, KEYS.admin).post('/api/webhooks', {
      name: 'Payments',
      url: receiver.url,
      event_types: ['payment.*'],
    });
    expect(created.status).toBe(201);
  });
  afterAll(async () => {
    await Promise.all([t.close(), receiver.close()]);
    trace.disable();
    context.disable();
  });

  const only = (name: string): ReadableSpan => {
    const found = exporter.getFinishedSpans().filter((span) => span.name === name);
    expect({ name, count: found.length }).toEqual({ name, count: 1 });
    return found[0];
  };

  it('links receive → handle → publish → attempt → HTTP client, and the subscriber gets traceparent', async () => {
    const event = stripeEvent('payment_intent.succeeded', { amount: 4200, currency: 'eur' });
    const received = await sendStripe(t, event);
    expect(received.status).toBe(200);
    const [request] = await receiver.waitFor(1, 10_000);
    await eventually('the HTTP client span ended', async () =>
      exporter.getFinishedSpans().some((span) => span.name === 'POST'),
    );

    const receive = only('ingest.receive');
    const handle = only('ingest.handle');
    const publish = only('webhooks.publish');
    const deliver = only('webhooks.deliver');
    const post = only('POST');
    expect(receive.kind).toBe(SpanKind.SERVER);
    expect(receive.attributes).toMatchObject({
      'ingest.source': 'stripe',
      'ingest.event_ids': [received.body.id],
    });
    // The handler ran later, in the worker, from the context stored with the inbound event.
    expect(handle.parentSpanContext?.spanId).toBe(receive.spanContext().spanId);
    expect(handle.attributes).toMatchObject({
      'ingest.event_id': received.body.id,
      'ingest.event_type': 'payment_intent.succeeded',
      'ingest.outcome': 'success',
    });
    expect(publish.parentSpanContext?.spanId).toBe(handle.spanContext().spanId);
    expect(publish.attributes['webhooks.event_type']).toBe('payment.succeeded');
    expect(deliver.parentSpanContext?.spanId).toBe(publish.spanContext().spanId);
    expect(post.parentSpanContext?.spanId).toBe(deliver.spanContext().spanId);
    const traceId = receive.spanContext().traceId;
    for (const span of [handle, publish, deliver, post]) expect(span.spanContext().traceId).toBe(traceId);
    expect(request.headers.traceparent).toBe(`00-${traceId}-${post.spanContext().spanId}-01`);
  }, 20_000);
});
