import type { Provider, Type } from '@nestjs/common';

/**
 * Providers of the delivery engine (dispatcher, fan-out, scheduling), wired by `WebhooksModule`.
 * Kept in one list so the module file only wires.
 */
export const deliveryProviders: Provider[] = [];

/**
 * Controllers of the delivery log and delivery actions. They are registered BEFORE the subscriptions
 * controller because `GET /webhooks/deliveries` must match before `GET /webhooks/:id`.
 */
export const deliveryControllers: Type[] = [];
