import type { Type } from '@nestjs/common';
import type { ManagementMount } from '@org/common';
import { compatibleDtos } from './compatibility/compatible-dtos.js';
import { DeleteByBodyAliasController } from './compatibility/delete-by-body-alias.controller.js';
import { EndpointsAliasController } from './compatibility/endpoints-alias.controller.js';
import { EventRedeliveryAliasController } from './compatibility/event-redelivery-alias.controller.js';
import { TestDeliveryAliasController } from './compatibility/test-delivery-alias.controller.js';
import type { Alias } from './compatibility/compatible-systems.js';
import type { WebhooksCompatibility } from './compatibility/webhooks-compatibility.js';
import { DeliveriesController } from './delivery-api/deliveries.controller.js';
import { DeliveryActionsController } from './delivery-api/delivery-actions.controller.js';
import { EventTypesController } from './events/event-types.controller.js';
import { EventsController } from './events/events.controller.js';
import { FilterTestController } from './filters/filter-test.controller.js';
import { SubscriptionsController } from './subscriptions/subscriptions.controller.js';

/**
 * The controllers `WebhooksModule` mounts: none with `controllers: false` (the host serves the
 * exported services from its own controllers); else the canonical API, made with the module's DTO
 * classes, and the alias routes of the systems named in `compatibility`. Express matches in
 * registration order, so static paths (`/webhooks/endpoints`, `/webhooks/deliveries`,
 * `/webhooks/event-types`, `/webhooks/filters/test`) come before `/webhooks/:id`.
 */
export function webhooksControllers(mount: ManagementMount, compatibility: WebhooksCompatibility): Type[] {
  if (!mount.controllers) return [];
  const dtos = compatibleDtos(compatibility);
  const alias = (name: Alias, controller: () => Type): Type[] =>
    compatibility.has(name) ? [controller()] : [];
  return [
    ...alias('endpointRoutes', () => EndpointsAliasController(dtos)),
    FilterTestController,
    DeliveriesController(dtos),
    DeliveryActionsController(dtos),
    ...alias('testRoute', () => TestDeliveryAliasController(dtos)),
    ...alias('eventRedeliveryRoute', () => EventRedeliveryAliasController),
    EventTypesController,
    SubscriptionsController(dtos),
    ...alias('deleteByBodyRoute', () => DeleteByBodyAliasController),
    EventsController,
  ];
}
