import { afterAll, beforeAll, beforeEach } from '@jest/globals';
import { ManualClock } from '@org/common';
import { WebhooksModule, type WebhooksModuleExtras, type WebhooksModuleOptions } from '@org/webhooks';
import type { StorageHarness, StorageUnderTest } from './storage-harness.js';
import {
  authorizeTestCaller,
  createTestApp,
  TEST_EVENT_TYPES,
  TEST_SECRET_KEY,
  type TestApp,
} from './test-app.js';

/** What a suite gets from {@link useStorageApp}: filled in `beforeAll`. */
export interface StorageApp {
  app: TestApp;
  under: StorageUnderTest;
  clock: ManualClock;
}

/**
 * One Nest app per describe block over a storage from `harness` (rows reset before each test), with
 * the Rex catalogue, a ManualClock, the known test key and no delivery workers.
 */
export function useStorageApp(
  harness: StorageHarness,
  options: WebhooksModuleOptions & WebhooksModuleExtras = {},
): StorageApp {
  const context = {} as StorageApp;
  beforeAll(async () => {
    context.under = await harness.create();
    context.clock = new ManualClock(Date.UTC(2026, 2, 16, 12));
    context.app = await createTestApp(
      WebhooksModule.forRoot({
        authorize: authorizeTestCaller,
        storage: context.under.storage,
        secretKey: TEST_SECRET_KEY,
        eventTypes: TEST_EVENT_TYPES,
        clock: context.clock,
        worker: false,
        ...options,
      }),
    );
  });
  beforeEach(async () => {
    await context.under.reset();
    context.clock.set(Date.UTC(2026, 2, 16, 12));
  });
  afterAll(async () => {
    await context.app?.close();
    await context.under?.close();
  });
  return context;
}
