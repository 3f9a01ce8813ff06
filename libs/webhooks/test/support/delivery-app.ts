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

/** Retries `check` until it passes (or throws its last error after `timeoutMs`). */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** Waits `ms` of real time (only to prove that nothing happens during it). */
export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export { ManualClock };
