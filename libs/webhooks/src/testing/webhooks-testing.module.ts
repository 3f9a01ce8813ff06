import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { Clock, ManualClock } from '@org/common';
import { transportOptionsOf } from '../delivery/delivery-transport.provider.js';
import { DeliveryScheduler } from '../delivery/delivery.scheduler.js';
import { DeliveryWorker } from '../delivery/delivery.worker.js';
import {
  RESOLVED_WEBHOOKS_OPTIONS,
  type ResolvedWebhooksOptions,
} from '../options/resolved-webhooks-options.js';
import { SubscriptionSecrets } from '../secrets/subscription-secrets.js';
import { InMemoryWebhooksStorage } from '../storage/in-memory/in-memory-webhooks.storage.js';
import { WebhookTransport } from '../transport/webhook-transport.js';
import { WebhooksModule } from '../webhooks.module.js';
import { CapturingWebhookTransport } from './capturing-webhook.transport.js';
import { TestbedDeliveryScheduler, TestbedDeliveryWorker } from './testbed-engine.js';
import { WebhooksTestbed } from './webhooks-testbed.js';
import {
  WEBHOOKS_TESTBED_OPTIONS,
  type ResolvedTestbedOptions,
  type WebhooksTestingOptions,
} from './webhooks-testing.options.js';

/**
 * `WebhooksModule` for a host's tests, imported in its place in `Test.createTestingModule`: the real
 * module (publishing, validation, subscriptions, signing, retries, the delivery log) with in-memory
 * storage and a `ManualClock` unless given, no network (requests are captured and answered by the
 * test's script, except for the `network` origins), and a worker driven only by the injectable
 * {@link WebhooksTestbed}: no timer runs behind the test's back.
 *
 * Test defaults, each overridable: `retryJitter: 0` (retries at the schedule's exact times) and
 * `controllers` only when `authorize` is given (the management API needs it).
 * @example
 * const moduleRef = await Test.createTestingModule({
 *   imports: [WebhooksTestingModule.forRoot({ eventTypes })],
 *   providers: [OrdersService],
 * }).compile();
 * const testbed = moduleRef.get(WebhooksTestbed);
 */
@Module({})
export class WebhooksTestingModule {
  /** The real `WebhooksModule` with `options` and the test bed (see {@link WebhooksTestingOptions}). */
  static forRoot(options: WebhooksTestingOptions = {}): DynamicModule {
    const { network = [], maxDrainPasses = 100, clock = new ManualClock(), worker, ...rest } = options;
    if (!Number.isSafeInteger(maxDrainPasses) || maxDrainPasses < 1) {
      throw new TypeError(`maxDrainPasses must be a positive integer, got ${maxDrainPasses}`);
    }
    for (const origin of network) {
      if (!URL.canParse(origin)) throw new TypeError(`network origin "${origin}" is not a URL`);
    }
    const testbed: ResolvedTestbedOptions = { clock, network, maxDrainPasses };
    const inner = WebhooksModule.forRoot({
      retryJitter: 0,
      controllers: rest.authorize !== undefined,
      ...rest,
      storage: rest.storage ?? new InMemoryWebhooksStorage(),
      allowInMemoryStorage: true,
      clock,
      worker: worker ?? true,
    });
    return {
      module: WebhooksTestingModule,
      imports: [
        {
          ...inner,
          // Later providers of a token replace earlier ones in a module: these stand in for the engine's.
          providers: [...(inner.providers ?? []), ...testbedProviders(testbed)],
          exports: [...(inner.exports ?? []), WebhooksTestbed],
        },
      ],
      exports: [WebhooksModule],
    };
  }
}

function testbedProviders(testbed: ResolvedTestbedOptions): Provider[] {
  return [
    { provide: WEBHOOKS_TESTBED_OPTIONS, useValue: testbed },
    { provide: DeliveryWorker, useClass: TestbedDeliveryWorker },
    { provide: DeliveryScheduler, useClass: TestbedDeliveryScheduler },
    {
      provide: WebhookTransport,
      useFactory: (options: ResolvedWebhooksOptions, secrets: SubscriptionSecrets, clock: Clock) =>
        new CapturingWebhookTransport(transportOptionsOf(options), {
          clock,
          secrets,
          signatureHeader: options.signatureHeader,
          standardWebhooksHeaders: options.standardWebhooksHeaders,
          network: testbed.network,
        }),
      inject: [RESOLVED_WEBHOOKS_OPTIONS, SubscriptionSecrets, Clock],
    },
    WebhooksTestbed,
  ];
}
