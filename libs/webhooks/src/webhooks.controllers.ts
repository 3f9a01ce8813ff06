import type { Type } from '@nestjs/common';
import type { ManagementMount } from '@org/common';
import { deliveryControllers } from './delivery-api/delivery-api.providers.js';
import { EventTypesController } from './events/event-types.controller.js';
import { EventsController } from './events/events.controller.js';
import { DeleteByBodyAliasController } from './subscriptions/delete-by-body-alias.controller.js';
import { EndpointsAliasController } from './subscriptions/endpoints-alias.controller.js';
import { SubscriptionsController } from './subscriptions/subscriptions.controller.js';

/**
 * The controllers `WebhooksModule` mounts for its extras: the management API, or none with
 * `controllers: false` (the host serves the exported services from its own controllers).
 */
export function webhooksControllers(extras: ManagementMount): Type[] {
  if (!extras.controllers) return [];
  // Static paths (`/webhooks/deliveries`, `/webhooks/event-types`, `/webhooks/endpoints`) must be
  // registered before `/webhooks/:id`, or Express would route them to the subscription lookup.
  return [
    EndpointsAliasController,
    ...deliveryControllers,
    EventTypesController,
    SubscriptionsController,
    DeleteByBodyAliasController,
    EventsController,
  ];
}
