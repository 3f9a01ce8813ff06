import type { Provider, Type } from '@nestjs/common';
import { DeliveriesController } from './controllers/deliveries.controller.js';
import { DeliveryActionsController } from './controllers/delivery-actions.controller.js';
import { DeliveryActionsService } from './delivery-actions.service.js';
import { DeliveryLogService } from './delivery-log.service.js';
import { DeliveryRequestBuilder } from './delivery-request.builder.js';
import { deliveryTransportProvider } from './delivery-transport.provider.js';
import { DeliveryScheduler } from './delivery.scheduler.js';
import { DeliveryWorker } from './delivery.worker.js';
import { PingService } from './ping.service.js';

/**
 * Providers of the delivery engine (dispatcher, fan-out, scheduling), wired by `WebhooksModule`.
 * Kept in one list so the module file only wires.
 */
export const deliveryProviders: Provider[] = [
  deliveryTransportProvider,
  DeliveryRequestBuilder,
  DeliveryWorker,
  DeliveryScheduler,
  DeliveryLogService,
  DeliveryActionsService,
  PingService,
];

/**
 * Controllers of the delivery log and delivery actions. They are registered BEFORE the subscriptions
 * controller because `GET /webhooks/deliveries` must match before `GET /webhooks/:id`.
 */
export const deliveryControllers: Type[] = [DeliveriesController, DeliveryActionsController];
