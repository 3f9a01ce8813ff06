// Public API of @org/webhooks: what a host needs, named one by one (ARCHITECTURE.md, "Public API";
// reviewed in api/webhooks.api.md). The PostgreSQL adapter is the entry point @org/webhooks/mikro-orm.
import './node-floor.check.js';

// The module and its options
export { WebhooksModule } from './webhooks.module.js';
export {
  WEBHOOKS_MODULE_OPTIONS,
  type WebhooksModuleExtras,
  type WebhooksOptionsFactory,
} from './webhooks.module-definition.js';
// The other documented systems' names of the API, opt-in through the `compatibility` extra
export { COMPATIBLE_SYSTEMS, type CompatibleSystem } from './compatibility/compatible-systems.js';
export {
  IDEMPOTENT_REPLAYED_HEADER,
  MAX_BATCH_BODY_BYTES,
  MAX_BATCH_EVENTS,
  WEBHOOK_DISABLED_EVENT,
  WEBHOOKS_DEFAULTS,
} from './webhooks.constants.js';
export type {
  EventTypeDefinition,
  WebhooksModuleOptions,
  WebhooksWorkerOptions,
} from './options/webhooks-options.interface.js';
// The typed event catalogue: payload classes and typed publishing
export {
  WebhookEvent,
  type WebhookEventClass,
  type WebhookEventOptions,
} from './catalogue/webhook-event.decorator.js';
export type {
  CheckedPublishItem,
  CheckedPublishItems,
  EventPayload,
  EventPayloadMap,
  PublishData,
  PublishItemInput,
} from './catalogue/typed-publish.js';
export { EventTypeCatalogue } from './events/event-type.catalogue.js';
export {
  RESOLVED_WEBHOOKS_OPTIONS,
  type ResolvedWebhooksOptions,
} from './options/resolved-webhooks-options.js';
export { DELIVERY_TICK_INTERVAL, HOUSEKEEPING_INTERVAL } from './delivery/delivery.scheduler.js';
export { InvalidRetryScheduleError, parseRetrySchedule } from './rules/retry-schedule.js';
export { parseSecretKey, parseSecretKeyRing } from './secrets/secret-cipher.js';

// The OpenAPI 3.1 `webhooks` section of the host's document: what receiving teams generate types from
export { addWebhooksToDocument } from './openapi/add-webhooks-to-document.js';

// Publishing and the event log
export { WebhooksService } from './events/webhooks.service.js';
export type {
  PublishedEvent,
  PublishItem,
  PublishManyOptions,
  PublishOptions,
} from './events/published-event.interface.js';
export { EventLogService, type EventDetail } from './events/event-log.service.js';

// Subscriptions
export { SubscriptionsService, type SubscriptionWithSecret } from './subscriptions/subscriptions.service.js';
export type {
  CreateSubscriptionInput,
  DeliverySettingsInput,
  OAuth2Input,
  UpdateSubscriptionInput,
} from './subscriptions/subscription-input.interface.js';

// Deliveries: the log, redelivery, replay, recovery and test pings
export { DeliveryLogService, type DeliveryLogFilters } from './delivery-api/delivery-log.service.js';
export { DeliveryActionsService } from './delivery-api/delivery-actions.service.js';
export { PingService, type PingOutcome } from './delivery-api/ping.service.js';
export type { TransportErrorCode, TransportResult } from './transport/transport-result.js';
export { parseEgressProxyUrl } from './transport/egress-proxy-url.js';

// Signatures: what a receiver verifies, and a sender's own signing
export {
  parseSignatureHeader,
  signPayload,
  verifySignatureHeader,
  type ParsedSignatureHeader,
  type SignatureFailureReason,
  type SignatureVerification,
  type SignPayloadInput,
  type VerifySignatureOptions,
} from './signing/signature.js';
export {
  signStandardWebhooks,
  standardWebhooksKey,
  type StandardWebhooksSignInput,
} from './signing/standard-webhooks.js';
export { generateSecret } from './signing/secret.js';

// Records, storage ports (for your own adapter) and the in-memory adapter
export {
  PAYLOAD_FORMATS,
  SUBSCRIPTION_ORDERINGS,
  SUBSCRIPTION_STATUSES,
  type PayloadFormat,
  type StoredSecret,
  type SubscriptionDeliverySettings,
  type SubscriptionOrdering,
  type SubscriptionPatch,
  type SubscriptionRecord,
  type SubscriptionStatus,
} from './interfaces/subscription.interface.js';
export type { EventRecord } from './interfaces/webhook-event.interface.js';
export type {
  AttemptOutcome,
  ClaimedDelivery,
  DeliveryAttemptRecord,
  DeliveryStatus,
} from './interfaces/delivery.interface.js';
export {
  EVENT_DELIVERY_STATUSES,
  type EventDeliveryStatus,
  type EventDeliverySummary,
  type LoggedDeliveryAttempt,
  type TestDeliveryRecord,
} from './interfaces/event-delivery.interface.js';
export type { WebhooksStorage } from './storage/webhooks-storage.interface.js';
export { SubscriptionStore, type SubscriptionListQuery } from './storage/subscription-store.interface.js';
export {
  EventStore,
  type EventListQuery,
  type InsertedEvent,
  type InsertEventsOptions,
} from './storage/event-store.interface.js';
export {
  DeliveryQueue,
  type ClaimQuery,
  type ClaimRoom,
  type FanOutQuery,
  type RecordPolicy,
  type ReleasedClaim,
} from './storage/delivery-queue.interface.js';
export { DeliveryLog, type DeliveryQuery } from './storage/delivery-log.interface.js';
export {
  DeliveryActions,
  type RecipientsRedeliveryRequest,
  type RecoverRequest,
  type RedeliveryRequest,
  type ReplayRequest,
} from './storage/delivery-actions.interface.js';
export {
  DeliveryMaintenance,
  type KeptHistory,
  type PruneResult,
  type QueueSnapshot,
} from './storage/delivery-maintenance.interface.js';
export {
  OAuth2TokenStore,
  type OAuth2TokenRefresh,
  type StoredOAuth2Token,
} from './storage/oauth2-token-store.interface.js';
export type { OAuth2Settings } from './interfaces/oauth2-settings.interface.js';
export type { TransactionContext } from './storage/transaction-context.js';
export type { WorkspaceScope } from './storage/workspace-scope.js';
export { InMemoryWebhooksStorage } from './storage/in-memory/in-memory-webhooks.storage.js';

// Errors
export { InvalidWebhooksOptionsError } from './errors/invalid-webhooks-options.error.js';
export { InvalidEventException } from './errors/invalid-event.exception.js';
export { InvalidEventBatchException } from './errors/invalid-event-batch.exception.js';
export { EventValidationException } from './errors/event-validation.exception.js';
export { EventTypeNotFoundException } from './errors/event-type-not-found.exception.js';
export { EventTooLargeException } from './errors/event-too-large.exception.js';
export { UnknownEventTypeException } from './errors/unknown-event-type.exception.js';
export { IdempotencyConflictException } from './errors/idempotency-conflict.exception.js';
export { BatchIdempotencyConflictException } from './errors/batch-idempotency-conflict.exception.js';
export { EventNotFoundException } from './errors/event-not-found.exception.js';
export { TestEventNotResendableException } from './errors/test-event-not-resendable.exception.js';
export { InvalidSubscriptionException } from './errors/invalid-subscription.exception.js';
export { SubscriptionNotFoundException } from './errors/subscription-not-found.exception.js';
export { DeliveryAttemptNotFoundException } from './errors/delivery-attempt-not-found.exception.js';
export { UnknownPingEventTypeException } from './errors/unknown-ping-event-type.exception.js';
