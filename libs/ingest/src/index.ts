// Public API of @org/ingest: what a host needs, named one by one (ARCHITECTURE.md, "Public API";
// reviewed in api/ingest.api.md). The PostgreSQL adapter is @org/ingest/mikro-orm, the HubSpot
// signing helpers @org/ingest/signing. The Stripe, GitHub and Standard Webhooks verifiers are loaded
// on demand (their packages are optional peers), so nothing here imports them.
import './node-floor.check.js';

// The module and its options
export { IngestModule } from './ingest.module.js';
export { INGEST_MODULE_OPTIONS, type IngestModuleExtras } from './ingest.module-definition.js';
export { INGEST_DEFAULTS, MAX_EVENTS_PER_REQUEST, MAX_PAYLOAD_DEPTH } from './ingest.constants.js';
export type {
  IngestModuleOptions,
  IngestOptionsFactory,
  IngestRetryOptions,
  IngestWorkerOptions,
} from './options/ingest-module-options.interface.js';
export type {
  GitHubSourceOptions,
  HmacAlgorithm,
  HmacSourceOptions,
  HubSpotSignatureVersion,
  HubSpotSourceOptions,
  IngestSourcesOptions,
  StandardWebhooksSourceOptions,
  StripeSourceOptions,
} from './options/source-options.interface.js';
export {
  RESOLVED_INGEST_OPTIONS,
  type ResolvedGitHubSource,
  type ResolvedHmacSource,
  type ResolvedHubSpotSource,
  type ResolvedIngestOptions,
  type ResolvedStandardWebhooksSource,
  type ResolvedStripeSource,
} from './options/resolved-ingest-options.js';
export { INGEST_PRUNE_INTERVAL } from './processing/retention.scheduler.js';

// Handling: the decorator and what a handler receives
export { OnWebhook } from './decorators/on-webhook.decorator.js';
export {
  INBOUND_EVENT_STATUSES,
  type HandlerState,
  type InboundContext,
  type InboundEvent,
  type InboundEventRecord,
  type InboundEventStatus,
} from './interfaces/inbound-event.interface.js';

// Your own verifiers (the `sources.custom` option)
export type {
  ParsedWebhookEvent,
  WebhookRequest,
  WebhookVerifier,
} from './interfaces/webhook-verifier.interface.js';
export { parseJsonBody } from './verification/webhook-body.js';

// The services behind the management routes, for a host's own controllers (`controllers: false`)
export { InboundEventsService } from './management/inbound-events.service.js';
export { InboundSourcesService } from './sources/inbound-sources.service.js';
// …and the shapes they take and answer, the same as the HTTP API's
export type {
  InboundEventDetailDto,
  InboundEventDto,
  InboundEventHandlerDto,
  InboundEventPageDto,
  InboundEventResponseDto,
} from './management/dto/inbound-event.dto.js';
export type { ListInboundEventsQueryDto } from './management/dto/list-inbound-events-query.dto.js';
export type {
  RetryInboundEventsDto,
  RetryScheduledDto,
  RetryScheduledResponseDto,
} from './management/dto/retry-inbound-events.dto.js';
export type { CreateInboundSourceDto } from './sources/dto/create-inbound-source.dto.js';
export type {
  RotateInboundSourceSecretDto,
  UpdateInboundSourceDto,
} from './sources/dto/update-inbound-source.dto.js';
export type {
  InboundSourceDto,
  InboundSourcePageDto,
  InboundSourceResponseDto,
} from './sources/dto/inbound-source.dto.js';

// Sources created over the API, storage ports and the in-memory adapters
export {
  INBOUND_SOURCE_TYPES,
  type InboundSourceRecord,
  type InboundSourceType,
  type StoredSourceSecret,
} from './interfaces/inbound-source.interface.js';
export {
  IngestStore,
  type ClaimRequest,
  type HandlingOutcome,
  type Isolate,
  type ListInboundEventsQuery,
  type NewInboundEvent,
  type ReplayOutcome,
  type RequeueOutcome,
  type RequeueRangeQuery,
  type SaveOutcome,
} from './storage/ingest-store.interface.js';
export {
  InboundSourceStore,
  type InboundSourcePatch,
  type ListInboundSourcesQuery,
} from './storage/inbound-source-store.interface.js';
export { InMemoryIngestStore } from './storage/in-memory/in-memory-ingest.store.js';
export { InMemoryInboundSourceStore } from './storage/in-memory/in-memory-inbound-source.store.js';

// Errors
export { InvalidIngestOptionsError } from './errors/invalid-ingest-options.error.js';
export { IngestConfigurationError } from './errors/ingest-configuration.error.js';
export { InvalidSignatureException } from './errors/invalid-signature.exception.js';
export { UnknownSourceException } from './errors/unknown-source.exception.js';
export { WebhookTooLargeException } from './errors/webhook-too-large.exception.js';
export { UnsupportedWebhookMediaTypeException } from './errors/unsupported-webhook-media-type.exception.js';
export { MalformedWebhookError } from './errors/malformed-webhook.error.js';
export { MalformedWebhookException } from './errors/malformed-webhook.exception.js';
export { RawBodyUnavailableException } from './errors/raw-body-unavailable.exception.js';
export { IngestStorageUnavailableException } from './errors/ingest-storage-unavailable.exception.js';
export { InboundEventNotFoundException } from './errors/inbound-event-not-found.exception.js';
export { InboundEventNotRetryableException } from './errors/inbound-event-not-retryable.exception.js';
export { InboundEventBusyException } from './errors/inbound-event-busy.exception.js';
export { InboundSourceNotFoundException } from './errors/inbound-source-not-found.exception.js';
