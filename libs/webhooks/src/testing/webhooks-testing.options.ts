import type { ManualClock } from '@org/common';
import type { WebhooksModuleOptions, WebhooksWorkerOptions } from '../options/webhooks-options.interface.js';
import type { WebhooksModuleExtras } from '../webhooks.module-definition.js';

/**
 * Options of `WebhooksTestingModule.forRoot`: those of `WebhooksModule.forRoot` (the catalogue,
 * signing, retry schedule, `storage` to keep a real one, …) with test defaults, plus the test bed's.
 */
export interface WebhooksTestingOptions
  extends Omit<WebhooksModuleOptions, 'worker' | 'clock' | 'allowInMemoryStorage'>, WebhooksModuleExtras {
  /** The clock every part of the module reads; `advance()` moves it. @default a new `ManualClock` (2026-01-01) */
  clock?: ManualClock;
  /** The worker's batch and concurrency settings (its loop never starts: the test bed drives it). */
  worker?: WebhooksWorkerOptions;
  /**
   * Origins whose requests really go out, to servers the test started (`['http://127.0.0.1:4321']`);
   * every other request is captured and answered by the script. Loopback also needs `allowPrivateUrls: true`.
   * @default [] (no network)
   */
  network?: readonly string[];
  /** Passes after which a drain that still finds work stops with an error. @default 100 */
  maxDrainPasses?: number;
}

/** The test bed's own settings, as the testing module resolved them. */
export interface ResolvedTestbedOptions {
  clock: ManualClock;
  network: readonly string[];
  maxDrainPasses: number;
}

/** Injection token of {@link ResolvedTestbedOptions}. */
export const WEBHOOKS_TESTBED_OPTIONS = Symbol('WebhooksTestbedOptions');
