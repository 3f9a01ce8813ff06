import { Module, type DynamicModule } from '@nestjs/common';
import { ManualClock } from '@org/common';
import { IngestModule } from '../ingest.module.js';
import type { IngestModuleExtras } from '../ingest.module-definition.js';
import type { IngestModuleOptions, IngestWorkerOptions } from '../options/ingest-module-options.interface.js';
import { INGEST_TESTBED_SETTINGS, IngestTestbed, type IngestTestbedSettings } from './ingest-testbed.js';

/** Options of {@link IngestTestingModule.forRoot}: the module's, with a manual clock and a test bed. */
export interface IngestTestingOptions
  extends Omit<IngestModuleOptions, 'clock' | 'worker'>, Partial<IngestModuleExtras> {
  /**
   * The module's clock, which signature windows, retries and leases read.
   * @default a new ManualClock at the real time of `forRoot` (so requests signed now verify)
   */
  clock?: ManualClock;
  /** The worker's batch size and lease; it never runs by itself here (the test bed drives it). */
  worker?: Omit<IngestWorkerOptions, 'enabled' | 'sweepIntervalMs'>;
  /**
   * Rounds of the worker after which `IngestTestbed.drain()` gives up with an error naming what is
   * still due (a handler that fails with no backoff, forever).
   * @default 100
   */
  maxDrainRounds?: number;
}

/**
 * `IngestModule` for a host's tests, imported in its place in `Test.createTestingModule`: the same
 * module (routes, verification, dedupe, handlers, retries, the same errors), in memory unless
 * `storage` is given, on a `ManualClock`, with its worker driven by the injectable
 * {@link IngestTestbed} instead of timers. The management routes are mounted only with `authorize`
 * (or `controllers: true`). Create the app with `{ rawBody: true }`, as in production.
 *
 * @example
 * ```ts
 * const moduleRef = await Test.createTestingModule({
 *   imports: [IngestTestingModule.forRoot({ sources: { stripe: { secrets: [STRIPE_SECRET] } } })],
 *   providers: [PaymentsHandler],
 * }).compile();
 * const app = moduleRef.createNestApplication({ rawBody: true });
 * await app.init();
 * const testbed = app.get(IngestTestbed);
 * ```
 */
@Module({})
export class IngestTestingModule {
  /**
   * The module with these options (the `IngestModule.forRoot` ones, minus the worker's timers) and
   * its {@link IngestTestbed}; exports both, so a test gets `IngestStore`, the services and the test bed.
   */
  static forRoot(options: IngestTestingOptions = {}): DynamicModule {
    const { clock = new ManualClock(Date.now()), maxDrainRounds = 100, ...ingestOptions } = options;
    const settings: IngestTestbedSettings = { clock, maxDrainRounds };
    const ingest = IngestModule.forRoot({
      ...ingestOptions,
      controllers: ingestOptions.controllers ?? ingestOptions.authorize !== undefined,
      clock,
      // Not started: no sweep timer and no wake-ups racing the test bed, which runs its rounds itself.
      worker: { ...ingestOptions.worker, enabled: false },
    });
    return {
      module: IngestTestingModule,
      global: options.isGlobal ?? false,
      imports: [ingest],
      providers: [{ provide: INGEST_TESTBED_SETTINGS, useValue: settings }, IngestTestbed],
      exports: [ingest, IngestTestbed],
    };
  }
}
