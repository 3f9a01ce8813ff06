import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Injectable, Module } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SIGNATURE_AUTHENTICATED } from '@org/common';
import {
  IngestModule,
  type IngestModuleOptions,
  type IngestOptionsFactory,
  type IngestStore,
} from '@org/ingest';
import { InboundEventsController } from '../src/management/inbound-events.controller.js';
import { IngestController } from '../src/receiving/ingest.controller.js';
import { RecordingHandlers } from './support/recording-handlers.js';
import { githubRequest, SECRETS, stripeRequest } from './support/signing.js';
import { authorizeTestCaller, startIngestApp, type IngestTestApp } from './support/test-app.js';
import { createTestStore, STORE_KINDS, type TestStore } from './support/test-stores.js';

const SOURCES = { stripe: { secrets: [SECRETS.stripe] }, github: { secrets: [SECRETS.github] } };

/** A host options factory, for forRootAsync with useClass / useExisting. */
@Injectable()
class HostIngestConfig implements IngestOptionsFactory {
  static store: IngestStore;
  createIngestOptions(): IngestModuleOptions {
    return {
      authorize: authorizeTestCaller,
      storage: HostIngestConfig.store,
      sources: SOURCES,
      maxBodyBytes: 4096,
      worker: { sweepIntervalMs: 60_000 },
    };
  }
}

@Module({ providers: [HostIngestConfig], exports: [HostIngestConfig] })
class HostConfigModule {}

const variants = [
  'forRoot',
  'forRootAsync useFactory',
  'forRootAsync useClass',
  'forRootAsync useExisting',
] as const;

describe.each(STORE_KINDS)('receiving (%s store)', (kind) => {
  describe.each(variants)('configured with %s', (variant) => {
    let store: TestStore;
    let t: IngestTestApp;
    let handlers: RecordingHandlers;

    beforeAll(async () => {
      store = await createTestStore(kind);
      HostIngestConfig.store = store.store;
      const shared = { store: store.store, providers: [RecordingHandlers] };
      if (variant === 'forRoot' || variant === 'forRootAsync useFactory') {
        t = await startIngestApp({
          ...shared,
          async: variant !== 'forRoot',
          options: { sources: SOURCES, maxBodyBytes: 4096 },
        });
      } else {
        t = await startIngestApp({
          ...shared,
          module: () =>
            variant === 'forRootAsync useClass'
              ? IngestModule.forRootAsync({ useClass: HostIngestConfig })
              : IngestModule.forRootAsync({ imports: [HostConfigModule], useExisting: HostIngestConfig }),
        });
      }
      handlers = t.app.get(RecordingHandlers);
    });
    afterAll(async () => {
      await t.close();
      await store.close();
    });

    it('answers 404 unknown_source for a source that does not exist or is not configured', async () => {
      const { body, headers } = stripeRequest({ id: 'evt_404', at: t.clock.now() });
      for (const source of ['nope', 'hubspot', 'STRIPE']) {
        const response = await t.post(`/webhooks/${source}`, body, headers);
        expect(response.status).toBe(404);
        expect(response.body).toEqual({
          error: { code: 'unknown_source', message: 'No webhook source is configured under this name.' },
        });
      }
    });

    it('stores 20 identical concurrent deliveries once and runs the handler once', async () => {
      const { body, headers } = stripeRequest({ id: 'evt_concurrent', at: t.clock.now() });
      const responses = await Promise.all(
        Array.from({ length: 20 }, () => t.post('/webhooks/stripe', body, headers)),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
      expect(responses.filter((r) => !r.body.duplicate)).toHaveLength(1);
      expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
      await t.drain();
      const stored = await store.store.list({ source: 'stripe', limit: 100 });
      expect(stored.filter((e) => e.externalId === 'evt_concurrent')).toHaveLength(1);
      expect(handlers.callsOf('paid').filter((c) => c.event.externalId === 'evt_concurrent')).toHaveLength(1);
    });

    it('refuses a body over maxBodyBytes with 413, before checking the signature', async () => {
      const big = JSON.stringify({
        id: 'evt_big',
        type: 'payment_intent.succeeded',
        padding: 'x'.repeat(5000),
      });
      const { body, headers } = stripeRequest({ at: t.clock.now(), body: big });
      const response = await t.post('/webhooks/stripe', body, headers);
      expect(response.status).toBe(413);
      expect(response.body.error.code).toBe('payload_too_large');
      expect((await t.post('/webhooks/stripe', body, { 'content-type': 'application/json' })).status).toBe(
        413,
      );
    });

    it('refuses a body over the host JSON parser limit with 413 too', async () => {
      const huge = JSON.stringify({ id: 'evt_huge', padding: 'x'.repeat(2_200_000) });
      const response = await t.post('/webhooks/stripe', huge, { 'content-type': 'application/json' });
      expect(response.status).toBe(413);
      expect(response.body.error.code).toBe('payload_too_large');
    });

    it('refuses content types the source does not send with 415, and an empty body with 401', async () => {
      const { body, headers } = stripeRequest({ id: 'evt_text', at: t.clock.now() });
      expect(
        (await t.post('/webhooks/stripe', body, { ...headers, 'content-type': 'text/plain' })).status,
      ).toBe(415);
      expect(
        (
          await t.post('/webhooks/stripe', `payload=${encodeURIComponent(body)}`, {
            ...headers,
            'content-type': 'application/x-www-form-urlencoded',
          })
        ).status,
      ).toBe(415);
      expect(
        (
          await t.post('/webhooks/stripe', '', {
            'content-type': 'application/json',
            'stripe-signature': headers['stripe-signature'],
          })
        ).status,
      ).toBe(401);
    });

    it('replaces U+0000 in a signed payload (PostgreSQL cannot store it) and keeps the rest', async () => {
      const raw = '{"id":"evt_nul","type":"payment_intent.succeeded","data":{"note":"a\\u0000b"}}';
      const { body, headers } = stripeRequest({ at: t.clock.now(), body: raw });
      const response = await t.post('/webhooks/stripe', body, headers);
      expect(response.status).toBe(200);
      expect(await store.store.findById(response.body.id)).toMatchObject({
        payload: { data: { note: 'a\uFFFDb' } },
        rawBody: raw,
      });
    });

    it('replaces U+0000 in keys and array items too, and leaves a payload without it as sent', async () => {
      const raw = '{"id":"evt_nul_deep","type":"charge.succeeded","data":{"k\\u0000":["x","y\\u0000"]}}';
      const { body, headers } = stripeRequest({ at: t.clock.now(), body: raw });
      const response = await t.post('/webhooks/stripe', body, headers);
      expect(response.status).toBe(200);
      expect((await store.store.findById(response.body.id))?.payload).toEqual({
        id: 'evt_nul_deep',
        type: 'charge.succeeded',
        data: { 'k\uFFFD': ['x', 'y\uFFFD'] },
      });
      const clean = stripeRequest({ id: 'evt_clean', at: t.clock.now() });
      const stored = await t.post('/webhooks/stripe', clean.body, clean.headers);
      expect((await store.store.findById(stored.body.id))?.payload).toEqual(JSON.parse(clean.body));
    });

    it('runs handlers after the answer, matched by source, exact type, prefix pattern and wildcards', async () => {
      const stripe = stripeRequest({ id: 'evt_match', at: t.clock.now() });
      const github = await githubRequest({ delivery: 'd-match', event: 'push' });
      const refunded = stripeRequest({ id: 'evt_refund', type: 'charge.refunded', at: t.clock.now() });
      for (const r of [stripe, github, refunded])
        expect(
          (
            await t.post(
              `/webhooks/${'x-github-event' in r.headers ? 'github' : 'stripe'}`,
              r.body,
              r.headers,
            )
          ).status,
        ).toBe(200);
      await t.drain();
      const handled = (id: string) =>
        handlers.calls
          .filter((c) => c.event.externalId === id)
          .map((c) => c.handler)
          .sort();
      expect(handled('evt_match')).toEqual(['everything', 'paid', 'paymentIntents']);
      expect(handled('d-match')).toEqual(['code', 'everything']);
      expect(handled('evt_refund')).toEqual(['everything']);
      const call = handlers.callsOf('paid').find((c) => c.event.externalId === 'evt_match')!;
      expect(call.event).toMatchObject({
        id: expect.stringMatching(/^iev_/),
        source: 'stripe',
        type: 'payment_intent.succeeded',
        attempt: 1,
        payload: { id: 'evt_match' },
      });
      expect(call.hasTransaction).toBe(kind === 'postgres');
    });
  });
});

describe('route metadata', () => {
  it('marks the ingest route @SignatureAuthenticated and the management API not', () => {
    const reflector = new Reflector();
    expect(reflector.get(SIGNATURE_AUTHENTICATED, IngestController)).toBe(true);
    expect(reflector.get(SIGNATURE_AUTHENTICATED, InboundEventsController)).toBeUndefined();
  });
});
