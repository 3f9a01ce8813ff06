import type { Provider } from '@nestjs/common';
import { DeliveryRequestBuilder } from './delivery-request.builder.js';
import { deliveryTransportProvider } from './delivery-transport.provider.js';
import { DeliveryScheduler } from './delivery.scheduler.js';
import { EndpointSender } from './endpoint.sender.js';
import { OAuth2Tokens } from '../oauth2/oauth2-tokens.js';
import { DeliveryWorker } from './delivery.worker.js';
import { DeliveryObserver } from '../observability/delivery.observer.js';

/**
 * Providers of the delivery engine (dispatcher, fan-out, scheduling), wired by `WebhooksModule`.
 * Kept in one list so the module file only wires.
 */
export const deliveryProviders: Provider[] = [
  deliveryTransportProvider,
  DeliveryRequestBuilder,
  DeliveryWorker,
  DeliveryScheduler,
  DeliveryObserver,
  OAuth2Tokens,
  EndpointSender,
];
