import { Module, type DynamicModule } from '@nestjs/common';
import { Clock } from '@org/common';
import { DeliveryActionsService } from './delivery-api/delivery-actions.service.js';
import { deliveryApiProviders } from './delivery-api/delivery-api.providers.js';
import { DeliveryLogService } from './delivery-api/delivery-log.service.js';
import { PingService } from './delivery-api/ping.service.js';
import { deliveryProviders } from './delivery/delivery.providers.js';
import { EventLogService } from './events/event-log.service.js';
import { EventTypeCatalogue } from './events/event-type.catalogue.js';
import { WebhooksService } from './events/webhooks.service.js';
import { RESOLVED_WEBHOOKS_OPTIONS } from './options/resolved-webhooks-options.js';
import { DeliveryActions } from './storage/delivery-actions.interface.js';
import { DeliveryLog } from './storage/delivery-log.interface.js';
import { DeliveryMaintenance } from './storage/delivery-maintenance.interface.js';
import { DeliveryQueue } from './storage/delivery-queue.interface.js';
import { EventStore } from './storage/event-store.interface.js';
import { SubscriptionStore } from './storage/subscription-store.interface.js';
import { SubscriptionsService } from './subscriptions/subscriptions.service.js';
import { ConfigurableWebhooksModule, WEBHOOKS_OPTIONS_TYPE } from './webhooks.module-definition.js';
import { webhooksProviders } from './webhooks.providers.js';

/**
 * Outbound webhooks: subscriptions, transactional publishing, signed and retried delivery, and their
 * REST API, mounted with the `authorize` option that says who may call it (or not mounted, with
 * `controllers: false`). Without `storage` it runs on in-memory storage (development and tests). It
 * serves our API only; `compatibility: ['rapidly', …]` adds other systems' names of it.
 * @example
 * WebhooksModule.forRoot({
 *   authorize: ApiKeyAuthorizer,
 *   storage: new MikroOrmWebhooksStorage(orm),
 *   secretKey: process.env.WEBHOOKS_SECRET_KEY,
 * })
 */
@Module({
  providers: [...webhooksProviders, ...deliveryProviders, ...deliveryApiProviders],
  // The controllers depend on the extras (`controllers`, `compatibility`): `forRoot` / `forRootAsync`
  // add them (`webhooks.controllers.ts`).
  // What the host may inject: the services its own controllers call, the options, the ports, the clock.
  exports: [
    WebhooksService,
    SubscriptionsService,
    EventLogService,
    DeliveryLogService,
    DeliveryActionsService,
    PingService,
    EventTypeCatalogue,
    RESOLVED_WEBHOOKS_OPTIONS,
    SubscriptionStore,
    EventStore,
    DeliveryQueue,
    DeliveryLog,
    DeliveryActions,
    DeliveryMaintenance,
    Clock,
  ],
})
export class WebhooksModule extends ConfigurableWebhooksModule {
  /** Registers the module with `options` (see `WebhooksModuleOptions`: `authorize`, or `controllers: false`). */
  static override forRoot(options: typeof WEBHOOKS_OPTIONS_TYPE = {}): DynamicModule {
    return super.forRoot(options);
  }
}
