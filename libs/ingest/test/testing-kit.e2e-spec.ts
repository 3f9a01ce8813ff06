import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Injectable, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Webhooks } from '@octokit/webhooks';
import { createValidationPipe, ErrorEnvelopeFilter, ManualClock } from '@org/common';
import { OnWebhook, type InboundEvent, type IngestStore } from '@org/ingest';
import {
  githubRequest,
  hmacRequest,
  hubspotRequest,
  IngestDrainLimitError,
  IngestTestbed,
  IngestTestbedClosedError,
  IngestTestingModule,
  shopifyRequest,
  slackRequest,
  standardWebhooksRequest,
  stripeRequest,
  type IngestTestingOptions,
  type SignedWebhookRequest,
} from '@org/ingest/testing';
import { Webhook } from 'standardwebhooks';
import Stripe from 'stripe';
import request from 'supertest';
import {
  createHttpAdapter,
  testHttpAdapter,
  untilServing,
  useJsonParser,
} from '../../common/test/support/http-platform.js';
import { SECRETS } from './support/signing.js';
import { authorizeTestCaller } from './support/test-app.js';
import { createTestStore, STORE_KINDS, type TestStore } from './support/test-stores.js';

const HOOKS_URL = 'https://hooks.example.test';
const ACME_SCHEME = {
  secrets: [SECRETS.hmac],
  header: 'x-acme-signature',
  prefix: 'sha256=',
  timestampHeader: 'x-acme-timestamp',
  idHeader: 'x-acme-delivery',
};

/** A host's handlers: a payment handler that can be made to fail, and one that sees everything. */
@Injectable()
class HostHandlers {
  readonly payments: string[] = [];
  readonly everything: string[] = [];
  failuresLeft = 0;

  @OnWebhook('stripe', 'payment_intent.succeeded')
  paid(event: InboundEvent): void {
    this.payments.push(event.externalId);
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw new Error('the ledger is down');
    }
  }

  @OnWebhook('*')
  audit(event: InboundEvent): void {
    this.everything.push(`${event.sourceType ?? event.source} ${event.type} ${event.externalId}`);
  }
}

interface KitApp {
  app: INestApplication;
  testbed: IngestTestbed;
  handlers: HostHandlers;
  send(signed: SignedWebhookRequest): request.Test;
}

/** A host's test app, as the README's testing section builds it, on the platform under test. */
async function startKitApp(options: IngestTestingOptions = {}): Promise<KitApp> {
  const moduleRef = await Test.createTestingModule({
    imports: [IngestTestingModule.forRoot(options)],
    providers: [HostHandlers],
  }).compile();
  const app = moduleRef.createNestApplication(createHttpAdapter(testHttpAdapter()), {
    rawBody: true,
    logger: false,
  });
  useJsonParser(app);
  app.setGlobalPrefix('api');
  app.useGlobalFilters(new ErrorEnvelopeFilter());
  app.useGlobalPipes(createValidationPipe());
  await app.init();
  await untilServing(app);
  return {
    app,
    testbed: app.get(IngestTestbed),
    handlers: app.get(HostHandlers),
    send: (signed) => request(app.getHttpServer()).post(signed.path).set(signed.headers).send(signed.body),
  };
}

const stripePayment = (id: string, clock: ManualClock, secret: string = SECRETS.stripe) =>
  stripeRequest({
    secret,
    at: clock,
    prefix: '/api',
    event: { id, type: 'payment_intent.succeeded', data: { object: { id: 'pi_1', amount: 2000 } } },
  });

/**
 * The same request with a byte more, a space after the JSON: still valid JSON (so the host's parser
 * lets it through to the signature check), no longer the signed bytes.
 */
function tampered(signed: SignedWebhookRequest): SignedWebhookRequest {
  // Text: supertest sends a Buffer under a JSON content type as `{"type":"Buffer",…}`.
  return { ...signed, body: `${signed.body.toString()} ` };
}

describe('signed request builders, checked by the providers’ own verifiers', () => {
  it('signs Stripe events as stripe’s constructEvent expects', () => {
    const signed = stripePayment('evt_verified', new ManualClock(Date.now()));
    const event = Stripe.webhooks.constructEvent(
      signed.body,
      signed.headers['stripe-signature'],
      SECRETS.stripe,
    );
    expect(event).toMatchObject({ id: 'evt_verified', object: 'event', type: 'payment_intent.succeeded' });
    expect(signed.id).toBe('evt_verified');
  });

  it('signs GitHub deliveries as Octokit’s verify expects', async () => {
    const signed = githubRequest({
      secret: SECRETS.github,
      event: 'push',
      payload: { ref: 'refs/heads/main' },
    });
    const octokit = new Webhooks({ secret: SECRETS.github });
    await expect(octokit.verify(signed.body.toString(), signed.headers['x-hub-signature-256'])).resolves.toBe(
      true,
    );
    await expect(octokit.verify(`${signed.body} `, signed.headers['x-hub-signature-256'])).resolves.toBe(
      false,
    );
    expect(signed.headers['x-github-delivery']).toBe(signed.id);
  });

  it('signs Standard Webhooks messages as the standardwebhooks package verifies them', () => {
    const signed = standardWebhooksRequest({
      secret: SECRETS.standard,
      source: 'svix',
      payload: { type: 'invoice.paid' },
    });
    expect(new Webhook(SECRETS.standard).verify(signed.body.toString(), signed.headers)).toEqual({
      type: 'invoice.paid',
    });
  });
});

describe(`IngestTestingModule on ${testHttpAdapter()}: every source kind`, () => {
  let kit: KitApp;
  let clock: ManualClock;
  let sourceIds: { shopify: string; slack: string };

  beforeAll(async () => {
    clock = new ManualClock(Date.UTC(2026, 11, 7, 9));
    kit = await startKitApp({
      clock,
      authorize: authorizeTestCaller,
      sources: {
        stripe: { secrets: [SECRETS.stripe] },
        github: { secrets: [SECRETS.github] },
        hubspot: { clientSecrets: [SECRETS.hubspot], versions: ['v1', 'v2', 'v3'], publicUrl: HOOKS_URL },
        hmac: { acme: ACME_SCHEME },
        standardWebhooks: { svix: { secrets: [SECRETS.standard] } },
      },
    });
    const create = async (type: string, secret: string): Promise<string> => {
      const created = await request(kit.app.getHttpServer())
        .post('/api/inbound-sources')
        .send({ name: type, type, secret })
        .expect(201);
      return created.body.data.id as string;
    };
    sourceIds = {
      shopify: await create('shopify', SECRETS.shopify),
      slack: await create('slack', SECRETS.slack),
    };
  });

  afterAll(() => kit.app.close());

  const builders: [string, () => SignedWebhookRequest, string][] = [
    ['stripe', () => stripePayment('evt_kind_1', clock), 'stripe payment_intent.succeeded evt_kind_1'],
    [
      'github',
      () =>
        githubRequest({
          secret: SECRETS.github,
          prefix: '/api',
          event: 'push',
          id: 'gh-1',
          payload: { ref: 'refs/heads/main' },
        }),
      'github push gh-1',
    ],
    ...(['v1', 'v2', 'v3'] as const).map((version, index): [string, () => SignedWebhookRequest, string] => [
      `hubspot ${version}`,
      () =>
        hubspotRequest({
          clientSecret: SECRETS.hubspot,
          url: `${HOOKS_URL}/api/webhooks/hubspot?portal=62515`,
          at: clock,
          version,
          events: [{ eventId: 700 + index, subscriptionType: 'contact.creation', objectId: 123 }],
        }),
      `hubspot contact.creation ${700 + index}`,
    ]),
    [
      'hmac',
      () =>
        hmacRequest({
          source: 'acme',
          scheme: ACME_SCHEME,
          prefix: '/api',
          at: clock,
          id: 'acme-1',
          payload: { type: 'order.shipped' },
        }),
      'acme order.shipped acme-1',
    ],
    [
      'standard webhooks',
      () =>
        standardWebhooksRequest({
          secret: SECRETS.standard,
          source: 'svix',
          prefix: '/api',
          at: clock,
          id: 'msg_1',
          payload: { type: 'invoice.paid' },
        }),
      'svix invoice.paid msg_1',
    ],
    [
      'shopify',
      () =>
        shopifyRequest({
          secret: SECRETS.shopify,
          source: sourceIds.shopify,
          prefix: '/api',
          topic: 'orders/create',
          id: 'shop-1',
          payload: { id: 1 },
        }),
      'shopify orders/create shop-1',
    ],
    [
      'slack',
      () =>
        slackRequest({
          secret: SECRETS.slack,
          source: sourceIds.slack,
          prefix: '/api',
          at: clock,
          id: 'Ev1',
          payload: { type: 'event_callback', event: { type: 'app_mention', text: 'hi' } },
        }),
      'slack app_mention Ev1',
    ],
  ];

  it.each(builders)(
    '%s: the signed request is accepted and handled; tampered, it is refused',
    async (_kind, build, seen) => {
      const signed = build();
      const accepted = await kit.send(signed);
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ received: true, duplicate: false });
      const refused = await kit.send(tampered(build()));
      expect(refused.status).toBe(401);

      const report = await kit.testbed.drain();
      expect(report.handled.map((event) => event.externalId)).toContain(signed.id);
      expect(kit.handlers.everything).toContain(seen);
    },
  );
});

describe.each(STORE_KINDS)(
  `IngestTestingModule on ${testHttpAdapter()}, %s storage: a host’s handler`,
  (kind) => {
    let store: TestStore;
    let kit: KitApp;
    let clock: ManualClock;

    // A store (and database) of its own per test, so that each test runs alone.
    const start = async (extra: IngestTestingOptions = {}) => {
      store = await createTestStore(kind);
      clock = new ManualClock(Date.UTC(2026, 11, 7, 9));
      kit = await startKitApp({
        clock,
        sources: { stripe: { secrets: [SECRETS.stripe] } },
        ...(kind === 'postgres' ? { storage: store.store as IngestStore } : {}),
        ...extra,
      });
    };
    afterEach(async () => {
      await kit.app.close();
      await store.close();
    });

    it('runs nothing until drained, then once per event', async () => {
      await start();
      await kit.send(stripePayment(`evt_${kind}_handled`, clock)).expect(200);
      expect(kit.handlers.payments).toEqual([]);

      const report = await kit.testbed.drain();
      expect(kit.handlers.payments).toEqual([`evt_${kind}_handled`]);
      expect(report).toMatchObject({ rounds: 1, retryScheduled: [], failed: [] });
      expect(report.handled).toEqual([
        expect.objectContaining({
          externalId: `evt_${kind}_handled`,
          type: 'payment_intent.succeeded',
          attempt: 1,
        }),
      ]);
      expect(await kit.testbed.drain()).toEqual({ handled: [], retryScheduled: [], failed: [], rounds: 0 });
    });

    it('runs the handler once when the same event is sent twice', async () => {
      await start();
      const signed = stripePayment(`evt_${kind}_twice`, clock);
      const first = await kit.send(signed).expect(200);
      const second = await kit.send(signed).expect(200);
      expect(second.body).toMatchObject({ received: true, id: first.body.id, duplicate: true });

      await kit.testbed.drain();
      expect(kit.handlers.payments).toEqual([`evt_${kind}_twice`]);
      expect(await kit.testbed.received({ source: 'stripe' })).toEqual([
        expect.objectContaining({ externalId: `evt_${kind}_twice`, status: 'processed' }),
      ]);
    });

    it('retries a failing handler on its schedule, when the clock gets there', async () => {
      await start({ retry: { attempts: 3, backoffMs: 30_000, backoffFactor: 2 } });
      kit.handlers.failuresLeft = 2;
      await kit.send(stripePayment(`evt_${kind}_retry`, clock)).expect(200);

      const first = await kit.testbed.drain();
      expect(first.retryScheduled).toEqual([
        expect.objectContaining({
          attempt: 1,
          error: 'Error: the ledger is down',
          retryAt: new Date(clock.now().getTime() + 30_000),
        }),
      ]);
      // Not yet due: a second short of the backoff, nothing runs.
      expect((await kit.testbed.advance(29_999)).rounds).toBe(0);
      expect(kit.handlers.payments).toHaveLength(1);

      const second = await kit.testbed.advance(1);
      expect(second.retryScheduled).toEqual([expect.objectContaining({ attempt: 2 })]);
      expect(second.retryScheduled[0].retryAt).toEqual(new Date(clock.now().getTime() + 60_000));

      const third = await kit.testbed.advance(60_000);
      expect(third.handled).toEqual([
        expect.objectContaining({ attempt: 3, externalId: `evt_${kind}_retry` }),
      ]);
      expect(kit.handlers.payments).toEqual(Array(3).fill(`evt_${kind}_retry`));
    });

    it('sends a request into the app with receive(), without a listening port', async () => {
      await start();
      const signed = stripePayment(`evt_${kind}_received`, clock);
      const first = await kit.testbed.receive(signed);
      const second = await kit.testbed.receive(signed);
      const forged = await kit.testbed.receive(tampered(signed));

      expect(first).toMatchObject({ status: 200, body: { received: true, duplicate: false } });
      expect(first.headers['content-type']).toMatch(/^application\/json/);
      expect(second).toMatchObject({ status: 200, body: { duplicate: true } });
      expect(forged).toMatchObject({ status: 401, body: { error: { message: 'Invalid signature' } } });
      expect(kit.app.getHttpServer().listening).toBe(false);

      // A Buffer body goes in as those exact bytes.
      const bytes = stripeRequest({
        secret: SECRETS.stripe,
        at: clock,
        prefix: '/api',
        event: Buffer.from(JSON.stringify({ id: `evt_${kind}_bytes`, type: 'payment_intent.succeeded' })),
      });
      expect(bytes.id).toBe(`evt_${kind}_bytes`);
      expect(await kit.testbed.receive(bytes)).toMatchObject({ status: 200, body: { duplicate: false } });

      await kit.testbed.drain();
      // One batch: the two run side by side, in either order.
      expect([...kit.handlers.payments].sort()).toEqual([`evt_${kind}_bytes`, `evt_${kind}_received`]);
    });

    it('reports a handler that failed its last attempt as failed', async () => {
      await start({ retry: { attempts: 1 } });
      kit.handlers.failuresLeft = 1;
      await kit.send(stripePayment(`evt_${kind}_failed`, clock)).expect(200);
      const report = await kit.testbed.drain();
      expect(report.failed).toEqual([
        expect.objectContaining({
          externalId: `evt_${kind}_failed`,
          error: 'Error: the ledger is down',
          retryAt: null,
        }),
      ]);
    });
  },
);

describe(`IngestTestbed on ${testHttpAdapter()}: bounds and misuse`, () => {
  it('stops a drain that never runs out of due work after maxDrainRounds, naming what kept it busy', async () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 7, 9));
    const kit = await startKitApp({
      clock,
      maxDrainRounds: 5,
      sources: { stripe: { secrets: [SECRETS.stripe] } },
      // No backoff and attempts to spare: the failing event is due again at once, round after round.
      retry: { attempts: 1_000, backoffMs: 0 },
    });
    try {
      kit.handlers.failuresLeft = Number.POSITIVE_INFINITY;
      await kit.send(stripePayment('evt_forever', clock)).expect(200);
      const drained = kit.testbed.drain();
      await expect(drained).rejects.toThrow(IngestDrainLimitError);
      await expect(drained).rejects.toThrow(
        /still due after 5 rounds.*stripe payment_intent\.succeeded \(iev_[0-9A-Z]+, attempt 6\)/,
      );
      const error = (await drained.catch((e: unknown) => e)) as IngestDrainLimitError;
      expect(error.report.rounds).toBe(5);
      expect(error.report.retryScheduled).toHaveLength(5);
      expect(kit.handlers.payments).toHaveLength(6);
    } finally {
      await kit.app.close();
    }
  });

  it('throws a clear error when used after the app was closed', async () => {
    const kit = await startKitApp();
    await kit.app.close();
    await expect(kit.testbed.drain()).rejects.toThrow(IngestTestbedClosedError);
    await expect(kit.testbed.receive(stripePayment('evt_late', kit.testbed.clock))).rejects.toThrow(
      IngestTestbedClosedError,
    );
    await expect(kit.testbed.advance(1_000)).rejects.toThrow(
      'IngestTestbed.advance(): the application was closed; build a new testing module for another test.',
    );
  });

  it('refuses what IngestModule refuses, with the same error', async () => {
    await expect(startKitApp({ sources: { stripe: { secrets: [] } } })).rejects.toThrow(
      /sources\.stripe\.secrets/,
    );
  });
});
