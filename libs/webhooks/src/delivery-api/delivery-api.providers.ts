import type { Provider, Type } from '@nestjs/common';
import { DeliveriesController } from './deliveries.controller.js';
import { EventRedeliveryAliasController } from './event-redelivery-alias.controller.js';
import { TestDeliveryAliasController } from './test-delivery-alias.controller.js';
import { DeliveryActionsController } from './delivery-actions.controller.js';
import { DeliveryActionsService } from './delivery-actions.service.js';
import { DeliveryLogService } from './delivery-log.service.js';
import { PingService } from './ping.service.js';

/** Services of the delivery log, redelivery/replay and ping endpoints, wired by `WebhooksModule`. */
export const deliveryApiProviders: Provider[] = [DeliveryLogService, DeliveryActionsService, PingService];

/**
 * Controllers of the delivery log and delivery actions. They are registered BEFORE the subscriptions
 * controller because `GET /webhooks/deliveries` must match before `GET /webhooks/:id`.
 */
export const deliveryControllers: Type[] = [
  DeliveriesController,
  DeliveryActionsController,
  TestDeliveryAliasController,
  EventRedeliveryAliasController,
];
