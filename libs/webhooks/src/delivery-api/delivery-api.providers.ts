import type { Provider } from '@nestjs/common';
import { DeliveryActionsService } from './delivery-actions.service.js';
import { DeliveryLogService } from './delivery-log.service.js';
import { PingService } from './ping.service.js';

/** Services of the delivery log, redelivery/replay and ping endpoints, wired by `WebhooksModule`. */
export const deliveryApiProviders: Provider[] = [DeliveryLogService, DeliveryActionsService, PingService];
