import type { TestingModuleBuilder } from '@nestjs/testing';
import { Clock, ManualClock } from '@org/common';
import { createReceiver, type Receiver, type ReceiverOptions } from '@org/receiver';
import {
  WebhooksModule,
  WebhooksService,
  type WebhooksModuleExtras,
  type WebhooksModuleOptions,
  type WebhooksStorage,
} from '@org/webhooks';
import { DeliveryWorker } from '../../src/delivery/delivery.worker.js';
import { until } from '../../../common/test/support/until.js';
import {
  authorizeTestCaller,
  createTestApp,
  TEST_EVENT_TYPES,
  TEST_SECRET_KEY,
  type TestApp,
} from './test-app.js';

/** The signature header the host app uses (seed 001's listener code reads it). */
export const SIGNATURE_HEADER = 'X-Rex-Signature';
/** A caller-chosen secret, so receivers can verify without reading it back. */
export const RECEIVER_SECRET = 'whsec_test_secret_0123456789';

/** A running app with delivery workers, its clock and its worker. */
export interface DeliveryApp extends TestApp {
  clock: Clock;
  worker: DeliveryWorker;
  webhooks: WebhooksService;
  /** Creates a subscription through the API and returns its id. */
  subscribe(
    body: { url: string; event_types?: string[]; secret?: string; name?: string; [setting: string]: unknown },
    workspace?: string | null,
  ): Promise<string>;
}

/**
 * Boots the module with workers on `storage`, the Rex catalogue and signature header, private URLs
 * allowed (receivers are on loopback), no retry jitter and a quick poll; `options` override any of it.
 */
export async function startDeliveryApp(
  storage: WebhooksStorage,
  options: WebhooksModuleOptions & WebhooksModuleExtras = {},
  customize?: (builder: TestingModuleBuilder) => TestingModuleBuilder,
): Promise<DeliveryApp> {
  const app = await createTestApp(
    WebhooksModule.forRoot({
      authorize: authorizeTestCaller,
      storage,
      secretKey: TEST_SECRET_KEY,
      eventTypes: TEST_EVENT_TYPES,
      signatureHeader: SIGNATURE_HEADER,
      allowPrivateUrls: true,
      requestTimeoutMs: 2_000,
      // Exact retry times: tests that need jitter turn it on.
      retryJitter: 0,
      worker: { pollIntervalMs: 100, leaseMs: 5_000 },
      ...options,
    }),
    customize,
  );
  const subscribe: DeliveryApp['subscribe'] = async (body, workspace = null) => {
    const res = await app
      .as(workspace)
      .post('/api/webhooks')
      .send({ name: 'test', secret: RECEIVER_SECRET, ...body });
    if (res.status !== 201) throw new Error(`subscribe failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.data.id as string;
  };
  return {
    ...app,
    clock: app.app.get<Clock>(Clock),
    worker: app.app.get(DeliveryWorker),
    webhooks: app.app.get(WebhooksService),
    subscribe,
  };
}

/** A loopback receiver verifying with {@link RECEIVER_SECRET} and the Rex header. */
export function startReceiver(options: ReceiverOptions = {}): Promise<Receiver> {
  return createReceiver({ secrets: [RECEIVER_SECRET], signatureHeader: SIGNATURE_HEADER, ...options });
}

/**
 * Retries the assertion `check` until it passes and resolves with what it returned, through the
 * suites' one polling helper ({@link until}); its last failure is the error if it never passes.
 * `timeoutMs` is a stuck-guard only.
 */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs?: number): Promise<T> {
  const passed = await until(async () => ({ value: await check() }), {
    what: 'an assertion to pass',
    timeoutMs,
  });
  return passed.value;
}

export { ManualClock };

/** The workspace of probes: no other subscription of a test is in it, so probe events reach only theirs. */
export const PROBE_WORKSPACE = 'probe';

/** A loopback endpoint subscribed in {@link PROBE_WORKSPACE}, to give the worker its chance (see {@link startProbe}). */
export interface Probe {
  receiver: Receiver;
  /**
   * Publishes a probe event, wakes the worker and waits until the probe arrives; resolves with how
   * many attempts the worker claimed meanwhile besides the probe's own.
   */
  claimsBesideProbe(): Promise<number>;
}

/**
 * Before a test asserts that something did not happen (a retry not due yet, a paused subscription's
 * attempt), it gives the worker its chance: a probe event published after the clock moved is
 * delivered only by a claim that ran at that time, and the worker counts claims before it starts
 * their requests. So once the probe has arrived, any attempt that claim (or an earlier one) took is
 * in the count: `claimsBesideProbe()` is 0 exactly when the worker, given its chance, took nothing
 * else. Nothing is timed: the probe's arrival ends the wait.
 */
export async function startProbe(app: DeliveryApp): Promise<Probe> {
  const receiver = await startReceiver();
  await app.subscribe({ url: receiver.url, name: 'probe' }, PROBE_WORKSPACE);
  return {
    receiver,
    async claimsBesideProbe() {
      const before = app.worker.stats().claimed;
      const arrived = receiver.requests.length;
      await app.webhooks.publish('task.created', { probe: arrived + 1 }, { workspace: PROBE_WORKSPACE });
      app.worker.wake();
      await receiver.waitFor(arrived + 1, 30_000);
      return app.worker.stats().claimed - before - 1;
    },
  };
}
