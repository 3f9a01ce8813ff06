// Public API of @org/webhooks. The PostgreSQL adapter is the separate entry point @org/webhooks/mikro-orm.
import './node-floor.check.js';

// Module and options
export * from './webhooks.module.js';
export * from './webhooks.module-definition.js';
export * from './webhooks.constants.js';
export * from './options/webhooks-options.interface.js';
export * from './options/resolved-webhooks-options.js';
export * from './options/resolve-webhooks-options.js';

// Publishing and the event log
export * from './events/webhooks.service.js';
export * from './events/published-event.interface.js';
export * from './events/event-log.service.js';
export * from './events/event-type.catalogue.js';
export * from './rules/event-type-pattern.js';
export * from './validation/event-body.policy.js';
export * from './events/event.mapper.js';
export * from './events/events.controller.js';
export * from './events/event-types.controller.js';
export * from './events/dto/publish-event.dto.js';
export * from './events/dto/list-events-query.dto.js';
export * from './events/dto/event.dto.js';
export * from './events/dto/event-type.dto.js';

// Subscriptions
export * from './subscriptions/subscriptions.service.js';
export * from './subscriptions/subscription-input.interface.js';
export * from './subscriptions/subscription-policy.js';
export * from './validation/subscription-body.policy.js';
export * from './subscriptions/subscription.mapper.js';
export * from './subscriptions/subscriptions.controller.js';
export * from './subscriptions/endpoints-alias.controller.js';
export * from './subscriptions/delete-by-body-alias.controller.js';
export * from './subscriptions/subscription-aliases.js';
export * from './subscriptions/subscription-body.mapper.js';
export * from './subscriptions/dto/delete-subscription.dto.js';
export * from './subscriptions/dto/subscription-seed-fields.dto.js';
export * from './subscriptions/dto/alias-field.validators.js';
export * from './decorators/api-alias-of.decorator.js';
export * from './subscriptions/dto/create-subscription.dto.js';
export * from './subscriptions/dto/update-subscription.dto.js';
export * from './subscriptions/dto/rotate-secret.dto.js';
export * from './subscriptions/dto/list-subscriptions-query.dto.js';
export * from './subscriptions/dto/subscription.dto.js';
export * from './subscriptions/dto/subscription-responses.dto.js';
export * from './subscriptions/dto/delivery-settings.dto.js';
export * from './subscriptions/dto/retry-schedule.validator.js';
export * from './subscriptions/delivery-settings.js';
export * from './events/operator-event-types.js';

// Secrets and signing
export * from './secrets/secret-cipher.js';
export * from './secrets/secret-rotation.js';
export * from './secrets/subscription-secrets.js';
export * from './signing/secret.js';
export * from './signing/signature.js';
export * from './signing/standard-webhooks.js';
export * from './signing/delivery-headers.js';
export * from './signing/signing-keys.js';

// Delivery: engine, log, actions, policy pieces
export * from './delivery/delivery.worker.js';
export * from './delivery-api/delivery-log.service.js';
export * from './delivery-api/delivery-actions.service.js';
export * from './delivery-api/ping.service.js';
export * from './delivery-api/delivery-attempt.mapper.js';
export * from './delivery-api/deliveries.controller.js';
export * from './delivery-api/delivery-actions.controller.js';
export * from './delivery-api/test-delivery-alias.controller.js';
export * from './delivery-api/event-redelivery-alias.controller.js';
export * from './delivery-api/delivery-filter-aliases.js';
export * from './delivery-api/ping-answer.js';
export * from './delivery-api/dto/delivery-attempt.dto.js';
export * from './delivery-api/dto/list-deliveries-query.dto.js';
export * from './delivery-api/dto/ping.dto.js';
export * from './delivery-api/dto/redelivery.dto.js';
export * from './delivery-api/dto/replay.dto.js';
export * from './delivery-api/dto/recover.dto.js';
export * from './delivery-api/dto/delivery-attempt-detail.dto.js';
export * from './delivery/retry-after.js';
export * from './delivery/endpoint-backpressure.js';
export * from './rules/retry-schedule.js';
export * from './delivery/delivery.scheduler.js';
export * from './delivery-api/ping-sample.js';
export * from './errors/unknown-ping-event-type.exception.js';

// Payload formats: the body a Slack or Discord incoming webhook renders
export * from './formats/payload-format.js';
export * from './formats/slack.message.js';
export * from './formats/discord.message.js';
export * from './formats/event-envelope.js';
// Observability: metrics, tracing, the per-attempt log line
export * from './observability/webhooks.metrics.js';
export * from './observability/webhooks.tracer.js';
export * from './observability/delivery.observer.js';

// Transport: the SSRF-guarded HTTP client deliveries use
export * from './transport/webhook-url.validator.js';
export * from './transport/webhook-transport.js';
export * from './transport/webhook-transport.options.js';
export * from './transport/transport-result.js';
export * from './transport/public-failure.js';
export * from './transport/response-headers.js';
export * from './transport/address-classifier.js';
export { systemResolver, type HostResolver } from './transport/guarded-lookup.js';
export * from './transport/errors/blocked-address.error.js';
export * from './transport/errors/dns-lookup.error.js';

// Domain records, storage ports and the in-memory adapter
export * from './interfaces/subscription.interface.js';
export * from './interfaces/webhook-event.interface.js';
export * from './interfaces/delivery.interface.js';
export * from './storage/subscription-store.interface.js';
export * from './storage/event-store.interface.js';
export * from './storage/idempotent-batch.js';
export * from './storage/delivery-queue.interface.js';
export * from './storage/delivery-log.interface.js';
export * from './storage/delivery-actions.interface.js';
export * from './storage/delivery-maintenance.interface.js';
export * from './storage/webhooks-storage.interface.js';
export * from './storage/transaction-context.js';
export * from './storage/workspace-scope.js';
export {
  InMemoryWebhooksState,
  type MemoryDelivery,
  type MemoryEvent,
  type MemorySubscription,
} from './storage/in-memory/in-memory.state.js';
export * from './storage/in-memory/in-memory-webhooks.storage.js';

// Body policies: configuration-dependent rules reported together with DTO validation
export * from './validation/body-policy.js';
export * from './validation/body-policy.interceptor.js';
export * from './validation/check-body-policy.decorator.js';

// Errors and decorators
export * from './errors/event-not-found.exception.js';
export * from './errors/delivery-attempt-not-found.exception.js';
export * from './errors/event-too-large.exception.js';
export * from './errors/idempotency-conflict.exception.js';
export * from './errors/batch-idempotency-conflict.exception.js';
export * from './errors/invalid-event-batch.exception.js';
export * from './errors/invalid-event.exception.js';
export * from './errors/invalid-subscription.exception.js';
export * from './errors/invalid-webhooks-options.error.js';
export * from './errors/subscription-not-found.exception.js';
export * from './errors/unknown-event-type.exception.js';
export * from './errors/unknown-ping-event-type.exception.js';
